"""run(): plain rows, read-only mode, readable errors, limits and timeouts, on every engine."""
from __future__ import annotations

import math
import time
import tracemalloc

import pytest

from graph.errors import QueryError, ReadOnlyError
from graph.guard import READING_PROCEDURES, is_reading_procedure, one_statement, procedures, read_only_refusal, \
    writing_clause

from tests.graph import factory as f


def test_rows_are_plain_python(store, loader):
    loader.load([f.article_a()])
    row = store.run("MATCH p = (s:Entity {id: 'united_states'})-[r:WITHDRAWS_FROM]->(t) "
                    "RETURN s, r, t.name AS name, p, [1, 'x'] AS list, {a: 1} AS map")[0]
    assert row["s"]["_labels"] == ["Entity", "State"] and row["s"]["name"] == "United States"
    assert row["r"]["_type"] == "WITHDRAWS_FROM" and row["r"]["count"] == 2
    assert row["r"]["_start"] == "united_states" and row["r"]["_end"] == "open_skies_treaty"
    assert row["name"] == "Open Skies Treaty" and row["list"] == [1, "x"] and row["map"] == {"a": 1}
    assert [n["name"] for n in row["p"]["nodes"]] == ["United States", "Open Skies Treaty"]
    assert [r["_type"] for r in row["p"]["relationships"]] == ["WITHDRAWS_FROM"]

    def only_plain(value):
        if isinstance(value, dict):
            return all(isinstance(k, str) and only_plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(only_plain(v) for v in value)
        return value is None or isinstance(value, (str, int, float, bool))

    assert only_plain(row)


@pytest.mark.parametrize("query", [
    "CREATE (n:Entity {id: 'x'})",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Entity) SET n.name = 'x'",
    "MATCH (n:Entity) REMOVE n:State",
    "MERGE (n:Entity {id: 'x'}) RETURN n",
    "MATCH (n) WITH n LIMIT 1 FOREACH (x IN [1] | CREATE (:Entity))",
    "match (n) // comment\n delete n",
])
def test_read_only_refuses_writes_with_a_clear_message(store, loader, query):
    loader.load([f.article_a()])
    before = store.run("MATCH (n) RETURN count(n) AS n")
    with pytest.raises(ReadOnlyError, match="read-only query refused") as info:
        store.run(query)
    assert "\n" not in str(info.value)
    assert store.run("MATCH (n) RETURN count(n) AS n") == before


@pytest.mark.parametrize("repeat", [True, False], ids=["app", "user"])
def test_engine_read_only_mode_is_the_backstop(store, loader, repeat):
    """Even past the clause check, the engine's own read-only execution refuses writes (Neo4j:
    a read transaction, managed for the app's queries, explicit for a user's)."""
    loader.load([f.article_a()])
    with pytest.raises(QueryError, match="read-only"):
        store._run("CREATE (n:Entity {id: 'sneaky'})", {}, read_only=True, timeout=None, limit=None, repeat=repeat)
    assert store.run("MATCH (n:Entity {id: 'sneaky'}) RETURN n") == []


def test_read_only_accepts_reads_that_mention_keywords(store, loader):
    loader.load([f.article_a()])
    rows = store.run("MATCH (n:Entity) WHERE n.name <> 'CREATE (x)' RETURN n.id AS id, n.set AS reset, "
                     "'delete' AS d ORDER BY id LIMIT 1")
    assert rows == [{"id": "open_skies_treaty", "reset": None, "d": "delete"}]


def test_writes_when_allowed(store):
    store.run("CREATE (:Entity {id: $id})", {"id": "x"}, read_only=False)
    assert store.run("MATCH (n:Entity) RETURN n.id AS id") == [{"id": "x"}]


@pytest.mark.parametrize("limit", [None, 10])
def test_writes_say_what_they_changed(store, limit):
    """Both engines' counters come back on the rows, with or without a row limit."""
    from graph.store import describe_changes

    rows = store.run("CREATE (a:Scratch {name: 'a', n: 1})-[:TO]->(:Scratch) RETURN a.name AS name", read_only=False,
                     limit=limit)
    assert rows == [{"name": "a"}]
    # Neo4j counts a label per node labelled (2); FalkorDB counts the new labels of the graph (1).
    labels = {"neo4j": 2, "falkordb": 1}[store.engine]
    assert rows.summary == {"nodes_created": 2, "relationships_created": 1, "properties_set": 2,
                            **({"labels_added": labels} if rows.summary.get("labels_added") else {})}
    assert describe_changes(rows.summary).startswith("created 2 nodes, created 1 relationship, set 2 properties")
    deleted = store.run("MATCH (n:Scratch) DETACH DELETE n", read_only=False, limit=limit)
    assert deleted.summary == {"nodes_deleted": 2, "relationships_deleted": 1}
    assert store.run("MATCH (n:Entity) RETURN n.id AS id LIMIT 1").summary == {}


