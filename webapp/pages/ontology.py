"""Ontology: browse the classes and predicates with their definitions and counts, edit them (one
form per operation), validate the graph against domains and ranges, and the history with undo."""
from __future__ import annotations

import pandas as pd
import streamlit as st
from rdflib.namespace import RDFS

from graph.edits import entity_type_counts, statement_counts
from graph.errors import GraphError
from graph.views import predicate_yield
from ontology import terms as t
from ontology.errors import OntologyError
from ontology.model import TRIGGER_KINDS
from ontology.workspace import Workspace
from webapp import ontology_forms, ontology_ops, state
from webapp.messages import say, show
from webapp.text import md

VALIDATION = "ontology.validation"


def render() -> None:
    st.title("Ontology", anchor=False)
    workspace = Workspace(state.settings().ontology_dir)
    try:
        store = state.store()
    except GraphError as exc:
        store = None
        st.warning(f"No graph ({exc}): edits change the ontology only.")
    show()
    try:
        session = ontology_ops.EditSession(workspace, store)
    except OntologyError as exc:
        st.error(f"The ontology workspace cannot be read: {exc}")
        _history(workspace, store)
        return
    _added_predicate(workspace, store, session)
    browse, edit, validate, history = st.tabs(["Classes and predicates", "Edit", "Validate", "History"])
    with browse:
        _browse(session, store)
    with edit:
        _edit(workspace, store, session)
    with validate:
        _validate(workspace, store)
    with history:
        _history(workspace, store)


def _browse(session, store) -> None:
    graph, onto = session.draft.graph, session.ontology
    types = entity_type_counts(store) if store is not None else {}
    used = statement_counts(store) if store is not None else {}
    st.caption(f"Workspace `{session.workspace.folder}` over the core ontology; "
               f"{len(session.workspace.history.undoable())} edit(s) in effect.")
    classes = pd.DataFrame([{
        "class": c.name, "label": c.label, "parent": c.parent or "", "abstract": c.abstract,
        "entities": int(types.get(c.name, 0)), "definition": c.comment} for c in sorted(onto.classes.values(),
                                                                                        key=lambda c: c.name)])
    st.markdown(f"#### {len(classes)} classes")
    st.dataframe(classes, hide_index=True)
    predicates = pd.DataFrame([{
        "predicate": p.name, "label": p.label, "domain": _refs(graph, p.name, RDFS.domain),
        "range": _refs(graph, p.name, RDFS.range), "symmetric": p.symmetric, "triggers": len(p.triggers),
        "statements": int(used.get(p.name, 0)), "definition": p.comment}
        for p in sorted(onto.predicates.values(), key=lambda p: p.name)])
    st.markdown(f"#### {len(predicates)} predicates")
    st.dataframe(predicates, hide_index=True)
    name = st.selectbox("Details of a predicate", sorted(onto.predicates), index=None, key="ontology.detail",
                        placeholder="Choose a predicate to see its triggers")
    if name:
        pred = onto.predicates[name]
        st.markdown(f"**{md(pred.label)}** (`{pred.relationship_type}`): {md(pred.comment)}")
        facts = [f for f, on in (("symmetric", pred.symmetric), ("speech act", pred.speech_act),
                                 ("implies an accusation", pred.implies_accusation)) if on]
        if pred.inverse:
            facts.append(f"inverse of {pred.inverse}")
        if pred.cameo or pred.plover:
            facts.append(f"CAMEO {pred.cameo or '-'}, PLOVER {pred.plover or '-'}")
        if facts:
            st.caption(" · ".join(facts))
        for kind in TRIGGER_KINDS:
            texts = [tr.text for tr in pred.triggers if tr.kind == kind]
            if texts:
                st.markdown(f"*{kind} triggers:* " + ", ".join(md(x) for x in texts))
        if store is not None:
            _found(store, pred, reextracted=None)


def _added_predicate(workspace, store, session) -> None:
    """After a predicate was added: how many statements it produced, with examples, or why none."""
    added = st.session_state.get(ontology_forms.ADDED_PREDICATE)
    if not added or store is None or added[0] not in session.ontology.predicates:
        return
    name, reextracted = added
    with st.container(border=True):
        _found(store, session.ontology.predicates[name], reextracted)
        if not reextracted and st.button("Extract the stored documents again now", key="ontology.reextract_added",
                                         type="primary"):
            with st.spinner("Extracting the stored documents again…"):
                try:
                    for note in ontology_ops.reextract(workspace, store):
                        say("info", note)
                except (OntologyError, GraphError) as exc:
                    say("error", f"Not extracted again: {exc}")
                finally:
                    state.bump()
            st.session_state[ontology_forms.ADDED_PREDICATE] = (name, True)
            st.rerun()


