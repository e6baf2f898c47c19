"""Ingest with a visible progress bar, and the first run: an empty embedded graph gets the
sample corpus before the first page is drawn, so a new user sees a populated graph at once."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from graph import views
from graph.errors import GraphError
from ontology.errors import OntologyError
from webapp import state
from webapp.ingest import IngestOutcome, ingest_paths, mark_sample_loaded, sample_wanted


def ingest_with_progress(store, onto: state.OntologyState, paths: list, title: str) -> IngestOutcome:
    """Extract and load ``paths`` showing a progress bar; the data revision is bumped."""
    bar = st.progress(0.0, text=f"{title}: loading the language model…")
    extractor = state.extractor()

    def progress(done: int, total: int, what: str) -> None:
        text = f"{title}: {done} of {total} documents"
        if what:
            text += f" · extracting {Path(what).name}"
        bar.progress(done / total if total else 1.0, text=text)

    try:
        outcome = ingest_paths(store, onto.ontology, extractor, paths, progress)
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
