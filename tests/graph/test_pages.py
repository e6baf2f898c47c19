"""The page of a PDF's statement as part of its provenance: stored and read back on every engine,
in the evidence views, kept by the CSV, Turtle and JSON-LD exports and by import, and checked
when loaded; end to end from a real PDF made here."""
from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from extract.reader import open_document
from graph import export as exporter
from graph import queries, views
from graph.errors import ValidationError
from graph.rdf import import_rdf, to_rdf
from ontology.namespace import STATEMENT, TKG
from tests.extract.formats.samples import make_pdf
from tests.graph import factory as f

#: Our own sentences, one page each (page 1 has no statement to find).
PAGES = [
    ["Notes on the northern flank",
     "The delegations spent the first morning on procedure and agreed on nothing of substance."],
    ["Norway criticized Russia over the exercises near the border, the ministry said."],
    ["Denmark supports NATO, its defence minister told reporters in Copenhagen."],
]


def report():
    """A paged document: statements on pages 2 and 7, and one the reader could not place."""
    doc = f.document("reports/flank.pdf", "a paged report", title="Northern flank report")
    return f.result(
        doc,
        dataclasses.replace(f.statement(doc, f.RU, "criticizes", f.US, start=0,
                                        sentence="Russia criticized the United States."), page=2),
        dataclasses.replace(f.statement(doc, f.US, "withdraws_from", f.OST, start=300,
                                        sentence="The United States left Open Skies."), page=7),
        f.statement(doc, f.FR, "supports", f.NATO, start=600, sentence="France backs NATO."),
    )


def pages_by_sentence(store) -> dict[str, object]:
    return {r["sentence"]: r["page"] for r in store.run(queries.STATEMENTS)}


EXPECTED = {"Russia criticized the United States.": 2, "The United States left Open Skies.": 7,
            "France backs NATO.": None}


def test_pages_are_stored_and_read_back(store, loader):
    loader.load([report()])
    assert pages_by_sentence(store) == EXPECTED
    # Plain Cypher sees the property too (the Query page, a Neo4j or FalkorDB user).
    rows = store.run("MATCH (st:Statement) WHERE st.page IS NOT NULL RETURN st.page AS page ORDER BY page")
    assert [r["page"] for r in rows] == [2, 7]


def test_evidence_views_carry_the_page(store, loader, ontology):
    loader.load([report()])
    out = views.entity_statements(store, "russia")["out"]
    assert [(r["sentence"], r["page"]) for r in out] == [("Russia criticized the United States.", 2)]
    into = views.entity_statements(store, "open_skies_treaty")["in"]
    assert [r["page"] for r in into] == [7]
    behind = views.statements_of_relationship(store, ontology, "united_states", "withdraws_from",
                                              "open_skies_treaty")
    assert [r["page"] for r in behind] == [7]
    (doc,) = views.documents(store)
    assert [r["page"] for r in views.document_statements(store, doc["id"])] == [2, 7, None]
    (example,) = views.predicate_yield(store, "supports").examples
    assert example["page"] is None


@pytest.mark.parametrize("bad", [0, -3, True, "3", 2.0])
def test_a_page_that_is_not_a_page_number_is_refused(store, loader, bad):
    doc = f.document("reports/bad.pdf", "bad page")
    result = f.result(doc, dataclasses.replace(f.statement(doc, f.RU, "criticizes", f.US), page=bad))
    with pytest.raises(ValidationError, match="page must be a whole number from 1"):
        loader.load([result])
    assert store.run(queries.COUNT_DOCUMENTS)[0]["n"] == 0


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_rdf_round_trip_keeps_pages(store, loader, ontology, tmp_path, fmt):
    loader.load([report()])
    path = tmp_path / f"g.{fmt}"
    exporter.export(store, ontology, fmt, path)
    store.clear()
    import_rdf(store, ontology, path, format="json-ld" if fmt == "jsonld" else "turtle")
    assert pages_by_sentence(store) == EXPECTED


