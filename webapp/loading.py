"""Ingest with a visible progress bar, and the first run: an empty embedded graph gets the
sample corpus before the first page is drawn, so a new user sees a populated graph at once."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from graph import views
from graph.errors import GraphError
from ontology.errors import OntologyError
from services.ingest import IngestReport, Progress, ingest_paths
from webapp import state
from webapp.ingest import mark_sample_loaded, sample_wanted


class _Bar(Progress):
    """Documents extracted, on a Streamlit progress bar."""

    def __init__(self, bar, title: str) -> None:
        self.bar, self.title = bar, title

    def documents(self, done: int, total: int, statements: int, upcoming: str) -> None:
        text = f"{self.title}: {done} of {total} documents"
        if upcoming:
            text += f" · extracting {Path(upcoming).name}"
        self.bar.progress(done / total if total else 1.0, text=text)


def ingest_with_progress(store, onto: state.OntologyState, paths: list, title: str) -> IngestReport:
    """Extract and load ``paths`` showing a progress bar; the data revision is bumped."""
    bar = st.progress(0.0, text=f"{title}: loading the language model…")
    extractor = state.extractor()
    try:
        outcome = ingest_paths(store, onto.ontology, extractor, paths, progress=_Bar(bar, title))
    finally:
        state.bump()
    bar.progress(1.0, text=f"{title}: done, {outcome.summary}")
    return outcome


def first_run() -> None:
    """Load the sample corpus into an empty embedded graph that never had it (see
    :func:`webapp.ingest.sample_wanted`). Problems are left to the pages to report."""
    app = state.settings()
    try:
        config = state.graph_config()
        store = state.store()
        if not sample_wanted(config, app.sample_dir, views.is_empty(store)):
            return
        onto = state.ontology_state()
    except (GraphError, OntologyError):
        return
    st.info("Welcome to treatykg. This is a new graph: loading the sample corpus of ten news articles "
            "so that there is something to explore.")
    outcome = ingest_with_progress(store, onto, [app.sample_dir], "Loading the sample corpus")
    for error in outcome.errors:
        st.warning(error)
    mark_sample_loaded(config)
