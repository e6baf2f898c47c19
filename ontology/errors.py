"""Errors of ontology editing: one line each, meant to be shown to users as they are."""
from __future__ import annotations

import re

#: Characters that would break a message over lines (or hide part of it) when shown raw.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SHOWN_MAX = 80


def shown(value: object, limit: int = SHOWN_MAX) -> str:
    """A user's name or text quoted for a message: escaped like ``repr``, and a long one cut
    (a 5,000-character "class name" would otherwise be most of the message)."""
    text = str(value)
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}... ({len(text)} characters)"


def shown_text(value: object, limit: int = SHOWN_MAX) -> str:
    """A name (file, path, id) for a one-line message: as given when it is plain, else quoted
    with its control characters escaped like ``repr``; a long one cut. Shared by every layer's
    messages, so a hostile name reads the same wherever it is refused."""
    text = str(value)
    if text.strip() == text and text.isprintable() and 0 < len(text) <= limit:
        return text
    return repr(text[:limit]) + ("..." if len(text) > limit else "")


class OntologyError(Exception):
    """Base class; ``str(error)`` is a one-line message for the user (line breaks and other
    control characters in it, say from a stored entity's name, are shown escaped)."""

    def __init__(self, *args: object) -> None:
        if len(args) == 1 and isinstance(args[0], str):
            args = (_CONTROL.sub(lambda m: repr(m.group())[1:-1], args[0]),)
        super().__init__(*args)


class EditRefused(OntologyError):
    """An edit that would break the ontology, the gazetteer or the data; nothing was changed."""


class WorkspaceError(OntologyError):
    """The ontology workspace (overlay, entities, history) cannot be read or written."""
