"""Serialise extraction results as JSONL, CSV or Turtle.

JSONL and CSV are written as results arrive (one document at a time), so memory does not grow
with the corpus. Turtle needs the whole graph to group triples by subject, so it is built in
rdflib and written on :meth:`close`.
"""
from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from typing import IO, Iterable, Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ontology.namespace import DOCUMENT, ENTITY, STATEMENT, TKG
from ontology.records import Document, Entity, ExtractionResult, Statement

#: The keys of one extraction-output line, in order (DESIGN.md "Extraction output").
FIELDS = ("doc", "subject", "subject_type", "predicate", "object", "object_type", "modality",
          "attributed_to", "date", "date_kind", "date_text", "sentence", "start", "end", "confidence", "rule")
FORMATS = ("jsonl", "csv", "ttl")


class ResultWriter(Protocol):
    """What the command line needs from a writer."""

    def write(self, result: ExtractionResult) -> None: ...

    def close(self) -> None: ...


class JsonlWriter:
    """One JSON object per statement per line, UTF-8 kept as is (``ensure_ascii=False``)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, result: ExtractionResult) -> None:
        self.write_statements(result.statements)

    def write_statements(self, statements: Iterable[Statement]) -> None:
        for statement in statements:
            self.stream.write(json.dumps(statement.to_json(), ensure_ascii=False) + "\n")
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class CsvWriter:
    """The JSONL columns as CSV with a header row; null becomes an empty cell."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self._csv = csv.DictWriter(stream, fieldnames=FIELDS, extrasaction="ignore")  # a PDF's "page"
        self._csv.writeheader()

    def write(self, result: ExtractionResult) -> None:
        self.write_statements(result.statements)

    def write_statements(self, statements: Iterable[Statement]) -> None:
        for statement in statements:
            self._csv.writerow({k: ("" if v is None else v) for k, v in statement.to_json().items()})
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class TurtleWriter:
    """Collects results into an rdflib graph and writes it as Turtle on :meth:`close`."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.graph = new_graph()

    def write(self, result: ExtractionResult) -> None:
        add_result(self.graph, result)

    def close(self) -> None:
        self.stream.write(self.graph.serialize(format="turtle"))
        self.stream.flush()


def open_writer(fmt: str, stream: IO[str]) -> ResultWriter:
    """The writer for ``fmt`` (one of :data:`FORMATS`) on an open text stream."""
    writers = {"jsonl": JsonlWriter, "csv": CsvWriter, "ttl": TurtleWriter}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return writers[fmt](stream)


# ----------------------------------------------------------------------------- RDF

def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound."""
    graph = Graph()
    for prefix, ns in (("tkg", TKG), ("entity", ENTITY), ("statement", STATEMENT),
                       ("document", DOCUMENT), ("skos", SKOS), ("prov", PROV), ("dcterms", DCTERMS)):
        graph.bind(prefix, ns)
    return graph


def results_to_graph(results: Iterable[ExtractionResult]) -> Graph:
    """All results as one RDF graph (see :func:`add_result` for its shape)."""
    graph = new_graph()
    for result in results:
        add_result(graph, result)
    return graph


def add_result(graph: Graph, result: ExtractionResult) -> None:
    """Add a document, its entities and its statements.

    Each statement becomes a node ``statement:<id>`` carrying its provenance; an asserted one
    also adds the direct triple ``entity:<s> tkg:<predicate> entity:<o>`` for simple queries.
    """
    doc_node = add_document(graph, result.document)
    for entity in result.entities:
        add_entity(graph, entity)
    for statement in result.statements:
        add_statement(graph, statement, doc_node)


def add_document(graph: Graph, document: Document) -> URIRef:
    node = DOCUMENT[document.id]
    graph.add((node, RDF.type, TKG.Document))
    graph.add((node, TKG.path, Literal(document.path)))
    if document.title:
        graph.add((node, DCTERMS.title, Literal(document.title)))
    if document.date:
        graph.add((node, DCTERMS.date, _date(document.date)))
        if document.date_source:
            graph.add((node, TKG.dateSource, Literal(document.date_source)))
    return node


def add_entity(graph: Graph, entity: Entity) -> URIRef:
    node = ENTITY[entity.id]
    graph.add((node, RDF.type, TKG[entity.type]))
    graph.add((node, RDFS.label, Literal(entity.name)))
    for alias in entity.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    return node


def add_statement(graph: Graph, statement: Statement, doc_node: URIRef | None = None) -> URIRef:
    node = STATEMENT[statement.id]
    subject = add_entity(graph, statement.subject)
    obj = add_entity(graph, statement.object)
    graph.add((node, RDF.type, TKG.Statement))
    graph.add((node, TKG.subject, subject))
    graph.add((node, TKG.predicate, TKG[statement.predicate]))
    graph.add((node, TKG.object, obj))
    graph.add((node, TKG.modality, Literal(statement.modality)))
    if statement.attributed_to is not None:
        graph.add((node, TKG.attributedTo, add_entity(graph, statement.attributed_to)))
    if statement.date:
        graph.add((node, DCTERMS.date, _date(statement.date)))
        if statement.date_kind:
            graph.add((node, TKG.dateKind, Literal(statement.date_kind)))
        if statement.date_text:
            graph.add((node, TKG.dateText, Literal(statement.date_text)))
    graph.add((node, TKG.evidence, Literal(statement.sentence)))
    graph.add((node, TKG.start, Literal(statement.start, datatype=XSD.integer)))
    graph.add((node, TKG.end, Literal(statement.end, datatype=XSD.integer)))
    graph.add((node, TKG.confidence, Literal(Decimal(str(round(statement.confidence, 3))), datatype=XSD.decimal)))
    if statement.rule:
        graph.add((node, TKG.rule, Literal(statement.rule)))
    if statement.page is not None:
        graph.add((node, TKG.page, Literal(statement.page, datatype=XSD.integer)))
    if doc_node is None and statement.doc_id:
        doc_node = DOCUMENT[statement.doc_id]
    if doc_node is not None:
        graph.add((node, PROV.wasDerivedFrom, doc_node))
    if statement.modality == "asserted":
        graph.add((subject, TKG[statement.predicate], obj))
    return node


def _date(value: str) -> Literal:
    """xsd:date for full ISO dates, gYearMonth/gYear for partial ones, a plain string otherwise."""
    parts = value.split("-")
    if len(parts) == 3 and len(parts[0]) == 4:
        try:
            return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
        except ValueError:
            return Literal(value)
    if len(parts) == 2 and len(parts[0]) == 4:
        return Literal(value, datatype=XSD.gYearMonth)
    if len(parts) == 1 and len(value) == 4 and value.isdigit():
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)
