"""The loader's fast paths give the same graph as the plain ones.

* FalkorDB's reference path (entities by internal id, documents looked up once per unit) against
  the index path every engine has (what the Neo4j engine runs);
* units written on a helper thread against one after the other;
* positional rows, and parameters sent through the JSON encoder, against what they stand for.
"""
from __future__ import annotations

import dataclasses
import itertools
import os
import threading

import pytest

from graph import queries
from graph.errors import LoadError, QueryError, ValidationError
from graph.engines.falkordb import FalkorDBStore, _json_literal, _literal, _python_literal
from graph.loader import Loader, _statement_row
from ontology.records import Entity

from tests.graph import factory as f
from tests.graph.snapshot import direct, snapshot

_COUNTER = itertools.count()
CLOCK = "2024-05-01T12:00:00+00:00"


@pytest.fixture
def graphs(falkordb_server):
    """Two empty FalkorDB graphs: ``refs`` loads by reference, ``index`` by index only."""
    made = []

    def make(refs: bool) -> FalkorDBStore:
        store = FalkorDBStore(falkordb_server.socket_path, f"p{os.getpid()}_{next(_COUNTER)}")
        if not refs:
            store.load_refs = None
        store.ensure_schema()
        made.append(store)
        return store

    yield make
    for store in made:
        store.drop()
        store.close()


def workload() -> list[list]:
    """Loads (each a list of results) that mix new and known entities, symmetric predicates,
    aliases learnt later, a document larger than a batch, replacement and repetition."""
    people = [Entity(f"p{i}", f"Person {i}", "Person") for i in range(30)]
    big = f.document("big.txt", "big", date="2021-03-04")
    big_result = f.result(big, *[f.statement(big, p, "official_of", f.US, start=i, date=f"2021-0{1 + i % 9}-01")
                                 for i, p in enumerate(people)])
    us_more = dataclasses.replace(f.US, aliases=("US", "USA", "America"))
    doc = f.document("news/c.txt", "third")
    third = f.result(doc, f.statement(doc, us_more, "cooperates_with", f.FR, start=3),
                     f.statement(doc, f.FR, "cooperates_with", us_more, start=9, modality="possible"),
                     f.statement(doc, f.NATO, "supports", f.FR, start=12, attributed_to=f.TRUMP))
    return [
        [f.article_a(), f.article_b()],
        f.synthetic(6, 25, prefix="s"),
        [big_result, third],
        f.synthetic(4, 25, prefix="t", n_entities=60) + [f.article_a(text="changed")],  # new entities, a replacement
        [f.article_b(), f.article_a(text="changed")],  # unchanged
    ]


def run(store, ontology, threaded: bool, batch_size: int = 20) -> list:
    loader = Loader(store, ontology, batch_size=batch_size, clock=lambda: CLOCK, threaded=threaded)
    reports = [loader.load(results) for results in workload()]
    assert loader.delete_document(f.synthetic(6, 25, prefix="s")[2].document.id)
    return [(sorted(r.loaded), sorted(r.unchanged), sorted(r.replaced), r.statements) for r in reports]


def test_reference_path_builds_the_same_graph_as_the_index_path(graphs, ontology):
    by_ref, by_index = graphs(refs=True), graphs(refs=False)
    sent: list[str] = []
    by_ref.query_log = sent.append
    assert run(by_ref, ontology, threaded=False) == run(by_index, ontology, threaded=False)
    assert snapshot(by_ref) == snapshot(by_index)
    # both ways were taken: references for known entities, lookups for entities new in a unit
    assert queries.FALKORDB_CREATE_STATEMENTS_BY_REF in sent and queries.CREATE_STATEMENT_ROWS in sent
    assert any(q.startswith("UNWIND $rows AS k WITH k, $refs[k[0]] AS si") for q in sent)
    assert any(q.startswith("UNWIND $rows AS k WITH k, $ents[k[0]] AS si") for q in sent)


def test_threaded_load_builds_the_same_graph(graphs, ontology):
    threaded, plain = graphs(refs=True), graphs(refs=True)
    assert run(threaded, ontology, threaded=True, batch_size=7) == run(plain, ontology, threaded=False, batch_size=7)
    assert snapshot(threaded) == snapshot(plain)


