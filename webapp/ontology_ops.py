"""Ontology edits from the app, with the same steps and guarantees as ``python -m ontology``:
under the workspace lock, recover an interrupted commit, validate the edit (refusals raise
:class:`~ontology.errors.EditRefused` and change nothing), carry it into the graph
(:func:`graph.edits.apply_all`, which returns the inverse), then record the history entry and write
the files; undo replays the inverse. The CLI prints as it goes; this returns an
:class:`EditResult` for the page to show.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Optional

from ontology import edits, entities, shacl
from ontology.edits import Draft, Outcome, Usage
from ontology.errors import EditRefused
from ontology.gazetteer import Gazetteer, load_gazetteer
from ontology.model import Ontology
from ontology.workspace import Workspace


@dataclass
class EditResult:
    message: str
    notes: list[str] = field(default_factory=list)
    number: Optional[int] = None
    #: The edit changes what the extractor finds: offer to extract the stored documents again.
    offer_reextract: bool = False


class EditSession:
    """The workspace as one edit sees it; gazetteers and usage are loaded when needed."""

    def __init__(self, workspace: Workspace, store, files: Optional[dict] = None) -> None:
        self.workspace = workspace
        self.store = store
        self.files = workspace.files() if files is None else files
        self.draft: Draft = workspace.draft(self.files)
        self.ontology: Ontology = workspace.ontology(self.draft)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return self.workspace.gazetteer(self.ontology, self.files)

    @cached_property
    def base(self) -> Gazetteer:
        """The gazetteer without the entity edits (keeps the overlay minimal)."""
        return load_gazetteer(types=self.ontology.entity_types)

    @cached_property
    def usage(self) -> Usage:
        types = Counter(e.type for e in self.gazetteer)
        statements: dict[str, int] = {}
        if self.store is not None:
            from graph.edits import entity_type_counts, statement_counts

            types.update(entity_type_counts(self.store))
            statements = statement_counts(self.store)
        return Usage(dict(types), statements)

    def entity(self, key: str) -> entities.Known:
        if not key or not key.strip():
            raise EditRefused("name the entity (its id, canonical name or an alias)")
        stored = []
        if self.store is not None and self.gazetteer.get(key) is None and not self.gazetteer.lookup(key):
            from graph.edits import find_entities

            stored = find_entities(self.store, key.strip())
        return entities.resolve(key, self.gazetteer, stored)


def _extractor_factory(workspace: Workspace, ontology: Ontology, files: dict) -> Callable:
    def build():
        from extract.pipeline import Extractor

        return Extractor(ontology=ontology, gazetteer=workspace.gazetteer(ontology, files))
    return build


def apply_edit(workspace: Workspace, store, op: str, args: dict, build: Callable[[EditSession], Outcome],
               reextract: bool = False) -> EditResult:
    """Validate an edit, carry it into the store, record it and write the workspace."""
    with workspace.lock():
        notes = [f"recovered {name} from an interrupted edit" for name in workspace.recover()]
        session = EditSession(workspace, store)
        outcome = build(session)
        after = workspace.render(outcome.draft)
        if after == session.files and not outcome.store:
            return EditResult(f"Nothing changed: {outcome.message}.", notes)
        new_ontology = workspace.ontology(outcome.draft)
        actions = list(outcome.store)
        if reextract and outcome.reextract:
            actions.append(outcome.reextract)
        inverse = None
        if actions and store is not None:
            from graph.edits import Names, apply_all

            applied = apply_all(store, actions, Names(new_ontology, session.ontology),
                                _extractor_factory(workspace, new_ontology, after))
            inverse = applied.inverse
            notes += applied.notes
        elif actions:
            notes.append("the graph was not changed (there is no graph yet)")
        entry = workspace.commit(op, _recorded(args), outcome.message, session.files, after, inverse)
    return EditResult(f"#{entry['n']} {outcome.message}", notes, entry["n"],
                      offer_reextract=bool(outcome.reextract) and not reextract)


def undo(workspace: Workspace, store, force: bool = False) -> EditResult:
    """Undo the newest edit not undone yet (its files exactly, its graph changes by their inverse)."""
    with workspace.lock():
        workspace.recover()
        pending = workspace.history.undoable()
        if not pending:
            return EditResult("Nothing to undo.")
        entry = pending[0]
        current = workspace.files()
        if current != entry["after"] and not force:
            raise EditRefused(f"the workspace changed since edit #{entry['n']} (edited by hand?); "
                              f"tick 'force' to restore the state before #{entry['n']} anyway")
        restored = workspace.ontology(workspace.draft(entry["before"]))
        inverse, notes = None, []
        if entry.get("store"):
            if store is None and not force:
                raise EditRefused(f"edit #{entry['n']} changed the graph, which is not available; "
                                  "tick 'force' to undo the ontology part only")
            if store is not None:
                from graph.edits import Names, apply

                done = apply(store, entry["store"], Names(restored, workspace.ontology(workspace.draft(current))),
                             _extractor_factory(workspace, restored, entry["before"]))
                inverse, notes = done.inverse, done.notes
        record = workspace.commit("undo", {}, f"undid #{entry['n']}: {entry['summary']}", current,
                                  entry["before"], inverse, undoes=entry["n"])
    return EditResult(f"#{record['n']} {record['summary']}", notes, record["n"])


def reextract(workspace: Workspace, store, entity_key: Optional[str] = None) -> list[str]:
    """Extract the stored documents (all, or those about one entity) again with the edited ontology."""
    from graph.edits import Names, apply

    session = EditSession(workspace, store)
    action: dict = {"action": "reextract"}
    if entity_key:
        action["entity"] = session.entity(entity_key).id
    done = apply(store, action, Names(session.ontology), _extractor_factory(workspace, session.ontology,
                                                                          session.files))
    return done.notes


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


def _recorded(args: dict) -> dict:
    """The arguments worth keeping in the history (no empty values)."""
    return {k: v for k, v in args.items() if v not in (None, "", [], (), False)}
