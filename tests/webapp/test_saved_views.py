"""Saved views: saved from the Query page with their parameters, kept in the workspace's
views.json (read again by a new session), drawn on Explore with parameters filled in, refused
when they would write, deleted; a damaged file is reported and left as it is."""
from __future__ import annotations

import json

import pytest

from webapp import saved_views
from tests.webapp.conftest import graph_data, page, texts

QUERY = "MATCH (s:Entity)-[r:WITHDRAWS_FROM]->(t:Entity {name: $treaty}) RETURN s, r, t"


@pytest.fixture
def views_file(app_env):
    path = saved_views.path_in(app_env.folder / "ontology")
    path.unlink(missing_ok=True)
    yield path
    path.unlink(missing_ok=True)


def save(at, name: str, cypher: str, params: str):
    at.text_area(key="query.cypher").input(cypher)
    at.text_area(key="query.params").input(params)
    at.text_input(key="query.view_name").input(name)
    at.button[[b.label for b in at.button].index("Save as view")].click()
    return at.run()


def withdrawn_from(store, treaty: str) -> set[str]:
    rows = store.run("MATCH (s:Entity)-[:WITHDRAWS_FROM]->(t:Entity {name: $t}) RETURN s.id AS s, t.id AS t",
                     {"t": treaty})
    return {r["s"] for r in rows} | {r["t"] for r in rows}


def test_save_on_query_then_draw_on_explore_then_delete(app_env, views_file):
    at = save(page("query").run(), "Who left a treaty", QUERY, '{"treaty": "INF Treaty"}')
    assert not at.error and "Saved the view “Who left a treaty”" in at.success[0].value
    stored = json.loads(views_file.read_text())["views"]
    assert stored == [{"name": "Who left a treaty", "cypher": QUERY, "params": {"treaty": "INF Treaty"}}]

    at = page("explore").run()  # a new session: the view comes from the file
    assert not at.exception
    assert at.selectbox(key="explore.saved_view").value == "Who left a treaty"
    box = at.text_input(key="explore.view_param.Who left a treaty.treaty")
    assert box.value == "INF Treaty"
    at.button(key="explore.saved_draw").click().run()
    expected = withdrawn_from(app_env.store, "INF Treaty")
    assert len(expected) >= 2 and {n["id"] for n in graph_data(at)["nodes"]} == expected
    assert f"View “Who left a treaty”: {len(expected)} entities returned" in texts(at)

    other = withdrawn_from(app_env.store, "Open Skies Treaty")
    at.text_input(key="explore.view_param.Who left a treaty.treaty").input("Open Skies Treaty").run()
    at.button(key="explore.saved_draw").click().run()
    assert {n["id"] for n in graph_data(at)["nodes"]} == other != expected

    at.button(key="explore.saved_delete").click().run()
    assert not at.exception
    assert json.loads(views_file.read_text())["views"] == []
    assert "No saved view yet" in texts(at)


def test_views_that_write_or_clash_are_refused_and_nothing_is_lost(app_env, views_file):
    at = save(page("query").run(), "Countries", "MATCH (e:State) RETURN e", "{}")
    assert at.success
    before = views_file.read_text()
    at = save(at, "Wipe", "MATCH (n) DETACH DELETE n", "{}")
    assert at.error[0].value.startswith("A view only reads, and this query does not: it contains the writing "
                                        "clause DETACH DELETE")
    at = save(at, "countries", "MATCH (e:Treaty) RETURN e", "{}")
    assert at.error[0].value == ("A view called “countries” exists already: delete it first or choose another "
                                 "name.")
    at = save(at, "  ", "MATCH (e:Treaty) RETURN e", "{}")
    assert at.error[0].value == "Give the view a name."
    assert views_file.read_text() == before


def test_a_view_that_fails_says_why(app_env, views_file):
    views_file.parent.mkdir(parents=True, exist_ok=True)
    views_file.write_text(json.dumps({"version": 1, "views": [
        {"name": "Broken", "cypher": "MATCH (e:Entity) RETURN e.name / 0 AS x, $missing", "params": {}}]}))
    at = page("explore").run()
    at.text_input(key="explore.view_param.Broken.missing").input("").run()
    at.button(key="explore.saved_draw").click().run()
    assert at.error and at.error[0].value.startswith("The view “Broken” cannot run: ")


def test_a_damaged_views_file_is_reported_and_kept(app_env, views_file):
    views_file.parent.mkdir(parents=True, exist_ok=True)
    views_file.write_text("{not json")
    at = page("explore").run()
    assert not at.exception
    assert at.error[0].value.startswith(f"{views_file}: the saved views cannot be read")
    at = save(page("query").run(), "New", "MATCH (e:State) RETURN e", "{}")
    assert at.error and views_file.read_text() == "{not json"


def test_parameters_and_entities_of_rows():
    view = saved_views.SavedView("v", "MATCH (a {name: $name}) WHERE a.x = '$not' RETURN a, $limit, $name", {})
    assert view.parameters == ["name", "limit"]
    assert saved_views.parse_value("Russia") == "Russia" and saved_views.parse_value("3") == 3
    for value in ("Russia", "3", 3, ["a"], True):
        assert saved_views.parse_value(saved_views.show_value(value)) == value
    rows = [{"n": {"_labels": ["Entity"], "id": "a"}, "r": {"_type": "X", "_start": "b", "_end": "c"}},
            {"p": {"nodes": [{"_labels": ["Entity"], "id": "d"}], "relationships": []}, "s": "e", "z": "nope"}]
    assert saved_views.entity_ids(rows, {"a", "b", "c", "d", "e", "f"}) == ["a", "b", "c", "d", "e"]
