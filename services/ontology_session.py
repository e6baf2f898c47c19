"""One ontology edit from start to finish, the same for every front end (``python -m treatykg
ontology``, the app): the use case that reaches the workspace, the graph and the extractor.

Under the workspace lock: recover an interrupted commit, validate the edit (a refusal raises
:class:`~ontology.errors.EditRefused` and changes nothing), carry it into the graph
(:func:`graph.edits.apply_all`, which returns the inverse; re-extraction goes through
:func:`services.ingest.reingest`), then record the history entry and write the files.
:func:`undo` restores the files of the newest edit not undone and replays the inverse in the
graph. ``store`` may be a store, None, or a function that opens one on first use (so that an
edit that does not concern stored data never starts the graph).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Optional

from graph import edits as graph_edits
from graph.edits import Names
from graph.rdf import to_rdf
from ontology import edits, entities, shacl
from ontology.history import UNDO_DEPTH
from ontology.edits import Draft, Outcome, Usage
from ontology.errors import EditRefused
from ontology.gazetteer import Gazetteer, load_gazetteer
from ontology.model import Ontology
from ontology.workspace import Workspace
from services.ingest import reingest


@dataclass
class EditResult:
    """What an edit did, for the front end to show."""

    message: str
    notes: list[str] = field(default_factory=list)
    number: Optional[int] = None  # the history entry
    #: The edit changes what the extractor finds: offer to extract the stored documents again.
    offer_reextract: bool = False


class LazyStore:
    """A store, None, or a function opening one the first time it is needed."""

    def __init__(self, store: Any) -> None:
        self._source = store
        self._opened = not callable(store)
        self._store = None if callable(store) else store

    def get(self):
        if not self._opened:
            self._opened = True
            self._store = self._source()
        return self._store


class EditSession:
    """The workspace as one edit sees it; gazetteers and usage are loaded when needed."""

    def __init__(self, workspace: Workspace, store: Any = None, files: Optional[dict] = None) -> None:
        self.workspace = workspace
        self._store = store if isinstance(store, LazyStore) else LazyStore(store)
        self.files = workspace.files() if files is None else files
        self.draft: Draft = workspace.draft(self.files)
        self.ontology: Ontology = workspace.ontology(self.draft)

    @property
    def store(self):
        return self._store.get()

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return self.workspace.gazetteer(self.ontology, self.files)

    @cached_property
    def base(self) -> Gazetteer:
        """The gazetteer without the entity edits (keeps the overlay minimal)."""
        return load_gazetteer(types=self.ontology.entity_types)

    @cached_property
    def usage(self) -> Usage:
        """Entities per type (gazetteer and graph) and statements per predicate (graph)."""
        types = Counter(e.type for e in self.gazetteer)
        statements: dict[str, int] = {}
        if self.store is not None:
            types.update(graph_edits.entity_type_counts(self.store))
            statements = graph_edits.statement_counts(self.store)
        return Usage(dict(types), statements)

    def entity(self, key: str) -> entities.Known:
        """The entity a user means: the gazetteer's, else the graph's (with its aliases)."""
        if not key or not key.strip():
            raise EditRefused("name the entity (its id, canonical name or an alias)")
        stored = []
        if self.store is not None and self.gazetteer.get(key) is None and not self.gazetteer.lookup(key):
            stored = [graph_edits.entity(self.store, row["id"])
                      for row in graph_edits.find_entities(self.store, key.strip())]
        return entities.resolve(key, self.gazetteer, [r for r in stored if r])


def reingester(workspace: Workspace, ontology: Ontology, files: Optional[dict]) -> graph_edits.Reingest:
    """Re-extraction with an (edited) ontology; its extractor is built only if it happens."""
    def run(store, documents: list[dict]) -> tuple[list[str], list[str]]:
        from extract.pipeline import Extractor  # spaCy loads only when documents are extracted again

        extractor = Extractor(ontology=ontology, gazetteer=workspace.gazetteer(ontology, files))
        report = reingest(store, ontology, extractor, documents)
        return report.doc_ids, [f"skipped {error}" for error in report.errors]
    return run


def apply_edit(workspace: Workspace, store: Any, op: str, args: dict, build: Callable[[EditSession], Outcome],
               reextract: bool = False, dry_run: bool = False) -> EditResult:
    """Validate an edit, carry it into the store, record it and write the workspace."""
    lazy = store if isinstance(store, LazyStore) else LazyStore(store)
    with workspace.lock():
        notes = [f"recovered {name} from an interrupted edit" for name in workspace.recover()]
        session = EditSession(workspace, lazy)
        outcome = build(session)
        after = workspace.render(outcome.draft)
        if after == session.files and not outcome.store:
            return EditResult(f"nothing changed: {outcome.message}", notes)
        new_ontology = workspace.ontology(outcome.draft)
        actions = list(outcome.store)
        if reextract and outcome.reextract:
            actions.append(outcome.reextract)
        if dry_run:
            notes += [f"would apply to the graph: {json.dumps(a)}" for a in actions]
            return EditResult(f"dry run, nothing saved: {outcome.message}", notes)
        inverse = None
        graph_store = lazy.get() if actions else None
        if graph_store is not None:
            applied = graph_edits.apply_all(graph_store, actions, Names(new_ontology, session.ontology),
                                reingester(workspace, new_ontology, after))
            inverse = applied.inverse
            notes += applied.notes
        elif actions:
            notes.append("graph not changed (there is no graph yet, or it was left out)")
        try:
            entry = workspace.commit(op, args, outcome.message, session.files, after, inverse)
        except BaseException:
            if inverse is not None:  # the files could not be written: take the graph back too
                graph_edits.apply(graph_store, inverse, Names(session.ontology, new_ontology),
                      reingester(workspace, session.ontology, session.files))
            raise
    return EditResult(f"#{entry['n']} {outcome.message}", notes, entry["n"],
                      offer_reextract=bool(outcome.reextract) and not reextract)


def undo(workspace: Workspace, store: Any, force: bool = False) -> EditResult:
    """Undo the newest edit not undone yet: its files exactly, its graph changes by their inverse."""
    lazy = store if isinstance(store, LazyStore) else LazyStore(store)
    with workspace.lock():
        workspace.recover()
        pending = workspace.history.undoable()
        if not pending:
            if workspace.history.has_compacted_edits():
                return EditResult(f"nothing more to undo: the history keeps the last {UNDO_DEPTH} edits "
                                  "that can be undone")
            return EditResult("nothing to undo")
        entry = pending[0]
        current = workspace.files()
        if current != entry["after"] and not force:
            raise EditRefused(f"the workspace changed since edit #{entry['n']} (edited by hand?); "
                              f"forcing restores the state before #{entry['n']} anyway")
        restored = workspace.ontology(workspace.draft(entry["before"]))
        inverse, notes = None, []
        if entry.get("store"):
            graph_store = lazy.get()
            if graph_store is None and not force:
                raise EditRefused(f"edit #{entry['n']} changed the graph, which is not available; "
                                  "forcing undoes the ontology part only")
            if graph_store is not None:
                done = graph_edits.apply(graph_store, entry["store"], Names(restored, workspace.ontology(workspace.draft(current))),
                             reingester(workspace, restored, entry["before"]))
                inverse, notes = done.inverse, done.notes
        record = workspace.commit("undo", {}, f"undid #{entry['n']}: {entry['summary']}", current,
                                  entry["before"], inverse, undoes=entry["n"])
    return EditResult(f"#{record['n']} {record['summary']}", notes, record["n"])


def reextract(workspace: Workspace, store: Any, entity_key: Optional[str] = None) -> list[str]:
    """Extract the stored documents (all, or those about one entity) again with the effective
    ontology. Not an edit of the ontology, so not recorded in the history."""
    session = EditSession(workspace, store)
    if session.store is None:
        raise EditRefused("there is no graph to extract into")
    action: dict = {"action": "reextract"}
    if entity_key:
        action["entity"] = session.entity(entity_key).id
    done = graph_edits.apply(session.store, action, Names(session.ontology), reingester(workspace, session.ontology, None))
    return done.notes


def validate(workspace: Workspace, store: Any) -> tuple[list[str], list[shacl.Violation]]:
    """Problems of the ontology itself, and SHACL violations of domains and ranges in the graph."""
    session = EditSession(workspace, store)
    return edits.problems(session.draft.graph), shacl.validate(to_rdf(session.store), session.ontology)


def history(workspace: Workspace) -> list[dict]:
    """The recorded edits, newest first, each with ``undone``."""
    entries = workspace.history.entries()
    undone = {e["args"].get("edit") for e in entries if e["op"] == "undo"}
    return [{"n": e["n"], "time": e["time"], "op": e["op"], "summary": e["summary"], "undone": e["n"] in undone}
            for e in reversed(entries)]
