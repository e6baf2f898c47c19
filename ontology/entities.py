"""Entity edits: aliases, type changes, merges and splits, as lines of the gazetteer overlay.

The overlay (``entities.jsonl`` in the workspace) is read by
``load_gazetteer(extra_files=[...])``: one line per touched entity, in the gazetteer's own format
plus two edit keys, ``remove`` (aliases dropped) and ``merge_into`` (entity folded into another).
The edits keep one line per entity and drop lines that no longer change anything, so the file
stays a readable list of what users changed. An entity the gazetteer does not know (found by
the NER in some document and stored) gets a line that adds it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from ontology.edits import Draft, Outcome
from ontology.errors import EditRefused, shown
from ontology.gazetteer import Gazetteer
from ontology.naming import check_visible
from ontology.records import slugify

MAX_ALIAS = 200


@dataclass(frozen=True)
class Known:
    """An entity as the user named it, from the gazetteer or (if not there) from the store."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    in_gazetteer: bool = True


def resolve(key: str, gazetteer: Gazetteer, stored: Iterable[dict] = ()) -> Known:
    """The entity a user means by an id, canonical name or alias; ambiguous names are refused.

    ``stored`` are store rows ``{id, name, type, aliases?}`` matching ``key``, used when the
    gazetteer does not know the name.
    """
    key = " ".join(key.split())
    entity = gazetteer.get(key)
    if entity is None:
        found = gazetteer.lookup(key)
        exact = [e for e in found if e.name == key or e.name.casefold() == key.casefold()]
        if len(exact) == 1 or (exact and exact[0].name == key):
            entity = exact[0]
        elif len(found) == 1:
            entity = found[0]
        elif found:
            options = "; ".join(f"{e.name} ({e.type}, id {e.id})" for e in found[:5])
            raise EditRefused(f"{shown(key)} names several entities: {options}; use the canonical name or id")
    if entity is not None:
        return Known(entity.id, entity.name, entity.type, entity.aliases, True)
    rows = {r["id"]: r for r in stored}
    if len(rows) == 1:
        row = next(iter(rows.values()))
        return Known(row["id"], row["name"], row["type"], tuple(row.get("aliases") or ()), False)
    if rows:
        options = "; ".join(f"{r['name']} ({r['type']}, id {r['id']})" for r in list(rows.values())[:5])
        raise EditRefused(f"{shown(key)} names several stored entities: {options}; use the id")
    raise EditRefused(f"unknown entity {shown(key)} (not in the gazetteer or the graph)")


# ----------------------------------------------------------------------------- edits

def add_alias(draft: Draft, entity: Known, alias: str, gazetteer: Gazetteer, base: Gazetteer) -> Outcome:
    """Make ``alias`` name ``entity`` (in the gazetteer and the stored node)."""
    alias = _alias(alias)
    if alias == entity.name or alias in entity.aliases:
        raise EditRefused(f"{shown(alias)} is already a name of {entity.name}")
    _not_another_name(alias, entity, gazetteer)
    new = draft.copy()
    line = _line(new.entities, entity)
    _drop(line, "remove", alias)
    original = base.get(entity.id)
    if original is None or alias not in original.aliases:
        _append(line, "aliases", alias)
    _tidy(new.entities, base)
    others = [e.name for e in gazetteer.lookup(alias) if e.id != entity.id]
    message = f"alias {shown(alias)} added to {entity.name}"
    if others:
        message += f" (it also names {', '.join(others[:3])})"
    store = [{"action": "set_aliases", "id": entity.id, "add": [alias]}]
    return Outcome(new, message, store, reextract={"action": "reextract"})


def remove_alias(draft: Draft, entity: Known, alias: str, base: Gazetteer) -> Outcome:
    """Stop ``alias`` from naming ``entity``."""
    alias = _own_alias(entity, alias)
    new = draft.copy()
    _unname(new.entities, entity, alias, base)
    _tidy(new.entities, base)
    store = [{"action": "set_aliases", "id": entity.id, "remove": [alias]}]
    return Outcome(new, f"alias {shown(alias)} removed from {entity.name}", store,
                   reextract={"action": "reextract", "entity": entity.id})


def set_type(draft: Draft, entity: Known, new_type: str, types: Iterable[str], base: Gazetteer) -> Outcome:
    """Give an entity another (concrete) class."""
    types = sorted(types)
    if new_type not in types:
        raise EditRefused(f"unknown or abstract class {shown(new_type)} (entity types: {', '.join(types)})")
    if new_type == entity.type:
        raise EditRefused(f"{entity.name} is already a {new_type}")
    new = draft.copy()
    _line(new.entities, entity)["type"] = new_type
    _tidy(new.entities, base)
    store = [{"action": "set_type", "ids": [entity.id], "type": new_type}]
    return Outcome(new, f"{entity.name} is now a {new_type} (was {entity.type})", store,
                   reextract={"action": "reextract", "entity": entity.id})


def merge(draft: Draft, survivor: Known, loser: Known, base: Gazetteer) -> Outcome:
    """Fold ``loser`` into ``survivor``: its statements move, its names become aliases."""
    if survivor.id == loser.id:
        raise EditRefused(f"{survivor.name} and {loser.name} are the same entity")
    new = draft.copy()
    keep = _line(new.entities, survivor)
    if loser.in_gazetteer:
        _line(new.entities, loser)["merge_into"] = survivor.name
    else:
        for name in (loser.name, *loser.aliases):
            if name != survivor.name and name not in survivor.aliases:
                _append(keep, "aliases", name)
    for name in (loser.name, *loser.aliases):
        _drop(keep, "remove", name)
    _tidy(new.entities, base)
    message = f"{loser.name} merged into {survivor.name}"
    if loser.type != survivor.type:
        message += f" (a {survivor.type}; {loser.name} was a {loser.type})"
    store = [{"action": "merge_entities", "survivor": survivor.id, "loser": loser.id,
              "name": survivor.name, "type": survivor.type}]
    return Outcome(new, message, store)


