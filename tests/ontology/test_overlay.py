"""Core + overlay: load -> edit -> save -> load gives the same graph, and core upgrades are safe."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from ontology import edits
from ontology.errors import EditRefused
from ontology.model import CORE_PATH, ontology_from_graph
from ontology.namespace import TKG
from ontology.overlay import effective, overlay_of, terms
from ontology.workspace import OVERLAY, Workspace


def _save_and_reload(workspace: Workspace, draft) -> Graph:
    workspace.write(workspace.render(draft))
    return workspace.draft().graph


def test_no_edits_no_files(workspace, draft):
    assert workspace.render(draft) == {"overlay.ttl": None, "entities.jsonl": None}
    assert isomorphic(draft.graph, Graph().parse(CORE_PATH))


def test_each_kind_of_edit_round_trips(workspace, draft):
    steps = [
        lambda d: edits.add_class(d, "MilitaryAlliance", parent="InternationalOrganization",
                                  comment="A defence pact", definite_heads=["pact"]),
        lambda d: edits.add_predicate(d, "recognizes", domain=["State"], range=["State", "Location"],
                                      triggers=[("verb", "recognize"), ("noun", "recognition of")], cameo="057"),
        lambda d: edits.add_predicate(d, "withdraws_from", update=True, triggers=[("verb", "bow out of")],
                                      remove_triggers=["ditch"], label="quits"),
        lambda d: edits.rename(d, "recognizes", "recognises"),
        lambda d: edits.rename(d, "supports", "backs"),
        lambda d: edits.delete(d, "extends", migrate_to="signs"),
        lambda d: edits.delete(d, "TreatyOrEvent", migrate_to="Treaty"),
        lambda d: edits.add_class(d, "State", update=True, label="Sovereign state"),
        lambda d: edits.delete(d, "MilitaryAlliance"),
        lambda d: edits.rename(d, "backs", "supports"),  # back to the core name
    ]
    for step in steps:
        draft = step(draft).draft
        reloaded = _save_and_reload(workspace, draft)
        assert isomorphic(reloaded, draft.graph)
    # What the steps did is visible in the typed view.
    onto = ontology_from_graph(draft.graph)
    assert "recognises" in onto.predicates and "recognizes" not in onto.predicates
    assert "extends" not in onto.predicates and "supports" in onto.predicates
    assert onto.predicates["suspends"].range == {"Treaty"}
    assert onto.classes["State"].label == "Sovereign state"
    assert "bow out of" in {t.text for t in onto.predicates["withdraws_from"].triggers}
    assert "ditch" not in {t.text for t in onto.predicates["withdraws_from"].triggers}


def test_overlay_only_holds_touched_terms(workspace, draft):
    draft = edits.rename(draft, "withdraws_from", "leaves").draft
    overlay = Graph().parse(data=workspace.render(draft)[OVERLAY], format="turtle")
    # The rename is a marker plus the renamed term; predicates are not copied for the reference.
    assert set(terms(overlay)) == {TKG.withdraws_from, TKG.leaves}
    assert (TKG.withdraws_from, TKG.replacedBy, TKG.leaves) in overlay


def test_core_upgrade_reaches_untouched_terms_and_keeps_edits(tmp_path):
    core_v1 = Graph().parse(CORE_PATH)
    folder = tmp_path / "ontology"
    core_file = tmp_path / "core.ttl"
    core_file.write_text(core_v1.serialize(format="turtle"))
    ws = Workspace(folder, core_path=core_file)
    draft = edits.add_predicate(ws.draft(), "signs", update=True, label="concludes").draft
    draft = edits.rename(draft, "Place", "Whereabouts").draft
    ws.write(ws.render(draft))
    # The core is upgraded: a new trigger on an untouched predicate, a new predicate using a
    # class the user renamed, and a change to a predicate the user edited.
    upgraded = Graph().parse(core_file)
    upgraded.add((TKG.violates, TKG.verbTrigger, Literal("transgress")))
    upgraded.add((TKG.blockades, RDF.type, OWL.ObjectProperty))
    upgraded.add((TKG.blockades, RDFS.domain, TKG.State))
    upgraded.add((TKG.blockades, RDFS.range, TKG.Place))
    upgraded.add((TKG.signs, RDFS.comment, Literal("changed upstream")))
    core_file.write_text(upgraded.serialize(format="turtle"))
    onto = Workspace(folder, core_path=core_file).ontology()
    assert "transgress" in {t.text for t in onto.predicates["violates"].triggers}
    assert onto.predicates["signs"].label == "concludes"  # the user's version of the term wins
    # The upgraded core's reference to the renamed (union) class follows the rename.
    assert onto.predicates["blockades"].range == {"Location", "State"}
    graph = Workspace(folder, core_path=core_file).draft().graph
    assert (TKG.blockades, RDFS.range, TKG.Whereabouts) in graph
    assert (TKG.Place, None, None) not in graph and (TKG.Whereabouts, OWL.unionOf, None) in graph


def test_overlay_of_effective_is_identity():
    core = Graph().parse(CORE_PATH)
    assert len(overlay_of(core, effective(core, None), {})) == 0


# ----------------------------------------------------------------------------- random edit sequences

CLASSES = ["MilitaryAlliance", "Pact", "Region"]
PREDICATES = ["recognizes", "ratifies", "blockades"]
ops = st.lists(st.tuples(
    st.sampled_from(["add_class", "add_predicate", "rename", "delete", "migrate", "update"]),
    st.integers(0, 50), st.integers(0, 50)), min_size=1, max_size=8)


def _apply(draft, op, a, b):
    onto_classes = sorted(c for c in ontology_from_graph(draft.graph).classes)
    preds = sorted(ontology_from_graph(draft.graph).predicates)
    if op == "add_class":
        return edits.add_class(draft, CLASSES[a % 3], parent=onto_classes[b % len(onto_classes)]).draft
    if op == "add_predicate":
        return edits.add_predicate(draft, PREDICATES[a % 3], domain=[onto_classes[a % len(onto_classes)]],
                                   range=[onto_classes[b % len(onto_classes)], "Treaty"],
                                   triggers=[("verb", "ratify")], symmetric=bool(b % 2)).draft
    if op == "rename":
        old = (preds + onto_classes)[a % (len(preds) + len(onto_classes))]
        new = (PREDICATES if old in preds else CLASSES)[b % 3] + ("x" if old in preds else "X")
        return edits.rename(draft, old, new).draft
    if op == "delete":
        return edits.delete(draft, (preds + onto_classes)[a % (len(preds) + len(onto_classes))]).draft
    if op == "migrate":
        return edits.delete(draft, preds[a % len(preds)], migrate_to=preds[b % len(preds)]).draft
    return edits.add_predicate(draft, preds[a % len(preds)], update=True, comment=f"comment {b}",
                               triggers=[("noun", f"word{b} of")]).draft


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops)
def test_random_edit_sequences_round_trip(tmp_path_factory, sequence):
    folder = tmp_path_factory.mktemp("ws")
    core = folder / "core.ttl"  # a copy: the run must not see edits made to the core meanwhile
    core.write_bytes(CORE_PATH.read_bytes())
    workspace = Workspace(folder / "ontology", core_path=core)
    draft = workspace.draft()
    for op, a, b in sequence:
        try:
            draft = _apply(draft, op, a, b)
        except EditRefused:
            continue
        reloaded = workspace.draft(workspace.render(draft))
        assert isomorphic(reloaded.graph, draft.graph), (op, a, b)
        assert edits.problems(draft.graph) == []