@pytest.mark.parametrize("query", ["MATC (n) RETURN n", "MATCH (n RETURN n", "RETURN 1 +"])
def test_syntax_errors_are_one_readable_line(store, query):
    with pytest.raises(QueryError) as info:
        store.run(query)
    message = str(info.value)
    assert message.lower().startswith("cypher syntax error") and "\n" not in message
    assert "Traceback" not in message and len(message) < 400


def test_unknown_function_and_parameter_errors_are_readable(store):
    with pytest.raises(QueryError, match=r"(?i)unknown function|not defined|unknown"):
        store.run("RETURN nosuchfunction(1)")


def test_values_are_parameters_not_text(store):
    evil = "x'}) DETACH DELETE n //"
    store.run("CREATE (:Entity {id: $id})", {"id": evil}, read_only=False)
    assert store.run("MATCH (n:Entity {id: $id}) RETURN n.id AS id", {"id": evil}) == [{"id": evil}]


def test_limit_and_columns(store):
    rows = store.run("UNWIND range(1, 10) AS x RETURN x, x * 2 AS y", limit=3)
    assert rows == [{"x": 1, "y": 2}, {"x": 2, "y": 4}, {"x": 3, "y": 6}]
    assert rows.columns == ["x", "y"] and rows.truncated
    empty = store.run("MATCH (n:Nothing) RETURN n.id AS id")
    assert empty == [] and empty.columns == ["id"] and not empty.truncated


def test_timeout(store):
    with pytest.raises(QueryError, match="timed out"):
        store.run("UNWIND range(1, 10000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x)", timeout=0.001)


@pytest.mark.parametrize("bad, message", [
    (dict(cypher=""), "empty query"),
    (dict(cypher="RETURN 1", params=[1]), "parameters must be a mapping"),
    (dict(cypher="RETURN 1", limit=-1), "limit"),
    (dict(cypher="RETURN 1", timeout=0), "timeout"),
    (dict(cypher="RETURN 1", timeout=math.nan), "timeout"),
    (dict(cypher="RETURN 1", timeout=math.inf), "timeout"),
])
def test_bad_arguments(store, bad, message):
    with pytest.raises(QueryError, match=message):
        store.run(**bad)


