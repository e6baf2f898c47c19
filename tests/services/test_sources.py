"""Files as sources (services.sources): one id rule for every way a document is read, paths as
the graph keeps them, names the graph cannot store refused per file."""
from __future__ import annotations

from extract.pipeline import document_id as pipeline_id
from extract.reader import open_text
from ontology.records import DocumentHash, document_id
from services.sources import find_sources, normalise_path, open_source

TEXT = "Sweden joins NATO\n\n  STOCKHOLM, March 7, 2024.\tSweden joined\nNATO on Thursday.\n"


def test_a_document_has_the_same_id_however_it_is_read(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    streamed = DocumentHash()
    for i in range(0, len(TEXT), 7):
        streamed.update(TEXT[i:i + 7])
    ids = {document_id(TEXT), pipeline_id(TEXT), streamed.hexdigest(),
           open_text(TEXT, "a.txt").document.id, open_source(tmp_path / "a.txt").document.id}
    assert len(ids) == 1
    assert document_id(TEXT) != document_id(TEXT.replace("Thursday", "Friday"))


def test_paths_are_normalised_and_stored_paths_kept(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(TEXT)
    assert [s.path for s in find_sources(["docs"])] == ["docs/a.txt"]
    assert [s.path for s in find_sources(["./docs/a.txt"])] == ["docs/a.txt"]
    assert normalise_path(tmp_path / "docs" / "a.txt") == "docs/a.txt"
    kept = open_source("docs/a.txt", stored_as="old/place.txt", ingested_at="2024-01-01T00:00:00+00:00")
    assert kept.document.path == "old/place.txt" and kept.document.ingested_at == "2024-01-01T00:00:00+00:00"
    assert kept.size == len(TEXT) and "".join(p for _, p in kept.paragraphs()).startswith("Sweden joins NATO")


def test_a_name_the_graph_cannot_store_is_one_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "bad\x01name.txt").write_text(TEXT)
    (tmp_path / "empty.txt").write_text("")
    found = {s.path: s.error for s in find_sources(["."])}
    assert found["good.txt"] is None
    assert "control character" in found["bad\x01name.txt"]
    assert found["empty.txt"] and "empty" in found["empty.txt"]
