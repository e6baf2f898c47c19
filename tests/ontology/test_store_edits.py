"""Edits carried into a real graph store (FalkorDB; Neo4j too when NEO4J_URI is set), and undone."""
from __future__ import annotations

import pytest

from graph.edits import Names, apply, apply_all
from graph.errors import ValidationError
from graph.loader import Loader
from ontology import edits, entities
from ontology.edits import Usage
from ontology.model import load_ontology, ontology_from_graph
from ontology.records import Entity
from ontology.workspace import Workspace

from tests.graph import factory as f
from tests.graph.snapshot import direct, snapshot

US_GOV = Entity("us_government", "US government", "State", aliases=("American government",))


@pytest.fixture(scope="module")
def core():
    return load_ontology()


@pytest.fixture
def loaded(store, core):
    """Two articles plus one naming the United States a second way."""
    doc = f.document("news/c.txt", "third article", date="2021-03-01")
    extra = f.result(
        doc,
        f.statement(doc, US_GOV, "withdraws_from", f.OST, start=0, date="2021-03-01"),
        f.statement(doc, f.RU, "negotiates_with", US_GOV, start=40, attributed_to=US_GOV),
        f.statement(doc, f.US, "supports", f.FR, start=80),
    )
    Loader(store, core).load([f.article_a(), f.article_b(), extra])
    return store


def carry(store, before, outcome, usage=None):
    """Apply an edit's store actions as the CLI does; return the inverse."""
    after = ontology_from_graph(outcome.draft.graph)
    return apply_all(store, outcome.store, Names(after, before)).inverse, after


def usage_of(store):
    from graph.edits import entity_type_counts, statement_counts
    return Usage(entity_type_counts(store), statement_counts(store))


def test_rename_predicate_renames_relationship_types_and_undo_restores(loaded, core, tmp_path):
    store = loaded
    picture, rels = snapshot(store), direct(store)
    outcome = edits.rename(Workspace(tmp_path).draft(), "withdraws_from", "leaves", usage_of(store))
    inverse, renamed = carry(store, core, outcome)
    assert store.run("MATCH ()-[r:WITHDRAWS_FROM]->() RETURN count(r) AS n")[0]["n"] == 0
    assert store.run("MATCH (st:Statement {predicate: 'withdraws_from'}) RETURN count(st) AS n")[0]["n"] == 0
    moved = {(s, "LEAVES", o): v for (s, t, o), v in rels.items() if t == "WITHDRAWS_FROM"}
    assert {k: v for k, v in direct(store).items() if k[1] == "LEAVES"} == moved
    rows = store.run("MATCH (s)-[:LEAVES]->(t:Treaty) RETURN s.name AS s, t.name AS t ORDER BY s, t")
    assert {"s": "United States", "t": "Open Skies Treaty"} in rows
    apply(store, inverse, Names(core, renamed))
    assert snapshot(store) == picture


def test_merge_predicates_adds_up_counts(loaded, core, tmp_path):
    store = loaded
    picture = snapshot(store)
    # supports (US -> France) folds into cooperates_with, which is symmetric: stored france -> united_states.
    outcome = edits.delete(Workspace(tmp_path).draft(), "supports", usage_of(store), migrate_to="cooperates_with")
    assert outcome.store == [{"action": "move_predicate", "from": "supports", "to": "cooperates_with"}]
    inverse, merged = carry(store, core, outcome)
    rels = direct(store)
    assert ("france", "COOPERATES_WITH", "united_states") in rels
    assert ("france", "COOPERATES_WITH", "nato") in rels
    assert not [k for k in rels if k[1] == "SUPPORTS"]
    # negotiates_with into cooperates_with: the counts of both add up on one relationship.
    outcome = edits.delete(outcome.draft, "negotiates_with", usage_of(store), migrate_to="cooperates_with")
    inverse2, merged2 = carry(store, merged, outcome)
    assert direct(store)[("russia", "COOPERATES_WITH", "united_states")][0] == 2
    apply(store, inverse2, Names(merged, merged2))
    apply(store, inverse, Names(core, merged))
    assert snapshot(store) == picture


