"""Which event of the Explore graph widget is new.

The widget reports only its last event (type and id), and reports it again on every later run
until the next one, also after the app has changed the view. The widget keeps one key, because a
new key mounts a new widget in the browser (a second without a GPU); so instead the last event
acted on is remembered here, and an event equal to it is not acted on again. The same gesture on
the same item twice in a row is therefore one event: the widget sends nothing new for it.
"""
from __future__ import annotations

from typing import Any, Optional

import streamlit as st

#: Session key of the last event acted on, as (type, id).
SEEN = "explore.seen"


def new(event: Any) -> Optional[Any]:
    """``event`` (the widget's ``last_event``) if it was not acted on yet, else None; it is
    remembered as acted on."""
    if event is None:
        return None
    marker = (event.type, event.id)
    if st.session_state.get(SEEN) == marker:
        return None
    st.session_state[SEEN] = marker
    return event
