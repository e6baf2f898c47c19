"""Query page: examples, parameters, read-only refusal and write mode, readable errors, the result
as a table, a graph and downloads; every example runs on the sample and on Neo4j's parser."""
from __future__ import annotations

import json
import time

import pytest

from webapp import results, viz
from webapp.config import DEFAULT_QUERY_TIMEOUT, read_settings
from webapp.examples import EXAMPLES
from webapp.pages.query import DEFAULT_LIMIT, parse_params
from tests.graph.test_neo4j_cypher import lint  # noqa: F401  (fixture reused)
from tests.webapp.conftest import graph_data, page, texts

BOTH_ENGINES = True  # app_env on FalkorDB and on Neo4j (tests/webapp/conftest.py)


@pytest.fixture
def at(app_env):
    return page("query").run()


def run(at, cypher: str | None = None, params: str | None = None):
    if cypher is not None:
        at.text_area(key="query.cypher").input(cypher)
    if params is not None:
        at.text_area(key="query.params").input(params)
    at.button(key="query.run").click()
    return at.run()


def test_first_example_gives_a_table_and_downloads(at):
    at = run(at)
    assert not at.exception and not at.error
    frame = at.dataframe[0].value
    assert list(frame.columns) == ["state", "treaty", "statements", "modalities", "first_date"]
    pairs = set(zip(frame["state"], frame["treaty"]))
    assert ("United States", "INF Treaty") in pairs
    # The sample says Moscow was *not* withdrawing from New START: not a withdrawal.
    assert ("Russia", "New START") not in pairs
    assert all("asserted" in str(m) for m in frame["modalities"])
    assert f"{len(frame)} rows in" in texts(at)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download JSON"]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["title"] for e in EXAMPLES])
def test_every_example_returns_rows_on_the_sample(at, example):
    at.selectbox(key="query.example").select(example["title"]).run()
    assert at.text_area(key="query.cypher").value == example["cypher"]
    assert json.loads(at.text_area(key="query.params").value) == example["params"]
    at = run(at)
    assert not at.error, at.error[0].value if at.error else ""
    assert len(at.dataframe[0].value) >= 1


def _open_tab(at) -> str:
    """The label of the tab a result opens on."""
    def blocks(node):
        proto = getattr(node, "proto", None)
        if type(node).__name__ == "Block" and proto is not None and proto.WhichOneof("type") == "tab_container":
            yield node
        for child in getattr(node, "children", {}).values():
            yield from blocks(child)
    container = next(blocks(at._tree))
    labels = [t.label for t in at.tabs]
    return labels[container.proto.tab_container.default_tab_index]


def test_path_example_is_drawn_as_a_graph(at):
    at.selectbox(key="query.example").select("Shortest path between Japan and Russia").run()
    at = run(at)
    data = graph_data(at)
    ids = [n["id"] for n in data["nodes"]]
    assert "japan" in ids and "russia" in ids
    assert len(data["relationships"]) == at.dataframe[0].value["hops"][0]
    # A path opens on the Graph tab, laid out and fitted (not blank until "zoom to fit").
    assert _open_tab(at) == "Graph"
    assert all(n.get("x") is not None and n.get("y") is not None for n in data["nodes"])
    assert data["options"]["zoom"] == 1.0


def test_scalar_results_open_on_the_table(at):
    at = run(at)  # the first example: names and counts
    assert [t.label for t in at.tabs] == ["Table"] or _open_tab(at) == "Table"


def test_writing_is_refused_unless_write_mode(at, app_env):
    at = run(at, "CREATE (:Scratch {name: $name})", '{"name": "probe"}')
    assert "read-only query refused" in at.error[0].value
    # Said to the user, not the developer: the switch to use, no Python argument.
    assert "Write mode" in at.error[0].value and "read_only=" not in at.error[0].value
    at.toggle(key="query.write").set_value(True).run()
    assert any("Write mode is on" in w.value for w in at.warning)
    at = run(at)
    assert not at.error
    assert app_env.store.run("MATCH (n:Scratch) RETURN n.name AS name")[0]["name"] == "probe"
    assert [s.value for s in at.success] == ["The query created 1 node, set 1 property, added 1 label."]
    at = run(at, "MATCH (n:Scratch) SET n.seen = true, n.kind = 'probe'", "{}")
    assert [s.value for s in at.success] == ["The query set 2 properties."]
    at = run(at, "MATCH (n:Scratch) WHERE n.name = 'nobody' DELETE n", "{}")
    assert [s.value for s in at.success] == ["The query changed nothing."]
    at = run(at, "MATCH (n:Scratch) DELETE n", "{}")
    assert not at.error and not app_env.store.run("MATCH (n:Scratch) RETURN n")
    assert [s.value for s in at.success] == ["The query deleted 1 node."]


@pytest.mark.parametrize("write", [False, True])
def test_several_statements_are_refused_in_either_mode(at, app_env, write):
    before = app_env.store.run("MATCH (n) RETURN count(n) AS n")
    at.toggle(key="query.write").set_value(write).run()
    at = run(at, "MATCH (n:Entity) RETURN n.name AS name; MATCH (n) DETACH DELETE n", "{}")
    error = at.error[0].value
    assert error.startswith("one statement at a time: ") and "\n" not in error
    assert not at.dataframe
    assert app_env.store.run("MATCH (n) RETURN count(n) AS n") == before


