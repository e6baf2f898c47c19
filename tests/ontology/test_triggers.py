"""A predicate added with triggers is extracted, and re-extraction brings it into the graph."""
from __future__ import annotations

import pytest

from extract.pipeline import Extractor
from extract.reader import open_document
from graph.engines.falkordb import FalkorDBStore
from graph.loader import Loader
from ontology import edits
from treatykg.ontology_cli import main
from ontology.workspace import load_effective

from tests.graph.snapshot import snapshot

# Written for this test.
ARTICLE = """Small states and recognition

Bhutan formally recognized Kosovo in November 2012, a decision Serbia condemned.
"""


def test_added_predicate_is_extracted(workspace, extractor):
    text = "Bhutan formally recognized Kosovo in November 2012."
    assert not [s for s in extractor.extract_text(text).statements if s.predicate == "recognizes"]
    out = edits.add_predicate(workspace.draft(), "recognizes", domain=["State"], range=["State"],
                              triggers=[("verb", "recognize"), ("noun", "recognition of")])
    workspace.write(workspace.render(out.draft))
    ontology, gazetteer = load_effective(workspace.folder)
    custom = Extractor(ontology=ontology, gazetteer=gazetteer, nlp=extractor.nlp)
    found = {(s.subject.name, s.predicate, s.object.name) for s in custom.extract_text(text).statements}
    assert ("Bhutan", "recognizes", "Kosovo") in found
    nominal = "Serbia criticized Bhutan's recognition of Kosovo."
    found = {(s.subject.name, s.predicate, s.object.name) for s in custom.extract_text(nominal).statements}
    assert ("Bhutan", "recognizes", "Kosovo") in found


def test_removed_trigger_is_no_longer_extracted(workspace, extractor):
    text = "Russia ditched the Open Skies Treaty."
    assert ("Russia", "withdraws_from", "Open Skies Treaty") in {
        (s.subject.name, s.predicate, s.object.name) for s in extractor.extract_text(text).statements}
    out = edits.add_predicate(workspace.draft(), "withdraws_from", update=True, remove_triggers=["ditch"])
    workspace.write(workspace.render(out.draft))
    ontology, gazetteer = load_effective(workspace.folder)
    custom = Extractor(ontology=ontology, gazetteer=gazetteer, nlp=extractor.nlp)
    assert not [s for s in custom.extract_text(text).statements if s.predicate == "withdraws_from"]


@pytest.fixture
def graph(falkordb_server, monkeypatch):
    st = FalkorDBStore(falkordb_server.socket_path, "reextract_test")
    st.ensure_schema()
    monkeypatch.setenv("KG_GRAPH_NAME", "reextract_test")
    yield st, f"unix://{falkordb_server.socket_path}"
    st.drop()
    st.close()


def test_reextraction_puts_the_new_predicate_in_the_graph(graph, extractor, tmp_path, capsys):
    store, url = graph
    article = tmp_path / "recognition.txt"
    article.write_text(ARTICLE)
    opened = open_document(article)
    Loader(store, extractor.ontology).load([extractor.extract_paragraphs(opened.paragraphs(), opened.document)])
    picture = snapshot(store)
    assert not store.run("MATCH ()-[r:RECOGNIZES]->() RETURN r")
    args = ["--dir", str(tmp_path / "ws"), "--graph", url]
    code = main(args + ["add-predicate", "recognizes", "--domain", "State", "--range", "State",
                        "--verb", "recognize", "--noun", "recognition of", "--reextract"])
    out = capsys.readouterr().out
    assert code == 0 and "1 of 1 document(s) extracted again" in out
    rows = store.run("MATCH (s:Entity)-[r:RECOGNIZES]->(o:Entity) RETURN s.name AS s, o.name AS o, r.count AS n")
    assert rows == [{"s": "Bhutan", "o": "Kosovo", "n": 1}]
    evidence = store.run("MATCH (st:Statement {predicate: 'recognizes'})-[:FROM]->(d:Document) "
                         "RETURN st.sentence AS sentence, d.path AS path")
    assert evidence[0]["sentence"].startswith("Bhutan formally recognized Kosovo")
    assert evidence[0]["path"] == str(article)
    # Undo takes the predicate out of the ontology and extracts again: the graph is as before.
    assert main(args + ["undo"]) == 0
    assert snapshot(store) == picture


def test_trigger_change_without_reextract_offers_it(tmp_path, capsys):
    code = main(["--dir", str(tmp_path), "--no-store", "add-predicate", "signs", "--update", "--verb", "initial"])
    out = capsys.readouterr().out
    assert code == 0 and "--reextract" in out


def test_graph_ingest_uses_the_workspace(falkordb_server, tmp_path, monkeypatch, capsys):
    from treatykg.ingest_cli import main as ingest_main

    folder = tmp_path / "ws"
    assert main(["--dir", str(folder), "--no-store", "add-predicate", "recognizes", "--domain", "State",
                 "--range", "State", "--verb", "recognize"]) == 0
    article = tmp_path / "recognition.txt"
    article.write_text(ARTICLE)
    monkeypatch.setenv("KG_ONTOLOGY_DIR", str(folder))
    code = ingest_main([str(article), "--graph", f"unix://{falkordb_server.socket_path}", "--name", "ingest_ws",
                        "--quiet"])
    assert code == 0, capsys.readouterr()
    st = FalkorDBStore(falkordb_server.socket_path, "ingest_ws")
    try:
        assert st.run("MATCH (:Entity {id: 'bhutan'})-[r:RECOGNIZES]->(:Entity {id: 'kosovo'}) "
                      "RETURN r.count AS n") == [{"n": 1}]
    finally:
        st.drop()
        st.close()
