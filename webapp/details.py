"""The details panel of the Explore page: one entity with its statements in and out grouped by
predicate, each with its evidence sentence, speaker, modality, date and source document (with
the page, for a PDF); or the statements behind one relationship."""
from __future__ import annotations

from typing import Callable, Mapping, Optional

import streamlit as st

from graph import views
from graph.store import GraphStore
from webapp.text import md
from webapp.when import date_label

#: Statements listed per predicate before "... and N more".
PER_GROUP = 25
#: Badge colours of the modalities (Streamlit markdown badges: no emoji font needed).
MODALITY_COLOURS = {"asserted": "blue", "negated": "red", "intended": "green", "possible": "orange",
                    "alleged": "violet"}


def entity_panel(store: GraphStore, entity_id: str, labels: Mapping[str, str],
                 actions: Optional[Callable[[dict], None]] = None) -> Optional[dict]:
    """Show one entity; ``actions(entity)`` draws buttons under the header. None if it is gone."""
    entity = views.entity(store, entity_id)
    if entity is None:
        st.warning("This entity is no longer in the graph (deleted or merged). Pick another one.")
        return None
    found = views.entity_statements(store, entity_id)
    st.subheader(entity["name"], anchor=False)
    st.caption(f"{entity['type']} · id `{entity['id']}` · {len(found['out'])} statement(s) as subject, "
               f"{len(found['in'])} as object")
    if entity["aliases"]:
        st.markdown("**Also called:** " + ", ".join(md(a) for a in entity["aliases"]))
    if actions is not None:
        actions(entity)
    for title, rows, arrow in (("Statements out", found["out"], "→"), ("Statements in", found["in"], "←")):
        if not rows:
            continue
        st.markdown(f"#### {title}")
        for predicate, group in views.group_by_predicate(rows).items():
            with st.expander(f"{labels.get(predicate, predicate)} ({len(group)})", expanded=len(rows) <= 12):
                for row in group[:PER_GROUP]:
                    statement(row, f"{arrow} **{md(row['other_name'])}** ({md(row['other_type'])})")
                if len(group) > PER_GROUP:
                    st.caption(f"… and {len(group) - PER_GROUP} more (see the Query page)")
    if not found["out"] and not found["in"]:
        st.info("No statement mentions this entity yet.")
    return entity


def relationship_panel(store: GraphStore, ontology, subject: str, predicate: str, obj: str,
                       labels: Mapping[str, str]) -> None:
    """The statements behind one direct relationship."""
    rows = views.statements_of_relationship(store, ontology, subject, predicate, obj)
    if not rows:
        st.warning("No statement supports this relationship any more.")
        return
    first = rows[0]
    st.subheader(f"{first['subject_name']} — {labels.get(predicate, predicate)} — {first['object_name']}",
                 anchor=False)
    st.caption(f"{len(rows)} statement(s)")
    for row in rows[:PER_GROUP * 2]:
        statement(row, f"**{md(row['subject_name'])}** {md(labels.get(predicate, predicate))} "
                       f"**{md(row['object_name'])}**")


def modality_badge(modality: str) -> str:
    return f":{MODALITY_COLOURS.get(modality, 'gray')}-badge[{md(modality)}]"


def statement(row: dict, heading: str) -> None:
    """One statement: heading, modality, date, speaker, the evidence sentence and its document."""
    facts = [modality_badge(row["modality"])]
    when = date_label(row)
    if when:
        facts.append(when)
    if row.get("speaker"):
        facts.append(f"according to {md(row['speaker'])}")
    st.markdown(f"{heading} · " + " · ".join(facts))
    st.markdown(f"> {md(row.get('sentence'))}\n>\n> — {source_label(row)}")


def source_label(row: Mapping) -> str:
    """Markdown for where the evidence is: the document, and the page of a PDF ("*Report*, page 3"),
    so that a reader can find the sentence in the file."""
    label = f"*{md(row.get('doc_title') or row.get('doc_path') or '')}*"
    if row.get("page") is not None:
        label += f", page {md(row['page'])}"
    return label