def test_writing_procedures_are_refused_and_change_nothing(at, app_env):
    indexes = {"falkordb": "CALL db.indexes() YIELD label, properties, types RETURN label, properties, types "
                           "ORDER BY label",
               "neo4j": "SHOW INDEXES YIELD name, labelsOrTypes, properties RETURN * ORDER BY name"}[app_env.store.engine]
    before = app_env.store.run(indexes)
    at = run(at, "CALL db.idx.fulltext.createNodeIndex('Entity', 'name')", "{}")
    error = at.error[0].value
    assert error.startswith("read-only query refused: it calls the procedure db.idx.fulltext.createNodeIndex")
    assert app_env.store.run(indexes) == before
    at = run(at, "CALL db.labels() YIELD label RETURN label ORDER BY label", "{}")
    assert not at.error and "State" in set(at.dataframe[0].value["label"])


def test_runaway_paths_are_cut_off_with_a_readable_message(at, app_env, monkeypatch):
    """A clique makes unbounded paths explode; the page's timeout (KG_QUERY_TIMEOUT) stops the query."""
    store = app_env.store
    store.run("UNWIND range(1, 12) AS i CREATE (:Loop {i: i})", read_only=False)
    store.run("MATCH (a:Loop), (b:Loop) WHERE a.i < b.i CREATE (a)-[:LINK]->(b)", read_only=False)
    monkeypatch.setenv("KG_QUERY_TIMEOUT", "0.5")
    try:
        started = time.perf_counter()
        at = run(at, "MATCH p = (:Loop)-[*]-() RETURN p", "{}")
        assert time.perf_counter() - started < 10
    finally:
        store.run("MATCH (n:Loop) DETACH DELETE n", read_only=False)
    if store.engine == "neo4j" and not at.error:
        # Neo4j streams paths as it finds them: the page's row limit is reached before the timeout
        assert len(at.dataframe[0].value) == DEFAULT_LIMIT and "more rows not shown" in texts(at)
        return
    assert at.error[0].value == ("query timed out after 0.5 s; bound variable-length paths, e.g. [*..4], "
                                 "or add LIMIT")
    assert not at.dataframe


@pytest.mark.parametrize("value, seconds", [("2.5", 2.5), (None, DEFAULT_QUERY_TIMEOUT), ("soon", DEFAULT_QUERY_TIMEOUT),
                                            ("-1", DEFAULT_QUERY_TIMEOUT), ("nan", DEFAULT_QUERY_TIMEOUT)])
def test_query_timeout_setting(value, seconds):
    env = {"KG_SAMPLE_DIR": "none"} | ({"KG_QUERY_TIMEOUT": value} if value is not None else {})
    assert read_settings(env).query_timeout == seconds


@pytest.mark.parametrize("params, message", [
    ('{"name": ', "Parameters are not valid JSON"),
    ('["Russia"]', "Parameters must be a JSON object"),
])
def test_bad_parameters_are_explained(at, params, message):
    at = run(at, "MATCH (n:Entity {name: $name}) RETURN n.name", params)
    assert message in at.error[0].value


def test_syntax_errors_are_one_readable_line(at):
    at = run(at, "MATCH (n:Entity RETURN n", "{}")
    error = at.error[0].value
    assert error.startswith("Cypher syntax error at line 1") and "\n" not in error


def test_row_limit_says_when_rows_were_cut(at):
    at.number_input(key="query.limit").set_value(3)
    at = run(at, "MATCH (n:Entity) RETURN n.name AS name ORDER BY name", "{}")
    assert len(at.dataframe[0].value) == 3
    assert "more rows not shown" in texts(at)


def test_parse_params():
    assert parse_params("") == {} and parse_params(' {"a": [1, 2]} ') == {"a": [1, 2]}
    with pytest.raises(ValueError, match="line 1, column"):
        parse_params("{'a': 1}")


def test_csv_and_json_keep_nested_values():
    rows = [{"n": {"_labels": ["Entity", "State"], "id": "russia", "name": "Russia"}, "k": 2, "none": None}]
    csv_text = results.to_csv(["n", "k", "none"], rows)
    assert csv_text.splitlines()[0] == "n,k,none"
    assert '"{""_labels"":[""Entity"",""State""],""id"":""russia"",""name"":""Russia""}",2,' in csv_text
    assert json.loads(results.to_json(rows)) == rows
    frame = results.table(["n", "k"], rows)
    assert frame["n"][0].startswith('{"_labels"')


def test_result_view_collects_nodes_relationships_and_paths():
    a = {"_labels": ["Entity", "State"], "id": "a", "name": "A", "type": "State"}
    b = {"_labels": ["Entity", "Treaty"], "id": "b", "name": "B", "type": "Treaty"}
    rel = {"_type": "WITHDRAWS_FROM", "_start": "a", "_end": "b", "count": 4}
    dangling = {"_type": "SUPPORTS", "_start": "a", "_end": "zzz"}
    view = viz.result_view([{"p": {"nodes": [a, b], "relationships": [rel]}, "r": dangling, "x": 1}])
    ids = {n.id for n in view.nodes}
    assert ids == {"a", "b", "zzz"}
    assert {r.caption for r in view.relationships} == {"WITHDRAWS_FROM", "SUPPORTS"}
    assert viz.result_view([{"name": "A", "n": 3}]) is None


def test_examples_are_valid_neo4j_cypher(lint):
    """The examples must run on Neo4j too (Neo4j's own parser, offline; skipped without node)."""
    found = lint([e["cypher"] for e in EXAMPLES])
    errors = {q: [d for d in diags if d["severity"] == 1] for q, diags in found.items()}
    assert not any(errors.values()), errors


def test_a_query_too_deep_to_parse_is_refused_in_one_line(at):
    at = run(at, "RETURN " + "(" * 26 + "1" + ")" * 26, "{}")
    error = at.error[0].value
    assert error.startswith("query refused: it nests 26 levels deep") and "\n" not in error


def test_a_refused_detach_delete_is_named_whole(at):
    at = run(at, "MATCH (n:Scratch) DETACH DELETE n", "{}")
    assert "writing clause DETACH DELETE" in at.error[0].value
