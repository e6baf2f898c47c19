"""Ontology edits from the app: the same session as ``python -m ontology`` (one flow for every
front end lives in :mod:`ontology.session`), plus the two read views the Ontology page shows.
"""
from __future__ import annotations

from ontology import edits, shacl
from ontology.session import EditResult, EditSession, apply_edit, reextract, undo
from ontology.workspace import Workspace

__all__ = ["EditResult", "EditSession", "apply_edit", "reextract", "undo", "validate", "history"]


def validate(workspace: Workspace, store) -> tuple[list[str], list[shacl.Violation]]:
    """Problems of the ontology itself, and SHACL violations of domains and ranges in the graph."""
    from graph.rdf import to_rdf

    session = EditSession(workspace, store)
    return edits.problems(session.draft.graph), shacl.validate(to_rdf(store), session.ontology)


def history(workspace: Workspace) -> list[dict]:
    """The recorded edits, newest first, each with ``undone``."""
    entries = workspace.history.entries()
    undone = {e["args"].get("edit") for e in entries if e["op"] == "undo"}
    return [{"n": e["n"], "time": e["time"], "op": e["op"], "summary": e["summary"], "undone": e["n"] in undone}
            for e in reversed(entries)]
