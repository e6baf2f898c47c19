"""The Extractor's document-stream API gives the same results as one document at a time."""
from __future__ import annotations

from extract.reader import open_text

TEXTS = [
    "Russia withdrew from the Open Skies Treaty in 2021. It had accused the United States of violating it.",
    "",
    "NATO member Turkey blocked the plan. Ankara later dropped its objections.",
    "Finland applied to join NATO in May 2022.\n\nSweden followed.",
]


def _keys(result):
    return sorted((s.subject.id, s.predicate, s.object.id, s.modality, s.start) for s in result.statements)


def _documents():
    out = []
    for i, text in enumerate(TEXTS):
        if text:
            opened = open_text(text, f"doc{i}.txt")
            out.append((opened.document, opened.paragraphs()))
        else:
            from ontology.records import Document

            out.append((Document(id=f"empty{i}", path=f"doc{i}.txt"), iter(())))
    return out


def test_stream_matches_one_by_one_and_keeps_order(extractor):
    single = []
    for document, paragraphs in _documents():
        single.append(extractor.extract_paragraphs(paragraphs, document))
    streamed = list(extractor.extract_documents(_documents()))
    assert [r.document.path for r in streamed] == [f"doc{i}.txt" for i in range(len(TEXTS))]
    assert [_keys(r) for r in streamed] == [_keys(r) for r in single]
    assert streamed[1].statements == []
    assert any(s.predicate == "withdraws_from" for s in streamed[0].statements)


def test_stream_in_two_processes(extractor):
    one = [_keys(r) for r in extractor.extract_documents(_documents())]
    two = [_keys(r) for r in extractor.extract_documents(_documents(), n_process=2)]
    assert one == two
