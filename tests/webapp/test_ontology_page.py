"""Ontology page: classes and predicates with counts, editing forms (recorded, carried into the
graph, refused with a reason), validation, history and undo."""
from __future__ import annotations

import pytest

from graph.edits import statement_counts
from ontology.workspace import Workspace
from webapp import ontology_forms
from tests.webapp.conftest import page, texts, unescape

BOTH_ENGINES = True  # app_env on FalkorDB and on Neo4j (tests/webapp/conftest.py)


@pytest.fixture
def at(app_env):
    return page("ontology").run()


def operation(at, name: str):
    at.selectbox(key="ontology.operation").select(name).run()
    return at


def submit(at, label: str):
    at.button[[b.label for b in at.button].index(label)].click()
    return at.run()


def history(app_env) -> list[dict]:
    return Workspace(app_env.env["KG_ONTOLOGY_DIR"]).history.entries()


def test_browse_shows_definitions_and_counts(at, app_env, ontology):
    assert not at.exception
    classes, predicates = at.dataframe[0].value, at.dataframe[1].value
    assert set(classes["class"]) == set(ontology.classes)
    assert set(predicates["predicate"]) == set(ontology.predicates)
    counts = statement_counts(app_env.store)
    row = predicates[predicates["predicate"] == "withdraws_from"].iloc[0]
    assert row["statements"] == counts["withdraws_from"] > 0
    assert row["definition"] == ontology.predicates["withdraws_from"].comment
    states = classes[classes["class"] == "State"].iloc[0]
    assert states["entities"] > 10
    at.selectbox(key="ontology.detail").select("withdraws_from").run()
    assert "verb triggers:" in texts(at)


def test_every_operation_has_a_form(at):
    for name in ontology_forms.FORMS:
        operation(at, name)
        assert not at.exception, name


def test_add_predicate_is_recorded_and_undone(at, app_env):
    operation(at, "Add a predicate")
    at.text_input(key="add_predicate.name").input("mediates_for")
    at.text_input(key="add_predicate.label").input("mediates for")
    at.multiselect(key="add_predicate.domain").select("State")
    at.multiselect(key="add_predicate.range").select("State")
    at.text_area(key="add_predicate.triggers").input("verb: mediate for\nnoun: mediation")
    at = submit(at, "Add the predicate")
    assert not at.exception
    assert at.success[0].value == "#1 predicate mediates_for added (2 triggers)"
    assert [e["op"] for e in history(app_env)] == ["add-predicate"]
    assert "mediates_for" in set(at.dataframe[1].value["predicate"])
    at.button(key="ontology.undo").click().run()
    assert at.success[0].value == "#2 undid #1: predicate mediates_for added (2 triggers)"
    assert "mediates_for" not in set(at.dataframe[1].value["predicate"])


def test_refused_edit_shows_the_reason_and_records_nothing(at, app_env):
    before = len(history(app_env))
    operation(at, "Add a class")
    at.text_input(key="add_class.name").input("not a class")
    at = submit(at, "Add the class")
    assert at.error[0].value.startswith("Refused: ")
    assert len(history(app_env)) == before
    operation(at, "Delete a class or predicate")
    at.selectbox(key="delete.name").select("withdraws_from")
    at = submit(at, "Delete")
    assert "in use" in at.error[0].value and "statements use it" in at.error[0].value
    assert len(history(app_env)) == before


def test_alias_edit_reaches_the_graph_and_undo_takes_it_back(at, app_env):
    operation(at, "Entity aliases (add, remove, split)")
    at.text_input(key="alias.entity").input("Russia")
    at.text_input(key="alias.alias").input("Rossiya")
    at = submit(at, "Apply")
    assert not at.exception and not at.error, [e.value for e in at.error]
    aliases = app_env.store.run("MATCH (n:Entity {id: 'russia'}) RETURN n.aliases AS a")[0]["a"]
    assert "Rossiya" in aliases
    at.button(key="ontology.undo").click().run()
    aliases = app_env.store.run("MATCH (n:Entity {id: 'russia'}) RETURN n.aliases AS a")[0]["a"]
    assert "Rossiya" not in aliases


def test_rename_predicate_moves_the_statements(at, app_env):
    counts = statement_counts(app_env.store)
    operation(at, "Rename a class or predicate")
    at.selectbox(key="rename.old").select("sanctions")
    at.text_input(key="rename.new").input("imposes_sanctions_on")
    at = submit(at, "Rename")
    assert not at.error, at.error
    after = statement_counts(app_env.store)
    assert after.get("imposes_sanctions_on") == counts["sanctions"] and "sanctions" not in after
    assert app_env.store.run("MATCH ()-[r:IMPOSES_SANCTIONS_ON]->() RETURN count(r) AS n")[0]["n"] > 0
    at.button(key="ontology.undo").click().run()
    assert statement_counts(app_env.store) == counts


def test_validation_reports_domain_and_range(at):
    at.button(key="ontology.validate").click().run()
    assert not at.exception
    shown = texts(at)
    assert "violation(s) of domain or range" in shown or "No problems" in shown


def test_history_lists_the_edits(at, app_env):
    entries = history(app_env)
    frame = at.dataframe[-1].value
    assert list(frame["n"]) == sorted((e["n"] for e in entries), reverse=True)
    assert frame["undone"].any()


def test_export_offers_turtle_and_rdf_xml(at):
    operation(at, "Export as OWL")
    assert [b.label for b in at.get("download_button")] == ["Download Turtle", "Download RDF/XML"]


def test_parse_triggers():
    assert ontology_forms.parse_triggers("verb: pull out of\nnoun: withdrawal, quit") == [
        ("verb", "pull out of"), ("noun", "withdrawal"), ("verb", "quit")]


def add_predicate(at, name: str, triggers: str, again: bool, domain=("Person", "State"),
                  range_=("State", "Location", "GovernmentBody")):
    operation(at, "Add a predicate")
    at.text_input(key="add_predicate.name").input(name)
    for cls in domain:
        at.multiselect(key="add_predicate.domain").select(cls)
    for cls in range_:
        at.multiselect(key="add_predicate.range").select(cls)
    at.text_area(key="add_predicate.triggers").input(triggers)
    if again:
        at.checkbox(key="add_predicate.reextract").check()
    return submit(at, "Add the predicate")


def test_an_added_predicate_says_what_it_found(at, app_env):
    """Extracted again: the count of its statements and example sentences, as stored."""
    from graph.views import predicate_yield

    at = add_predicate(at, "urges", "verb: urge", again=True)
    assert not at.exception and not at.error, [e.value for e in at.error]
    found = predicate_yield(app_env.store, "urges", examples=3)
    assert found.statements > 0
    shown = unescape(texts(at))
    assert f"urges has produced {found.statements} statement" in shown
    assert all(row["sentence"] in shown for row in found.examples) and found.examples
    at.button(key="ontology.undo").click().run()


def test_an_added_predicate_without_statements_says_why(at, app_env):
    at = add_predicate(at, "visits_often", "verb: visit", again=False)
    assert not at.exception and not at.error, [e.value for e in at.error]
    note = next(i.value for i in at.info if i.value.startswith("No statements use visits_often yet"))
    assert "were not extracted again" in note
    at.button(key="ontology.reextract_added").click().run()
    assert not at.exception
    shown = unescape(texts(at))
    from graph.views import predicate_yield

    found = predicate_yield(app_env.store, "visits_often")
    if found.statements:
        assert f"visits_often has produced {found.statements} statement" in shown
    else:
        assert "no sentence of the stored documents has one of its triggers (“visit”)" in shown
    at.button(key="ontology.undo").click().run()
