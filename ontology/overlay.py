"""Core + overlay = effective ontology, and back: the overlay of an edited ontology.

The overlay is Turtle, read term by term (a term is a named subject: a class, a property, the
ontology header):

* a term the overlay describes replaces the core's description of that term as a whole (its
  triples and the blank nodes below them, e.g. ``owl:unionOf`` lists);
* ``tkg:X owl:deprecated true`` deletes the core term X;
* ``tkg:X owl:deprecated true ; tkg:replacedBy tkg:Y`` also makes every reference to X (domains,
  ranges, parents, union members, inverses) point at Y: a rename, or a delete that migrated.

Terms the overlay does not mention follow the core, so an upgraded core reaches users while
their edits stay. The overlay of an edited ontology is computed by :func:`overlay_of`, which
keeps only the terms whose description differs from the core's (after the replacements).
"""
from __future__ import annotations

from typing import Iterable, Mapping, Optional

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDFS, XSD

from ontology.namespace import TKG

TRUE = Literal(True, datatype=XSD.boolean)
REPLACED_BY = TKG.replacedBy

Triple = tuple


def new_graph() -> Graph:
    """An empty graph with the ontology's prefixes."""
    graph = Graph()
    graph.bind("tkg", TKG)
    graph.bind("owl", OWL)
    graph.bind("rdfs", RDFS)
    return graph


def terms(graph: Graph) -> set[URIRef]:
    """The named subjects of a graph."""
    return {s for s in graph.subjects() if isinstance(s, URIRef)}


def description(graph: Graph, term: URIRef) -> list[Triple]:
    """The triples about ``term``, with those of the blank nodes it reaches (lists, unions)."""
    out: list[Triple] = []
    todo = [term]
    seen: set = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in graph.predicate_objects(node):
            out.append((node, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out


def remove_term(graph: Graph, term: URIRef) -> None:
    """Remove a term's description (blank nodes included) from ``graph``."""
    for triple in description(graph, term):
        graph.remove(triple)


def as_graph(triples: Iterable[Triple]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def same_description(a: Graph, b: Graph, term: URIRef) -> bool:
    return isomorphic(as_graph(description(a, term)), as_graph(description(b, term)))


def replacements(overlay: Graph) -> dict[URIRef, URIRef]:
    """``{old: new}`` from the overlay's ``tkg:replacedBy`` markers, chains followed."""
    direct = {s: o for s, o in overlay.subject_objects(REPLACED_BY)
              if isinstance(s, URIRef) and isinstance(o, URIRef)}
    return {old: resolve(direct, old) for old in direct}


def resolve(mapping: Mapping[URIRef, URIRef], term: URIRef) -> URIRef:
    """Follow ``mapping`` from ``term`` to its end (a cycle stops where it started)."""
    seen = {term}
    while term in mapping and mapping[term] not in seen:
        term = mapping[term]
        seen.add(term)
    return term


def rewrite(graph: Graph, mapping: Mapping[URIRef, URIRef]) -> Graph:
    """A copy of ``graph`` with every object that ``mapping`` replaces replaced."""
    out = new_graph()
    for s, p, o in graph:
        if isinstance(o, URIRef) and o in mapping:
            o = resolve(mapping, o)
        out.add((s, p, o))
    return out


def deleted_terms(overlay: Graph) -> set[URIRef]:
    return {s for s in overlay.subjects(OWL.deprecated, TRUE) if isinstance(s, URIRef)}


def effective(core: Graph, overlay: Optional[Graph]) -> Graph:
    """The effective ontology: the core with the overlay's terms, deletions and replacements."""
    out = new_graph()
    for prefix, ns in core.namespaces():
        out.bind(prefix, ns, override=False)
    if overlay is None or len(overlay) == 0:
        for triple in core:
            out.add(triple)
        return out
    mapping = replacements(overlay)
    deleted = deleted_terms(overlay)
    touched = terms(overlay)
    base = _without(core, touched)
    for triple in rewrite(base, mapping):
        out.add(triple)
    kept = new_graph()
    for term in touched - deleted:
        for triple in description(overlay, term):
            kept.add(triple)
    for triple in rewrite(kept, mapping):
        out.add(triple)
    return out


def overlay_of(core: Graph, edited: Graph, replaced: Mapping[URIRef, URIRef]) -> Graph:
    """The smallest overlay that turns ``core`` into ``edited``.

    ``replaced`` maps core terms that were renamed (or deleted with a migration) to the term
    that now stands for them; those become ``tkg:replacedBy`` markers, so core references to
    them need no copy in the overlay.
    """
    replaced = {old: resolve(replaced, old) for old in replaced if old in terms(core)}
    base = rewrite(_without(core, set(replaced)), replaced)
    out = new_graph()
    for old, new in sorted(replaced.items()):
        out.add((old, OWL.deprecated, TRUE))
        out.add((old, REPLACED_BY, new))
    core_terms = terms(base)
    edited_terms = terms(edited)
    for term in sorted(core_terms - edited_terms):
        out.add((term, OWL.deprecated, TRUE))
    for term in sorted(edited_terms):
        if term in replaced:
            continue
        if term not in core_terms or not same_description(base, edited, term):
            for triple in description(edited, term):
                out.add(triple)
    return out


def _without(graph: Graph, drop: set[URIRef]) -> Graph:
    """A copy of ``graph`` without the descriptions of the ``drop`` terms."""
    out = new_graph()
    removed: set[Triple] = set()
    for term in drop:
        removed.update(description(graph, term))
    for triple in graph:
        if triple not in removed:
            out.add(triple)
    return out
