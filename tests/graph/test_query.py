"""run(): plain rows, read-only mode, readable errors, limits and timeouts, on every engine."""
from __future__ import annotations

import pytest

from graph.errors import QueryError, ReadOnlyError
from graph.guard import writing_clause

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


def test_engine_read_only_mode_is_the_backstop(store, loader):
    """Even past the clause check, the engine's own read-only execution refuses writes."""
    loader.load([f.article_a()])
    with pytest.raises(QueryError, match="read-only"):
        store._run("CREATE (n:Entity {id: 'sneaky'})", {}, read_only=True, timeout=None, limit=None)
    assert store.run("MATCH (n:Entity {id: 'sneaky'}) RETURN n") == []


def test_read_only_accepts_reads_that_mention_keywords(store, loader):
    loader.load([f.article_a()])
    rows = store.run("MATCH (n:Entity) WHERE n.name <> 'CREATE (x)' RETURN n.id AS id, n.set AS reset, "
                     "'delete' AS d ORDER BY id LIMIT 1")
    assert rows == [{"id": "open_skies_treaty", "reset": None, "d": "delete"}]


def test_writes_when_allowed(store):
    store.run("CREATE (:Entity {id: $id})", {"id": "x"}, read_only=False)
    assert store.run("MATCH (n:Entity) RETURN n.id AS id") == [{"id": "x"}]


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
        store.run("UNWIND range(1, 50000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x)", timeout=0.001)


@pytest.mark.parametrize("bad, message", [
    (dict(cypher=""), "empty query"),
    (dict(cypher="RETURN 1", params=[1]), "parameters must be a mapping"),
    (dict(cypher="RETURN 1", limit=-1), "limit"),
    (dict(cypher="RETURN 1", timeout=0), "timeout"),
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
    ("CALL db.idx.fulltext.createNodeIndex('Entity', 'name')", "CALL db.idx"),
])
def test_writing_clause_detection(query, clause):
    assert writing_clause(query) == clause
