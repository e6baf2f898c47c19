"""Which event of the Explore graph widget is new.

The widget reports only its last event (type and id), and reports it again on every later run
until the next one, also after the app has changed the view. The widget keeps one key, because a
new key mounts a new widget in the browser (a second without a GPU); so instead the last event
acted on is remembered here, and an event equal to it is not acted on again. Ids carry the token
of the view's layout (:class:`webapp.viz.Shown`), so the same gesture on the same entity counts
again once the view has been laid out anew; twice in a row in one layout it is one event (the
widget sends nothing new for it).
"""
from __future__ import annotations

from typing import Optional

import streamlit as st

from webapp.viz import Event

#: Session key of the last event acted on, as (type, id as the widget has it).
SEEN = "explore.seen"


def new(event: Optional[Event]) -> Optional[Event]:
    """``event`` (the widget's last one) if it was not acted on yet, else None; it is
    remembered as acted on."""
    if event is None:
        return None
    marker = (event.type, event.raw)
    if st.session_state.get(SEEN) == marker:
        return None
    st.session_state[SEEN] = marker
    return event
