"""Write the graph in interchange formats: Turtle, JSON-LD (rdflib), GraphML (Gephi), and CSV in
the layout ``neo4j-admin database import`` reads."""
from __future__ import annotations

import csv
import json
import re
import shlex
from pathlib import Path
from typing import IO, Iterable

import networkx as nx

from ontology.namespace import DOCUMENT, ENTITY, STATEMENT, TKG

from graph import analytics, queries
from graph.errors import GraphError
from graph.rdf import to_rdf
from graph.store import GraphStore
from graph.vocab import Vocabulary

FORMATS = ("ttl", "jsonld", "graphml", "csv")
JSONLD_CONTEXT = {
    "tkg": str(TKG), "ent": str(ENTITY), "st": str(STATEMENT), "doc": str(DOCUMENT),
    "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def export(store: GraphStore, ontology: Vocabulary, fmt: str, destination: Path | str) -> list[Path]:
    """Write ``fmt`` to ``destination`` (a file; a folder for csv). Returns the files written."""
    destination = Path(destination)
    if fmt == "ttl":
        destination.write_text(to_turtle(store), encoding="utf-8")
    elif fmt == "jsonld":
        destination.write_text(to_jsonld(store), encoding="utf-8")
    elif fmt == "graphml":
        write_graphml(store, ontology, destination)
    elif fmt == "csv":
        return write_neo4j_csv(store, destination)
    else:
        raise GraphError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    return [destination]


def to_turtle(store: GraphStore) -> str:
    return to_rdf(store).serialize(format="turtle")


def to_jsonld(store: GraphStore) -> str:
    return to_rdf(store).serialize(format="json-ld", context=JSONLD_CONTEXT, indent=2)


# ----------------------------------------------------------------------------- GraphML

#: Characters XML 1.0 cannot hold at all: written raw, they make the whole GraphML file unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """``text`` with the characters XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def gephi_graph(store: GraphStore, ontology: Vocabulary) -> nx.MultiDiGraph:
    """The entity graph with only scalar attributes (GraphML has no lists or nulls) and only
    characters XML can hold."""
    return scalar_graph(analytics.entity_graph(store, ontology))


def scalar_graph(source: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """An entity graph (or part of one: the app exports what it draws) as :func:`gephi_graph`."""
    out = nx.MultiDiGraph()
    for node, data in source.nodes(data=True):
        out.add_node(_xml(node), label=_xml(data["name"]), type=data["type"])
    for s, o, key, data in source.edges(keys=True, data=True):
        s, o = _xml(s), _xml(o)
        out.add_edge(s, o, key=f"{s}|{key}|{o}", label=key, predicate=data["predicate"],
                     weight=float(data["count"]), count=int(data["count"]),
                     modalities=";".join(data["modalities"]), first_date=data["first_date"] or "",
                     last_date=data["last_date"] or "", symmetric=bool(data["symmetric"]))
    return out


def write_graphml(store: GraphStore, ontology: Vocabulary, path: Path) -> None:
    nx.write_graphml(gephi_graph(store, ontology), path, encoding="utf-8")


# ----------------------------------------------------------------------------- neo4j-admin CSV

ENTITY_HEADER = ["id:ID(Entity)", "name", "type", "aliases:string[]", ":LABEL"]
DOCUMENT_HEADER = ["id:ID(Document)", "title", "path", "date", "date_source", "ingested_at", ":LABEL"]
STATEMENT_HEADER = ["id:ID(Statement)", "predicate", "modality", "attributed_to", "attributed_to_id", "date",
                    "sentence", "start:long", "end:long", "confidence:double", "rule", "date_kind",
                    "date_text", "page:long", ":LABEL"]
STATEMENT_ENTITY_HEADER = [":START_ID(Statement)", ":END_ID(Entity)", ":TYPE"]
STATEMENT_DOCUMENT_HEADER = [":START_ID(Statement)", ":END_ID(Document)", ":TYPE"]
DIRECT_HEADER = [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "count:long", "modalities:string[]",
                 "first_date", "last_date"]
#: neo4j-admin splits arrays (aliases, labels, modalities) at one character: the first of these
#: that no array element holds, so that an alias like "LI; the isle" stays one alias.
ARRAY_DELIMITERS = ";|^~`"


def write_neo4j_csv(store: GraphStore, folder: Path) -> list[Path]:
    """One CSV per node kind and per relationship kind, headers in neo4j-admin's import syntax,
    plus ``import.sh`` with the matching ``neo4j-admin database import full`` command."""
    folder.mkdir(parents=True, exist_ok=True)
    entity_rows = store.run(queries.ENTITIES)
    direct_rows = store.run(queries.DIRECT_RELATIONSHIPS)
    delimiter = _array_delimiter(a for r in entity_rows for a in r["aliases"] or [])
    entities = [[r["id"], r["name"], r["type"], delimiter.join(r["aliases"] or []),
                 "Entity" if r["type"] == "Entity" else f"Entity{delimiter}{r['type']}"]
                for r in entity_rows]
    documents = [[r["id"], r["title"], r["path"], r["date"], r["date_source"], r["ingested_at"], "Document"]
                 for r in store.run(queries.DOCUMENTS)]
    statements, links, sources = [], [], []
    for r in store.run(queries.STATEMENTS):
        statements.append([r["id"], r["predicate"], r["modality"], r["attributed_to"], r["attributed_to_id"],
                           r["date"], r["sentence"], r["start"], r["end"], r["confidence"], r["rule"],
                           r["date_kind"], r["date_text"], r.get("page"), "Statement"])
        links.append([r["id"], r["subject"], "SUBJECT"])
        links.append([r["id"], r["object"], "OBJECT"])
        sources.append([r["id"], r["doc"], "FROM"])
    direct = [[r["s"], r["o"], r["type"], r["count"], delimiter.join(r["modalities"] or []), r["first_date"],
               r["last_date"]] for r in direct_rows]
    files = {
        "entities.csv": (ENTITY_HEADER, entities),
        "documents.csv": (DOCUMENT_HEADER, documents),
        "statements.csv": (STATEMENT_HEADER, statements),
        "statement_entities.csv": (STATEMENT_ENTITY_HEADER, links),
        "statement_documents.csv": (STATEMENT_DOCUMENT_HEADER, sources),
        "relationships.csv": (DIRECT_HEADER, direct),
    }
    written = []
    for name, (header, rows) in files.items():
        path = folder / name
        with open(path, "w", newline="", encoding="utf-8") as handle:
            _write_csv(handle, header, rows)
        written.append(path)
    script = folder / "import.sh"
    nodes = " ".join(f"--nodes={n}" for n in ("entities.csv", "documents.csv", "statements.csv"))
    rels = " ".join(f"--relationships={n}" for n in
                    ("statement_entities.csv", "statement_documents.csv", "relationships.csv"))
    # Evidence sentences and titles may hold line breaks: fields span lines, quoted by csv.
    options = f"{shlex.quote('--array-delimiter=' + delimiter)} --multiline-fields=true"
    script.write_text("#!/bin/sh\n# Run from this folder; the target database must not exist yet.\n"
                      f"neo4j-admin database import full {options} {nodes} {rels} \"${{1:-neo4j}}\"\n",
                      encoding="utf-8")
    written.append(script)
    return written


def _array_delimiter(values: Iterable[str]) -> str:
    """The first of :data:`ARRAY_DELIMITERS` that none of ``values`` contains."""
    free = set(ARRAY_DELIMITERS)
    for value in values:
        free -= set(value)
        if not free:
            raise GraphError("cannot write neo4j-admin CSV: the aliases use every array delimiter "
                             f"({' '.join(ARRAY_DELIMITERS)})")
    return next(d for d in ARRAY_DELIMITERS if d in free)


def _write_csv(handle: IO[str], header: list[str], rows: list[list]) -> None:
    writer = csv.writer(handle)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])


def dumps_rows(rows: list[dict]) -> str:
    """JSON for query results (the CLI's ``--json``)."""
    return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
