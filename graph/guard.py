"""Check user Cypher before it is sent: one statement only, simple enough to parse
(:func:`complexity_refusal`), and in read-only mode no writing clause and no procedure outside a
list of known reading ones. The clear message comes from here; the engine's own read-only
execution (FalkorDB GRAPH.RO_QUERY, Neo4j read transactions) remains the real guarantee against
writes."""
from __future__ import annotations

import re
from typing import Optional

from graph.errors import QueryError

_STRINGS_AND_COMMENTS = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""", re.S)
#: A writing keyword is a clause unless it is a name: a map key (``{set: 1}``), a label or type
#: right after ``:`` (``(n:CREATE)``, ``[:SET]``, ``:!DELETE``: :data:`_AFTER_COLON` blanks
#: those), or a name ending a bracket or a label expression (``(n:A|MERGE)``): no writing clause
#: is followed by ``: ) ] } , | & * {``.
_WRITING = re.compile(
    r"(?<![\w.$])(CREATE|MERGE|DETACH\s+DELETE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|LOAD\s+CSV|TERMINATE\s+TRANSACTIONS?)"
    r"\b(?!\s*[:)\]},|&*{])", re.I)
_AFTER_COLON = re.compile(r":\s*!?\s*[A-Za-z_][\w$]*")
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
    masked = _AFTER_COLON.sub(lambda m: " " * len(m.group(0)), _mask(query))
    match = _WRITING.search(masked)
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


# ----------------------------------------------------------------------------- parse complexity

#: FalkorDB's Cypher parser backtracks: its time doubles with each level of nesting (brackets,
#: CASE, and the prefix operators NOT, - and +: measured by ``python bench/hostile.py --curves``:
#: 16 nested parentheses 0.27 s, 18 about 1 s, 26 past 40 s) and it grows faster than linearly
#: with length (4,096 chained ``[0]`` 0.1-0.6 s). A query past these limits is refused before it
#: is sent; each is a few times below where parsing reaches 0.1 s on a 2-core machine.
MAX_QUERY_CHARS = 4000
MAX_NESTING = 10
#: The parse cost estimate of :func:`parse_cost`: each level opened at depth d costs 2**d, so one
#: chain of depth 10 costs 2,046 and 8,192 allows four of them, or sixteen of depth 8 (measured
#: about 40 ms, against 0.5 s for 256 of depth 8 and 1 s for 128 of depth 10).
MAX_PARSE_COST = 8192
#: Numbers a ``range()`` with literal bounds may make: FalkorDB allocates the whole list at once
#: (16 bytes a number), before its per-query memory cap can see it; 2,000,000,000 asked for
#: 32 GB. (A range computed at run time is left to the server's memory limits.)
MAX_LITERAL_RANGE = 10_000_000
_RANGE = re.compile(r"(?<![\w.$])range\s*\(\s*([-+]?\d+)\s*,\s*([-+]?\d+)\s*(?:,\s*([-+]?\d+)\s*)?\)", re.I)

_TOKEN = re.compile(r"\s+|(?P<name>[A-Za-z_][\w$]*)|(?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)"
                    r"|(?P<param>\$\w*)|(?P<op><>|<=|>=|=~|\.\.|->|<-|\+=|.)", re.S)
_OPENING, _CLOSING = "([{", ")]}"
#: Tokens after which ``-`` and ``+`` are signs, not subtraction and addition.
_BEFORE_SIGN = frozenset("( [ { , : | + - * / % ^ = < > <> <= >= =~ .. += not and or xor return with where "
                         "when then else case in unwind skip limit by contains starts ends is".split())
#: Keywords that compare (a sign before them has ended; a NOT has not: ``NOT 1 IN NOT ...`` nests).
_COMPARING = frozenset("in is contains starts ends".split())
#: Keywords that end whatever operand NOT and the signs before them applied to.
_ENDING = frozenset("""and or xor return with where when then else unwind skip limit by as distinct order
    match optional union call yield set create merge delete remove detach foreach on""".split())


def parse_cost(query: str) -> tuple[int, int]:
    """``(nesting, cost)`` of ``query`` as FalkorDB's parser pays for it: the deepest nesting of
    brackets, CASE and prefix operators together, and the sum of 2**depth over every level opened
    (strings, comments and backticked names excluded).

    A NOT stays open across comparisons (``NOT 1 = NOT 1 = ...`` nests: measured as exponential
    as parentheses) until AND, OR, XOR, a comma or a clause; a sign ends at the next operator.
    """
    frames: list[list] = [["", 0, 0]]  # [what opened it, NOTs open in it, signs open in it]
    depth = deepest = cost = 0
    previous: Optional[str] = None
    for match in _TOKEN.finditer(_mask(query)):
        kind = match.lastgroup
        if kind is None:
            continue  # white space
        token = match.group(kind)
        word = token.lower() if kind == "name" else None
        frame = frames[-1]
        sign = kind == "op" and token in "-+" and (previous is None or previous in _BEFORE_SIGN)
        if token in _OPENING or word == "case" or word == "not" or sign:
            depth += 1
            deepest = max(deepest, depth)
            cost += 2 ** min(depth, 60)
            if word == "not":
                frame[1] += 1
            elif sign:
                frame[2] += 1
            else:
                frames.append([token, 0, 0])
        elif token in _CLOSING or word == "end":
            if len(frames) > 1:
                depth -= frame[1] + frame[2] + 1
                frames.pop()
        elif token in (",", "|") or word in _ENDING:
            depth -= frame[1] + frame[2]
            frame[1] = frame[2] = 0
        elif kind == "op" and token != "." or word in _COMPARING:
            depth -= frame[2]
            frame[2] = 0
        previous = word if word is not None else token
    return deepest, cost


def complexity_refusal(query: str) -> Optional[str]:
    """Why ``query`` is too long or too deeply nested to send to the parser (one phrase naming
    the limit), or None."""
    if len(query) > MAX_QUERY_CHARS:
        return (f"it is {len(query):,} characters long, more than the {MAX_QUERY_CHARS:,} a user query may have: "
                "shorten it, or pass values as parameters")
    for match in _RANGE.finditer(_mask(query)):
        start, end, step = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
        size = max(0, (end - start) // step + 1) if step else 0
        if size > MAX_LITERAL_RANGE:
            return (f"its range() makes a list of {size:,} numbers at once, more than the "
                    f"{MAX_LITERAL_RANGE:,} a user query may: use a smaller range")
    nesting, cost = parse_cost(query)
    if nesting > MAX_NESTING:
        return (f"it nests {nesting} levels deep (brackets, CASE, NOT and signs together), more than the "
                f"{MAX_NESTING} the parser handles quickly: flatten it, e.g. with WITH")
    if cost > MAX_PARSE_COST:
        return (f"it has too many deeply nested parts to parse quickly (cost {cost:,}, limit {MAX_PARSE_COST:,}; "
                "each level of nesting doubles it): flatten it, e.g. with WITH")
    return None
