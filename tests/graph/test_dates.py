"""Statement dates through the graph: kind and words stored and read back on every engine, the
document's date source, relationships' first and last dates, views, RDF and CSV exports."""
from __future__ import annotations

import csv
import json
import dataclasses

from graph import export as exporter
from graph import queries, views
from graph.rdf import import_rdf
from tests.graph import factory as f
from tests.graph.snapshot import direct


def dated_article():
    doc = dataclasses.replace(f.document("news/dated.txt", "dated text", date="2021-06-07"), date_source="user")
    return f.result(
        doc,
        dataclasses.replace(f.statement(doc, f.US, "withdraws_from", f.OST, start=0, date="2018"),
                            date_kind="stated", date_text="in 2018"),
        dataclasses.replace(f.statement(doc, f.US, "withdraws_from", f.OST, modality="intended", start=40,
                                        date="2021-06-07"), date_kind="reported"),
        dataclasses.replace(f.statement(doc, f.RU, "criticizes", f.US, start=80, date="2021-06-05"),
                            date_kind="resolved", date_text="on Saturday"),
    )


def test_kinds_and_words_are_stored_and_read_back(store, loader):
    loader.load([dated_article()])
    rows = {r["date"]: r for r in store.run(queries.STATEMENTS)}
    assert (rows["2018"]["date_kind"], rows["2018"]["date_text"]) == ("stated", "in 2018")
    assert (rows["2021-06-07"]["date_kind"], rows["2021-06-07"]["date_text"]) == ("reported", None)
    assert (rows["2021-06-05"]["date_kind"], rows["2021-06-05"]["date_text"]) == ("resolved", "on Saturday")
    (doc,) = store.run(queries.DOCUMENTS)
    assert (doc["date"], doc["date_source"]) == ("2021-06-07", "user")


def test_relationships_span_their_statements_dates(store, loader):
    loader.load([dated_article()])
    assert direct(store)[("united_states", "WITHDRAWS_FROM", "open_skies_treaty")][2:] == ("2018", "2021-06-07")


def test_views_carry_the_kind(store, loader):
    loader.load([dated_article()])
    timeline = {r["predicate"] + r["modality"]: r["dated_by"] for r in views.timeline(store)}
    assert timeline == {"withdraws_fromasserted": "stated", "withdraws_fromintended": "reported",
                        "criticizesasserted": "resolved"}
    details = views.entity_statements(store, "russia")["out"]
    assert [(r["date"], r["date_kind"], r["date_text"]) for r in details] == [("2021-06-05", "resolved", "on Saturday")]
    (doc,) = views.documents(store)
    assert doc["date_source"] == "user"


def test_rdf_round_trip_keeps_kinds(store, loader, ontology, tmp_path):
    loader.load([dated_article()])
    path = tmp_path / "g.ttl"
    exporter.export(store, ontology, "ttl", path)
    text = path.read_text(encoding="utf-8")
    assert "tkg:dateKind" in text and "tkg:dateSource" in text and "on Saturday" in text
    store.clear()
    import_rdf(store, ontology, path)
    kinds = sorted((r["date"], r["date_kind"], r["date_text"]) for r in store.run(queries.STATEMENTS))
    assert kinds == [("2018", "stated", "in 2018"), ("2021-06-05", "resolved", "on Saturday"),
                     ("2021-06-07", "reported", None)]
    assert store.run(queries.DOCUMENTS)[0]["date_source"] == "user"


def test_neo4j_csv_has_the_kind_columns(store, loader, ontology, tmp_path):
    loader.load([dated_article()])
    exporter.export(store, ontology, "csv", tmp_path / "csv")
    with open(tmp_path / "csv" / "statements.csv", encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    kind, text = header.index("date_kind"), header.index("date_text")
    assert sorted((r[kind], r[text]) for r in rows) == [("reported", ""), ("resolved", "on Saturday"),
                                                        ("stated", "in 2018")]
    with open(tmp_path / "csv" / "documents.csv", encoding="utf-8", newline="") as handle:
        header, row = list(csv.reader(handle))
    assert row[header.index("date_source")] == "user"


def test_ingest_date_option(tmp_path, capsys, monkeypatch):
    """``python -m treatykg ingest --date``: a bad date is refused in one line before anything is
    read or stored; a good one dates the document as the user's and resolves "on Monday"."""
    import shutil
    import tempfile
    from pathlib import Path

    from graph.cli import main
    from graph.server import EmbeddedServer
    from treatykg.ingest_cli import main as ingest

    folder = Path(tempfile.mkdtemp(prefix="tkd-"))  # short: the server's unix socket lives there
    try:
        (folder / "a.txt").write_text("Norway criticized Russia on Monday.\n", encoding="utf-8")
        monkeypatch.chdir(folder)
        base = ["--data-dir", str(folder / "g"), "--name", "dates"]
        assert ingest([*base, "--quiet", "--date", "2019-02-30", "a.txt"]) == 1
        err = capsys.readouterr().err
        assert err == "error: --date '2019-02-30' is not a calendar date\n"
        assert not (folder / "g").exists()  # refused before the graph was opened
        assert ingest([*base, "--quiet", "--date", "2019-05-15", "a.txt"]) == 0
        capsys.readouterr()
        assert main([*base, "query", "--json", "MATCH (st:Statement)-[:FROM]->(d:Document) RETURN st.date AS date, "
                     "st.date_kind AS kind, st.date_text AS words, d.date AS doc, d.date_source AS source"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert rows == [{"date": "2019-05-13", "kind": "resolved", "words": "on Monday", "doc": "2019-05-15",
                         "source": "user"}]
    finally:
        EmbeddedServer(folder / "g").stop()
        shutil.rmtree(folder, ignore_errors=True)
