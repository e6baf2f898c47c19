"""Loading contract, run on every engine: schema, idempotence, replacement, deletion, validation."""
from __future__ import annotations

import dataclasses

import pytest

from graph.errors import ValidationError
from graph.loader import Loader
from ontology.records import Entity

from tests.graph import factory as f
from tests.graph.snapshot import direct, snapshot


def test_schema_of_design_md(store, loader):
    loader.load([f.article_a()])
    rows = store.run("MATCH (s)-[:WITHDRAWS_FROM]->(t:Treaty) RETURN s.name AS s, t.name AS t")
    assert rows == [{"s": "United States", "t": "Open Skies Treaty"}]
    entity = store.run("MATCH (n:Entity:State {id: 'united_states'}) RETURN n")[0]["n"]
    assert entity["_labels"] == ["Entity", "State"]
    assert entity["name"] == "United States" and entity["type"] == "State"
    assert sorted(entity["aliases"]) == ["US", "USA"]
    doc = store.run("MATCH (d:Document) RETURN d")[0]["d"]
    assert {"id", "title", "path", "date", "ingested_at"} <= set(doc)
    assert doc["path"] == "news/a.txt" and len(doc["id"]) == 64
    st = store.run(
        "MATCH (st:Statement {modality: 'intended'})-[:SUBJECT]->(s:Entity), (st)-[:OBJECT]->(o:Entity), "
        "(st)-[:FROM]->(d:Document) RETURN st, s.id AS s, o.id AS o, d.path AS d")[0]
    assert (st["s"], st["o"], st["d"]) == ("united_states", "open_skies_treaty", "news/a.txt")
    # (null properties are not stored, so attributed_to is absent when there is no speaker)
    assert {"id", "predicate", "modality", "date", "sentence", "start", "end", "confidence", "rule"} <= set(st["st"])
    assert st["st"]["predicate"] == "withdraws_from" and st["st"]["start"] == 50
    crit = store.run("MATCH (st:Statement {predicate: 'criticizes'}) RETURN st.attributed_to AS a")
    assert crit == [{"a": "Russia"}]


def test_direct_relationships_aggregate(store, loader):
    loader.load([f.article_a(), f.article_b()])
    rels = direct(store)
    assert rels[("united_states", "WITHDRAWS_FROM", "open_skies_treaty")] == (
        3, ["asserted", "intended", "alleged"], "2019-01-01", "2020-05-22")
    assert rels[("united_states", "WITHDRAWS_FROM", "inf_treaty")] == (1, ["asserted"], "2019-02-01", "2019-02-01")
    # symmetric predicate: one relationship per unordered pair, statements in both directions count
    assert rels[("russia", "NEGOTIATES_WITH", "united_states")][0] == 2
    assert ("united_states", "NEGOTIATES_WITH", "russia") not in rels
    assert len(rels) == 5


def test_same_document_twice_changes_nothing(store, loader):
    loader.load([f.article_a(), f.article_b()])
    before = snapshot(store)
    report = loader.load([f.article_b(), f.article_a()])
    assert report.loaded == [] and len(report.unchanged) == 2
    assert snapshot(store) == before
    # the same document twice in one batch is loaded once
    other = Loader(store, loader.ontology)
    other.load([f.article_a(path="x.txt", text="t"), f.article_a(path="x.txt", text="t")])
    assert store.run("MATCH (d:Document {path: 'x.txt'}) RETURN count(d) AS n") == [{"n": 1}]


def test_changed_document_replaces_its_statements(store, loader):
    loader.load([f.article_a(), f.article_b()])
    doc = f.document("news/a.txt", "version two")
    changed = f.result(doc, f.statement(doc, f.RU, "criticizes", f.NATO, start=7, date="2021-01-01"))
    report = loader.load([changed])
    assert len(report.replaced) == 1 and report.loaded == [doc.id]
    docs = store.run("MATCH (d:Document) RETURN d.id AS id ORDER BY id")
    assert sorted(r["id"] for r in docs) == sorted([doc.id, f.article_b().document.id])
    rels = direct(store)
    # article a's statements are gone; article b's remain and are recomputed
    assert rels[("united_states", "WITHDRAWS_FROM", "open_skies_treaty")] == (1, ["alleged"], "2019-01-01", "2019-01-01")
    assert ("russia", "CRITICIZES", "united_states") not in rels
    assert rels[("russia", "NEGOTIATES_WITH", "united_states")] == (1, ["asserted"], "2019-02-01", "2019-02-01")
    assert rels[("russia", "CRITICIZES", "nato")] == (1, ["asserted"], "2021-01-01", "2021-01-01")
    # the result equals loading b and the new a into an empty graph (modulo ingestion time)
    fresh = snapshot(store, ignore=("ingested_at",))
    store.clear()
    loader.load([f.article_b(), changed])
    assert snapshot(store, ignore=("ingested_at",)) == fresh


