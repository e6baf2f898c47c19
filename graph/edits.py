"""Carry ontology edits into the store, each as one atomic change that returns its inverse.

An edit of the ontology (``python -m treatykg ontology``) describes what the data must undergo as *actions*:
plain JSON-able dicts, so that the ontology history can record the inverse of each and undo it.

* ``move_predicate {from, to, ids?}``: statements of one predicate take another (rename, merge);
* ``set_type {ids | from, type}``: entities change class (label and ``type``);
* ``set_aliases {id, add, remove | aliases}``: an entity's aliases;
* ``merge_entities {survivor, loser, name?, type?}``: the loser's statements move to the survivor,
  aliases are combined, the loser node goes (``unmerge_entities`` is its inverse);
* ``rebuild_direct {predicate}``: direct relationships rebuilt (after a change of symmetry);
* ``reextract {documents?, entity?}``: stored documents extracted again with the edited ontology
  (by the :data:`Reingest` the caller passes: ingest is a use case above this layer,
  :func:`services.ingest.reingest`);
* ``batch {actions}``: several of these in order.

Direct relationships are derived data: every action ends by recomputing those whose statements
it touched, with the Cypher the loader uses. Each action (one document, for ``reextract``) is one
:meth:`GraphStore.transact`, so it is applied completely or not at all.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from graph import queries
from graph.errors import ValidationError
from graph.store import GraphStore, ReadFn, Step
from graph.vocab import STRUCTURAL_TYPES, Vocabulary, identifier

Action = dict
Key = tuple[str, str, str]
CHUNK = 5000
#: Extracts stored documents (rows with ``id``, ``path``, ``ingested_at``) again into the store
#: and replaces their statements: the ids now stored, and notes for the user.
Reingest = Callable[[GraphStore, list[dict]], tuple[list[str], list[str]]]


@dataclass
class Applied:
    """What an action did: its inverse (None when nothing changed) and notes for the user."""

    inverse: Optional[Action] = None
    notes: list[str] = field(default_factory=list)


class Names:
    """The predicates and classes allowed into Cypher text while an edit is carried out.

    The edited ontology's, plus the previous ontology's: the old name of a renamed predicate must
    still reach the query that renames it. Symmetry comes from the edited ontology first.
    """

    def __init__(self, ontology: Vocabulary, previous: Optional[Vocabulary] = None) -> None:
        self.ontology = ontology
        self.symmetric_of: dict[str, bool] = {}
        for onto in (previous, ontology):
            if onto is not None:
                for name, pred in onto.predicates.items():
                    self.symmetric_of[name] = bool(getattr(pred, "symmetric", False))
        self.classes = set(ontology.classes) | set(previous.classes if previous is not None else ())

    def rel(self, predicate: str) -> str:
        if predicate not in self.symmetric_of:
            raise ValidationError(f"unknown predicate {predicate!r} (not in the ontology)")
        rel = identifier(predicate, "predicate").upper()
        if rel in STRUCTURAL_TYPES:
            raise ValidationError(f"predicate {predicate!r} clashes with a structural relationship type")
        return rel

    def symmetric(self, predicate: str) -> bool:
        return self.symmetric_of.get(predicate, False)

    def label(self, name: Optional[str]) -> Optional[str]:
        if name is None or name == "Entity":
            return None
        if name not in self.classes:
            raise ValidationError(f"unknown entity type {name!r} (not in the ontology)")
        return identifier(name, "entity type")


# ----------------------------------------------------------------------------- reading facts

def statement_counts(store: GraphStore) -> dict[str, int]:
    """Statements per predicate."""
    return {r["predicate"]: int(r["n"]) for r in store.run(queries.COUNT_STATEMENTS_BY_PREDICATE)}


def entity_type_counts(store: GraphStore) -> dict[str, int]:
    """Entities per type."""
    return {r["type"]: int(r["n"]) for r in store.run(queries.COUNT_ENTITIES_BY_TYPE)}


def find_entities(store: GraphStore, key: str) -> list[dict]:
    """Entities whose id, name (any case) or alias is ``key``."""
    return list(store.run(queries.FIND_ENTITY, {"key": key}))


def entity(store: GraphStore, entity_id: str) -> Optional[dict]:
    rows = store.run(queries.EDIT_ENTITY, {"id": entity_id})
    return dict(rows[0]) if rows else None


# ----------------------------------------------------------------------------- applying

def apply(store: GraphStore, action: Action, names: Names, reingest: Optional[Reingest] = None) -> Applied:
    """Carry out one action; ``reingest`` extracts the documents a ``reextract`` names again."""
    kind = action.get("action")
    handler = _HANDLERS.get(kind)
    if handler is None:
        raise ValidationError(f"unknown store action {kind!r}")
    if kind in ("reextract", "batch"):
        return handler(store, action, names, reingest)
    return handler(store, action, names)


def apply_all(store: GraphStore, actions: Iterable[Action], names: Names,
              reingest: Optional[Reingest] = None) -> Applied:
    """Apply actions in order; the inverse is one ``batch`` undoing them newest first."""
    return _batch(store, {"action": "batch", "actions": list(actions)}, names, reingest)


def _batch(store, action, names, reingest) -> Applied:
    """Actions in order; if one fails, those already applied are undone before the error rises,
    so that the graph stays as the (unchanged) ontology files describe it."""
    inverses: list[Action] = []
    notes: list[str] = []
    for sub in action["actions"]:
        try:
            done = apply(store, sub, names, reingest)
        except Exception:
            for inverse in reversed(inverses):
                apply(store, inverse, names, reingest)
            raise
        notes += done.notes
        if done.inverse is not None:
            inverses.append(done.inverse)
    if not inverses:
        return Applied(None, notes)
    return Applied({"action": "batch", "actions": inverses[::-1]}, notes)


def _move_predicate(store: GraphStore, action: Action, names: Names) -> Applied:
    source, target = action["from"], action["to"]
    names.rel(source), names.rel(target)  # refuse unknown names before reading anything
    moved: list[str] = []

    def plan(read: ReadFn) -> list[Step]:
        moved.clear()
        if action.get("ids") is not None:
            rows = [r for r in read(queries.EDIT_STATEMENTS_BY_ID, {"ids": list(action["ids"])})
                    if r["p"] == source]
        else:
            rows = read(queries.EDIT_STATEMENTS_OF_PREDICATE, {"predicate": source})
        if not rows:
            return []
        moved.extend(r["id"] for r in rows)
        steps: list[Step] = []
        for chunk in _chunks(moved):
            steps.append((queries.EDIT_SET_PREDICATE, {"ids": chunk, "predicate": target}))
        old_keys = {(r["s"], source, r["o"]) for r in rows}
        new_keys = {(r["s"], target, r["o"]) for r in rows}
        return steps + _refresh(names, old_keys | new_keys)

    store.transact(plan)
    if not moved:
        return Applied()
    note = f"{len(moved)} statement(s) moved from {source} to {target}"
    return Applied({"action": "move_predicate", "from": target, "to": source, "ids": list(moved)}, [note])


def _set_type(store: GraphStore, action: Action, names: Names) -> Applied:
    new_type = action["type"]
    new_label = names.label(new_type)
    before: dict[str, str] = {}

    def plan(read: ReadFn) -> list[Step]:
        before.clear()
        if action.get("ids") is not None:
            rows = read(queries.EDIT_ENTITIES_BY_ID, {"ids": list(action["ids"])})
        else:
            rows = read(queries.EDIT_ENTITIES_OF_TYPE, {"type": action["from"]})
        groups: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            if row["type"] != new_type:
                groups[row["type"]].append(row["id"])
                before[row["id"]] = row["type"]
        steps: list[Step] = []
        for old_type, ids in sorted(groups.items()):
            text = queries.edit_set_type(_old_label(names, old_type), new_label)
            steps += [(text, {"ids": chunk, "type": new_type}) for chunk in _chunks(ids)]
        return steps

    store.transact(plan)
    if not before:
        return Applied()
    by_type: dict[str, list[str]] = defaultdict(list)
    for eid, old in before.items():
        by_type[old].append(eid)
    inverses = [{"action": "set_type", "ids": ids, "type": old} for old, ids in sorted(by_type.items())]
    inverse = inverses[0] if len(inverses) == 1 else {"action": "batch", "actions": inverses}
    return Applied(inverse, [f"{len(before)} entit{'y' if len(before) == 1 else 'ies'} now typed {new_type}"])


def _old_label(names: Names, old_type: str) -> Optional[str]:
    """The label to remove: an unknown old type is removed only if it is a plain identifier."""
    if old_type in names.classes or old_type == "Entity":
        return names.label(old_type)
    return identifier(old_type, "entity type")


def _set_aliases(store: GraphStore, action: Action, names: Names) -> Applied:
    old: list[list[str]] = []

    def plan(read: ReadFn) -> list[Step]:
        old.clear()
        rows = read(queries.EDIT_ENTITY, {"id": action["id"]})
        if not rows:
            return []
        current = list(rows[0]["aliases"] or [])
        if "aliases" in action:
            new = list(action["aliases"])
        else:
            dropped = set(action.get("remove", ()))
            new = [a for a in current if a not in dropped]
            new += [a for a in action.get("add", ()) if a not in new and a != rows[0]["name"]]
        if new == current:
            return []
        old.append(current)
        return [(queries.EDIT_SET_ALIASES, {"id": action["id"], "aliases": new})]

    store.transact(plan)
    if not old:
        return Applied()
    return Applied({"action": "set_aliases", "id": action["id"], "aliases": old[0]})


def _merge_entities(store: GraphStore, action: Action, names: Names) -> Applied:
    survivor, loser = action["survivor"], action["loser"]
    if survivor == loser:
        raise ValidationError("cannot merge an entity with itself")
    inverse: dict = {}

    def plan(read: ReadFn) -> list[Step]:
        inverse.clear()
        lost = read(queries.EDIT_ENTITY, {"id": loser})
        if not lost:
            return []
        lost = lost[0]
        kept = read(queries.EDIT_ENTITY, {"id": survivor})
        steps: list[Step] = []
        created = not kept
        if created:
            # The survivor is known to the gazetteer only: it takes over the loser's place.
            kept_row = {"id": survivor, "name": action.get("name") or survivor,
                        "type": action.get("type") or lost["type"], "aliases": []}
            steps.append((queries.edit_create_entity(names.label(kept_row["type"])),
                          {"id": survivor, "name": kept_row["name"], "type": kept_row["type"], "aliases": []}))
        else:
            kept_row = kept[0]
        ends = read(queries.EDIT_STATEMENT_ENDS, {"id": loser})
        subject_ids = [r["id"] for r in ends if r["role"] == "SUBJECT"]
        object_ids = [r["id"] for r in ends if r["role"] == "OBJECT"]
        attributed = read(queries.EDIT_ATTRIBUTED_TO, {"id": loser})
        for role, ids in (("SUBJECT", subject_ids), ("OBJECT", object_ids)):
            for chunk in _chunks(ids):
                steps.append((queries.edit_move_end(role), {"ids": chunk, "source": loser, "target": survivor}))
        for chunk in _chunks([r["id"] for r in attributed]):
            steps.append((queries.EDIT_SET_ATTRIBUTION, {"ids": chunk, "id": survivor, "name": kept_row["name"]}))
        old_aliases = list(kept_row["aliases"] or [])
        merged = old_aliases + [a for a in dict.fromkeys([lost["name"], *(lost["aliases"] or [])])
                                if a not in old_aliases and a != kept_row["name"]]
        steps.append((queries.EDIT_SET_ALIASES, {"id": survivor, "aliases": merged}))
        keys = {_replace(k, loser, survivor) for k in _keys(read, subject_ids + object_ids)}
        steps.append((queries.EDIT_DELETE_DIRECT_OF_ENTITY, {"id": loser}))
        steps.append((queries.EDIT_DELETE_ENTITY, {"id": loser}))
        steps += _refresh(names, keys)
        inverse.update({
            "action": "unmerge_entities", "survivor": survivor,
            "entity": {k: lost[k] for k in ("id", "name", "type")} | {"aliases": list(lost["aliases"] or [])},
            "subject": subject_ids, "object": object_ids,
            "attributed": [[r["id"], r["name"]] for r in attributed],
            "survivor_aliases": old_aliases, "drop_survivor": created,
        })
        return steps

    store.transact(plan)
    if not inverse:
        return Applied()
    moved = len(set(inverse["subject"]) | set(inverse["object"]))
    return Applied(dict(inverse), [f"{moved} statement(s) moved from {loser} to {survivor}"])


def _unmerge_entities(store: GraphStore, action: Action, names: Names) -> Applied:
    survivor, node = action["survivor"], action["entity"]
    loser = node["id"]
    done: list[bool] = []

    def plan(read: ReadFn) -> list[Step]:
        done.clear()
        if read(queries.EDIT_ENTITY, {"id": loser}):
            return []  # already split
        subject_ids, object_ids = set(action["subject"]), set(action["object"])
        before = {r["id"]: (r["s"], r["p"], r["o"])
                  for r in read(queries.EDIT_STATEMENTS_BY_ID, {"ids": sorted(subject_ids | object_ids)})}
        steps: list[Step] = [(queries.edit_create_entity(names.label(node["type"])),
                              {"id": loser, "name": node["name"], "type": node["type"],
                               "aliases": list(node["aliases"])})]
        for role, ids in (("SUBJECT", subject_ids), ("OBJECT", object_ids)):
            for chunk in _chunks(sorted(ids)):
                steps.append((queries.edit_move_end(role), {"ids": chunk, "source": survivor, "target": loser}))
        by_name: dict[str, list[str]] = defaultdict(list)
        for sid, name in action["attributed"]:
            by_name[name].append(sid)
        for name, ids in sorted(by_name.items(), key=lambda kv: str(kv[0])):
            for chunk in _chunks(ids):
                steps.append((queries.EDIT_SET_ATTRIBUTION, {"ids": chunk, "id": loser, "name": name}))
        steps.append((queries.EDIT_SET_ALIASES, {"id": survivor, "aliases": list(action["survivor_aliases"])}))
        after = {(loser if sid in subject_ids else s, p, loser if sid in object_ids else o)
                 for sid, (s, p, o) in before.items()}
        steps += _refresh(names, set(before.values()) | after)
        if action.get("drop_survivor"):
            steps.append((queries.EDIT_DELETE_ENTITY, {"id": survivor}))
        done.append(True)
        return steps

    store.transact(plan)
    if not done:
        return Applied()
    inverse = {"action": "merge_entities", "survivor": survivor, "loser": loser}
    return Applied(inverse, [f"{loser} split from {survivor} again"])


def _rebuild_direct(store: GraphStore, action: Action, names: Names) -> Applied:
    predicate = action["predicate"]
    rel = names.rel(predicate)

    def plan(read: ReadFn) -> list[Step]:
        rows = read(queries.EDIT_STATEMENTS_OF_PREDICATE, {"predicate": predicate})
        keys = {(r["s"], predicate, r["o"]) for r in rows}
        return [(queries.edit_delete_direct(rel), {})] + _refresh(names, keys)

    store.transact(plan)
    return Applied({"action": "rebuild_direct", "predicate": predicate},
                   [f"direct {rel} relationships rebuilt"])


def _reextract(store: GraphStore, action: Action, names: Names, reingest: Optional[Reingest]) -> Applied:
    """Extract stored documents again (from their paths) and replace their statements, one
    transaction per document."""
    if action.get("documents") is not None:
        doc_ids = list(action["documents"])
    elif action.get("entity"):
        doc_ids = [r["id"] for r in store.run(queries.EDIT_DOCUMENTS_OF_ENTITY, {"id": action["entity"]})]
    else:
        doc_ids = [r["id"] for r in store.run(queries.DOCUMENTS)]
    rows = [dict(r) for r in store.run(queries.EDIT_DOCUMENTS_BY_ID, {"ids": doc_ids})] if doc_ids else []
    if not rows:
        return Applied(None, ["no stored documents to extract again"])
    if reingest is None:
        raise ValidationError("re-extraction needs an extractor")
    # Direct relationships of predicates the ontology no longer has are not the loader's to
    # repair (it cannot name them): find them now, prune them once the statements are gone
    # (also when the re-extraction stops half-way: a refresh recomputes from what is stored).
    stale = {(r["s"], r["p"], r["o"]) for r in store.run(queries.KEYS_OF_DOCUMENTS, {"ids": [r["id"] for r in rows]})
             if r["p"] not in names.ontology.predicates and r["p"] in names.symmetric_of}
    try:
        done, notes = reingest(store, rows)
    finally:
        if stale:
            store.transact(lambda read: _refresh(names, stale))
    notes = list(notes) + [f"{len(done)} of {len(rows)} document(s) extracted again"]
    if not done:
        return Applied(None, notes)
    return Applied({"action": "reextract", "documents": list(done)}, notes)


_HANDLERS: dict[str, Callable] = {
    "move_predicate": _move_predicate,
    "set_type": _set_type,
    "set_aliases": _set_aliases,
    "merge_entities": _merge_entities,
    "unmerge_entities": _unmerge_entities,
    "rebuild_direct": _rebuild_direct,
    "reextract": _reextract,
    "batch": _batch,
}


# ----------------------------------------------------------------------------- direct relationships

def _keys(read: ReadFn, statement_ids: list[str]) -> set[Key]:
    if not statement_ids:
        return set()
    rows = read(queries.EDIT_STATEMENTS_BY_ID, {"ids": sorted(set(statement_ids))})
    return {(r["s"], r["p"], r["o"]) for r in rows}


def _replace(key: Key, old: str, new: str) -> Key:
    s, p, o = key
    return (new if s == old else s, p, new if o == old else o)


def _refresh(names: Names, keys: set[Key]) -> list[Step]:
    """Recompute (or remove) the direct relationships of these (subject, predicate, object) keys."""
    by_predicate: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for s, p, o in keys:
        if names.symmetric(p) and o < s:
            s, o = o, s
        by_predicate[p].add((s, o))
    steps: list[Step] = []
    for predicate, pairs in sorted(by_predicate.items()):
        rel = names.rel(predicate)
        symmetric = names.symmetric(predicate)
        rows = [{"s": s, "p": predicate, "o": o} for s, o in sorted(pairs)]
        for chunk in _chunks(rows):
            steps.append((queries.recompute_direct(rel, symmetric),
                          {"rows": chunk, "modalities": queries.MODALITY_ORDER}))
            steps.append((queries.prune_direct(rel, symmetric), {"rows": chunk}))
    return steps


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]
