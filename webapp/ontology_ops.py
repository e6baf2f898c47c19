"""Ontology edits from the app: the same use case as ``python -m treatykg ontology`` (one flow for
every front end, :mod:`services.ontology_session`), with the two read views the Ontology page shows."""
from __future__ import annotations

from services.ontology_session import EditResult, EditSession, apply_edit, history, reextract, undo, validate

__all__ = ["EditResult", "EditSession", "apply_edit", "reextract", "undo", "validate", "history"]
