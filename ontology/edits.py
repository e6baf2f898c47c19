"""The ontology edits and their validation, as functions from one draft to the next.

A :class:`Draft` is the effective ontology graph being edited, the core terms it replaced
(renames, migrated deletions) and the entity overlay lines. Every edit checks everything first
and raises :class:`~ontology.errors.EditRefused` with a one-line reason, or returns an
:class:`Outcome`: a new draft (the old one is untouched), a message, and the *store actions*
(:mod:`graph.edits`) that carry the edit into stored data. Facts about the data that the checks
need (entities per type, statements per predicate) come in as :class:`Usage`.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ontology import terms as t
from ontology.errors import EditRefused, shown
from ontology.gazetteer import TYPES
from ontology.model import TRIGGER_KINDS, parse_trigger
from ontology.namespace import TKG
from ontology.naming import check_class_name, check_predicate_name, check_visible
from ontology.overlay import remove_term

#: Classes the extractor and the gazetteer refer to by name: never renamed or deleted.
BUILTIN_CLASSES = frozenset(TYPES) | {"Entity", "Actor"}
CAMEO = re.compile(r"^\d{2,4}$")
PLOVER = re.compile(r"^[A-Z][A-Z_]{1,31}$")
MAX_TEXT = 2000


@dataclass
class Draft:
    """An ontology being edited."""

    graph: Graph
    replaced: dict[URIRef, URIRef] = field(default_factory=dict)
    entities: list[dict] = field(default_factory=list)
    core_terms: frozenset[URIRef] = frozenset()

    def copy(self) -> "Draft":
        graph = Graph()
        for prefix, ns in self.graph.namespaces():
            graph.bind(prefix, ns, override=False)
        for triple in self.graph:
            graph.add(triple)
        return Draft(graph, dict(self.replaced), copy.deepcopy(self.entities), self.core_terms)


@dataclass(frozen=True)
class Usage:
    """What the data holds: entities per type (gazetteer and store), statements per predicate."""

    entity_types: Mapping[str, int] = field(default_factory=dict)
    statements: Mapping[str, int] = field(default_factory=dict)


@dataclass
class Outcome:
    """A validated edit: the new draft, what to tell the user, what the store must undergo."""

    draft: Draft
    message: str
    store: list[dict] = field(default_factory=list)
    #: The ``reextract`` store action that would bring the edit to the stored documents (new
    #: triggers, aliases ...): offered to the user, not applied unless asked for.
    reextract: Optional[dict] = None


# ----------------------------------------------------------------------------- classes

def add_class(draft: Draft, name: str, parent: Optional[str] = None, label: Optional[str] = None,
              comment: Optional[str] = None, abstract: Optional[bool] = None,
              definite_heads: Iterable[str] = (), update: bool = False, usage: Usage = Usage()) -> Outcome:
    """Add a class under ``parent`` (default Entity), or with ``update`` change an existing one."""
    graph = draft.graph
    if update:
        _require(graph, name, t.CLASS)
    else:
        check_class_name(name)
        _free(graph, name)
        parent = parent or "Entity"
    if parent is not None:
        if update and t.is_union(graph, name):
            raise EditRefused(f"class {name} is a union of classes and has no parent")
        _check_parent(graph, name, parent, update)
    if abstract and (name in TYPES or usage.entity_types.get(name)):
        raise EditRefused(f"class {name} cannot be abstract: entities have this type")
    new = draft.copy()
    g = new.graph
    node = t.iri(name)
    if not update:
        g.add((node, RDF.type, OWL.Class))
        t.set_text(g, name, RDFS.label, _text(label, "label") or name)
    elif label is not None:
        t.set_text(g, name, RDFS.label, _text(label, "label") or name)
    if comment is not None:
        t.set_text(g, name, RDFS.comment, _text(comment, "comment"))
    if parent is not None:
        t.set_ref(g, name, RDFS.subClassOf, parent)
    if abstract is not None:
        t.set_flag(g, name, TKG.abstract, abstract)
    heads = [_text(h, "definite head").lower() for h in definite_heads if h.strip()]
    if heads:
        for head in heads:
            g.add((node, TKG.definiteHead, Literal(head)))
    verb = "changed" if update else "added"
    return Outcome(new, f"class {name} {verb}" + (f" (subclass of {parent})" if parent else ""),
                   reextract={"action": "reextract"} if heads else None)


def _check_parent(graph: Graph, name: str, parent: str, update: bool) -> None:
    if t.kind(graph, parent) != t.CLASS or t.is_union(graph, parent):
        raise EditRefused(f"unknown parent class {shown(parent)} (classes: {', '.join(_plain_classes(graph))})")
    if parent == name or (update and parent in t.descendants(graph, name)):
        raise EditRefused(f"class {parent} cannot be the parent of {name}: it is {name} or below it")


# ----------------------------------------------------------------------------- predicates

def _trigger_holders(graph, name: str, added: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The other predicate already holding each added (kind, text) trigger."""
    wanted = {(kind_, text.strip().lower()): (kind_, text) for kind_, text in added}
    found: dict[tuple[str, str], str] = {}
    for other in t.predicate_names(graph):
        if other == name:
            continue
        for kind_, text in t.triggers(graph, other):
            key = (kind_, text.strip().lower())
            if key in wanted and wanted[key] not in found:
                found[wanted[key]] = other
    return found