def split(draft: Draft, entity: Known, alias: str, new_type: Optional[str], types: Iterable[str],
          gazetteer: Gazetteer, base: Gazetteer) -> Outcome:
    """Make an alias of ``entity`` an entity of its own (undoing a merge when it was one)."""
    alias = _own_alias(entity, alias)
    types = sorted(types)
    if new_type is not None and new_type not in types:
        raise EditRefused(f"unknown or abstract class {shown(new_type)} (entity types: {', '.join(types)})")
    new = draft.copy()
    merged = next((line for line in new.entities if line.get("merge_into")
                   and slugify(line["name"]) == slugify(alias)
                   and _target(new.entities, line) == entity.id), None)
    if merged is not None:
        del merged["merge_into"]
        if new_type:
            merged["type"] = new_type
        created = Known(slugify(merged["name"]), merged["name"], merged.get("type", entity.type))
    else:
        if slugify(alias) in gazetteer and slugify(alias) != entity.id:
            other = gazetteer.get(slugify(alias))
            raise EditRefused(f"an entity {other.name} ({other.type}) already has the id {other.id}; "
                              f"remove the alias and add it there instead")
        if slugify(alias) == entity.id:
            raise EditRefused(f"{shown(alias)} is the same name as {entity.name}; it cannot be split off")
        _unname(new.entities, entity, alias, base)
        created = Known(slugify(alias), alias, new_type or entity.type)
        new.entities.append({"name": alias, "type": created.type})
    _tidy(new.entities, base)
    store = [{"action": "set_aliases", "id": entity.id, "remove": [alias]}]
    return Outcome(new, f"{shown(alias)} split from {entity.name} as an entity of its own ({created.type})", store,
                   reextract={"action": "reextract", "entity": entity.id})


# ----------------------------------------------------------------------------- lines

def _line(lines: list[dict], entity: Known) -> dict:
    """The entity's overlay line, created (with its current type) if missing."""
    key = entity.id
    for line in lines:
        if slugify(line["name"]) == key:
            return line
    line = {"name": entity.name, "type": entity.type}
    lines.append(line)
    return line


def _unname(lines: list[dict], entity: Known, alias: str, base: Gazetteer) -> None:
    """Edit the entity's line so that ``alias`` no longer names it."""
    line = _line(lines, entity)
    if alias in line.get("aliases", ()):
        _drop(line, "aliases", alias)
        original = base.get(entity.id)
        if (original is not None and alias in original.aliases) or _merged_into(lines, entity):
            _append(line, "remove", alias)
    else:
        _append(line, "remove", alias)


def _target(lines: list[dict], line: dict) -> str:
    """Where a merge line finally leads (chains of merges followed)."""
    by_id = {slugify(x["name"]): x for x in lines}
    target, seen = slugify(line["merge_into"]), set()
    while target in by_id and by_id[target].get("merge_into") and target not in seen:
        seen.add(target)
        target = slugify(by_id[target]["merge_into"])
    return target


def _merged_into(lines: list[dict], entity: Known) -> bool:
    return any(line.get("merge_into") and _target(lines, line) == entity.id for line in lines)


def _append(line: dict, key: str, value: str) -> None:
    values = line.setdefault(key, [])
    if value not in values:
        values.append(value)


def _drop(line: dict, key: str, value: str) -> None:
    if value in line.get(key, ()):
        line[key] = [v for v in line[key] if v != value]
        if not line[key]:
            del line[key]


def _tidy(lines: list[dict], base: Gazetteer) -> None:
    """Drop empty keys and lines that change nothing the base gazetteer has."""
    keep = []
    for line in lines:
        for key in ("aliases", "remove"):
            if key in line and not line[key]:
                del line[key]
        original = base.get(slugify(line["name"]))
        noop = (set(line) <= {"name", "type"} and original is not None
                and line.get("type", original.type) == original.type)
        if not noop:
            keep.append(line)
    lines[:] = keep


def _alias(alias: str) -> str:
    alias = " ".join(str(alias).split())
    if not alias:
        raise EditRefused("an alias cannot be empty")
    if len(alias) > MAX_ALIAS:
        raise EditRefused(f"alias too long ({len(alias)} characters, at most {MAX_ALIAS})")
    return check_visible(alias, "alias")


def _own_alias(entity: Known, alias: str) -> str:
    alias = _alias(alias)
    if alias in entity.aliases:
        return alias
    folded = [a for a in entity.aliases if a.casefold() == alias.casefold()]
    if len(folded) == 1:
        return folded[0]
    raise EditRefused(f"{shown(alias)} is not an alias of {entity.name}")


def _not_another_name(alias: str, entity: Known, gazetteer: Gazetteer) -> None:
    for other in gazetteer.lookup(alias):
        if other.id != entity.id and (other.name == alias or other.id == slugify(alias)):
            raise EditRefused(f"{shown(alias)} is the name of another entity, {other.name} ({other.type}); "
                              f"merge the two with merge-entities instead")