def test_turtle_says_tkg_page_as_a_number(store, loader):
    loader.load([report()])
    graph = to_rdf(store)
    (st,) = [r for r in store.run(queries.STATEMENTS) if r["page"] == 7]
    assert list(graph.objects(STATEMENT[st["id"]], TKG.page)) == [Literal(7)]
    assert len(list(graph.subject_objects(TKG.page))) == 2  # the unplaced statement has none
    assert "tkg:page 7" in graph.serialize(format="turtle")


def test_rdf_import_refuses_a_page_that_is_not_a_number(store, loader, ontology):
    loader.load([report()])
    text = to_rdf(store).serialize(format="turtle").replace("tkg:page 7", 'tkg:page "seven"')
    assert 'tkg:page "seven"' in text
    store.clear()
    with pytest.raises(ValidationError, match="page that is not a whole number: seven"):
        import_rdf(store, ontology, text)
    assert store.run(queries.COUNT_DOCUMENTS)[0]["n"] == 0


def test_neo4j_csv_has_a_page_column(store, loader, ontology, tmp_path):
    loader.load([report()])
    exporter.export(store, ontology, "csv", tmp_path / "csv")
    with open(tmp_path / "csv" / "statements.csv", encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    page, sentence = header.index("page:long"), header.index("sentence")
    assert {r[sentence]: r[page] for r in rows} == {"Russia criticized the United States.": "2",
                                                    "The United States left Open Skies.": "7",
                                                    "France backs NATO.": ""}


def test_a_real_pdf_loads_with_its_pages(store, loader, extractor, tmp_path):
    pdf = make_pdf(tmp_path / "flank.pdf", pages=PAGES, title="Northern flank")
    opened = open_document(pdf)
    loader.load([extractor.extract_paragraphs(opened.paragraphs(), opened.document)])
    found = {(r["subject"], r["predicate"], r["object"]): r["page"] for r in store.run(queries.STATEMENTS)}
    assert found[("norway", "criticizes", "russia")] == 2
    assert found[("denmark", "supports", "nato")] == 3


def test_cli_ingest_query_export_and_import_keep_pages(capsys, monkeypatch):
    """What a user of the command line sees: ``treatykg ingest`` of a PDF, then ``graph query``
    for ``st.page``, and a Turtle export imported into another graph giving the same pages."""
    from graph.cli import main
    from graph.server import EmbeddedServer
    from treatykg.ingest_cli import main as ingest

    folder = Path(tempfile.mkdtemp(prefix="tkp-"))  # short: the server's unix socket lives there
    try:
        make_pdf(folder / "flank.pdf", pages=PAGES, title="Northern flank")
        monkeypatch.chdir(folder)
        data = ["--data-dir", str(folder / "g")]
        assert ingest([*data, "--name", "pages", "--quiet", "flank.pdf"]) == 0
        capsys.readouterr()
        query = ("MATCH (st:Statement)-[:SUBJECT]->(s:Entity) RETURN s.name AS subject, st.predicate AS p, "
                 "st.page AS page ORDER BY page, subject")
        assert main([*data, "--name", "pages", "query", "--json", query]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert {"subject": "Norway", "p": "criticizes", "page": 2} in rows
        assert {"subject": "Denmark", "p": "supports", "page": 3} in rows
        assert main([*data, "--name", "pages", "export", "--format", "ttl", "-o", "g.ttl"]) == 0
        assert main([*data, "--name", "copy", "import", "g.ttl"]) == 0
        capsys.readouterr()
        assert main([*data, "--name", "copy", "query", "--json", query]) == 0
        assert json.loads(capsys.readouterr().out) == rows
        assert Graph().parse(folder / "g.ttl").value(predicate=TKG.page, object=Literal(3)) is not None
    finally:
        EmbeddedServer(folder / "g").stop()
        shutil.rmtree(folder, ignore_errors=True)