def test_merge_entities_moves_statements_and_combines_aliases(loaded, core, tmp_path):
    store = loaded
    picture, before = snapshot(store), direct(store)
    survivor = entities.Known("united_states", "United States", "State", ("US", "USA"))
    loser = entities.Known("us_government", "US government", "State", ("American government",), False)
    outcome = entities.merge(Workspace(tmp_path).draft(), survivor, loser, _base())
    inverse, _ = carry(store, core, outcome)
    assert store.run("MATCH (n:Entity {id: 'us_government'}) RETURN count(n) AS n")[0]["n"] == 0
    us = store.run("MATCH (n:Entity {id: 'united_states'}) RETURN n.aliases AS a")[0]["a"]
    assert {"US", "USA", "US government", "American government"} <= set(us)
    rels = direct(store)
    assert rels[("united_states", "WITHDRAWS_FROM", "open_skies_treaty")][0] == \
        before[("united_states", "WITHDRAWS_FROM", "open_skies_treaty")][0] + 1
    assert rels[("russia", "NEGOTIATES_WITH", "united_states")][0] == 3
    assert not [k for k in rels if "us_government" in (k[0], k[2])]
    speaker = store.run("MATCH (st:Statement {start: 40}) WHERE st.predicate = 'negotiates_with' "
                        "AND st.attributed_to IS NOT NULL RETURN st.attributed_to_id AS id, st.attributed_to AS name")
    assert speaker == [{"id": "united_states", "name": "United States"}]
    apply(store, inverse, Names(core))
    assert snapshot(store) == picture


def test_merge_into_an_entity_only_the_gazetteer_knows(loaded, core, tmp_path):
    store = loaded
    picture = snapshot(store)
    survivor = entities.Known("united_states_of_america_x", "USA X", "State", ())
    loser = entities.Known("us_government", "US government", "State", (), False)
    outcome = entities.merge(Workspace(tmp_path).draft(), survivor, loser, _base())
    inverse, _ = carry(store, core, outcome)
    node = store.run("MATCH (n:Entity:State {id: 'united_states_of_america_x'}) RETURN n.name AS name")
    assert node == [{"name": "USA X"}]
    assert store.run("MATCH (:Statement)-[:SUBJECT|OBJECT]->(n:Entity {id: 'united_states_of_america_x'}) "
                     "RETURN count(n) AS n")[0]["n"] == 2
    apply(store, inverse, Names(core))
    assert snapshot(store) == picture


def test_retype_and_aliases_with_undo(loaded, core, tmp_path):
    store = loaded
    picture = snapshot(store)
    draft = Workspace(tmp_path).draft()
    ost = entities.Known("open_skies_treaty", "Open Skies Treaty", "Treaty", ())
    out = entities.set_type(draft, ost, "Event", core.entity_types, _base())
    inverse, _ = carry(store, core, out)
    row = store.run("MATCH (n:Entity {id: 'open_skies_treaty'}) RETURN labels(n) AS l, n.type AS t")[0]
    assert sorted(row["l"]) == ["Entity", "Event"] and row["t"] == "Event"
    assert store.run("MATCH (n:Treaty {id: 'open_skies_treaty'}) RETURN count(n) AS n")[0]["n"] == 0
    apply(store, inverse, Names(core))
    nato = entities.Known("nato", "NATO", "InternationalOrganization", ("the alliance",))
    out = entities.add_alias(draft, nato, "the Atlantic pact", _base(), _base())
    inverse_alias, _ = carry(store, core, out)
    aliases = store.run("MATCH (n:Entity {id: 'nato'}) RETURN n.aliases AS a")[0]["a"]
    assert aliases == ["the alliance", "the Atlantic pact"]
    apply(store, inverse_alias, Names(core))
    assert snapshot(store) == picture


def test_a_failing_action_undoes_the_ones_before_it(loaded, core):
    picture = snapshot(loaded)
    actions = [{"action": "set_aliases", "id": "nato", "add": ["the Atlantic pact"]},
               {"action": "move_predicate", "from": "supports", "to": "opposes"},
               {"action": "set_type", "ids": ["russia"], "type": "Country"}]
    with pytest.raises(ValidationError, match="unknown entity type 'Country'"):
        apply_all(loaded, actions, Names(core))
    assert snapshot(loaded) == picture


def test_store_actions_refuse_names_outside_the_ontology(loaded, core):
    with pytest.raises(ValidationError, match="unknown predicate 'leaves'"):
        apply(loaded, {"action": "move_predicate", "from": "withdraws_from", "to": "leaves"}, Names(core))
    with pytest.raises(ValidationError, match="unknown entity type 'Country'"):
        apply(loaded, {"action": "set_type", "ids": ["russia"], "type": "Country"}, Names(core))
    with pytest.raises(ValidationError, match="unknown store action"):
        apply(loaded, {"action": "drop_everything"}, Names(core))


_BASE = []


def _base():
    """The core gazetteer, loaded once for this module."""
    if not _BASE:
        from ontology.gazetteer import load_gazetteer
        _BASE.append(load_gazetteer())
    return _BASE[0]
