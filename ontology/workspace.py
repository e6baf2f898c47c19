"""The ontology workspace: where user edits live, and the effective ontology and gazetteer.

``KG_ONTOLOGY_DIR`` (default ``./data/ontology``) holds

* ``overlay.ttl``: ontology edits over the read-only core (:mod:`ontology.overlay` says how
  they combine), so an upgraded core never loses them;
* ``entities.jsonl``: entity edits in the gazetteer overlay format (:mod:`ontology.entities`);
* ``history.jsonl``: every edit, for ``history`` and ``undo`` (:mod:`ontology.history`).

Every layer that needs the ontology calls :func:`load_effective`: the core alone when there is
no workspace, core + edits when there is one. Edits run under a file lock; each is committed by
writing the history entry first, then the files (each atomically), and :meth:`Workspace.recover`
rolls a commit interrupted in between forward.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
from pathlib import Path
from typing import Iterator, Mapping, Optional

from rdflib import Graph

from ontology.edits import Draft
from ontology.errors import WorkspaceError
from ontology.gazetteer import jsonl_objects
from ontology.files import atomic_write, read_text
from ontology.gazetteer import Gazetteer, GazetteerError, load_gazetteer
from ontology.history import History
from ontology.model import CORE_PATH, Ontology, ontology_from_graph
from ontology.namespace import TKG
from ontology.overlay import effective, overlay_of, replacements, terms

ENV_VAR = "KG_ONTOLOGY_DIR"
DEFAULT_DIR = "./data/ontology"
OVERLAY = "overlay.ttl"
ENTITIES = "entities.jsonl"
HISTORY = "history.jsonl"
LOCK = ".lock"
FILES = (OVERLAY, ENTITIES)

OVERLAY_HEADER = """\
# treatykg ontology overlay: your edits over the read-only core ontology (ontology/core.ttl).
# Written by `python -m treatykg ontology`; safe to read, edit by hand with care.
# A term described here replaces the core's description of that term; `owl:deprecated true`
# deletes a core term; `tkg:replacedBy` also re-points every reference to it (rename, merge).

