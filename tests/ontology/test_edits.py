"""Class and predicate edits: what they do, and every refusal with its one-line reason."""
from __future__ import annotations

import pytest
from rdflib.namespace import RDFS

from ontology import edits
from ontology import terms as t
from ontology.edits import Usage
from ontology.errors import EditRefused
from ontology.model import ontology_from_graph
from ontology.namespace import TKG


def refused(match: str, fn, *args, **kwargs) -> str:
    with pytest.raises(EditRefused, match=match) as err:
        fn(*args, **kwargs)
    message = str(err.value)
    assert "\n" not in message
    return message


# ----------------------------------------------------------------------------- refusals

@pytest.mark.parametrize("name, reason", [
    ("militaryAlliance", "UpperCamelCase"),
    ("Military_Alliance", "UpperCamelCase"),
    ("Military Alliance", "UpperCamelCase"),
    ("X" * 65, "UpperCamelCase"),
    ("Match", "Cypher keyword"),
    ("Return", "Cypher keyword"),
    ("Document", "graph already uses it"),
    ("State", "duplicate name 'State'"),
    ("MemberLike", "duplicate name"),
])
def test_bad_class_names(draft, name, reason):
    refused(reason, edits.add_class, draft, name)


@pytest.mark.parametrize("name, reason", [
    ("Recognizes", "snake_case"),
    ("recognizes-de-jure", "snake_case"),
    ("1st_recognizes", "snake_case"),
    ("match", "Cypher keyword"),
    ("merge", "Cypher keyword"),
    ("subject", "graph already uses it"),
    ("from", "Cypher keyword"),
    ("signs", "duplicate name 'signs'"),
    ("verbTrigger", "snake_case"),
])
def test_bad_predicate_names(draft, name, reason):
    refused(reason, edits.add_predicate, draft, name, domain=["State"], range=["State"])


def test_unknown_domain_range_parent_and_inverse(draft):
    refused("unknown domain class 'Country'", edits.add_predicate, draft, "recognizes",
            domain=["Country"], range=["State"])
    refused("unknown range class 'recognises'", edits.add_predicate, draft, "recognizes",
            domain=["State"], range=["recognises"])
    refused("unknown range class 'signs'", edits.add_predicate, draft, "recognizes",
            domain=["State"], range=["signs"])
    refused("needs a domain and a range", edits.add_predicate, draft, "recognizes", domain=["State"])
    refused("unknown parent class 'Nation'", edits.add_class, draft, "Microstate", parent="Nation")
    refused("unknown parent class 'MemberLike'", edits.add_class, draft, "Microstate", parent="MemberLike")
    refused("unknown inverse predicate 'recognized_by'", edits.add_predicate, draft, "recognizes",
            domain=["State"], range=["State"], inverse="recognized_by")


def test_bad_triggers_and_codes(draft):
    base = dict(domain=["State"], range=["State"])
    refused("unknown trigger kind 'adverbial'", edits.add_predicate, draft, "recognizes",
            triggers=[("adverbial", "openly")], **base)
    refused("invalid verb trigger ''", edits.add_predicate, draft, "recognizes", triggers=[("verb", "  ")], **base)
    refused("invalid verb trigger", edits.add_predicate, draft, "recognizes", triggers=[("verb", "recognize;")],
            **base)
    refused("invalid CAMEO code", edits.add_predicate, draft, "recognizes", cameo="05a", **base)
    refused("invalid PLOVER", edits.add_predicate, draft, "recognizes", plover="agree", **base)
    refused("has no trigger 'sign off'", edits.add_predicate, draft, "signs", update=True,
            remove_triggers=["sign off"])


def test_update_needs_an_existing_term_of_that_kind(draft):
    refused("unknown predicate 'recognizes'", edits.add_predicate, draft, "recognizes", update=True, label="x")
    refused("unknown class 'signs'", edits.add_class, draft, "signs", update=True, label="x")
    refused("cannot be the parent of Actor", edits.add_class, draft, "Actor", update=True, parent="State")
    refused("State cannot be abstract", edits.add_class, draft, "State", update=True, abstract=True)
    refused("MemberLike is a union of classes and has no parent", edits.add_class, draft, "MemberLike",
            update=True, parent="Actor")
    alliance = edits.add_class(draft, "MilitaryAlliance", parent="InternationalOrganization").draft
    refused("MilitaryAlliance cannot be abstract: entities have this type", edits.add_class, alliance,
            "MilitaryAlliance", update=True, abstract=True, usage=Usage(entity_types={"MilitaryAlliance": 2}))


