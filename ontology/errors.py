"""Errors of ontology editing: one line each, meant to be shown to users as they are."""
from __future__ import annotations


class OntologyError(Exception):
    """Base class; ``str(error)`` is a one-line message for the user."""


class EditRefused(OntologyError):
    """An edit that would break the ontology, the gazetteer or the data; nothing was changed."""


class WorkspaceError(OntologyError):
    """The ontology workspace (overlay, entities, history) cannot be read or written."""