"""
ENTITIES_HEADER = """\
# treatykg entity edits: gazetteer overlay lines (format: ontology/data/gazetteer/README.md),
# plus "remove" (aliases dropped) and "merge_into" (entity folded into another).
"""


def workspace_dir(folder: Optional[str | Path] = None, env: Optional[Mapping[str, str]] = None) -> Path:
    """The workspace folder: explicit, else ``KG_ONTOLOGY_DIR``, else ``./data/ontology``."""
    env = os.environ if env is None else env
    return Path(folder or env.get(ENV_VAR) or DEFAULT_DIR)


class Workspace:
    """One workspace folder over one core ontology file."""

    def __init__(self, folder: Optional[str | Path] = None, core_path: Path | str = CORE_PATH) -> None:
        self.folder = workspace_dir(folder)
        self.core_path = Path(core_path)
        self.history = History(self.folder / HISTORY)

    @property
    def overlay_path(self) -> Path:
        return self.folder / OVERLAY

    @property
    def entities_path(self) -> Path:
        return self.folder / ENTITIES

    def exists(self) -> bool:
        return any((self.folder / name).exists() for name in FILES)

    # ------------------------------------------------------------------ reading

    def files(self) -> dict[str, Optional[str]]:
        """The current texts of the workspace files (None: absent)."""
        return {name: read_text(self.folder / name) for name in FILES}

    def core(self) -> Graph:
        graph = Graph()
        graph.bind("tkg", TKG)
        try:
            graph.parse(str(self.core_path), format="turtle")
        except Exception as exc:  # rdflib raises parser-specific types
            raise WorkspaceError(f"{self.core_path}: cannot read the core ontology: {_one_line(exc)}") from None
        return graph

    def draft(self, files: Optional[Mapping[str, Optional[str]]] = None) -> Draft:
        """The effective ontology and entity lines of the given (default: current) files."""
        files = self.files() if files is None else files
        core = self.core()
        overlay = _parse_overlay(files.get(OVERLAY), self.overlay_path)
        return Draft(effective(core, overlay), replacements(overlay),
                     parse_entities(files.get(ENTITIES), self.entities_path), frozenset(terms(core)))

    def ontology(self, draft: Optional[Draft] = None) -> Ontology:
        draft = draft or self.draft()
        try:
            return ontology_from_graph(draft.graph)
        except ValueError as exc:  # an unreadable trigger
            raise WorkspaceError(f"{self.overlay_path}: {exc}") from None

    def gazetteer(self, ontology: Ontology, files: Optional[Mapping[str, Optional[str]]] = None) -> Gazetteer:
        """The effective gazetteer: the curated one with the entity edits (of ``files`` if given,
        e.g. a history snapshot, else of the workspace file)."""
        try:
            if files is not None:
                text = files.get(ENTITIES)
                gazetteer = load_gazetteer(types=ontology.entity_types) if text is None \
                    else _gazetteer_from_text(text, ontology)
            elif not self.entities_path.exists():
                gazetteer = load_gazetteer(types=ontology.entity_types)
            else:
                gazetteer = load_gazetteer(extra_files=[self.entities_path], types=ontology.entity_types)
        except GazetteerError as exc:
            raise WorkspaceError(str(exc)) from None
        # People's offices name their predicate ("leads"): a renamed predicate takes them along.
        overlay = _parse_overlay((self.files() if files is None else files).get(OVERLAY), self.overlay_path)
        renamed = {str(old).rsplit("#", 1)[-1]: str(new).rsplit("#", 1)[-1]
                   for old, new in replacements(overlay).items()}
        if renamed:
            gazetteer.rename_role_predicates(renamed)
        return gazetteer

    # ------------------------------------------------------------------ writing

    def render(self, draft: Draft) -> dict[str, Optional[str]]:
        """The workspace files that store ``draft`` (None: the file is not needed)."""
        overlay = overlay_of(self.core(), draft.graph, draft.replaced)
        overlay_text = None
        if len(overlay):
            overlay_text = OVERLAY_HEADER + overlay.serialize(format="turtle")
        entities_text = None
        if draft.entities:
            entities_text = ENTITIES_HEADER + "".join(
                json.dumps(line, ensure_ascii=False) + "\n" for line in draft.entities)
        return {OVERLAY: overlay_text, ENTITIES: entities_text}

    def write(self, files: Mapping[str, Optional[str]]) -> None:
        for name in FILES:
            if name in files:
                atomic_write(self.folder / name, files[name])

    def commit(self, op: str, args: dict, summary: str, before: Mapping[str, Optional[str]],
               after: Mapping[str, Optional[str]], store: Optional[dict] = None,
               undoes: Optional[int] = None) -> dict:
        """Record the edit in the history, then write the files (the history is the log ahead)."""
        entry = self.history.record(op, args, summary, dict(before), dict(after), store, undoes)
        self.write(after)
        return entry

    def recover(self) -> list[str]:
        """Finish a commit that a crash interrupted: files still as before the last entry get its after."""
        last = self.history.last()
        if last is None:
            return []
        current = self.files()
        fixed = []
        for name in FILES:
            before, after = last["before"].get(name), last["after"].get(name)
            if current[name] == before and before != after:
                atomic_write(self.folder / name, after)
                fixed.append(name)
        return fixed

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Exclusive lock on the workspace for the duration of one edit."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / LOCK, "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def load_effective(folder: Optional[str | Path] = None) -> tuple[Ontology, Gazetteer]:
    """The effective ontology and gazetteer of the configured workspace (core only if none)."""
    workspace = Workspace(folder)
    ontology = workspace.ontology()
    return ontology, workspace.gazetteer(ontology)


def parse_entities(text: Optional[str], where: Path | str = ENTITIES) -> list[dict]:
    """Entity overlay lines (blank and ``#`` lines skipped)."""
    lines = []
    for lineno, obj in jsonl_objects((text or "").splitlines(), where, WorkspaceError):
        if not isinstance(obj.get("name"), str):
            raise WorkspaceError(f"{where}:{lineno}: expected an object with a \"name\"")
        lines.append(obj)
    return lines


def _parse_overlay(text: Optional[str], where: Path) -> Graph:
    graph = Graph()
    if text:
        try:
            graph.parse(data=text, format="turtle")
        except Exception as exc:  # rdflib raises parser-specific types
            raise WorkspaceError(f"{where}: not valid Turtle: {_one_line(exc)}") from None
    return graph


def _gazetteer_from_text(text: str, ontology: Ontology) -> Gazetteer:
    """Load entity lines that are not (yet) the workspace file, e.g. a history snapshot."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ENTITIES
        path.write_text(text, encoding="utf-8")
        return load_gazetteer(extra_files=[path], types=ontology.entity_types)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]