def add_predicate(draft: Draft, name: str, *, label: Optional[str] = None, comment: Optional[str] = None,
                  domain: Optional[Iterable[str]] = None, range: Optional[Iterable[str]] = None,
                  symmetric: Optional[bool] = None, inverse: Optional[str] = None,
                  triggers: Iterable[tuple[str, str]] = (), remove_triggers: Iterable[str] = (),
                  cameo: Optional[str] = None, plover: Optional[str] = None,
                  speech_act: Optional[bool] = None, implies_accusation: Optional[bool] = None,
                  update: bool = False, usage: Usage = Usage(), held: Optional[str] = None) -> Outcome:
    """Add a predicate (or, with ``update``, change an existing one).

    ``triggers`` are ``(kind, text)`` pairs added to the lexicon; ``remove_triggers`` are texts
    removed from it; ``inverse=""`` clears the inverse. A trigger another predicate already holds
    is refused, naming that predicate, unless ``held`` says what to do: ``"move"`` takes it from
    the other predicate, ``"share"`` keeps it on both (otherwise the other predicate would keep
    winning it, silently).
    """
    if held not in (None, "move", "share"):
        raise EditRefused(f"unknown choice {shown(held)} for a trigger another predicate holds: move or share")
    graph = draft.graph
    if update:
        _require(graph, name, t.PREDICATE)
    else:
        check_predicate_name(name)
        _free(graph, name)
        if domain is None or range is None:
            raise EditRefused(f"predicate {name} needs a domain and a range (classes, e.g. --domain State "
                              "--range Treaty)")
    domain = _classes(graph, domain, "domain") if domain is not None else None
    range = _classes(graph, range, "range") if range is not None else None
    if inverse:
        if t.kind(graph, inverse) != t.PREDICATE:
            raise EditRefused(f"unknown inverse predicate {shown(inverse)}")
        if inverse == name:
            raise EditRefused(f"predicate {name} cannot be its own inverse (mark it --symmetric instead)")
    if cameo is not None and cameo and not CAMEO.match(cameo):
        raise EditRefused(f"invalid CAMEO code {shown(cameo)}: 2 to 4 digits, e.g. 057")
    if plover is not None and plover and not PLOVER.match(plover):
        raise EditRefused(f"invalid PLOVER event type {shown(plover)}: upper-case letters, e.g. AGREE")
    added = _parse_triggers(name, triggers)
    holders = _trigger_holders(graph, name, added)
    if holders and held is None:
        (kind_, text), other = next(iter(holders.items()))
        raise EditRefused(f"the {kind_} trigger {shown(text)} already belongs to predicate {other}: "
                          f"move it here (--move-triggers) or share it (--share-triggers)")
    existing = set(t.triggers(graph, name)) if update else set()
    dropped = {text.strip().lower() for text in remove_triggers}
    unknown = dropped - {text.lower() for _, text in existing}
    if unknown:
        raise EditRefused(f"predicate {name} has no trigger {shown(sorted(unknown)[0])}")

    new = draft.copy()
    g = new.graph
    node = t.iri(name)
    if not update:
        g.add((node, RDF.type, OWL.ObjectProperty))
        t.set_text(g, name, RDFS.label, _text(label, "label") or name.replace("_", " "))
    elif label is not None:
        t.set_text(g, name, RDFS.label, _text(label, "label") or name.replace("_", " "))
    if comment is not None:
        t.set_text(g, name, RDFS.comment, _text(comment, "comment"))
    if domain is not None:
        t.set_classes(g, name, RDFS.domain, domain)
    if range is not None:
        t.set_classes(g, name, RDFS.range, range)
    if inverse is not None:
        t.set_ref(g, name, OWL.inverseOf, inverse or None)
    if symmetric is not None:
        t.set_symmetric(g, name, symmetric)
    if cameo is not None:
        t.set_plain(g, name, TKG.cameoCode, cameo or None)
    if plover is not None:
        t.set_plain(g, name, TKG.ploverCode, plover or None)
    if speech_act is not None:
        t.set_flag(g, name, TKG.speechAct, speech_act)
    if implies_accusation is not None:
        t.set_flag(g, name, TKG.impliesAccusation, implies_accusation)
    for prop in t.TRIGGER_PROPERTIES.values():
        for value in list(g.objects(node, prop)):
            if str(value).lower() in dropped:
                g.remove((node, prop, value))
    for kind_, text in added:
        g.add((node, t.TRIGGER_PROPERTIES[kind_], Literal(text)))
    if held == "move":
        for (kind_, text), other in holders.items():
            for value in list(g.objects(t.iri(other), t.TRIGGER_PROPERTIES[kind_])):
                if str(value).strip().lower() == text.lower():
                    g.remove((t.iri(other), t.TRIGGER_PROPERTIES[kind_], value))

    store = []
    was_symmetric = (node, RDF.type, OWL.SymmetricProperty) in graph
    if update and symmetric is not None and symmetric != was_symmetric and usage.statements.get(name):
        store.append({"action": "rebuild_direct", "predicate": name})
    changed_triggers = set(t.triggers(g, name)) != existing
    verb = "changed" if update else "added"
    message = f"predicate {name} {verb}"
    if changed_triggers:
        n = len(t.triggers(g, name))
        message += f" ({n} trigger{'s' if n != 1 else ''})"
    return Outcome(new, message, store, reextract={"action": "reextract"} if changed_triggers else None)


