"""Messages that survive the rerun after an action ("document deleted", "edit refused: ...")."""
from __future__ import annotations

import streamlit as st

KEY = "messages"


def say(kind: str, text: str) -> None:
    """Queue a message: ``kind`` is success, info, warning or error."""
    st.session_state.setdefault(KEY, []).append((kind, text))


def show() -> None:
    """Show and forget the queued messages."""
    for kind, text in st.session_state.pop(KEY, []):
        getattr(st, kind)(text)
