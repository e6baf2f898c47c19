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


# ----------------------------------------------------------------------------- long lines (issue 11, item 3)

LONG_SENTENCES = [
    "Russia withdrew from the Open Skies Treaty in 2021.",
    "NATO member Turkey blocked the plan.",
    "France and Germany signed the agreement on Monday.",
    "The United States imposed sanctions on Iran.",
]


def _one_line(n: int) -> str:
    return " ".join(LONG_SENTENCES[i % len(LONG_SENTENCES)] for i in range(n))


def test_a_long_line_reaches_the_parser_in_bounded_pieces(extractor):
    """No blank line in 20,000 characters: every text handed to spaCy is at most MAX_PARAGRAPH
    long (a 1 MB line once went whole-ish to the parser and peaked at 3.2 GB, bench/long_line.py)."""
    from extract.reader import MAX_PARAGRAPH

    text = _one_line(450)
    assert len(text) > 20 * MAX_PARAGRAPH and "\n" not in text
    given = [(0, text)]  # a caller's own paragraph, not split by the reader
    pieces = list(extractor._prepared(given))
    assert len(pieces) > 20
    for piece, (offset, _year) in pieces:
        assert len(piece) <= MAX_PARAGRAPH
        assert text[offset:offset + len(piece)] == piece  # offsets still index the original


def test_a_long_line_keeps_exact_offsets_and_finds_every_sentence(extractor):
    from ontology.records import Document

    tail = "Japan criticized China over the drills."
    text = _one_line(200) + " " + tail  # statements repeat (and are deduplicated); this one does not

    result = extractor.extract_paragraphs([(0, text)], Document(id="long", path="long.txt"))
    assert result.statements
    for st in result.statements:
        assert text[st.start:st.end] == st.sentence
    found = {(s.subject.name, s.predicate) for s in result.statements}
    assert ("Russia", "withdraws_from") in found and ("United States", "sanctions") in found
    last = [s for s in result.statements if s.predicate == "criticizes"]
    assert [s.start for s in last] == [len(text) - len(tail)]  # the end of a 9,000-character line


# ----------------------------------------------------------------------------- two processes stop (issue 11, item 4)

_CONSUMER_FAILS = r"""
import multiprocessing, sys, time
from bench.synthetic import generate
from extract.pipeline import Extractor
from extract.reader import open_text

extractor = Extractor()
documents = []
for doc in generate(60):
    opened = open_text(doc.text * 5, doc.name)
    documents.append((opened.document, opened.paragraphs()))

def consume():
    for i, result in enumerate(extractor.extract_documents(iter(documents), n_process=2)):
        if i == 3:
            raise RuntimeError("the store went away")

try:
    consume()
except RuntimeError as exc:
    print("caught:", exc, "workers left:", len(multiprocessing.active_children()), flush=True)
"""


def test_an_error_in_the_consumer_stops_the_parse_workers(tmp_path):
    """The consumer of a 2-process stream fails mid-stream (as the loader does when the store
    dies or the disk is full): the error reaches it and the process exits. Before the fix it
    never did: spaCy's clean-up joined workers blocked writing to a pipe nobody read."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    try:
        done = subprocess.run([sys.executable, "-c", _CONSUMER_FAILS], cwd=root, capture_output=True,
                              text=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise AssertionError("the process still ran 120 s after its consumer failed") from None
    assert done.returncode == 0, done.stderr
    assert "caught: the store went away workers left: 0" in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "W127" not in done.stderr, done.stderr


def test_extracted_names_lose_invisible_formatting_characters(extractor):
    """A zero-width joiner inside a name (or a direction override) was kept in the entity's name."""
    text = "Marek Zieli\u200dnski, the Polish defence minister, criticized Russia."
    result = extractor.extract_text(text)
    names = {e.name for e in result.entities}
    assert "Marek Zielinski" in names, names
    assert not any(c in name for name in names for c in "\u200b\u200c\u200d\u202e")