def _found(store, pred, reextracted) -> None:
    """The statements of ``pred`` in the graph and a few of their sentences; when there are
    none, why (``reextracted`` None: not known how the documents were extracted)."""
    try:
        found = predicate_yield(store, pred.name)
    except GraphError as exc:
        st.warning(f"Cannot count the statements of {pred.name}: {exc}")
        return
    if found.statements:
        st.markdown(f"{md(pred.name)} has produced {found.statements} statement"
                    f"{'s' if found.statements != 1 else ''} in the stored documents, for example:")
        for row in found.examples:
            arrow = f"{md(row['subject'])} —{md(pred.label)}→ {md(row['object'])}"
            modality = f" ({row['modality']})" if row["modality"] and row["modality"] != "asserted" else ""
            source = md(row["doc_title"] or row["doc_path"])
            st.markdown(f"{arrow}{modality}  \n> {md(row['sentence'])}  \n— {source}")
        return
    triggers = ", ".join(f"“{tr.text}”" for tr in pred.triggers) or "none"
    if reextracted is False:
        why = ("the stored documents were extracted before it existed, and were not extracted again with it. "
               "Extract them again to apply it.")
    elif reextracted:
        why = (f"no sentence of the stored documents has one of its triggers ({triggers}) between two entities "
               "the extractor recognises, of its domain and range.")
    else:
        why = (f"either the stored documents were extracted before it existed (extract them again), or no "
               f"sentence has one of its triggers ({triggers}) between two entities of its domain and range.")
    st.info(f"No statements use {pred.name} yet: {why}")


def _refs(graph, name: str, prop) -> str:
    refs = t.class_refs(graph, graph.value(t.iri(name), prop))
    return " | ".join(refs) if refs else "Entity"


def _edit(workspace, store, session) -> None:
    choice = st.selectbox("What do you want to do?", list(ontology_forms.FORMS), key="ontology.operation")
    ontology_forms.FORMS[choice](workspace, store, session)


def _validate(workspace, store) -> None:
    st.caption("Checks the ontology itself, then every stored relationship against the domain and range of "
               "its predicate (SHACL shapes made from the ontology).")
    if store is None:
        st.info("There is no graph to validate.")
        return
    if st.button("Validate the graph", key="ontology.validate", type="primary"):
        with st.spinner("Validating…"):
            try:
                st.session_state[VALIDATION] = ontology_ops.validate(workspace, store)
            except (OntologyError, GraphError) as exc:
                st.error(f"Validation failed: {exc}")
                return
    found = st.session_state.get(VALIDATION)
    if found is None:
        return
    problems, violations = found
    for problem in problems:
        st.error(f"Ontology: {problem}")
    if not violations and not problems:
        st.success("No problems: every relationship fits the domain and range of its predicate.")
        return
    statements = sum(len(v.evidence) for v in violations)
    st.warning(f"{len(violations)} violation(s) of domain or range, {statements} statement(s); "
               f"{len(problems)} ontology problem(s).")
    if violations:
        st.dataframe(pd.DataFrame([{
            "predicate": v.predicate, "role": v.role, "entity": v.entity_name, "type": v.entity_type,
            "expected": ", ".join(v.expected), "statements": len(v.evidence)} for v in violations]),
            hide_index=True)
        for v in violations[:30]:
            with st.expander(f"{v.entity_name} as {v.role} of {v.predicate}"):
                st.markdown(md(v.line()))
                for ev in v.evidence[:5]:
                    st.markdown(f"*{ev.modality}*: > {md(ev.sentence)} — {md(ev.document)}")


def _history(workspace, store) -> None:
    entries = ontology_ops.history(workspace)
    if not entries:
        st.info("No edits yet.")
    else:
        st.dataframe(pd.DataFrame(entries), hide_index=True)
    cols = st.columns([1, 1, 3])
    force = cols[1].checkbox("force", key="ontology.force",
                             help="Undo even if the files were edited by hand or the graph is not available.")
    if cols[0].button("Undo the latest edit", key="ontology.undo", disabled=not entries):
        try:
            result = ontology_ops.undo(workspace, store, force=force)
            say("success", result.message)
            for note in result.notes:
                say("info", note)
        except (OntologyError, GraphError) as exc:
            say("error", f"Not undone: {exc}")
        finally:
            state.bump()
        st.rerun()