def test_delete_document_updates_and_removes_direct_relationships(store, loader):
    a, b = f.article_a(), f.article_b()
    loader.load([a])
    only_a = snapshot(store, ignore=("ingested_at",))
    loader.load([b])
    assert loader.delete_document(b.document.id) is True
    assert loader.delete_document(b.document.id) is False
    after = snapshot(store, ignore=("ingested_at",))
    # entities of b stay (they are shared knowledge); everything else is as before b
    b_only = {"inf_treaty", "france", "nato", "donald_trump"}
    after_nodes = [n for n in after["nodes"] if not any(f'"id": "{e}"' in n for e in b_only)]
    assert after_nodes == only_a["nodes"] and after["rels"] == only_a["rels"]
    assert ("france", "SUPPORTS", "nato") not in direct(store)


def test_statement_ids_are_scoped_to_document_content(store, loader):
    """Statements made without doc_id (as an extractor may) must not collide across versions."""
    doc1 = f.document("same.txt", "one")
    doc2 = f.document("same.txt", "two")
    st1 = dataclasses.replace(f.statement(doc1, f.US, "signs", f.INF), doc_id="")
    st2 = dataclasses.replace(f.statement(doc2, f.US, "signs", f.INF), doc_id="")
    assert st1.id == st2.id  # what the record alone would give
    loader.load([f.result(doc1, st1)])
    loader.load([f.result(doc2, st2)])
    rows = store.run("MATCH (st:Statement)-[:FROM]->(d:Document) RETURN d.id AS d")
    assert rows == [{"d": doc2.id}]
    assert direct(store)[("united_states", "SIGNS", "inf_treaty")][0] == 1


@pytest.mark.parametrize("mutate, message", [
    (lambda st: dataclasses.replace(st, predicate="likes"), "unknown predicate 'likes'"),
    (lambda st: dataclasses.replace(st, predicate="signs) DETACH DELETE (x"), "unknown predicate"),
    (lambda st: dataclasses.replace(st, modality="maybe"), "unknown modality 'maybe'"),
    (lambda st: dataclasses.replace(st, subject=Entity("x", "X", "Planet")), "unknown entity type 'Planet'"),
    (lambda st: dataclasses.replace(st, subject=Entity("x", "X", "State:Admin")), "unknown entity type"),
])
def test_bad_records_are_refused_before_anything_is_written(store, loader, mutate, message):
    good = f.article_a()
    bad = dataclasses.replace(good, statements=good.statements[:1] + [mutate(good.statements[1])])
    with pytest.raises(ValidationError, match=message) as info:
        loader.load([f.article_b(), bad])
    assert "\n" not in str(info.value)
    assert store.run("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_batches_split_large_loads_and_progress_reports(store, ontology):
    doc = f.document("big.txt", "big")
    people = [Entity(f"p{i}", f"Person {i}", "Person") for i in range(120)]
    statements = [f.statement(doc, p, "official_of", f.US, start=i) for i, p in enumerate(people)]
    seen = []
    small = Loader(store, ontology, batch_size=7)
    report = small.load([f.result(doc, *statements), f.article_a(), f.article_b()], progress=seen.append)
    assert report.statements == 128 and sum(seen) == 128
    assert store.run("MATCH (st:Statement) RETURN count(st) AS n") == [{"n": 128}]
    assert store.run("MATCH (:Person)-[r:OFFICIAL_OF]->(:State) RETURN count(r) AS n, sum(r.count) AS c") == [
        {"n": 120, "c": 120}]


def test_entities_without_documents(store, loader):
    loader.load_entities([f.TRUMP, f.NATO])
    rows = store.run("MATCH (n:Entity) RETURN n.id AS id ORDER BY id")
    assert [r["id"] for r in rows] == ["donald_trump", "nato"]