def test_rename_refusals(draft):
    refused("no class or predicate named 'recognizes'", edits.rename, draft, "recognizes", "recognises")
    refused("duplicate name 'opposes'", edits.rename, draft, "supports", "opposes")
    refused("snake_case", edits.rename, draft, "supports", "Supports")
    refused("UpperCamelCase", edits.rename, draft, "MemberLike", "member_like")
    refused("built in", edits.rename, draft, "State", "Country")
    refused("Cypher keyword", edits.rename, draft, "supports", "with")


def test_delete_in_use_needs_a_migration_target(draft):
    refused(r"class MemberLike is in use by member_of, party_to; give --migrate-to CLASS",
            edits.delete, draft, "MemberLike")
    with_class = edits.add_class(draft, "MilitaryAlliance", parent="InternationalOrganization").draft
    refused(r"is in use: 3 entities have this type", edits.delete, with_class, "MilitaryAlliance",
            Usage(entity_types={"MilitaryAlliance": 3}))
    sub = edits.add_class(with_class, "NuclearAlliance", parent="MilitaryAlliance").draft
    refused("in use by NuclearAlliance", edits.delete, sub, "MilitaryAlliance")
    refused(r"predicate signs is in use: 7 statements use it; give --migrate-to PREDICATE",
            edits.delete, draft, "signs", Usage(statements={"signs": 7}))
    inverse = edits.add_predicate(draft, "signed_by", domain=["Treaty"], range=["Actor"], inverse="signs").draft
    refused("in use by signed_by", edits.delete, inverse, "signs")
    refused("built in", edits.delete, draft, "Person", migrate_to="Organization")
    refused("unknown predicate 'signz' to migrate to", edits.delete, draft, "signs", migrate_to="signz")
    refused("unknown class 'signs' to migrate to", edits.delete, draft, "MemberLike", migrate_to="signs")
    refused("cannot migrate signs to itself", edits.delete, draft, "signs", migrate_to="signs")
    refused("it is a subclass of MilitaryAlliance", edits.delete, sub, "MilitaryAlliance",
            migrate_to="NuclearAlliance")
    refused("entities need a concrete class", edits.delete, with_class, "MilitaryAlliance",
            Usage(entity_types={"MilitaryAlliance": 1}), migrate_to="MemberLike")


def test_refusals_leave_the_draft_untouched(draft):
    before = set(draft.graph)
    for fn in (lambda: edits.delete(draft, "MemberLike"), lambda: edits.rename(draft, "State", "Country")):
        with pytest.raises(EditRefused):
            fn()
    assert set(draft.graph) == before


# ----------------------------------------------------------------------------- what edits do

def test_add_predicate_with_everything(draft):
    out = edits.add_predicate(
        draft, "recognizes", label="recognizes", comment="Formal recognition of a state.",
        domain=["State"], range=["State", "Location"], triggers=[("verb", "recognize"), ("noun", "recognition of")],
        cameo="057", plover="AGREE")
    pred = ontology_from_graph(out.draft.graph).predicates["recognizes"]
    assert pred.domain == {"State"} and pred.range == {"State", "Location"}
    assert {(tr.kind, tr.text) for tr in pred.triggers} == {("verb", "recognize"), ("noun", "recognition of")}
    assert pred.cameo == "057" and pred.plover == "AGREE" and pred.comment == "Formal recognition of a state."
    assert out.reextract == {"action": "reextract"} and out.store == []
    assert "recognizes" not in ontology_from_graph(draft.graph).predicates  # the input draft is untouched


