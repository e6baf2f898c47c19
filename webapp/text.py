"""Showing user data inside Streamlit markdown: names and sentences must stay literal text
(a ``$`` would start LaTeX, ``*`` emphasis, ``<`` HTML, a leading ``#`` a heading)."""
from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]$~|>])")
_LEADING = re.compile(r"^([#+\-]|\d+[.)])")


def md(text: object) -> str:
    """``text`` escaped for st.markdown, on one line."""
    flat = " ".join(str(text if text is not None else "").split())
    flat = _SPECIAL.sub(r"\\\1", flat.replace("<", "&lt;"))
    return _LEADING.sub(r"\\\1", flat)


def plain(markdown: str) -> str:
    """Undo :func:`md` (tests compare what is shown with stored text)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("&lt;", "<")
