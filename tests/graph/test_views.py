"""The app's read-only views (graph/views.py) on real stores, with hand-made records."""
from __future__ import annotations

import pytest

from graph import analytics, views
from graph.errors import GraphError

from tests.graph import factory as f


@pytest.fixture
def loaded(loader, store):
    loader.load([f.article_a(), f.article_b()])
    return store


def test_entity_statements_carry_evidence_and_documents(loaded):
    found = views.entity_statements(loaded, "united_states")
    out = {(r["predicate"], r["other"], r["modality"]) for r in found["out"]}
    assert ("withdraws_from", "open_skies_treaty", "intended") in out
    assert ("withdraws_from", "inf_treaty", "asserted") in out
    criticism = [r for r in found["in"] if r["predicate"] == "criticizes"]
    assert len(criticism) == 1
    row = criticism[0]
    assert row["other_name"] == "Russia" and row["speaker"] == "Russia" and row["date"] == "2020-05-21"
    assert row["sentence"] == "Russia criticizes United States." and row["doc_path"] == "news/a.txt"
    assert views.entity(loaded, "united_states")["aliases"] == ["US", "USA"]
    assert views.entity(loaded, "nobody") is None


def test_documents_with_counts_and_statements_in_reading_order(loaded):
    docs = {d["path"]: d for d in views.documents(loaded)}
    assert set(docs) == {"news/a.txt", "news/b.txt"}
    assert docs["news/a.txt"]["statements"] == 4 and docs["news/a.txt"]["entities"] == 3
    assert docs["news/b.txt"]["statements"] == 4 and docs["news/b.txt"]["entities"] == 6
    rows = views.document_statements(loaded, docs["news/b.txt"]["id"])
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)
    assert rows[0]["subject_name"] == "United States" and rows[0]["object_name"] == "INF Treaty"


def test_statements_behind_a_symmetric_relationship_in_both_orders(loaded, ontology):
    rows = views.statements_of_relationship(loaded, ontology, "russia", "negotiates_with", "united_states")
    assert len(rows) == 2  # one stored Russia -> US, one US -> Russia
    rows = views.statements_of_relationship(loaded, ontology, "united_states", "withdraws_from", "open_skies_treaty")
    assert [r["modality"] for r in rows] == ["alleged", "asserted", "intended"]  # by date


def test_timeline_falls_back_to_the_document_date(loaded):
    rows = views.timeline(loaded)
    assert [r["when"] for r in rows] == sorted(r["when"] for r in rows)
    undated = [r for r in rows if r["predicate"] == "supports"]
    assert undated and undated[0]["dated_by"] == "reported" and undated[0]["when"] == "2019-02-01"
    dated = [r for r in rows if r["predicate"] == "withdraws_from"]
    assert dated and all(r["dated_by"] == "stated" for r in dated)  # dated before date kinds existed


def test_statement_dates_are_the_dated_statements_oldest_first(loaded):
    """What the Explore time slider slices by: one row per dated statement, no sentence."""
    rows = views.statement_dates(loaded)
    everything = [r for r in views.timeline(loaded) if r["date"]]
    assert len(rows) == len(everything) > 0
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert set(rows[0]) == {"subject", "predicate", "object", "date", "date_kind", "modality", "doc"}
    assert all(r["date"] for r in rows)


def test_document_filter_recomputes_counts(loaded, ontology):
    every = [d["id"] for d in views.documents(loaded)]
    whole = analytics.entity_graph(loaded, ontology)
    same = views.entity_graph(loaded, ontology, documents=every)
    assert sorted(same.edges(keys=True, data="count")) == sorted(whole.edges(keys=True, data="count"))
    doc_a = next(d["id"] for d in views.documents(loaded) if d["path"] == "news/a.txt")
    only_a = views.entity_graph(loaded, ontology, documents=[doc_a])
    assert only_a["united_states"]["open_skies_treaty"]["WITHDRAWS_FROM"]["count"] == 2
    assert not only_a.has_edge("united_states", "inf_treaty")
    dated = views.entity_graph(loaded, ontology, documents=every, since="2020", until="2020")
    assert sorted(dated.edges(keys=True)) == [("russia", "united_states", "CRITICIZES"),
                                              ("united_states", "open_skies_treaty", "WITHDRAWS_FROM")]
    assert views.neighbours(only_a, "russia") == {"united_states"}
    with pytest.raises(GraphError):
        views.neighbours(only_a, "nowhere")


def test_fingerprint_changes_with_the_data(loader, store):
    empty = views.fingerprint(store)
    assert views.is_empty(store)
    loader.load([f.article_a()])
    assert views.fingerprint(store) != empty and not views.is_empty(store)


def test_counts(loaded):
    assert views.counts(loaded) == {"documents": 2, "entities": 7, "statements": 8, "relationships": 5}