def test_update_changes_only_what_is_given(draft):
    before = ontology_from_graph(draft.graph).predicates["signs"]
    out = edits.add_predicate(draft, "signs", update=True, range=["Treaty", "Policy"], symmetric=False,
                              usage=Usage(statements={"signs": 4}))
    after = ontology_from_graph(out.draft.graph).predicates["signs"]
    assert after.range == {"Treaty", "Policy"} and after.domain == before.domain
    assert after.triggers == before.triggers and after.cameo == before.cameo
    assert out.store == [] and out.reextract is None
    sym = edits.add_predicate(draft, "signs", update=True, symmetric=True, usage=Usage(statements={"signs": 4}))
    assert sym.store == [{"action": "rebuild_direct", "predicate": "signs"}]


def test_rename_carries_references_and_data(draft):
    out = edits.rename(draft, "withdraws_from", "leaves", Usage(statements={"withdraws_from": 3}))
    onto = ontology_from_graph(out.draft.graph)
    assert "leaves" in onto.predicates and onto.predicates["leaves"].label == "leaves"
    assert out.store == [{"action": "move_predicate", "from": "withdraws_from", "to": "leaves"}]
    union = edits.rename(draft, "MemberLike", "Membership").draft
    assert (TKG.member_of, RDFS.domain, TKG.Membership) in union.graph
    assert union.replaced == {TKG.MemberLike: TKG.Membership}


def test_class_rename_and_migration_retype_entities(draft):
    draft = edits.add_class(draft, "MilitaryAlliance", parent="InternationalOrganization").draft
    draft.entities.append({"name": "AUKUS", "type": "MilitaryAlliance"})
    usage = Usage(entity_types={"MilitaryAlliance": 1})
    out = edits.rename(draft, "MilitaryAlliance", "DefencePact", usage)
    assert out.draft.entities == [{"name": "AUKUS", "type": "DefencePact"}]
    assert out.store == [{"action": "set_type", "from": "MilitaryAlliance", "type": "DefencePact"}]
    gone = edits.delete(out.draft, "DefencePact", Usage(entity_types={"DefencePact": 1}),
                        migrate_to="InternationalOrganization")
    assert gone.draft.entities == [{"name": "AUKUS", "type": "InternationalOrganization"}]
    assert not t.exists(gone.draft.graph, "DefencePact")


def test_delete_with_migration_repoints_every_reference(draft):
    out = edits.delete(draft, "Place", migrate_to="Location")
    graph = out.draft.graph
    assert (TKG.deploys_to, RDFS.range, TKG.Location) in graph
    assert not t.exists(graph, "Place") and t.referrers(graph, "Place") == []
    onto = ontology_from_graph(graph)
    assert onto.predicates["annexes"].range == {"Location"}
    assert edits.problems(graph) == []


def test_builtin_classes_keep_their_names_but_take_labels(draft):
    out = edits.add_class(draft, "State", update=True, label="Sovereign state", comment="A country.")
    cls = ontology_from_graph(out.draft.graph).classes["State"]
    assert cls.label == "Sovereign state" and cls.parent == "Actor"


def test_problems_finds_dangling_references(draft):
    graph = edits.add_predicate(draft, "recognizes", domain=["State"], range=["State"]).draft.graph
    graph.remove((TKG.State, None, None))
    found = edits.problems(graph)
    assert "predicate recognizes: unknown domain class State" in found
    assert any("MemberLike: unknown class State in its union" in p for p in found)


def test_a_trigger_another_predicate_holds_is_refused_moved_or_shared(draft):
    """Giving "ratify" to a new predicate used to leave it with party_to, silently."""
    base = dict(domain=["State"], range=["Treaty"], triggers=[("verb", "ratify")])
    message = refused("already belongs to predicate party_to", edits.add_predicate, draft, "ratifies", **base)
    assert "--move-triggers" in message and "--share-triggers" in message
    moved = ontology_from_graph(edits.add_predicate(draft, "ratifies", held="move", **base).draft.graph)
    assert ("verb", "ratify") not in {(tr.kind, tr.text) for tr in moved.predicates["party_to"].triggers}
    assert ("verb", "ratify") in {(tr.kind, tr.text) for tr in moved.predicates["ratifies"].triggers}
    shared = ontology_from_graph(edits.add_predicate(draft, "ratifies", held="share", **base).draft.graph)
    for name in ("party_to", "ratifies"):
        assert "ratify" in {tr.text for tr in shared.predicates[name].triggers}
    refused("move or share", edits.add_predicate, draft, "ratifies", held="steal", **base)