@pytest.mark.parametrize("query, clause", [
    ("MATCH (n) RETURN n", None),
    ("MATCH (n) RETURN n.create, n.set AS `set`", None),
    ("RETURN 'MERGE' AS m, \"DELETE\" AS d", None),
    ("RETURN {create: 1} AS m", None),
    ("match (n) set n.x = 1", "SET"),
    ("LOAD CSV FROM 'file:///x' AS l RETURN l", "LOAD CSV"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE TRANSACTIONS"),
])
def test_writing_clause_detection(query, clause):
    assert writing_clause(query) == clause


# ---------------------------------------------------------------------------- one statement at a time

@pytest.mark.parametrize("query, where", [
    ("MATCH (n) RETURN n; MATCH (n) DETACH DELETE n", "line 1, column 19"),
    ("RETURN 1;;", "line 1, column 9"),
    ("MATCH (n)\nRETURN n ; // first\nCREATE (:Entity {id: 'x'})", "line 2, column 10"),
    ("RETURN 'a;b' AS s; DETACH DELETE n", "line 1, column 18"),
])
@pytest.mark.parametrize("read_only", [True, False])
def test_more_than_one_statement_is_refused_before_anything_is_sent(store, loader, query, where, read_only):
    """A second statement would run with whatever the first left behind; nothing may reach the server."""
    loader.load([f.article_a()])
    before = store.run("MATCH (n) RETURN count(n) AS n")
    sent = []
    store.query_log = sent.append
    with pytest.raises(QueryError) as info:
        store.run(query, read_only=read_only)
    message = str(info.value)
    assert message.startswith("one statement at a time:") and where in message and "\n" not in message
    assert sent == []
    store.query_log = None
    assert store.run("MATCH (n) RETURN count(n) AS n") == before


@pytest.mark.parametrize("query", [
    "RETURN 1 AS one;",
    "RETURN 1 AS one ;  \n",
    "RETURN 1 AS one; // done",
    "RETURN 1 AS one /* ; */",
])
def test_one_final_semicolon_is_accepted(store, query):
    assert store.run(query) == [{"one": 1}]


def test_semicolons_in_strings_comments_and_names_are_not_separators(store):
    rows = store.run("RETURN 'a;b' AS s, \"c;\" AS `d;e` // f; g\n")
    assert rows == [{"s": "a;b", "d;e": "c;"}]
    assert one_statement("RETURN 'x;' AS y;") == "RETURN 'x;' AS y"


# ---------------------------------------------------------------------------- procedures

#: FalkorDB's procedures that write (CALL dbms.procedures() lists them with mode WRITE), in the forms
#: a user can spell them, and procedures of Neo4j, APOC and GDS that write, change the schema, touch
#: files or other transactions.
WRITING_CALLS = [
    "CALL db.idx.fulltext.createNodeIndex('Entity', 'name')",
    "CALL db.idx.fulltext.drop('Entity')",
    "CALL `db`.`idx`.`fulltext`.`createNodeIndex`('Entity', 'name')",
    "CALL db . idx . fulltext . drop('Entity')",
    "cAlL DB.IDX.FULLTEXT.CREATENODEINDEX('Entity', 'name')",
    "MATCH (n:Entity) WITH n LIMIT 1 CALL db.idx.fulltext.createNodeIndex('Entity', 'name') RETURN 1",
    "CALL db.create.setNodeVectorProperty(n, 'v', [1.0])",
    "CALL db.index.fulltext.createNodeIndex('names', ['Entity'], ['name'])",
    "CALL db.index.fulltext.drop('names')",
    "CALL db.clearQueryCaches()",
    "CALL tx.setMetaData({a: 1})",
    "CALL dbms.setConfigValue('db.logs.query.enabled', 'off')",
    "CALL apoc.create.node(['Entity'], {id: 'x'})",
    "CALL apoc.merge.node(['Entity'], {id: 'x'})",
    "CALL apoc.refactor.mergeNodes([])",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "CALL apoc.schema.assert({}, {})",
    "CALL apoc.cypher.runWrite('MATCH (n) DETACH DELETE n', {})",
    "CALL apoc.export.csv.all('/tmp/all.csv', {})",
    "CALL apoc.load.json('http://example.org/x.json')",
    "CALL gds.pageRank.write('g', {writeProperty: 'rank'})",
    "CALL gds.wcc.mutate('g', {mutateProperty: 'c'})",
    "CALL gds.graph.project('g', 'Entity', '*')",
]


def _procedure_name(call: str) -> str:
    return procedures(call)[0]


@pytest.mark.parametrize("call", WRITING_CALLS)
def test_read_only_refuses_procedures_that_may_write(store, loader, call):
    loader.load([f.article_a()])
    before = store.run("MATCH (n) RETURN count(n) AS n")
    with pytest.raises(ReadOnlyError) as info:
        store.run(call)
    message = str(info.value)
    assert message.startswith(f"read-only query refused: it calls the procedure {_procedure_name(call)}, ")
    assert "\n" not in message
    assert store.run("MATCH (n) RETURN count(n) AS n") == before


@pytest.mark.parametrize("call", [
    "CALL db.idx.fulltext.createNodeIndex('Entity', 'name')",
    "CALL db.idx.fulltext.drop('Entity')",
])
def test_falkordb_refuses_writing_procedures_itself_in_read_only_mode(falkor_store, call):
    """Past the guard, GRAPH.RO_QUERY refuses them too: the fulltext index neither appears nor goes."""
    if "drop" in call:
        falkor_store.run("CALL db.idx.fulltext.createNodeIndex('Entity', 'name')", read_only=False)
    indexes = "CALL db.indexes() YIELD label, properties, types RETURN label, properties, types ORDER BY label"
    before = falkor_store.run(indexes)
    with pytest.raises(QueryError, match="read-only query refused by FalkorDB"):
        falkor_store._run(call, {}, read_only=True, timeout=None, limit=None)
    assert falkor_store.run(indexes) == before


def test_reading_procedures_match_what_falkordb_declares(falkor_store):
    """The allow-list against the server: every READ procedure is on it, no WRITE procedure is."""
    declared = falkor_store.run("CALL dbms.procedures() YIELD name, mode RETURN name, mode")
    reading = {r["name"] for r in declared if r["mode"] == "READ"}
    writing = {r["name"] for r in declared if r["mode"] != "READ"}
    assert reading and writing
    assert all(is_reading_procedure(name) for name in reading)
    assert not any(is_reading_procedure(name) for name in writing)
    assert all(name == name.lower() for name in READING_PROCEDURES)


@pytest.mark.parametrize("call, check", [
    ("CALL db.labels()", lambda rows: {"Entity", "State", "Treaty"} <= {r["label"] for r in rows}),
    ("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType",
     lambda rows: {"WITHDRAWS_FROM"} <= {r["relationshipType"] for r in rows}),
    ("CALL db.propertyKeys()", lambda rows: {"id", "name"} <= {r["propertyKey"] for r in rows}),
    ("CALL db.indexes() YIELD label RETURN label", lambda rows: "Entity" in {r["label"] for r in rows}),
    ("CALL dbms.procedures() YIELD name RETURN name", lambda rows: "db.labels" in {r["name"] for r in rows}),
    ("CALL db.meta.stats() YIELD nodeCount RETURN nodeCount", lambda rows: rows[0]["nodeCount"] > 0),
    ("CALL `db`.`labels`", lambda rows: "Entity" in {r["label"] for r in rows}),
    ("CALL algo.pageRank('Entity', 'WITHDRAWS_FROM') YIELD node, score RETURN node.id AS id, score",
     lambda rows: {"open_skies_treaty", "united_states"} <= {r["id"] for r in rows}),
    ("CALL algo.WCC(null) YIELD node, componentId RETURN count(node) AS n", lambda rows: rows[0]["n"] > 0),
    ("CALL { MATCH (n:Entity) RETURN n.id AS id } RETURN count(id) AS n", lambda rows: rows[0]["n"] > 0),
])
def test_reading_procedures_run_read_only(falkor_store, ontology, call, check):
    from graph.loader import Loader

    Loader(falkor_store, ontology).load([f.article_a()])
    assert read_only_refusal(call) is None
    assert check(falkor_store.run(call))


def test_procedure_names_are_found_however_written():
    assert procedures("CALL `apoc`.`create`.node(['A'], {})") == ["apoc.create.node"]
    assert procedures("CALL db . labels YIELD label RETURN label") == ["db.labels"]
    assert procedures("CALL { MATCH (n) RETURN n } RETURN n") == []
    assert procedures("RETURN 'CALL apoc.create.node()' AS s // CALL db.clearQueryCaches()") == []
    assert is_reading_procedure("gds.pageRank.stream") and not is_reading_procedure("gds.pageRank.write")


# ---------------------------------------------------------------------------- runaway queries

def _clique(store, n: int = 12) -> None:
    """A complete graph: unbounded variable-length paths over it number in the billions."""
    store.run("UNWIND range(1, $n) AS i CREATE (:Loop {i: i})", {"n": n}, read_only=False)
    store.run("MATCH (a:Loop), (b:Loop) WHERE a.i < b.i CREATE (a)-[:LINK]->(b)", read_only=False)


@pytest.mark.parametrize("query, limit", [
    ("MATCH p = (a:Loop)-[*]-(b) RETURN p", 10),
    ("MATCH p = (a:Loop)-[*]-(b) RETURN count(p) AS paths", None),
])
def test_unbounded_paths_are_cut_off_by_the_timeout(store, query, limit):
    """FalkorDB computes the whole result before the first row: the timeout stops it. Neo4j
    streams rows as it finds them, so with a row limit the first ones come back at once, cut."""
    _clique(store)
    started = time.perf_counter()
    if store.engine == "neo4j" and limit is not None:
        rows = store.run(query, timeout=0.5, limit=limit)
        assert len(rows) == limit and rows.truncated
    else:
        with pytest.raises(QueryError) as info:
            store.run(query, timeout=0.5, limit=limit)
        assert str(info.value) == ("query timed out after 0.5 s; bound variable-length paths, e.g. [*..4], "
                                   "or add LIMIT")
    elapsed = time.perf_counter() - started
    assert elapsed < 5
    assert store.run("MATCH (a:Loop)-[*..2]-(b) RETURN count(*) > 0 AS some", timeout=5) == [{"some": True}]


def test_runaway_write_is_cut_off_and_undone(store):
    """Write mode too: the query's timeout stops it (FalkorDB only with TIMEOUT_MAX set at start,
    see graph/server.py) and nothing it wrote stays; the server is free for the next query."""
    _clique(store)
    started = time.perf_counter()
    with pytest.raises(QueryError, match="timed out after 0.5 s"):
        store.run("MATCH p = (a:Loop)-[*]-(b) WITH count(p) AS n CREATE (:Tally {n: n})", read_only=False,
                  timeout=0.5)
    assert time.perf_counter() - started < 5
    assert store.run("MATCH (t:Tally) RETURN count(t) AS n", timeout=5) == [{"n": 0}]
    store.run("UNWIND range(1, 20000) AS i CREATE (:Bulk {i: i})", read_only=False)  # no timeout: unlimited
    assert store.run("MATCH (b:Bulk) RETURN count(b) AS n") == [{"n": 20000}]


def test_many_rows_are_cut_at_the_limit_without_being_fetched(store):
    """Two million rows with limit=10: ten come back, and this process never holds the others."""
    tracemalloc.start()
    try:
        started = time.perf_counter()
        rows = store.run("UNWIND range(1, 2000000) AS x RETURN x", limit=10, timeout=30)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rows == [{"x": x} for x in range(1, 11)] and rows.truncated and rows.columns == ["x"]
    assert peak < 20 * 1024 * 1024 and elapsed < 30
    assert store.run("RETURN 1 AS one", limit=1) == [{"one": 1}]  # the connection is still good


@pytest.mark.parametrize("limit, rows, truncated", [(5, 5, False), (4, 4, True), (0, 0, True), (6, 5, False)])
def test_limit_at_the_edges(store, limit, rows, truncated):
    result = store.run("UNWIND range(1, 5) AS x RETURN x", limit=limit)
    assert len(result) == rows and result.truncated is truncated and result.columns == ["x"]


def test_limited_writes_apply_and_report(store):
    rows = store.run("UNWIND range(1, 5) AS i CREATE (n:Scratch {i: i}) RETURN n.i AS i", read_only=False, limit=2)
    assert rows == [{"i": 1}, {"i": 2}] and rows.truncated
    assert store.run("CREATE (:Scratch {i: 6})", read_only=False, limit=2) == []
    assert store.run("MATCH (n:Scratch) RETURN count(n) AS n", limit=1) == [{"n": 6}]


@pytest.mark.parametrize("query, message", [
    ("MATCH (n RETURN n", "Cypher syntax error"),
    ("RETURN nosuchfunction(1)", "(?i)unknown function|not defined|unknown"),
])
def test_limited_queries_report_errors_as_usual(store, query, message):
    with pytest.raises(QueryError, match=message) as info:
        store.run(query, limit=10)
    assert "\n" not in str(info.value)


def test_limited_query_on_a_graph_not_created_yet(falkordb_server):
    from graph.engines.falkordb import FalkorDBStore

    with FalkorDBStore(falkordb_server.socket_path, f"never_{time.time_ns()}") as empty:
        with pytest.raises(QueryError, match="does not exist yet"):
            empty.run("MATCH (n) RETURN n", limit=10)


# ----------------------------------------------------------------------------- hostile user queries

def _nested(n: int, open_: str, close: str, inner: str = "1") -> str:
    return "RETURN " + open_ * n + inner + close * n


@pytest.mark.parametrize("query, limit", [
    (_nested(26, "(", ")"), "10 the parser"),  # ran past 40 s at 200% CPU before the gate
    ("RETURN " + "NOT " * 100 + "true", "10 the parser"),
    (_nested(16, "-(", ")"), "10 the parser"),
    (_nested(24, "[", "]"), "10 the parser"),
    ("RETURN " + "NOT 1 IN " * 16 + "[1]", "10 the parser"),  # NOT stays open across comparisons
    (_nested(12, "CASE WHEN true THEN ", " END"), "10 the parser"),
    ("RETURN " + " + ".join(["(" * 9 + "1" + ")" * 9] * 10), "limit 8,192"),  # many deep parts
    ("RETURN [1]" + "[0]" * 1500, "4,000 a user query"),  # parse time grows faster than length
    ("UNWIND range(1, 2000000000) AS x RETURN count(x)", "10,000,000 a user query"),  # 32 GB at once
    ("RETURN size(collect(RANGE( -5 , 100000000, 2)))", "50,000,003 numbers"),
])
def test_user_queries_too_deep_or_long_to_parse_are_refused_before_the_server(store, query, limit):
    sent = []
    store.query_log = sent.append
    started = time.perf_counter()
    with pytest.raises(QueryError, match="query refused") as info:
        store.run(query, user=True, timeout=5)
    assert time.perf_counter() - started < 0.5 and not sent  # refused here, nothing sent
    message = str(info.value)
    assert limit in message and "\n" not in message and len(message) < 300
    assert store.run("RETURN 1 AS one") == [{"one": 1}]


@pytest.mark.parametrize("query", [
    "MATCH (s)-[:WITHDRAWS_FROM]->(t:Treaty) RETURN s.name, t.name",
    "MATCH (a)-[r*1..3]-(b) WHERE NOT a.x = -1 AND NOT b.y IN [-1, -2] RETURN a LIMIT 1",
    "RETURN [x IN range(1, 3) | CASE WHEN x > 1 THEN -x ELSE (x + 1) END] AS xs",
    "RETURN NOT true AND NOT false OR NOT (1 = -1) AS b, " + ", ".join(f"abs(-{i}) AS a{i}" for i in range(60)),
    _nested(10, "(", ")"),
    "UNWIND range(1, 10000000) AS x RETURN count(x) AS n",
    "RETURN range(10, 1, -1) AS down, range(5, 1) AS empty",
])
def test_ordinary_user_queries_pass_the_gate(store, query):
    store.run("CREATE (:Entity {id: 'x'})", read_only=False)
    store.run(query, user=True, timeout=10)


def test_the_examples_and_the_projects_own_queries_are_well_inside_the_limits():
    from graph import guard, queries
    from webapp.examples import EXAMPLES

    texts = [e["cypher"] for e in EXAMPLES] + [v for v in vars(queries).values() if isinstance(v, str)]
    assert all(guard.complexity_refusal(text) is None for text in texts)
    assert max(guard.parse_cost(text)[0] for text in texts) <= guard.MAX_NESTING // 2


def test_the_gate_is_for_user_text_only(store):
    store.run(_nested(12, "(", ")"))  # the project's own queries are not gated (they are shallow)


@pytest.mark.parametrize("label", ["CREATE", "`CREATE`", "SET", "Delete", "`MERGE`"])
def test_labels_and_types_that_are_keywords_are_not_writing_clauses(store, label):
    assert writing_clause(f"MATCH (n:{label})-[:{label}|REMOVE]->(m: {label}) RETURN n") is None
    assert store.run(f"MATCH (n:{label}) RETURN count(n) AS n", user=True) == [{"n": 0}]
    with pytest.raises(ReadOnlyError):
        store.run(f"MATCH (n:{label}) SET n.x = 1")


def test_the_store_answers_others_while_a_user_query_runs(falkor_store):
    import threading

    from graph.engines.falkordb import FalkorDBStore

    falkor_store.run("CREATE (:Entity {id: 'x'})", read_only=False)
    outcome = {}

    def heavy():
        try:
            outcome["rows"] = falkor_store.run("UNWIND range(1, 6000000) AS x WITH x WHERE x % 7 = 3 "
                                               "RETURN count(x) AS n", user=True, timeout=4)
        except QueryError as exc:
            outcome["error"] = str(exc)

    other = FalkorDBStore(falkor_store.socket_path, falkor_store.graph_name)
    try:
        thread = threading.Thread(target=heavy)
        thread.start()
        time.sleep(0.2)
        latencies = []
        while thread.is_alive() and len(latencies) < 20:
            started = time.perf_counter()
            assert other.run("MATCH (n:Entity) RETURN count(n) AS n") == [{"n": 1}]
            latencies.append(time.perf_counter() - started)
            with pytest.raises(QueryError, match="query refused"):
                other.run(_nested(30, "(", ")"), user=True)
        thread.join()
    finally:
        other.close()
    assert outcome  # it finished, or was stopped by its timeout
    assert latencies and max(latencies) < 1.0, latencies
