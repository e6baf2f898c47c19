"""The Explore page's filters (sidebar): entity types, predicates, modalities, documents.

:func:`filter_panel` returns the filters as a hashable tuple for the cached entity graph:
``(documents, types, predicates, modalities, since, until)``, each None when it does not restrict.
Explore leaves ``since`` and ``until`` None: its dates are the time slider's
(:mod:`webapp.timeslider`), which slices the filtered graph without reading the store again.
"""
from __future__ import annotations

from typing import Optional

import streamlit as st

from ontology.records import MODALITIES

NO_FILTERS: tuple = (None, None, None, None, None, None)


def _chosen(values: list) -> Optional[tuple]:
    return tuple(sorted(values)) if values else None


def filter_panel(ontology, documents: list[dict]) -> tuple:
    """Draw the filters in the sidebar."""
    sidebar = st.sidebar
    sidebar.markdown("### Filters")
    # select_all=False throughout: Streamlit's first option "Select N matches" is highlighted as
    # soon as one types, so typing "Organization" + Enter chose InternationalOrganization too;
    # and choosing nothing already means all.
    types = sidebar.multiselect("Entity types", sorted(ontology.entity_types), key="filter.types",
                                select_all=False, placeholder="all types")
    labels = {name: pred.label for name, pred in ontology.predicates.items()}
    predicates = sidebar.multiselect("Predicates", sorted(ontology.predicates), key="filter.predicates",
                                     select_all=False, format_func=lambda p: labels.get(p, p),
                                     placeholder="all predicates")
    modalities = sidebar.multiselect("Modalities", list(MODALITIES), key="filter.modalities",
                                     select_all=False, placeholder="all modalities")
    titles = {d["id"]: d["title"] or d["path"] for d in documents}
    docs = sidebar.multiselect("Documents", list(titles), key="filter.documents",
                               select_all=False, format_func=lambda i: titles.get(i, i), placeholder="all documents")
    return (_chosen(docs), _chosen(types), _chosen(predicates), _chosen(modalities), None, None)


def describe(filters: tuple) -> str:
    """The active filters in a few words (empty when none)."""
    documents, types, predicates, modalities, since, until = filters
    parts = []
    if types:
        parts.append("types " + ", ".join(types))
    if predicates:
        parts.append("predicates " + ", ".join(predicates))
    if modalities:
        parts.append("modalities " + ", ".join(modalities))
    if documents:
        parts.append(f"{len(documents)} document(s)")
    if since or until:
        parts.append(f"years {since}–{until}")
    return "; ".join(parts)
