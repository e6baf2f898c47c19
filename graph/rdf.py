"""The graph as RDF (rdflib) and back.

* entities: ``ent:<id> a tkg:<Class>; rdfs:label name; skos:altLabel alias ...``
* documents: ``doc:<id> a prov:Entity; dcterms:title; tkg:path; dcterms:date; tkg:dateSource; tkg:ingestedAt``
* statements (reified, with PROV-O provenance): ``st:<id> a rdf:Statement, prov:Entity;
  rdf:subject / rdf:predicate tkg:<predicate> / rdf:object; tkg:modality; prov:wasDerivedFrom doc:<id>;
  prov:wasAttributedTo ent:<speaker>; dcterms:date; tkg:dateKind; tkg:dateText; tkg:sentence; tkg:start; tkg:end; tkg:confidence; tkg:rule;
  tkg:page (the PDF page of the sentence, when the document has pages)``
* direct relationships: plain triples ``ent:<s> tkg:<predicate> ent:<o>``. Their counts, modalities
  and dates are derived from the statements, so import rebuilds them by loading the statements.

Import reads the entities, documents and statements back into records and loads them with the
:class:`~graph.loader.Loader`, so the usual validation applies. Statement ids are recomputed from
their content (as for any load); for our own exports they come out the same.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Optional
from urllib.parse import quote, unquote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from ontology.errors import shown_text
from ontology.namespace import DOCUMENT, ENTITY, STATEMENT, TKG
from ontology.records import Document, Entity, ExtractionResult, Statement

from graph import queries
from graph.errors import ValidationError
from graph.loader import Loader, LoadReport
from graph.store import GraphStore
from graph.vocab import Vocabulary

_DATE_TYPES = ((re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date), (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
               (re.compile(r"^\d{4}$"), XSD.gYear))


def _iri(namespace: Namespace, local: str) -> URIRef:
    return namespace[quote(local, safe="")]


def _local(namespace: Namespace, iri) -> Optional[str]:
    text = str(iri)
    if isinstance(iri, URIRef) and text.startswith(str(namespace)):
        return unquote(text[len(str(namespace)):])
    return None


def _date(value: str) -> Literal:
    """ISO dates typed by their precision; anything else stays a plain string."""
    for pattern, datatype in _DATE_TYPES:
        if pattern.match(value):
            return Literal(value, datatype=datatype)
    return Literal(value)


def new_graph() -> Graph:
    graph = Graph()
    for prefix, ns in (("tkg", TKG), ("ent", ENTITY), ("st", STATEMENT), ("doc", DOCUMENT), ("prov", PROV),
                       ("dcterms", DCTERMS), ("skos", SKOS)):
        graph.bind(prefix, ns)
    return graph


# ----------------------------------------------------------------------------- export

def to_rdf(store: GraphStore) -> Graph:
    """The whole store as an rdflib graph."""
    graph = new_graph()
    for row in store.run(queries.ENTITIES):
        node = _iri(ENTITY, row["id"])
        graph.add((node, RDF.type, TKG[row["type"]]))
        graph.add((node, RDFS.label, Literal(row["name"])))
        for alias in row["aliases"] or []:
            graph.add((node, SKOS.altLabel, Literal(alias)))
    for row in store.run(queries.DOCUMENTS):
        node = _iri(DOCUMENT, row["id"])
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, TKG.path, Literal(row["path"])))
        if row["title"]:
            graph.add((node, DCTERMS.title, Literal(row["title"])))
        if row["date"]:
            graph.add((node, DCTERMS.date, _date(row["date"])))
            if row.get("date_source"):
                graph.add((node, TKG.dateSource, Literal(row["date_source"])))
        if row["ingested_at"]:
            graph.add((node, TKG.ingestedAt, Literal(row["ingested_at"])))
    for row in store.run(queries.STATEMENTS):
        node = _iri(STATEMENT, row["id"])
        subject, obj = _iri(ENTITY, row["subject"]), _iri(ENTITY, row["object"])
        graph.add((node, RDF.type, RDF.Statement))
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, RDF.subject, subject))
        graph.add((node, RDF.predicate, TKG[row["predicate"]]))
        graph.add((node, RDF.object, obj))
        graph.add((node, PROV.wasDerivedFrom, _iri(DOCUMENT, row["doc"])))
        graph.add((node, TKG.modality, Literal(row["modality"])))
        if row["attributed_to_id"]:
            graph.add((node, PROV.wasAttributedTo, _iri(ENTITY, row["attributed_to_id"])))
        if row["date"]:
            graph.add((node, DCTERMS.date, _date(row["date"])))
            if row.get("date_kind"):
                graph.add((node, TKG.dateKind, Literal(row["date_kind"])))
            if row.get("date_text"):
                graph.add((node, TKG.dateText, Literal(row["date_text"])))
        if row["sentence"]:
            graph.add((node, TKG.sentence, Literal(row["sentence"])))
        graph.add((node, TKG.start, Literal(int(row["start"] or 0))))
        graph.add((node, TKG.end, Literal(int(row["end"] or 0))))
        graph.add((node, TKG.confidence, Literal(float(row["confidence"] or 0.0))))
        if row["rule"]:
            graph.add((node, TKG.rule, Literal(row["rule"])))
        if row.get("page") is not None:
            graph.add((node, TKG.page, Literal(int(row["page"]))))
    for row in store.run(queries.DIRECT_RELATIONSHIPS):
        graph.add((_iri(ENTITY, row["s"]), TKG[row["type"].lower()], _iri(ENTITY, row["o"])))
    return graph


# ----------------------------------------------------------------------------- import

def records_from_rdf(graph: Graph, ontology: Vocabulary) -> tuple[list[ExtractionResult], list[Entity]]:
    """Documents with their statements, and the entities no statement mentions."""
    entities: dict[URIRef, Entity] = {}
    for node in set(graph.subjects(RDF.type, None)):
        local = _local(ENTITY, node)
        if local is None:
            continue
        types = sorted(t for t in (_local(TKG, c) for c in graph.objects(node, RDF.type)) if t in ontology.classes)
        concrete = [t for t in types if not getattr(ontology.classes[t], "abstract", False)]
        if not (concrete or types):
            raise ValidationError(f"entity {local!r} has no ontology class")
        name = graph.value(node, RDFS.label)
        aliases = tuple(sorted(str(a) for a in graph.objects(node, SKOS.altLabel)))
        entities[node] = Entity(id=local, name=str(name) if name is not None else local,
                                type=(concrete or types)[0], aliases=aliases)

    documents: dict[URIRef, Document] = {}
    for node in set(graph.subjects(RDF.type, PROV.Entity)):
        local = _local(DOCUMENT, node)
        if local is None:
            continue
        documents[node] = Document(
            id=local, path=str(graph.value(node, TKG.path) or local),
            title=str(graph.value(node, DCTERMS.title) or ""),
            date=_text(graph.value(node, DCTERMS.date)), date_source=_text(graph.value(node, TKG.dateSource)),
            ingested_at=_text(graph.value(node, TKG.ingestedAt)))

    by_document: dict[URIRef, list[Statement]] = defaultdict(list)
    mentioned: set[URIRef] = set()
    for node in sorted(set(graph.subjects(RDF.type, RDF.Statement))):
        doc_node = graph.value(node, PROV.wasDerivedFrom)
        if doc_node not in documents:
            raise ValidationError(f"statement {node} is not derived from a known document")
        subject, obj = graph.value(node, RDF.subject), graph.value(node, RDF.object)
        speaker = graph.value(node, PROV.wasAttributedTo)
        for part in (subject, obj, speaker):
            if part is not None and part not in entities:
                raise ValidationError(f"statement {node} refers to an untyped entity {part}")
        predicate = _local(TKG, graph.value(node, RDF.predicate))
        if not predicate:
            raise ValidationError(f"statement {node} has no tkg: predicate")
        document = documents[doc_node]
        mentioned.update(p for p in (subject, obj, speaker) if p is not None)
        by_document[doc_node].append(Statement(
            doc=document.name, subject=entities[subject], predicate=predicate, object=entities[obj],
            modality=str(graph.value(node, TKG.modality) or "asserted"),
            attributed_to=entities[speaker] if speaker is not None else None,
            date=_text(graph.value(node, DCTERMS.date)), sentence=str(graph.value(node, TKG.sentence) or ""),
            start=int(graph.value(node, TKG.start) or 0), end=int(graph.value(node, TKG.end) or 0),
            confidence=float(graph.value(node, TKG.confidence) or 0.0),
            rule=str(graph.value(node, TKG.rule) or ""), doc_id=document.id,
            date_kind=_text(graph.value(node, TKG.dateKind)), date_text=_text(graph.value(node, TKG.dateText)),
            page=_page(node, graph.value(node, TKG.page))))

    results = [ExtractionResult(document=doc, statements=by_document.get(node, []))
               for node, doc in sorted(documents.items())]
    loose = [e for node, e in sorted(entities.items()) if node not in mentioned]
    return results, loose


def import_rdf(store: GraphStore, ontology: Vocabulary, source, format: str = "turtle",
               loader: Optional[Loader] = None) -> LoadReport:
    """Parse ``source`` (path, file or string of RDF) and load it into ``store``."""
    graph = Graph()
    try:
        if isinstance(source, str) and "\n" in source:
            graph.parse(data=source, format=format)
        else:
            graph.parse(source, format=format)
    except Exception as exc:  # rdflib raises parser-specific types
        raise ValidationError(f"cannot read {format} input: {' '.join(str(exc).split())[:300]}") from None
    results, loose = records_from_rdf(graph, ontology)
    loader = loader or Loader(store, ontology)
    loader.load_entities(loose)
    return loader.load(results)


def _text(value) -> Optional[str]:
    return str(value) if value is not None else None


def _page(node, value) -> Optional[int]:
    """A statement's page as a number (the loader then checks it is 1 or more); a page that is
    not a whole number is refused by name rather than stored as text."""
    if value is None:
        return None
    try:
        return int(str(value))
    except ValueError:
        raise ValidationError(f"statement {node} has a page that is not a whole number: "
                              f"{shown_text(str(value), 40)}") from None
