"""SHACL shapes from the ontology's domains and ranges, and validation of a graph's RDF export.

One node shape per predicate targets the subjects of its direct triples
(``sh:targetSubjectsOf tkg:<predicate>``): the subject must be one of the domain's classes and
every value of the predicate one of the range's (for a symmetric predicate, stored in either
direction, both ends may be of either). pyshacl checks them; each violation is then joined to the
statements behind the offending triple, with their evidence sentences and documents, read from
the same export (``graph.rdf.to_rdf``: reified ``rdf:Statement`` nodes).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import unquote

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, PROV, RDF, RDFS

from ontology.model import Ontology
from ontology.namespace import ENTITY, TKG

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Namespace("https://w3id.org/treatykg/shapes#")


@dataclass(frozen=True)
class Evidence:
    """A stored statement behind a violating triple."""

    statement: str
    modality: str
    sentence: str
    document: str


@dataclass
class Violation:
    """One entity at the wrong end of one predicate's triple."""

    predicate: str
    role: str  # "subject" | "object"
    entity: str  # entity id
    entity_name: str
    entity_type: str
    expected: tuple[str, ...]
    subject: str
    object: str
    evidence: list[Evidence] = field(default_factory=list)

    def line(self) -> str:
        """One line for the user."""
        expected = ", ".join(self.expected) or "(no class)"
        text = (f"{self.predicate}: {self.role} {self.entity_name} ({self.entity_type}) is not one of "
                f"{expected}  [{self.subject} {self.predicate} {self.object}]")
        return text


def shapes(ontology: Ontology) -> Graph:
    """The SHACL shapes graph of an ontology."""
    graph = Graph()
    graph.bind("sh", SH)
    graph.bind("tkg", TKG)
    graph.bind("tkgsh", SHAPES)
    everything = frozenset(ontology.entity_types)
    for pred in sorted(ontology.predicates.values(), key=lambda p: p.name):
        domain, range_ = set(pred.domain), set(pred.range)
        if pred.symmetric:
            domain = range_ = domain | range_
        node = SHAPES[pred.name]
        graph.add((node, RDF.type, SH.NodeShape))
        graph.add((node, SH.targetSubjectsOf, TKG[pred.name]))
        if domain != everything:
            _one_of(graph, node, domain)
            graph.add((node, SH.message, Literal(f"subject of {pred.name} must be one of {_names(domain)}")))
        if range_ != everything:
            prop = SHAPES[f"{pred.name}-range"]
            graph.add((node, SH.property, prop))
            graph.add((prop, RDF.type, SH.PropertyShape))
            graph.add((prop, SH.path, TKG[pred.name]))
            _one_of(graph, prop, range_)
            graph.add((prop, SH.message, Literal(f"object of {pred.name} must be one of {_names(range_)}")))
    return graph


def _one_of(graph: Graph, shape: URIRef, classes: set[str]) -> None:
    """``sh:or ( [sh:class A] [sh:class B] ... )`` (``owl:Nothing`` when no class is allowed)."""
    options = []
    for name in sorted(classes) or [None]:
        option = BNode()
        graph.add((option, SH["class"], TKG[name] if name else OWL.Nothing))
        options.append(option)
    head = BNode()
    Collection(graph, head, options)
    graph.add((shape, SH["or"], head))


def _names(classes: set[str]) -> str:
    return ", ".join(sorted(classes)) or "(no class)"


def validate(data: Graph, ontology: Ontology) -> list[Violation]:
    """Run pyshacl over an RDF export of the graph; violations with their evidence."""
    import pyshacl

    typed = Graph()
    for triple in data.triples((None, RDF.type, None)):
        if _entity_id(triple[0]) is not None:
            typed.add(triple)
    for name in ontology.predicates:
        for triple in data.triples((None, TKG[name], None)):
            typed.add(triple)
    _, report, _ = pyshacl.validate(typed, shacl_graph=shapes(ontology), inference="none",
                                    abort_on_first=False, allow_warnings=True, advanced=False)
    found: dict[tuple, Violation] = {}
    for result in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(result, SH.sourceShape)
        focus = report.value(result, SH.focusNode)
        local = str(source)[len(str(SHAPES)):] if isinstance(source, URIRef) else ""
        if local.endswith("-range"):
            name = local[:-len("-range")]
            value = report.value(result, SH.value)
            triples = [(focus, value)]
            role, culprit = "object", value
        else:
            name = local
            triples = [(focus, o) for o in data.objects(focus, TKG[name])]
            role, culprit = "subject", focus
        pred = ontology.predicates.get(name)
        if pred is None:
            continue
        expected = set(pred.domain if role == "subject" else pred.range)
        if pred.symmetric:
            expected = set(pred.domain) | set(pred.range)
        for s, o in triples:
            key = (name, role, s, o)
            if key in found:
                continue
            found[key] = Violation(
                predicate=name, role=role, entity=_entity_id(culprit) or str(culprit),
                entity_name=_label(data, culprit), entity_type=_type(data, culprit),
                expected=tuple(sorted(expected)), subject=_label(data, s), object=_label(data, o),
                evidence=_evidence(data, s, name, o, pred.symmetric))
    return sorted(found.values(), key=lambda v: (v.predicate, v.role, v.subject, v.object))


def _evidence(data: Graph, s, predicate: str, o, symmetric: bool) -> list[Evidence]:
    """The reified statements (``rdf:subject/predicate/object``) behind a direct triple."""
    pairs = [(s, o), (o, s)] if symmetric else [(s, o)]
    out = []
    for subject, obj in pairs:
        for st in data.subjects(RDF.subject, subject):
            if data.value(st, RDF.predicate) != TKG[predicate] or data.value(st, RDF.object) != obj:
                continue
            doc = data.value(st, PROV.wasDerivedFrom)
            path = data.value(doc, TKG.path) if doc is not None else None
            out.append(Evidence(
                statement=str(st).rsplit("/", 1)[-1],
                modality=str(data.value(st, TKG.modality) or ""),
                sentence=str(data.value(st, TKG.sentence) or ""),
                document=str(path or doc or "")))
    return sorted(out, key=lambda e: (e.document, e.statement))


def _entity_id(node) -> Optional[str]:
    if isinstance(node, URIRef) and str(node).startswith(str(ENTITY)):
        return unquote(str(node)[len(str(ENTITY)):])
    return None


def _label(data: Graph, node) -> str:
    label = data.value(node, RDFS.label)
    return str(label) if label is not None else (_entity_id(node) or str(node))


def _type(data: Graph, node) -> str:
    types = sorted(str(t)[len(str(TKG)):] for t in data.objects(node, RDF.type) if str(t).startswith(str(TKG)))
    return ", ".join(types) or "untyped"