def test_direct_relationships_agree_with_the_statements(graphs, ontology):
    store = graphs(refs=True)
    run(store, ontology, threaded=True)
    rows = store.run("MATCH (st:Statement)-[:SUBJECT]->(s:Entity) MATCH (st)-[:OBJECT]->(o:Entity) "
                     "RETURN s.id AS s, st.predicate AS p, o.id AS o, st.modality AS m, st.date AS d")
    expected: dict = {}
    for r in rows:
        s, o = r["s"], r["o"]
        if ontology.predicates[r["p"]].symmetric and o < s:
            s, o = o, s
        n, mods, dates = expected.get((s, r["p"].upper(), o), (0, set(), []))
        expected[(s, r["p"].upper(), o)] = (n + 1, mods | {r["m"]}, dates + ([r["d"]] if r["d"] else []))
    want = {k: (n, [m for m in queries.MODALITY_ORDER if m in mods], min(d, default=None), max(d, default=None))
            for k, (n, mods, d) in expected.items()}
    assert direct(store) == want
    assert len(want) > 100


def test_reference_path_queries_seek_by_id(falkor_store, ontology):
    """FalkorDB seeks a node by id only for a plain variable; a scan of every node per row would
    make loads quadratic. Guard the plans of the reference path."""
    plans = {}
    for text in (queries.FALKORDB_CREATE_STATEMENTS_BY_REF, queries.falkordb_add_direct_by_ref("SUPPORTS"),
                 queries.FALKORDB_ENTITY_REFS, queries.FALKORDB_CHECK_REFS):
        reply = falkor_store.connection.execute_command("GRAPH.EXPLAIN", falkor_store.graph_name, text)
        plans[text] = [line.decode() if isinstance(line, bytes) else line for line in reply]
    for text, plan in plans.items():
        assert not any("All Node Scan" in line or "Label Scan" in line for line in plan), plan
    assert sum("NodeByIdSeek" in line for line in plans[queries.FALKORDB_CREATE_STATEMENTS_BY_REF]) == 2
    assert sum("NodeByIdSeek" in line for line in plans[queries.falkordb_add_direct_by_ref("SUPPORTS")]) == 2
    assert any("Index Scan" in line for line in plans[queries.FALKORDB_ENTITY_REFS])
    assert any("NodeByIdSeek" in line for line in plans[queries.FALKORDB_CHECK_REFS])


def test_entity_references_are_read_by_position(falkor_store, ontology):
    Loader(falkor_store, ontology).load([f.article_a()])
    odd = ["a,b:c", "united_states", "", "nope", "russia"]
    falkor_store.run("CREATE (:Entity {id: 'a,b:c'})", read_only=False)
    read = lambda cypher, params: falkor_store.run(cypher, params)  # noqa: E731
    refs = queries.FALKORDB_REFS.refs(read, odd)
    ids = {r["k"]: r["ref"] for r in falkor_store.run("MATCH (n:Entity) RETURN n.id AS k, id(n) AS ref")}
    assert refs == [ids["a,b:c"], ids["united_states"], None, None, ids["russia"]]
    assert queries.FALKORDB_REFS.refs(read, []) == []
    # hints are checked: right ones kept, wrong ones (another entity's, a statement's, no node's) found again
    statement = falkor_store.run("MATCH (st:Statement) RETURN id(st) AS ref LIMIT 1")[0]["ref"]
    hints = [ids["a,b:c"], ids["russia"], None, statement, 10 ** 6]
    assert queries.FALKORDB_REFS.refs(read, odd, hints) == refs
    sent = []
    queries.FALKORDB_REFS.refs(lambda cypher, params: sent.append(cypher) or read(cypher, params),
                               ["united_states", "russia"], [ids["united_states"], ids["russia"]])
    assert sent == [queries.FALKORDB_CHECK_REFS]  # all hints right: nothing to find again


