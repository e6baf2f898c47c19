"""The one ingest (services.ingest) with the real extractor and a real graph store: folders, one
file stored under another path, stored documents extracted again, and the ontology session's
re-extraction, which goes through it."""
from __future__ import annotations

import pytest

from graph import views
from services import ingest as svc
from services import ontology_session as session

ARTICLE = ("US withdraws from Open Skies Treaty\n\n"
           "WASHINGTON, May 21, 2020. The United States will withdraw from the Open Skies Treaty, "
           "President Donald Trump said. Russia criticized the decision.\n")
OTHER = "Sweden joins NATO\n\nSTOCKHOLM, March 7, 2024. Sweden joined NATO on Thursday.\n"


class Recorder(svc.Progress):
    def __init__(self) -> None:
        self.started, self.read_total, self.steps = None, 0, []

    def start(self, documents: int, characters: int) -> None:
        self.started = (documents, characters)

    def read(self, characters: int) -> None:
        self.read_total += characters

    def documents(self, done: int, total: int, statements: int, upcoming: str) -> None:
        self.steps.append((done, total, statements, upcoming))


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(ARTICLE)
    (docs / "b.txt").write_text(OTHER)
    (docs / "c.txt").write_bytes(b"Talks in Gen\xe8ve\n\nNATO met Russia in Geneva.\n")
    (docs / "empty.md").write_text("  \n")
    return docs


def paths(store) -> dict[str, dict]:
    return {d["path"]: d for d in views.documents(store)}


def test_a_folder_loads_once_with_errors_warnings_and_progress(store, ontology, extractor, corpus):
    progress = Recorder()
    report = svc.ingest_paths(store, ontology, extractor, ["docs"], progress=progress)
    assert (report.loaded, report.unchanged, report.replaced) == (3, 0, 0)
    assert report.errors == ["docs/empty.md: file contains only whitespace"]
    assert len(report.warnings) == 1 and report.warnings[0].startswith("docs/c.txt: invalid UTF-8 at byte 12")
    assert set(paths(store)) == {"docs/a.txt", "docs/b.txt", "docs/c.txt"}
    assert report.statements == sum(d["statements"] for d in views.documents(store)) > 0
    documents, characters = progress.started
    assert documents == 3 and characters > len(ARTICLE)
    assert characters - documents <= progress.read_total <= characters  # a last newline is not read as text
    assert [s[0] for s in progress.steps] == [0, 1, 2, 3]
    assert progress.steps[0][3] == "docs/a.txt" and progress.steps[-1] == (3, 3, report.statements, "")
    again = svc.ingest_paths(store, ontology, extractor, ["docs/a.txt", "./docs/b.txt"])
    assert (again.loaded, again.unchanged, again.statements) == (0, 2, 0)
    assert sorted(again.doc_ids) == sorted(paths(store)[p]["id"] for p in ("docs/a.txt", "docs/b.txt"))


def test_nothing_readable_loads_nothing_and_says_why(store, ontology, extractor, tmp_path):
    report = svc.ingest_paths(store, ontology, extractor, [tmp_path / "missing.txt"])
    assert report.loaded == 0 and len(report.errors) == 1 and "no such file" in report.errors[0]
    assert views.documents(store) == []


def test_a_file_is_stored_under_the_path_given(store, ontology, extractor, tmp_path):
    (tmp_path / ".upload-x.txt").write_text(OTHER)
    report = svc.ingest_file(store, ontology, extractor, tmp_path / ".upload-x.txt", stored_as="uploads/sweden.txt")
    assert report.loaded == 1 and list(paths(store)) == ["uploads/sweden.txt"]
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    with pytest.raises(svc.IngestRefused, match="PNG image"):
        svc.ingest_file(store, ontology, extractor, tmp_path / "image.txt", stored_as="uploads/image.txt")
    assert list(paths(store)) == ["uploads/sweden.txt"]


def test_stored_documents_are_extracted_again_keeping_their_ingestion_time(store, ontology, extractor, corpus):
    svc.ingest_paths(store, ontology, extractor, ["docs/a.txt", "docs/b.txt"])
    before = paths(store)
    (corpus / "b.txt").unlink()
    report = svc.reingest(store, ontology, extractor, list(before.values()))
    assert report.errors == ["docs/b.txt: not a regular file"]
    assert report.loaded == 1 and report.replaced == 1 and report.doc_ids == [before["docs/a.txt"]["id"]]
    after = paths(store)
    assert after["docs/a.txt"]["ingested_at"] == before["docs/a.txt"]["ingested_at"]
    assert after["docs/a.txt"]["statements"] == before["docs/a.txt"]["statements"]
    assert after["docs/b.txt"] == before["docs/b.txt"]  # not readable: left as it was


def test_the_ontology_session_extracts_again_through_the_same_ingest(store, ontology, extractor, corpus, workspace):
    svc.ingest_paths(store, ontology, extractor, ["docs/a.txt", "docs/b.txt"])
    (corpus / "b.txt").unlink()
    notes = session.reextract(workspace, store)
    assert notes == ["skipped docs/b.txt: not a regular file", "1 of 2 document(s) extracted again"]


def test_a_pdf_stored_without_pages_gets_them_when_extracted_again(store, ontology, extractor, tmp_path,
                                                                   monkeypatch):
    """A graph loaded before statements kept their page: extracting the PDF again stores them."""
    import dataclasses

    from extract.reader import open_document
    from graph.loader import Loader
    from tests.extract.formats.samples import make_pdf

    monkeypatch.chdir(tmp_path)
    pdf = make_pdf(tmp_path / "baltic.pdf")
    opened = open_document("baltic.pdf")
    result = extractor.extract_paragraphs(opened.paragraphs(), opened.document)
    result.statements = [dataclasses.replace(st, page=None) for st in result.statements]
    Loader(store, ontology).load([result])
    (doc,) = views.documents(store)
    assert {r["page"] for r in views.document_statements(store, doc["id"])} == {None}
    assert svc.ingest_paths(store, ontology, extractor, [pdf.name]).unchanged == 1  # same content: skipped
    report = svc.reingest(store, ontology, extractor, [doc])
    assert report.errors == [] and report.replaced == 1
    pages = {r["sentence"][:14]: r["page"] for r in views.document_statements(store, doc["id"])}
    assert pages["Estonia signed"] == 2 and pages["Russia critici"] == 3
