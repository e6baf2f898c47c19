"""Interchange with Protégé and other OWL tools: export the effective ontology, import terms.

Export writes the effective ontology (core + edits) as Turtle or RDF/XML. Import reads classes
and object properties from an OWL file in any namespace: each named term gets a ``tkg:`` name
from its local name (``hasMember`` -> ``has_member``, ``military_alliance`` ->
``MilitaryAlliance``), and of its description only what the ontology understands is kept
(types, label, comment, parent, domain, range, inverse, unions and the ``tkg:`` annotations).
A term new to the ontology is added; for a term it has, each property the file states
replaces ours and the others stay (a file without triggers keeps the triggers). Everything is
validated on the result, as for any edit, and refused as a whole with the first problem.
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Optional

from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from ontology import terms as t
from ontology.edits import Draft, Outcome, Usage, problems
from ontology.errors import EditRefused
from ontology.namespace import TKG
from ontology.naming import check_class_name, check_predicate_name, to_class_name, to_predicate_name
from ontology.overlay import as_graph, description

FORMATS = {"ttl": "turtle", "turtle": "turtle", "xml": "pretty-xml", "rdfxml": "pretty-xml", "owl": "pretty-xml",
           "rdf": "pretty-xml"}
READ_FORMATS = {".ttl": "turtle", ".owl": "xml", ".rdf": "xml", ".xml": "xml", ".nt": "nt", ".n3": "n3",
                ".jsonld": "json-ld", ".json": "json-ld"}
#: The reaction rules' polarity words and target classes (extract/rules/reaction.py).
EVALUATION_PROPERTIES = frozenset({TKG.evaluationTrigger, TKG.evaluationVerb, TKG.experiencerVerb,
                                   TKG.evaluationRange})
ANNOTATIONS = frozenset({TKG.cameoCode, TKG.ploverCode, TKG.speechAct, TKG.impliesAccusation,
                         TKG.definiteHead, TKG.descriptionHead, TKG.abstract,
                         TKG.lesserOffice, TKG.postingTitle, TKG.modifierPredicate, TKG.forceMovement,
                         TKG.entails, TKG.stancePolarity, TKG.standing, TKG.accusationOf, TKG.verbTargetsOwner,
                         TKG.departure, TKG.passiveTheme}
                        | set(t.TRIGGER_PROPERTIES.values()) | EVALUATION_PROPERTIES)
KEPT = frozenset({RDF.type, RDFS.label, RDFS.comment, RDFS.subClassOf, RDFS.domain, RDFS.range,
                  OWL.inverseOf, OWL.unionOf}) | ANNOTATIONS
KEPT_TYPES = frozenset({OWL.Class, OWL.ObjectProperty, OWL.SymmetricProperty})
#: Vocabularies whose terms are never imported as ours.
FOREIGN = tuple(str(ns) for ns in (OWL, RDF, RDFS)) + ("http://www.w3.org/2001/XMLSchema#",)


def export(graph: Graph, path: Path | str, fmt: Optional[str] = None) -> str:
    """Write ``graph`` to ``path``; the format comes from ``fmt`` or the extension. Returns it."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "ttl").lower()
    if fmt not in FORMATS:
        raise EditRefused(f"unknown export format {fmt!r} (use ttl or xml)")
    with warnings.catch_warnings():
        # pretty-xml warns about every owl:unionOf list it writes as a collection; nothing is lost
        # (tests/ontology/test_owl_io.py parses the export back to an isomorphic graph).
        warnings.simplefilter("ignore", UserWarning)
        data = graph.serialize(format=FORMATS[fmt])
    path.write_text(data, encoding="utf-8")
    return FORMATS[fmt]


def read(path: Path | str, fmt: Optional[str] = None) -> Graph:
    """Parse an OWL file (Turtle, RDF/XML, N-Triples, JSON-LD)."""
    path = Path(path)
    rdf_format = fmt or READ_FORMATS.get(path.suffix.lower())
    graph = Graph()
    try:
        graph.parse(str(path), format=rdf_format)
    except FileNotFoundError:
        raise EditRefused(f"{path}: no such file") from None
    except Exception as exc:  # rdflib raises parser-specific types
        raise EditRefused(f"{path}: cannot read it as {rdf_format or 'RDF'}: "
                          f"{' '.join(str(exc).split())[:200]}") from None
    return graph