def test_stale_references_from_an_earlier_unit_are_not_used(graphs, ontology):
    """Between two loads another client deletes and re-creates an entity (its internal id is
    reused by other nodes): the loader's remembered reference must not be trusted."""
    by_ref, by_index = graphs(refs=True), graphs(refs=False)
    loaders = [Loader(g, ontology, clock=lambda: CLOCK) for g in (by_ref, by_index)]
    for loader in loaders:
        loader.load([f.article_a()])
        loader.store.run("MATCH (n:Entity {id: 'russia'}) DETACH DELETE n", read_only=False)
        loader.store.run("UNWIND range(1, 3) AS i CREATE (:Entity:State {id: 'x' + toString(i), name: 'X', "
                         "type: 'State', aliases: []})", read_only=False)
        loader.store.run("CREATE (:Entity:State {id: 'russia', name: 'Russia', type: 'State', aliases: []})",
                         read_only=False)
        loader.load([f.article_b()])
    assert loaders[0]._known_refs  # the reference path remembered references
    assert snapshot(by_ref) == snapshot(by_index)
    assert direct(by_ref)[("russia", "NEGOTIATES_WITH", "united_states")][0] == 1


# ----------------------------------------------------------------------------- the helper thread

def test_results_are_read_and_progress_reported_on_the_calling_thread(store, ontology):
    caller = threading.current_thread()
    seen = []

    def results():
        for result in f.synthetic(12, 5, prefix="g"):
            seen.append(threading.current_thread())
            yield result

    progress = []
    report = Loader(store, ontology, batch_size=10).load(
        results(), progress=lambda n: progress.append((n, threading.current_thread())))
    assert set(seen) == {caller} and {t for _, t in progress} == {caller}
    assert [n for n, _ in progress] == [10] * 6 and report.statements == 60
    assert store.run("MATCH (st:Statement) RETURN count(st) AS n") == [{"n": 60}]


def test_a_failed_unit_stops_the_load_and_later_units_are_not_written(store, ontology, monkeypatch):
    calls = itertools.count()
    transact = store.transact

    def failing(plan):
        if next(calls) == 2:
            raise QueryError("simulated failure")
        return transact(plan)

    monkeypatch.setattr(store, "transact", failing)
    with pytest.raises(LoadError, match="simulated failure"):
        Loader(store, ontology, batch_size=10).load(f.synthetic(12, 5, prefix="h"))
    assert store.run("MATCH (d:Document) RETURN count(d) AS n") == [{"n": 4}]  # units 1 and 2


def test_a_bad_record_later_on_is_refused_after_the_units_before_it(store, ontology):
    good = f.synthetic(6, 5, prefix="v")
    bad = dataclasses.replace(good[5], statements=[dataclasses.replace(good[5].statements[0], modality="maybe")])
    with pytest.raises(ValidationError, match="unknown modality"):
        Loader(store, ontology, batch_size=10).load(good[:5] + [bad])
    assert store.run("MATCH (d:Document) RETURN count(d) AS n") == [{"n": 4}]  # the last unit held the bad one


def test_a_changed_document_later_in_the_same_load_replaces_the_first(store, ontology):
    Loader(store, ontology, batch_size=3).load([f.article_a(), f.article_b(), f.article_a(text="v2"),
                                                 f.article_a(text="v3")])
    docs = store.run("MATCH (d:Document) RETURN d.id AS id ORDER BY id")
    assert sorted(r["id"] for r in docs) == sorted([f.article_b().document.id, f.article_a(text="v3").document.id])
    assert direct(store)[("united_states", "WITHDRAWS_FROM", "open_skies_treaty")][0] == 3


# ----------------------------------------------------------------------------- rows and parameters

