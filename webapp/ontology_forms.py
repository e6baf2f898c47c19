"""One form per editing operation of the ontology layer (classes, predicates, renames, deletions,
entity aliases, types and merges, OWL import and export, re-extraction). Each form calls
:mod:`webapp.ontology_ops`; a refusal is shown as the one-line reason and changes nothing."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

import streamlit as st
from rdflib.namespace import RDFS

from graph.errors import GraphError
from ontology import edits, entities, owl_io
from ontology import terms as t
from ontology.errors import OntologyError
from ontology.model import TRIGGER_KINDS
from webapp import ontology_ops, state
from webapp.messages import say

KEEP = "(keep)"
NONE = "(none)"


def run_edit(workspace, store, op: str, args: dict, build: Callable, reextract: bool = False) -> bool:
    """Apply an edit and queue what happened; True when it was recorded."""
    try:
        result = ontology_ops.apply_edit(workspace, store, op, args, build, reextract)
    except (OntologyError, GraphError) as exc:
        say("error", f"Refused: {exc}")
        return False
    finally:
        state.bump()
    say("success", result.message)
    for note in result.notes:
        say("info", note)
    if result.offer_reextract:
        say("info", "Stored documents keep their statements for now: use “Extract the stored documents "
                    "again” to apply the edit to them.")
    return result.number is not None


def parse_triggers(text: str) -> list[tuple[str, str]]:
    """Trigger lines ``kind: text`` (the kind defaults to verb), one per line or comma."""
    out = []
    for raw in text.replace(",", "\n").splitlines():
        line = raw.strip()
        if not line:
            continue
        kind, sep, rest = line.partition(":")
        if sep and kind.strip().lower() in TRIGGER_KINDS:
            out.append((kind.strip().lower(), rest.strip()))
        else:
            out.append(("verb", line))
    return out


def _words(text: str) -> list[str]:
    return [w.strip() for w in (text or "").split(",") if w.strip()]


def _refs(graph, name: str, prop) -> list[str]:
    return list(t.class_refs(graph, graph.value(t.iri(name), prop)))


# ----------------------------------------------------------------------------- forms

def add_class(ws, store, session) -> None:
    classes = [c for c in t.class_names(session.draft.graph) if not t.is_union(session.draft.graph, c)]
    with st.form("onto.add_class"):
        name = st.text_input("Class name (UpperCamelCase)", key="add_class.name", placeholder="MilitaryAlliance")
        parent = st.selectbox("Parent class", classes, index=classes.index("Entity") if "Entity" in classes else 0,
                              key="add_class.parent")
        label = st.text_input("Label", key="add_class.label")
        comment = st.text_area("Definition", key="add_class.comment", height=68)
        abstract = st.checkbox("Abstract (no entity has this type itself)", key="add_class.abstract")
        heads = st.text_input("Nouns that refer back to it (comma separated, e.g. alliance, bloc)",
                              key="add_class.heads")
        again = st.checkbox("Extract the stored documents again", key="add_class.reextract")
        if st.form_submit_button("Add the class", type="primary"):
            args = {"name": name, "parent": parent, "label": label, "comment": comment, "abstract": abstract,
                    "definite_head": _words(heads)}
            run_edit(ws, store, "add-class", args, lambda s: edits.add_class(
                s.draft, name.strip(), parent=parent, label=label or None, comment=comment or None,
                abstract=abstract or None, definite_heads=_words(heads)), again)
            st.rerun()


def change_class(ws, store, session) -> None:
    graph, onto = session.draft.graph, session.ontology
    classes = [c for c in t.class_names(graph) if not t.is_union(graph, c)]
    name = st.selectbox("Class", classes, key="change_class.name")
    if name is None:
        return
    cls = onto.classes.get(name)
    with st.form(f"onto.change_class.{name}"):
        label = st.text_input("Label", value=t.text(graph, name, RDFS.label), key=f"change_class.label.{name}")
        comment = st.text_area("Definition", value=t.text(graph, name, RDFS.comment), height=68,
                               key=f"change_class.comment.{name}")
        current = t.parent(graph, name)
        parents = [KEEP] + [c for c in classes if c != name]
        parent = st.selectbox(f"Parent class (now {current or 'none'})", parents, key=f"change_class.parent.{name}")
        abstract = st.checkbox("Abstract", value=bool(cls and cls.abstract), key=f"change_class.abstract.{name}")
        heads = st.text_input("Add nouns that refer back to it (comma separated)", key=f"change_class.heads.{name}")
        again = st.checkbox("Extract the stored documents again", key=f"change_class.reextract.{name}")
        if st.form_submit_button("Save the class", type="primary"):
            new_parent = None if parent == KEEP else parent
            new_abstract = abstract if abstract != bool(cls and cls.abstract) else None
            args = {"name": name, "label": label, "comment": comment, "parent": new_parent,
                    "abstract": new_abstract, "definite_head": _words(heads), "update": True}
            run_edit(ws, store, "add-class", args, lambda s: edits.add_class(
                s.draft, name, parent=new_parent, label=label, comment=comment, abstract=new_abstract,
                definite_heads=_words(heads), update=True), again)
            st.rerun()


#: Session key: the predicate just added and whether the documents were extracted again.
ADDED_PREDICATE = "ontology.added_predicate"
#: What to do with a trigger another predicate holds (ontology.edits.add_predicate's ``held``).
HELD = {"refuse": None, "move it here": "move", "share it": "share"}


def add_predicate(ws, store, session) -> None:
    graph = session.draft.graph
    classes = t.class_names(graph)
    predicates = t.predicate_names(graph)
    with st.form("onto.add_predicate"):
        name = st.text_input("Predicate name (snake_case)", key="add_predicate.name", placeholder="mediates_between")
        label = st.text_input("Label", key="add_predicate.label")
        comment = st.text_area("Definition", key="add_predicate.comment", height=68)
        cols = st.columns(2)
        domain = cols[0].multiselect("Domain (subject classes)", classes, key="add_predicate.domain",
                                     select_all=False)
        rng = cols[1].multiselect("Range (object classes)", classes, key="add_predicate.range", select_all=False)
        cols = st.columns(2)
        symmetric = cols[0].checkbox("Symmetric", key="add_predicate.symmetric")
        inverse = cols[1].selectbox("Inverse of", [NONE] + predicates, key="add_predicate.inverse")
        triggers = st.text_area("Triggers, one per line: `verb: mediate between`, `noun: mediation`; the kind "
                                f"defaults to verb (kinds: {', '.join(TRIGGER_KINDS)})", key="add_predicate.triggers",
                                height=90)
        cols = st.columns(4)
        cameo = cols[0].text_input("CAMEO code", key="add_predicate.cameo")
        plover = cols[1].text_input("PLOVER type", key="add_predicate.plover")
        speech = cols[2].checkbox("Speech act", key="add_predicate.speech")
        accuses = cols[3].checkbox("Implies accusation", key="add_predicate.accuses")
        held = st.radio("A trigger another predicate already has", list(HELD), horizontal=True,
                        key="add_predicate.held", help="Refused by default, with the predicate that has it named: "
                                                       "otherwise that predicate would keep winning the trigger.")
        again = st.checkbox("Extract the stored documents again", key="add_predicate.reextract")
        if st.form_submit_button("Add the predicate", type="primary"):
            parsed = parse_triggers(triggers)
            args = {"name": name, "label": label, "comment": comment, "domain": ",".join(domain),
                    "range": ",".join(rng), "symmetric": symmetric, "inverse": None if inverse == NONE else inverse,
                    "triggers": [f"{k}: {v}" for k, v in parsed], "cameo": cameo, "plover": plover}
            added = run_edit(ws, store, "add-predicate", args, lambda s: edits.add_predicate(
                s.draft, name.strip(), label=label or None, comment=comment or None, domain=domain or None,
                range=rng or None, symmetric=symmetric or None, inverse=None if inverse == NONE else inverse,
                triggers=parsed, cameo=cameo or None, plover=plover or None, speech_act=speech or None,
                implies_accusation=accuses or None, usage=s.usage, held=HELD[held]), again)
            if added:  # the page then says what it found (predicate_yield)
                st.session_state[ADDED_PREDICATE] = (name.strip(), again)
            st.rerun()


def change_predicate(ws, store, session) -> None:
    graph, onto = session.draft.graph, session.ontology
    classes = t.class_names(graph)
    name = st.selectbox("Predicate", t.predicate_names(graph), key="change_predicate.name")
    if name is None or name not in onto.predicates:
        return
    pred = onto.predicates[name]
    with st.form(f"onto.change_predicate.{name}"):
        label = st.text_input("Label", value=pred.label, key=f"change_predicate.label.{name}")
        comment = st.text_area("Definition", value=pred.comment, height=68, key=f"change_predicate.comment.{name}")
        cols = st.columns(2)
        domain_now = [c for c in _refs(graph, name, RDFS.domain) if c in classes]
        range_now = [c for c in _refs(graph, name, RDFS.range) if c in classes]
        domain = cols[0].multiselect("Domain", classes, default=domain_now, key=f"change_predicate.domain.{name}",
                                     select_all=False)
        rng = cols[1].multiselect("Range", classes, default=range_now, key=f"change_predicate.range.{name}",
                                  select_all=False)
        symmetric = st.checkbox("Symmetric", value=pred.symmetric, key=f"change_predicate.symmetric.{name}")
        existing = sorted(tr.text for tr in pred.triggers)
        add = st.text_area("Add triggers (`kind: text`, one per line; kind defaults to verb)", height=68,
                           key=f"change_predicate.add.{name}")
        remove = st.multiselect("Remove triggers", existing, key=f"change_predicate.remove.{name}", select_all=False)
        cols = st.columns(2)
        cameo = cols[0].text_input("CAMEO code", value=pred.cameo or "", key=f"change_predicate.cameo.{name}")
        plover = cols[1].text_input("PLOVER type", value=pred.plover or "", key=f"change_predicate.plover.{name}")
        again = st.checkbox("Extract the stored documents again", key=f"change_predicate.reextract.{name}")
        if st.form_submit_button("Save the predicate", type="primary"):
            parsed = parse_triggers(add)
            new_domain = domain if sorted(domain) != sorted(domain_now) else None
            new_range = rng if sorted(rng) != sorted(range_now) else None
            args = {"name": name, "label": label, "comment": comment, "domain": ",".join(new_domain or []),
                    "range": ",".join(new_range or []), "symmetric": symmetric,
                    "triggers": [f"{k}: {v}" for k, v in parsed], "remove_trigger": remove, "update": True}
            run_edit(ws, store, "add-predicate", args, lambda s: edits.add_predicate(
                s.draft, name, label=label, comment=comment, domain=new_domain, range=new_range,
                symmetric=symmetric if symmetric != pred.symmetric else None, triggers=parsed,
                remove_triggers=remove, cameo=cameo if cameo != (pred.cameo or "") else None,
                plover=plover if plover != (pred.plover or "") else None, update=True, usage=s.usage), again)
            st.rerun()


def rename(ws, store, session) -> None:
    graph = session.draft.graph
    names = t.class_names(graph) + t.predicate_names(graph)
    with st.form("onto.rename"):
        old = st.selectbox("Class or predicate", names, key="rename.old",
                           format_func=lambda n: f"{n} ({t.kind(graph, n)})")
        new = st.text_input("New name", key="rename.new")
        st.caption("Entities and statements follow the new name.")
        if st.form_submit_button("Rename", type="primary"):
            run_edit(ws, store, "rename", {"old": old, "new": new},
                     lambda s: edits.rename(s.draft, old, new.strip(), s.usage))
            st.rerun()


def delete(ws, store, session) -> None:
    graph = session.draft.graph
    names = t.class_names(graph) + t.predicate_names(graph)
    with st.form("onto.delete"):
        name = st.selectbox("Class or predicate", names, key="delete.name",
                            format_func=lambda n: f"{n} ({t.kind(graph, n)})")
        migrate = st.selectbox("Move its uses to (needed when it is in use)", [NONE] + names, key="delete.migrate")
        if st.form_submit_button("Delete", type="primary"):
            target = None if migrate == NONE else migrate
            run_edit(ws, store, "delete", {"name": name, "migrate_to": target},
                     lambda s: edits.delete(s.draft, name, s.usage, target))
            st.rerun()


def alias(ws, store, session) -> None:
    with st.form("onto.alias"):
        action = st.radio("Action", ["add", "remove", "split"], horizontal=True, key="alias.action",
                          format_func={"add": "add an alias", "remove": "remove an alias",
                                       "split": "split an alias off as a new entity"}.get)
        entity = st.text_input("Entity (id, name or alias)", key="alias.entity", placeholder="Russia")
        text = st.text_input("Alias", key="alias.alias", placeholder="the Kremlin")
        kind = st.selectbox("Type of the new entity (split only)", [KEEP] + session.ontology.entity_types,
                            key="alias.type")
        again = st.checkbox("Extract the affected documents again", key="alias.reextract")
        if st.form_submit_button("Apply", type="primary"):
            new_type = None if kind == KEEP else kind

            def build(s):
                known = s.entity(entity)
                if action == "add":
                    return entities.add_alias(s.draft, known, text, s.gazetteer, s.base)
                if action == "remove":
                    return entities.remove_alias(s.draft, known, text, s.base)
                return entities.split(s.draft, known, text, new_type, s.ontology.entity_types, s.gazetteer, s.base)

            run_edit(ws, store, f"alias-{action}", {"action": action, "entity": entity, "alias": text,
                                                    "type": new_type}, build, again)
            st.rerun()


def retype(ws, store, session) -> None:
    with st.form("onto.retype"):
        entity = st.text_input("Entity (id, name or alias)", key="retype.entity")
        kind = st.selectbox("New type", session.ontology.entity_types, key="retype.type")
        again = st.checkbox("Extract the affected documents again", key="retype.reextract")
        if st.form_submit_button("Change the type", type="primary"):
            run_edit(ws, store, "retype", {"entity": entity, "type": kind}, lambda s: entities.set_type(
                s.draft, s.entity(entity), kind, s.ontology.entity_types, s.base), again)
            st.rerun()


def merge(ws, store, session) -> None:
    with st.form("onto.merge"):
        survivor = st.text_input("Keep this entity (id, name or alias)", key="merge.survivor")
        loser = st.text_input("Merge this one into it", key="merge.loser")
        st.caption("The second entity's statements and aliases move to the first; it disappears.")
        if st.form_submit_button("Merge", type="primary"):
            run_edit(ws, store, "merge-entities", {"survivor": survivor, "loser": loser},
                     lambda s: entities.merge(s.draft, s.entity(survivor), s.entity(loser), s.base))
            st.rerun()


def import_owl(ws, store, session) -> None:
    with st.form("onto.import"):
        upload = st.file_uploader("OWL file (Turtle, RDF/XML, JSON-LD)", key="import.file",
                                  type=["ttl", "owl", "rdf", "xml", "jsonld", "json", "nt"])
        again = st.checkbox("Extract the stored documents again", key="import.reextract")
        if st.form_submit_button("Import", type="primary") and upload is not None:
            suffix = Path(upload.name).suffix.lower() or ".ttl"
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"import{suffix}"
                path.write_bytes(upload.getvalue())
                try:
                    source = owl_io.read(path)
                except OntologyError as exc:
                    say("error", f"Refused: {str(exc).replace(str(path), upload.name)}")
                    st.rerun()
                run_edit(ws, store, "import", {"file": upload.name},
                         lambda s: owl_io.import_terms(s.draft, source, s.usage), again)
            st.rerun()


def export_owl(ws, store, session) -> None:
    st.caption("The effective ontology (core and your edits), for Protégé or other OWL tools.")
    cols = st.columns(2)
    for col, (fmt, suffix, mime) in zip(cols, (("ttl", "ttl", "text/turtle"), ("xml", "owl", "application/rdf+xml"))):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"treatykg.{suffix}"
            owl_io.export(session.draft.graph, path, fmt)
            data = path.read_bytes()
        col.download_button(f"Download {'Turtle' if fmt == 'ttl' else 'RDF/XML'}", data, file_name=path.name,
                            mime=mime, key=f"export.{fmt}", on_click="ignore")


def reextract_form(ws, store, session) -> None:
    with st.form("onto.reextract"):
        entity = st.text_input("Only the documents about this entity (empty: all)", key="reextract.entity")
        if st.form_submit_button("Extract the stored documents again", type="primary"):
            if store is None:
                say("error", "There is no graph to extract into.")
            else:
                with st.spinner("Extracting…"):
                    try:
                        for note in ontology_ops.reextract(ws, store, entity.strip() or None):
                            say("success", note)
                    except (OntologyError, GraphError) as exc:
                        say("error", f"Refused: {exc}")
                    finally:
                        state.bump()
            st.rerun()


FORMS = {
    "Add a class": add_class,
    "Change a class": change_class,
    "Add a predicate": add_predicate,
    "Change a predicate (triggers, domain, range …)": change_predicate,
    "Rename a class or predicate": rename,
    "Delete a class or predicate": delete,
    "Entity aliases (add, remove, split)": alias,
    "Change an entity's type": retype,
    "Merge two entities": merge,
    "Import from OWL": import_owl,
    "Export as OWL": export_owl,
    "Extract the stored documents again": reextract_form,
}