def import_terms(draft: Draft, source: Graph, usage: Usage = Usage()) -> Outcome:
    """Import the classes and object properties of ``source`` into the draft."""
    names = _names(source)
    if not names:
        raise EditRefused("no named owl:Class or owl:ObjectProperty to import")
    new = draft.copy()
    g = new.graph
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    symmetric_before = {n: _symmetric(g, n) for n in t.predicate_names(g)}
    lexicon_changed = False
    for node, (name, what) in sorted(names.items(), key=lambda kv: kv[1]):
        existing = t.kind(g, name)
        if existing is not None and existing != what:
            raise EditRefused(f"{_local(node)}: the ontology has a {existing} named {name}, the file a {what}")
        if existing is None and t.exists(g, name):
            raise EditRefused(f"{_local(node)}: the name {name} is taken by another term")
        if existing is None:
            (check_class_name if what == t.CLASS else check_predicate_name)(name)
        subject = t.iri(name)
        incoming = _incoming(source, node, subject, names)
        before = as_graph(description(g, subject))
        for prop in sorted({p for s, p, _ in incoming if s == subject}):
            t.remove_values(g, name, prop)
        for triple in incoming:
            g.add(triple)
        g.add((subject, RDF.type, OWL.Class if what == t.CLASS else OWL.ObjectProperty))
        if existing is None:
            _defaults(g, name, what)
            counts["added"] += 1
        elif isomorphic(before, as_graph(description(g, subject))):
            counts["unchanged"] += 1
        else:
            counts["updated"] += 1
        lexicon_changed |= _lexicon(before, subject) != _lexicon(g, subject)
    _check(g)
    store = [{"action": "rebuild_direct", "predicate": n} for n, was in sorted(symmetric_before.items())
             if usage.statements.get(n) and t.kind(g, n) == t.PREDICATE and was != _symmetric(g, n)]
    message = (f"imported {len(names)} term(s): {counts['added']} added, {counts['updated']} updated, "
               f"{counts['unchanged']} unchanged")
    return Outcome(new, message, store, reextract={"action": "reextract"} if lexicon_changed else None)


def _symmetric(graph: Graph, name: str) -> bool:
    return (t.iri(name), RDF.type, OWL.SymmetricProperty) in graph


def _lexicon(graph: Graph, subject: URIRef) -> set:
    """Triggers and definite heads: what the extractor reads from a term."""
    props = set(t.TRIGGER_PROPERTIES.values()) | {TKG.definiteHead, TKG.descriptionHead} | EVALUATION_PROPERTIES
    return {(p, str(o)) for p, o in graph.predicate_objects(subject) if p in props}


def _defaults(graph: Graph, name: str, what: str) -> None:
    """A label, and a parent for a plain class, when the file gives none."""
    node = t.iri(name)
    if graph.value(node, RDFS.label) is None:
        t.set_text(graph, name, RDFS.label, name if what == t.CLASS else name.replace("_", " "))
    if what == t.CLASS and graph.value(node, RDFS.subClassOf) is None and graph.value(node, OWL.unionOf) is None:
        graph.add((node, RDFS.subClassOf, TKG.Entity))


def _names(source: Graph) -> dict[URIRef, tuple[str, str]]:
    """Named classes and object properties of the file -> (tkg name, kind)."""
    out: dict[URIRef, tuple[str, str]] = {}
    for what, owl_type in ((t.CLASS, OWL.Class), (t.PREDICATE, OWL.ObjectProperty)):
        for node in source.subjects(RDF.type, owl_type):
            if not isinstance(node, URIRef) or str(node).startswith(FOREIGN):
                continue
            name = t.name_of(node) or (to_class_name(_local(node)) if what == t.CLASS
                                        else to_predicate_name(_local(node)))
            out[node] = (name, what)
    return out


def _incoming(source: Graph, node: URIRef, subject: URIRef, names: dict) -> list[tuple]:
    """The term's description restricted to what the ontology understands, names mapped."""
    out = []
    for s, p, o in description(source, node):
        if s == node and (p not in KEPT or (p == RDF.type and o not in KEPT_TYPES)):
            continue
        out.append((subject if s == node else s, p, _map(o, names)))
    return out


def _map(node, names: dict):
    """Objects in the file's namespace -> ``tkg:``; ``owl:Thing`` -> ``tkg:Entity``."""
    if isinstance(node, URIRef):
        if node in names:
            return t.iri(names[node][0])
        if node == OWL.Thing:
            return TKG.Entity
    return node


def _check(graph: Graph) -> None:
    """Everything an imported term refers to must be in the ontology."""
    found = problems(graph)
    if found:
        raise EditRefused(f"import refused: {found[0]}" + (f" (and {len(found) - 1} more)" if len(found) > 1 else ""))


def _local(node) -> str:
    text = str(node)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return text