def test_positional_rows_follow_the_declared_field_order(ontology):
    doc = f.document("x.txt", "x")
    st = f.statement(doc, f.US, "criticizes", f.RU, modality="alleged", start=5, date="2020-01-02",
                     attributed_to=f.TRUMP, sentence="The US criticized Russia.")
    st = dataclasses.replace(st, date_kind="resolved", date_text="on Thursday", page=4)
    row = dict(zip(queries.STATEMENT_ROW, _statement_row(st, st.id, 3, {"united_states": 7, "russia": 1})))
    assert row == {"doc": 3, "s": 7, "o": 1, "id": st.id, "predicate": "criticizes",
                   "modality": "alleged", "attributed_to": "Donald Trump", "attributed_to_id": "donald_trump",
                   "date": "2020-01-02", "sentence": "The US criticized Russia.", "start": 5, "end": 25,
                   "confidence": 0.9, "rule": "test", "date_kind": "resolved", "date_text": "on Thursday",
                   "page": 4}
    loader = Loader(None, ontology)
    sts = [st, dataclasses.replace(st, modality="asserted", date="2019-01-01", start=9),
           f.statement(doc, f.RU, "negotiates_with", f.US, start=1)]
    rows = {p: [dict(zip(queries.DIRECT_ROW, r)) for r in rs] for p, rs in loader._aggregate(sts).items()}
    assert rows == {
        "criticizes": [{"s": "united_states", "o": "russia", "n": 2, "modalities": ["asserted", "alleged"],
                        "first": "2019-01-01", "last": "2020-01-02"}],
        "negotiates_with": [{"s": "russia", "o": "united_states", "n": 1, "modalities": ["asserted"],
                             "first": None, "last": None}],
    }


TRICKY = [
    "plain", "", "quote \" and backslash \\ and \\n as text", "tab\tnewline\ncr\rbs\bff\f",
    "".join(chr(c) for c in range(32)) + "\x7f", "nul \x00 inside", "é ü ß 😀 \u2028 \ufeff", "'single'",
    "\\u0041 is not A", "ends with backslash \\", "x'}) DETACH DELETE n //",
]


@pytest.mark.parametrize("value, expected", [
    (TRICKY, [s.replace("\x00", "\ufffd") for s in TRICKY]),
    ([[1, "a", None, True, 2.5], [-0.0, 1e300, 10 ** 18, "b\"c"]],
     [[1, "a", None, True, 2.5], [-0.0, 1e300, 10 ** 18, "b\"c"]]),
    ([float("nan"), float("inf"), 1.0], [None, None, 1.0]),
    ((1, 2, 3), [1, 2, 3]),
    ([{2}, ("t",)], [[2], ["t"]]),
    ([[1, {"k": "v", "n": [1, "x\ny"]}]], [[1, {"k": "v", "n": [1, "x\ny"]}]]),
    ([{"id": "a", "aliases": ["b"]}], [{"id": "a", "aliases": ["b"]}]),
    ("string \"alone\"\n", "string \"alone\"\n"),
    (["He said \"no\": fine", "\\\":", "a\\"], ["He said \"no\": fine", "\\\":", "a\\"]),
    ([], []),
])
def test_parameters_reach_falkordb_unchanged(falkor_store, value, expected):
    assert falkor_store.run("RETURN $x AS x", {"x": value}) == [{"x": expected}]


def test_json_encoding_is_used_only_where_it_is_the_same_literal():
    assert _json_literal(["a\nb", 1, None, [True, 2.5]]) == '["a\\nb",1,null,[true,2.5]]'
    for value in (["\x01"], ["\\u0041"], [{"a": 1}], [1, {"a": 1}], [float("nan")], [{1, 2}], [object()]):
        assert _json_literal(value) is None
    rows = [["doc", "s", "o", 1, 0.5, None, "He said \"no\": \\ ok", "ends \\", "\\\"x\":"]] * 3
    assert _literal(rows) == _json_literal(rows) is not None  # quotes before colons are text
    assert _json_literal(["a\\", {"b": 1}]) is None and _json_literal([["k\\", {"b\\": 1}]]) is None
    assert _literal([{"id": "x"}]) == _python_literal([{"id": "x"}]) == '[{id:"x"}]'


def test_a_bulk_load_leaves_the_garbage_collector_as_it_found_it(store, ontology):
    import gc

    frozen_during = []
    results = iter(f.synthetic(4, 5, prefix="gc"))

    def watched():
        for result in results:
            frozen_during.append(gc.get_freeze_count())
            yield result

    assert gc.isenabled() and gc.get_freeze_count() == 0
    Loader(store, ontology, batch_size=5).load(watched())
    assert frozen_during[-1] > 0  # the objects from before the load were left out meanwhile
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        Loader(store, ontology, batch_size=5).load(f.synthetic(3, 5, prefix="gd"))
        assert not gc.isenabled()
    finally:
        gc.enable()