def _parse_triggers(name: str, triggers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for kind_, text in triggers:
        if kind_ not in TRIGGER_KINDS:
            raise EditRefused(f"unknown trigger kind {shown(kind_)} (kinds: {', '.join(TRIGGER_KINDS)})")
        text = " ".join(str(text).split())
        if not text or len(text) > 100 or not re.search(r"[A-Za-z]", text):
            raise EditRefused(f"invalid {kind_} trigger {shown(text)}: words, e.g. \"ratify\" or \"withdraw from\"")
        if re.search(r"[^\w\s|'’.-]", text):
            raise EditRefused(f"invalid {kind_} trigger {shown(text)}: letters, spaces, '-', and '|' between "
                              "alternative prepositions only")
        try:
            parse_trigger(text, kind_, name)
        except ValueError as exc:
            raise EditRefused(f"invalid {kind_} trigger {shown(text)}: {exc}") from None
        out.append((kind_, text.lower()))
    return list(dict.fromkeys(out))


def _classes(graph: Graph, names: Iterable[str], what: str) -> list[str]:
    names = [n.strip() for n in names if n and n.strip()]
    if not names:
        raise EditRefused(f"the {what} needs at least one class")
    for name in names:
        if t.kind(graph, name) != t.CLASS:
            raise EditRefused(f"unknown {what} class {shown(name)} (classes: {', '.join(t.class_names(graph))})")
    return names


# ----------------------------------------------------------------------------- rename and delete

def rename(draft: Draft, old: str, new_name: str, usage: Usage = Usage()) -> Outcome:
    """Rename a class or predicate; references, entities and statements follow."""
    graph = draft.graph
    what = _kind_or_refuse(graph, old)
    if what == t.CLASS:
        _not_builtin(old, "renamed")
        check_class_name(new_name)
    else:
        check_predicate_name(new_name)
    _free(graph, new_name)
    new = draft.copy()
    g = new.graph
    default_label = old if what == t.CLASS else old.replace("_", " ")
    relabel = t.text(g, old, RDFS.label) == default_label
    t.rename_term(g, old, new_name)
    if relabel:
        t.set_text(g, new_name, RDFS.label, new_name if what == t.CLASS else new_name.replace("_", " "))
    _record_replacement(new, old, new_name)
    store = _carry(new, what, old, new_name, usage)
    return Outcome(new, f"{what} {old} renamed to {new_name}", store)


def delete(draft: Draft, name: str, usage: Usage = Usage(), migrate_to: Optional[str] = None) -> Outcome:
    """Delete a class or predicate; if it is in use, ``migrate_to`` says what takes its place."""
    graph = draft.graph
    what = _kind_or_refuse(graph, name)
    if what == t.CLASS:
        _not_builtin(name, "deleted")
    if migrate_to is None:
        users = t.referrers(graph, name)
        if users:
            raise EditRefused(f"{what} {name} is in use by {', '.join(users)}; "
                              f"give --migrate-to {'CLASS' if what == t.CLASS else 'PREDICATE'}")
        count = (usage.entity_types if what == t.CLASS else usage.statements).get(name, 0)
        if count:
            noun = "entities have this type" if what == t.CLASS else "statements use it"
            raise EditRefused(f"{what} {name} is in use: {count} {noun}; "
                              f"give --migrate-to {'CLASS' if what == t.CLASS else 'PREDICATE'}")
        new = draft.copy()
        remove_term(new.graph, t.iri(name))
        _record_deletion(new, name)
        return Outcome(new, f"{what} {name} deleted")
    if migrate_to == name:
        raise EditRefused(f"cannot migrate {name} to itself")
    if t.kind(graph, migrate_to) != what:
        raise EditRefused(f"unknown {what} {shown(migrate_to)} to migrate to")
    if what == t.CLASS:
        if migrate_to in t.descendants(graph, name):
            raise EditRefused(f"cannot migrate {name} to {migrate_to}: it is a subclass of {name}")
        if usage.entity_types.get(name) and (t.is_union(graph, migrate_to) or t.flag(graph, migrate_to, TKG.abstract)):
            raise EditRefused(f"cannot migrate the entities of {name} to {migrate_to}: entities need a concrete class")
    new = draft.copy()
    g = new.graph
    remove_term(g, t.iri(name))
    t.replace_references(g, name, migrate_to)
    g.remove((t.iri(migrate_to), OWL.inverseOf, t.iri(migrate_to)))
    _record_replacement(new, name, migrate_to)
    store = _carry(new, what, name, migrate_to, usage)
    return Outcome(new, f"{what} {name} deleted; its uses now go to {migrate_to}", store)


def _carry(draft: Draft, what: str, old: str, new_name: str, usage: Usage) -> list[dict]:
    """Entity lines and store actions that follow a class or predicate to its new name."""
    if what == t.CLASS:
        for line in draft.entities:
            if line.get("type") == old:
                line["type"] = new_name
        return [{"action": "set_type", "from": old, "type": new_name}] if usage.entity_types.get(old) else []
    return [{"action": "move_predicate", "from": old, "to": new_name}] if usage.statements.get(old) else []


def _record_replacement(draft: Draft, old: str, new_name: str) -> None:
    """Keep ``replaced`` (core term -> current term) right through chains and renames back."""
    source, target = t.iri(old), t.iri(new_name)
    for key, value in list(draft.replaced.items()):
        if value == source:
            draft.replaced[key] = target
    if source in draft.core_terms:
        draft.replaced[source] = target
    draft.replaced.pop(target, None)
    for key, value in list(draft.replaced.items()):
        if key == value:
            del draft.replaced[key]


def _record_deletion(draft: Draft, name: str) -> None:
    """Core terms that were renamed to a term now deleted are deleted too."""
    node = t.iri(name)
    for key, value in list(draft.replaced.items()):
        if value == node:
            del draft.replaced[key]


# ----------------------------------------------------------------------------- consistency

def problems(graph: Graph) -> list[str]:
    """What is wrong with an ontology graph: references to missing terms, cycles, bad triggers.

    Edits never produce these; a hand-edited overlay, an import or an upgraded core can.
    """
    out = []
    classes = set(t.class_names(graph))
    predicates = set(t.predicate_names(graph))
    for name in sorted(classes):
        parent = graph.value(t.iri(name), RDFS.subClassOf)
        if parent is not None and t.name_of(parent) not in classes:
            out.append(f"class {name}: unknown parent {t.name_of(parent) or parent}")
        for member in t.union_members(graph, name):
            if member not in classes:
                out.append(f"class {name}: unknown class {member} in its union")
        if name in t.descendants(graph, name):
            out.append(f"class {name} is its own ancestor")
    for name in sorted(predicates):
        for prop, what in ((RDFS.domain, "domain"), (RDFS.range, "range")):
            value = graph.value(t.iri(name), prop)
            refs = t.class_refs(graph, value)
            if value is not None and (not refs or any(r not in classes for r in refs)):
                missing = [r for r in refs if r not in classes] or [str(value)]
                out.append(f"predicate {name}: unknown {what} class {', '.join(missing)}")
        inverse = graph.value(t.iri(name), OWL.inverseOf)
        if inverse is not None and t.name_of(inverse) not in predicates:
            out.append(f"predicate {name}: unknown inverse {t.name_of(inverse) or inverse}")
        for kind_, text in t.triggers(graph, name):
            try:
                parse_trigger(text, kind_, name)
            except ValueError as exc:
                out.append(f"predicate {name}: {exc}")
    return out


# ----------------------------------------------------------------------------- helpers

def _require(graph: Graph, name: str, what: str) -> None:
    if t.kind(graph, name) != what:
        raise EditRefused(f"unknown {what} {shown(name)}")


def _kind_or_refuse(graph: Graph, name: str) -> str:
    what = t.kind(graph, name)
    if what is None:
        raise EditRefused(f"no class or predicate named {shown(name)}")
    return what


def _free(graph: Graph, name: str) -> None:
    if t.exists(graph, name):
        what = t.kind(graph, name) or "term"
        raise EditRefused(f"duplicate name {shown(name)}: a {what} of that name exists")


def _not_builtin(name: str, verb: str) -> None:
    if name in BUILTIN_CLASSES:
        raise EditRefused(f"class {name} is built in (the extractor and gazetteer rely on its name) and cannot "
                          f"be {verb}; change its label, or add a subclass")


def _plain_classes(graph: Graph) -> list[str]:
    return [c for c in t.class_names(graph) if not t.is_union(graph, c)]


def _text(value: Optional[str], what: str) -> str:
    value = " ".join((value or "").split())
    if len(value) > MAX_TEXT:
        raise EditRefused(f"{what} too long ({len(value)} characters, at most {MAX_TEXT})")
    return check_visible(value, what)
