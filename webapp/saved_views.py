"""Saved views: named, parameterised Cypher "search phrases" (as Neo4j Bloom's) that the Explore
page draws, kept in ``views.json`` in the ontology workspace folder (``KG_ONTOLOGY_DIR``, by
default ``./data/ontology``) so that they survive restarts and travel with the workspace.

A view's query is the user's data, not the project's Cypher: it is checked like a query typed on
the Query page (one statement, reading only) when saved and run read-only when drawn. What it
draws are the entities it returns: nodes, the ends of relationships and paths, and entity ids.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from graph.errors import GraphError
from graph.guard import _mask, one_statement, read_only_refusal
from ontology.files import atomic_write, read_text

FILE_NAME = "views.json"
MAX_NAME = 80
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class ViewError(ValueError):
    """A view that cannot be saved, or a views file that cannot be read (one line, says where)."""


@dataclass(frozen=True)
class SavedView:
    name: str
    cypher: str
    #: Default parameter values (the Query page's parameters when it was saved).
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def parameters(self) -> list[str]:
        """The ``$names`` the query uses, in order of first use (string literals ignored)."""
        return list(dict.fromkeys(_PARAMETER.findall(_mask(self.cypher))))


def path_in(folder: Path | str) -> Path:
    return Path(folder) / FILE_NAME


def load(path: Path) -> list[SavedView]:
    """The views in ``path`` (none if it does not exist); ViewError if it is damaged."""
    text = read_text(path)
    if text is None or not text.strip():
        return []
    try:
        data = json.loads(text)
        views = [SavedView(str(v["name"]), str(v["cypher"]), dict(v.get("params") or {}))
                 for v in data["views"]]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ViewError(f"{path}: the saved views cannot be read ({type(exc).__name__}: {exc}); "
                        "fix or move the file, nothing was changed") from None
    return views


def _write(path: Path, views: Iterable[SavedView]) -> None:
    data = {"version": 1, "views": [{"name": v.name, "cypher": v.cypher, "params": v.params} for v in views]}
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def check(name: str, cypher: str, params: Any) -> SavedView:
    """The view to save, or ViewError naming what is wrong with it."""
    name = " ".join(str(name or "").split())
    if not name:
        raise ViewError("Give the view a name.")
    if len(name) > MAX_NAME:
        raise ViewError(f"The view's name is {len(name)} characters long; at most {MAX_NAME}.")
    if not isinstance(cypher, str) or not cypher.strip():
        raise ViewError("The view has no query: write one in the Cypher box.")
    if not isinstance(params, dict):
        raise ViewError('Parameters must be a JSON object, e.g. {"name": "Russia"}.')
    try:
        cypher = one_statement(cypher.strip())
    except GraphError as exc:
        raise ViewError(f"The view's query: {exc}.") from None
    reason = read_only_refusal(cypher)
    if reason:
        raise ViewError(f"A view only reads, and this query does not: {reason}.")
    return SavedView(name, cypher, dict(params))


def add(path: Path, name: str, cypher: str, params: Any) -> SavedView:
    """Save a new view (ViewError if invalid, or if a view of that name exists)."""
    view = check(name, cypher, params)
    views = load(path)
    if any(v.name.lower() == view.name.lower() for v in views):
        raise ViewError(f"A view called “{view.name}” exists already: delete it first or choose another name.")
    _write(path, [*views, view])
    return view


def delete(path: Path, name: str) -> bool:
    """Remove the view called ``name``; False if there was none."""
    views = load(path)
    kept = [v for v in views if v.name != name]
    if len(kept) == len(views):
        return False
    _write(path, kept)
    return True


def find(views: Iterable[SavedView], name: Optional[str]) -> Optional[SavedView]:
    return next((v for v in views if v.name == name), None)


def parse_value(text: str) -> Any:
    """A parameter typed on Explore: JSON when it reads as JSON (numbers, lists, true), else the
    text itself (so names need no quotes)."""
    text = str(text)
    try:
        return json.loads(text)
    except ValueError:
        return text


def show_value(value: Any) -> str:
    """The text a parameter's box starts with (:func:`parse_value` gives ``value`` back)."""
    if isinstance(value, str):
        return value if parse_value(value) == value else json.dumps(value)
    return json.dumps(value, ensure_ascii=False)


def entity_ids(rows: Iterable[dict], known: Iterable[str]) -> list[str]:
    """The entities among ``known`` that rows return: entity nodes, the ends of relationships and
    paths, and plain strings that are entity ids, in order of appearance."""
    known = set(known)
    found: dict[str, None] = {}

    def visit(value: Any) -> None:
        if isinstance(value, str):
            if value in known:
                found[value] = None
        elif isinstance(value, list):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            if "_labels" in value:
                visit(value.get("id"))
            elif "_type" in value and "_start" in value:
                visit(value.get("_start"))
                visit(value.get("_end"))
            else:
                for item in value.values():
                    visit(item)

    for row in rows:
        visit(list(row.values()))
    return list(found)
