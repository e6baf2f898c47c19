"""Read and write single terms of an ontology graph (rdflib), by their local names.

The typed view (:mod:`ontology.model`) is built from the whole graph; edits need the finer
grain: one label, one domain, one trigger. These helpers keep blank-node structure (union
domains) consistent, so a term's description is always complete and never leaves orphans.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from ontology.model import TRIGGER_KINDS
from ontology.namespace import TKG
from ontology.overlay import TRUE, description

CLASS = "class"
PREDICATE = "predicate"
TRIGGER_PROPERTIES = {kind: TKG[f"{kind}Trigger"] for kind in TRIGGER_KINDS}
#: What a term's local name can look like (anything else is no term of ours: "United States").
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def iri(name: str) -> URIRef:
    return TKG[name]


def name_of(node) -> Optional[str]:
    """Local name of a ``tkg:`` IRI, else None."""
    if isinstance(node, URIRef) and str(node).startswith(str(TKG)):
        return str(node)[len(str(TKG)):] or None
    return None


def kind(graph: Graph, name: str) -> Optional[str]:
    """``"class"``, ``"predicate"`` or None for a name of the graph."""
    if not _NAME.match(name or ""):
        return None
    node = iri(name)
    if (node, RDF.type, OWL.ObjectProperty) in graph:
        return PREDICATE
    if (node, RDF.type, OWL.Class) in graph:
        return CLASS
    return None


def exists(graph: Graph, name: str) -> bool:
    """Is the name taken by any term (class, predicate, annotation property ...)?"""
    return bool(_NAME.match(name or "")) and (iri(name), None, None) in graph


def class_names(graph: Graph) -> list[str]:
    """Named classes, union classes included."""
    return sorted(n for n in (name_of(c) for c in graph.subjects(RDF.type, OWL.Class)) if n)


def predicate_names(graph: Graph) -> list[str]:
    return sorted(n for n in (name_of(p) for p in graph.subjects(RDF.type, OWL.ObjectProperty)) if n)


def is_union(graph: Graph, name: str) -> bool:
    return graph.value(iri(name), OWL.unionOf) is not None


def union_members(graph: Graph, name: str) -> tuple[str, ...]:
    head = graph.value(iri(name), OWL.unionOf)
    return tuple(n for n in (name_of(m) for m in Collection(graph, head)) if n) if head is not None else ()


def parent(graph: Graph, name: str) -> Optional[str]:
    return name_of(graph.value(iri(name), RDFS.subClassOf))


def descendants(graph: Graph, name: str) -> set[str]:
    """Classes below ``name`` through ``rdfs:subClassOf`` (transitively)."""
    found: set[str] = set()
    todo = [iri(name)]
    while todo:
        node = todo.pop()
        for child in graph.subjects(RDFS.subClassOf, node):
            child_name = name_of(child)
            if child_name and child_name not in found:
                found.add(child_name)
                todo.append(child)
    return found


def text(graph: Graph, name: str, prop) -> str:
    value = graph.value(iri(name), prop)
    return str(value) if value is not None else ""


def flag(graph: Graph, name: str, prop) -> bool:
    value = graph.value(iri(name), prop)
    return isinstance(value, Literal) and value.toPython() is True


def class_refs(graph: Graph, node) -> tuple[str, ...]:
    """The class names a domain/range node stands for: one class or an anonymous union."""
    if node is None:
        return ()
    if isinstance(node, BNode):
        head = graph.value(node, OWL.unionOf)
        if head is None:
            return ()
        return tuple(n for n in (name_of(m) for m in Collection(graph, head)) if n)
    name = name_of(node)
    return (name,) if name else ()


def triggers(graph: Graph, name: str) -> list[tuple[str, str]]:
    """``(kind, text)`` of every trigger of a predicate, sorted."""
    node = iri(name)
    return sorted((k, str(v)) for k, prop in TRIGGER_PROPERTIES.items() for v in graph.objects(node, prop))


# ----------------------------------------------------------------------------- writing

def remove_values(graph: Graph, name: str, prop) -> None:
    """Remove every value of ``prop`` on the term, with the blank nodes below them."""
    node = iri(name)
    for value in list(graph.objects(node, prop)):
        graph.remove((node, prop, value))
        if isinstance(value, BNode) and (None, None, value) not in graph:
            for triple in description(graph, value):
                graph.remove(triple)


def set_text(graph: Graph, name: str, prop, value: str, lang: Optional[str] = "en") -> None:
    """Replace a text annotation (empty text removes it)."""
    remove_values(graph, name, prop)
    if value:
        graph.add((iri(name), prop, Literal(value, lang=lang)))


def set_plain(graph: Graph, name: str, prop, value: Optional[str]) -> None:
    """Replace a code-like annotation (CAMEO code), a plain literal."""
    remove_values(graph, name, prop)
    if value:
        graph.add((iri(name), prop, Literal(value)))


def set_flag(graph: Graph, name: str, prop, value: bool) -> None:
    remove_values(graph, name, prop)
    if value:
        graph.add((iri(name), prop, TRUE))


def set_ref(graph: Graph, name: str, prop, target: Optional[str]) -> None:
    """Replace a reference to one named term (parent, inverse)."""
    remove_values(graph, name, prop)
    if target:
        graph.add((iri(name), prop, iri(target)))


def set_classes(graph: Graph, name: str, prop, classes: Iterable[str]) -> None:
    """Replace a domain or range: one class, or an anonymous ``owl:unionOf`` of several."""
    remove_values(graph, name, prop)
    classes = list(dict.fromkeys(classes))
    if not classes:
        return
    if len(classes) == 1:
        graph.add((iri(name), prop, iri(classes[0])))
        return
    union, head = BNode(), BNode()
    graph.add((union, RDF.type, OWL.Class))
    Collection(graph, head, [iri(c) for c in classes])
    graph.add((union, OWL.unionOf, head))
    graph.add((iri(name), prop, union))


def set_symmetric(graph: Graph, name: str, value: bool) -> None:
    triple = (iri(name), RDF.type, OWL.SymmetricProperty)
    if value:
        graph.add(triple)
    else:
        graph.remove(triple)


def rename_term(graph: Graph, old: str, new: str) -> None:
    """Move a term's triples to a new IRI and re-point every reference to it."""
    replace_references(graph, old, new)
    source, target = iri(old), iri(new)
    for p, o in list(graph.predicate_objects(source)):
        graph.remove((source, p, o))
        graph.add((target, p, o))


def replace_references(graph: Graph, old: str, new: str) -> None:
    """Every triple whose object is ``old`` now points at ``new`` (lists and unions included)."""
    source, target = iri(old), iri(new)
    for s, p in list(graph.subject_predicates(source)):
        graph.remove((s, p, source))
        graph.add((s, p, target))


def owner(graph: Graph, node) -> Optional[str]:
    """The named term a (blank) node belongs to: walk up from list cells and unions."""
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        node = next(graph.subjects(None, node), None)
    return name_of(node)


def referrers(graph: Graph, name: str) -> list[str]:
    """Named terms that refer to ``name`` (as parent, domain, range, union member, inverse)."""
    out = set()
    for s in graph.subjects(None, iri(name)):
        who = owner(graph, s)
        if who and who != name:
            out.add(who)
    return sorted(out)
