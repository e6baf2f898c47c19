"""Which page the app shows, and whether the analyst has just come to it from another page:
session state outlives a page switch, and a page may want to start afresh (Explore's Play comes
back paused). Recorded on full runs only (a fragment's rerun does not run the navigation)."""
from __future__ import annotations

import streamlit as st

PAGE = "app.page"
ARRIVED = "app.arrived"


def record(page: str) -> None:
    """Called by the navigation before the page runs."""
    st.session_state[ARRIVED] = st.session_state.get(PAGE) != page
    st.session_state[PAGE] = page


def arrived() -> bool:
    """Whether this run is the first of the page since another page was shown (False when the
    page runs on its own, without the navigation, as in some tests)."""
    return st.session_state.get(ARRIVED, False)
