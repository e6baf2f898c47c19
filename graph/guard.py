"""Check user Cypher before it is sent: one statement only, and in read-only mode no writing
clause and no procedure outside a list of known reading ones. The clear message comes from here;
the engine's own read-only execution (FalkorDB GRAPH.RO_QUERY, Neo4j read transactions) remains
the real guarantee against writes."""
from __future__ import annotations

import re
from typing import Optional

from graph.errors import QueryError

_STRINGS_AND_COMMENTS = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""", re.S)
_WRITING = re.compile(
    r"(?<![\w.$])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|LOAD\s+CSV|TERMINATE\s+TRANSACTIONS?)"
    r"\b(?!\s*:)", re.I)
_CALL = re.compile(r"(?<![\w.$`])CALL\b", re.I)
_NAME_PART = r"(?:`[^`]*`|[A-Za-z_][\w$]*)"
_PROCEDURE = re.compile(rf"\s+({_NAME_PART}(?:\s*\.\s*{_NAME_PART})*)")

#: Procedures a read-only query may call (compared without case). Anything else needs write mode:
#: an allow-list, because the procedures that change things are an open set (FalkorDB's
#: db.idx.fulltext.createNodeIndex and .drop; Neo4j's db.create.*, db.index.fulltext.createNodeIndex
#: and .drop, db.clearQueryCaches, tx.setMetaData, dbms.setConfigValue and dbms.killQuery; APOC's
#: create, merge, refactor, periodic, schema.assert, cypher.runWrite, export (files) and load
#: (URLs); GDS's write, mutate and graph.project ...) and a plugin may add more at any time.
READING_PROCEDURES = frozenset(name.lower() for name in (
    # FalkorDB: every procedure CALL dbms.procedures() lists with mode READ (FalkorDB 4.16)
    "algo.betweenness", "algo.BFS", "algo.labelPropagation", "algo.MSF", "algo.pageRank",
    "algo.SPpaths", "algo.SSpaths", "algo.WCC",
    "db.constraints", "db.indexes", "db.labels", "db.meta.stats", "db.propertyKeys", "db.relationshipTypes",
    "db.idx.fulltext.queryNodes", "db.idx.fulltext.queryRelationships",
    "db.idx.vector.queryNodes", "db.idx.vector.queryRelationships",
    "dbms.functions", "dbms.procedures",
    # Neo4j 5 built-ins that only read
    "db.info", "db.ping", "db.schema.visualization", "db.schema.nodeTypeProperties",
    "db.schema.relTypeProperties", "db.index.fulltext.queryNodes", "db.index.fulltext.queryRelationships",
    "db.index.fulltext.listAvailableAnalyzers", "db.index.vector.queryNodes",
    "db.index.vector.queryRelationships", "dbms.components",
    # APOC: schema summaries and path expansion
    "apoc.help", "apoc.meta.data", "apoc.meta.graph", "apoc.meta.schema", "apoc.meta.stats",
    "apoc.meta.nodeTypeProperties", "apoc.meta.relTypeProperties",
    "apoc.path.expand", "apoc.path.expandConfig", "apoc.path.subgraphNodes", "apoc.path.subgraphAll",
    "apoc.path.spanningTree",
    # GDS: the catalog list and version
    "gds.graph.list", "gds.list", "gds.version",
))
#: GDS algorithms that only report (``gds.pageRank.stream``, ``gds.wcc.stats``, ``... .estimate``);
#: ``.write`` and ``.mutate`` change the database or the projection.
_GDS_READING = re.compile(r"gds\.[\w.]+\.(stream|stats|estimate)", re.I)


def _mask(query: str, keep_names: bool = False) -> str:
    """``query`` with string literals and comments (and backticked names unless ``keep_names``)
    blanked to spaces of the same length, so offsets still point into the original text."""
    def blank(match: re.Match) -> str:
        text = match.group(0)
        if keep_names and text.startswith("`"):
            return text
        return re.sub(r"[^\n]", " ", text)

    return _STRINGS_AND_COMMENTS.sub(blank, query)


def one_statement(query: str) -> str:
    """``query`` without its one optional final ``;``; a QueryError if a ``;`` (outside strings,
    comments and backticked names) separates it from more, since the engines would either refuse
    the whole text or, worse, run part of it."""
    text = _mask(query).rstrip()
    body = text[:-1] if text.endswith(";") else text
    position = body.find(";")
    if position < 0:
        return query[:len(body)] if body is not text else query
    line = query.count("\n", 0, position) + 1
    column = position - (query.rfind("\n", 0, position) + 1) + 1
    raise QueryError(f"one statement at a time: the query goes on after the ';' at line {line}, "
                     f"column {column}; run each statement on its own")


def writing_clause(query: str) -> Optional[str]:
    """The first writing clause of ``query`` (upper case, e.g. ``SET`` or ``LOAD CSV``), or None."""
    match = _WRITING.search(_mask(query))
    return " ".join(match.group(1).upper().split()) if match else None


def procedures(query: str) -> list[str]:
    """The names of the procedures ``query`` calls, as written without backticks or spaces
    (``CALL { ... }`` subqueries are not procedures)."""
    masked, named = _mask(query), _mask(query, keep_names=True)
    names = []
    for call in _CALL.finditer(masked):
        match = _PROCEDURE.match(named, call.end())
        if match:
            names.append(re.sub(r"\s+", "", match.group(1)).replace("`", ""))
    return names


def is_reading_procedure(name: str) -> bool:
    """True for a procedure a read-only query may call (see :data:`READING_PROCEDURES`)."""
    return name.lower() in READING_PROCEDURES or bool(_GDS_READING.fullmatch(name))


def read_only_refusal(query: str) -> Optional[str]:
    """Why ``query`` may not run read-only (one phrase), or None if it only reads."""
    for name in procedures(query):
        if not is_reading_procedure(name):
            return f"it calls the procedure {name}, which is not one of the known reading procedures"
    clause = writing_clause(query)
    return f"it contains the writing clause {clause}" if clause else None
