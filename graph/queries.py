"""Every Cypher statement of the graph layer, in the subset FalkorDB and Neo4j 5 both run.

Values always travel as parameters. Labels and relationship types cannot, so the builders below
take only names already checked by :mod:`graph.vocab`, check the identifier pattern again and
quote them in backticks (:func:`graph.vocab.quoted`).
Per-engine differences are the ``*_SCHEMA`` lists at the end (index DDL) and FalkorDB's reference
path for the loader (``FALKORDB_*``, internal node ids); the engines pick theirs.

Known FalkorDB gaps avoided here: ``EXISTS {}`` / ``COUNT {}`` subqueries, ``=~``, ``elementId()``,
``datetime()``, undirected or MATCH-level ``shortestPath``.
"""
from __future__ import annotations

from typing import Optional

from graph.vocab import quoted

#: Modalities in their canonical order; direct relationships list theirs in this order.
MODALITY_ORDER = ["asserted", "negated", "intended", "possible", "alleged"]

# ----------------------------------------------------------------------------- loading

#: Which of the given documents exist already (by content id), and which other documents share a path.
DOCUMENTS_BY_ID = "MATCH (d:Document) WHERE d.id IN $ids RETURN d.id AS id, d.path AS path"
DOCUMENTS_BY_PATH = ("MATCH (d:Document) WHERE d.path IN $paths AND NOT d.id IN $ids "
                     "RETURN d.id AS id, d.path AS path")

#: The (subject, predicate, object) keys that the statements of some documents support.
KEYS_OF_DOCUMENTS = (
    "MATCH (d:Document)<-[:FROM]-(st:Statement)-[:SUBJECT]->(s:Entity) "
    "WHERE d.id IN $ids "
    "MATCH (st)-[:OBJECT]->(o:Entity) "
    "RETURN DISTINCT s.id AS s, st.predicate AS p, o.id AS o"
)

DELETE_STATEMENTS_OF_DOCUMENTS = (
    "MATCH (d:Document)<-[:FROM]-(st:Statement) WHERE d.id IN $ids DETACH DELETE st"
)
DELETE_DOCUMENTS = "MATCH (d:Document) WHERE d.id IN $ids DETACH DELETE d"

MERGE_DOCUMENTS = (
    "UNWIND $rows AS r "
    "MERGE (d:Document {id: r.id}) "
    "ON CREATE SET d.title = r.title, d.path = r.path, d.date = r.date, d.date_source = r.date_source, "
    "d.ingested_at = r.ingested_at"
)


#: Which of the given entity ids do not exist yet (the plan creates those).
MISSING_ENTITIES = (
    "UNWIND $ids AS i "
    "OPTIONAL MATCH (n:Entity {id: i}) "
    "WITH i, n WHERE n IS NULL "
    "RETURN i AS id"
)
#: Aliases of existing entities (read only for entities that bring aliases).
ENTITY_ALIASES = "MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, n.aliases AS aliases"
#: New aliases for entities that exist (``$rows`` = ``{id, aliases}`` with the full new list).
SET_ALIASES = "UNWIND $rows AS r MATCH (n:Entity {id: r.id}) SET n.aliases = r.aliases"


def create_entities(label: str | None) -> str:
    """Create entities known not to exist yet, labelled ``Entity`` and their class."""
    labels = "Entity"
    if label is not None and label != "Entity":
        labels += ":" + quoted(label, "label")
    return (
        "UNWIND $rows AS r "
        f"CREATE (n:{labels} {{id: r.id, name: r.name, type: r.type, aliases: r.aliases}})"
    )


#: Statements of documents that are new in this transaction (so the statements are new too).
#: (A per-document nested UNWIND, saving the Document lookups, ran 5x slower on FalkorDB.)
CREATE_STATEMENTS = (
    "UNWIND $rows AS r "
    "MATCH (d:Document {id: r.doc}) "
    "MATCH (s:Entity {id: r.s}) "
    "MATCH (o:Entity {id: r.o}) "
    "CREATE (st:Statement {id: r.id, predicate: r.predicate, modality: r.modality, "
    "attributed_to: r.attributed_to, attributed_to_id: r.attributed_to_id, date: r.date, "
    "date_kind: r.date_kind, date_text: r.date_text, "
    "sentence: r.sentence, start: r.start, end: r.end, confidence: r.confidence, rule: r.rule, page: r.page}) "
    "CREATE (st)-[:SUBJECT]->(s) "
    "CREATE (st)-[:OBJECT]->(o) "
    "CREATE (st)-[:FROM]->(d)"
)


def add_direct(rel_type: str) -> str:
    """Fold new statements into the direct relationships: ``$rows`` = one aggregate per key
    ``{s, o, n, modalities, first, last}``; counts add up, modalities unite, dates widen.
    (The loader sends positional rows to :func:`add_direct_rows`; this map form is kept for callers.)"""
    return _add_direct(rel_type, {name: f"k.{name}" for name in DIRECT_ROW},
                       "MATCH (s:Entity {id: k.s}) MATCH (o:Entity {id: k.o}) ")


# Positional rows: the loader's batches send each row as a list, fields in the order below, and
# name documents and entities by their position in the lists ``$docs`` and ``$ents`` sent with
# them. FalkorDB finds a map's key by comparing strings and parses every row's keys, so lists cut
# its time for a batch of statements by about a fifth and the client's encoding time too; and
# rows that do not contain ids can be encoded before the transaction knows how it finds the
# nodes (by index here; by reference below, on FalkorDB). FalkorDB uses the index only for a
# plain variable: hence ``WITH ... $ents[r[1]] AS si`` before ``MATCH (s:Entity {id: si})``.

#: Fields of a row of :data:`CREATE_STATEMENT_ROWS`, in order (``doc`` a position in ``$docs``,
#: ``s`` and ``o`` positions in ``$ents``).
STATEMENT_ROW = ("doc", "s", "o", "id", "predicate", "modality", "attributed_to", "attributed_to_id", "date",
                 "sentence", "start", "end", "confidence", "rule", "date_kind", "date_text", "page")
#: Fields of a row of :func:`add_direct_rows` (one aggregate per key; ``s`` and ``o`` positions
#: in ``$ents``; ``modalities`` in :data:`MODALITY_ORDER`, no repeats), in order.
DIRECT_ROW = ("s", "o", "n", "modalities", "first", "last")


def _fields(order: tuple[str, ...], var: str) -> dict[str, str]:
    return {name: f"{var}[{i}]" for i, name in enumerate(order)}


_R = _fields(STATEMENT_ROW, "r")
_K = _fields(DIRECT_ROW, "k")
#: Creating a statement once ``d``, ``s`` and ``o`` are bound (shared by both ways of finding them).
_statement_creates = (
    "CREATE (st:Statement {" + ", ".join(f"{name}: {_R[name]}" for name in STATEMENT_ROW[3:]) + "}) "
    "CREATE (st)-[:SUBJECT]->(s) "
    "CREATE (st)-[:OBJECT]->(o) "
    "CREATE (st)-[:FROM]->(d)"
)

#: :data:`CREATE_STATEMENTS` for positional rows (:data:`STATEMENT_ROW`) with ``$docs`` and ``$ents``.
CREATE_STATEMENT_ROWS = (
    f"UNWIND $rows AS r WITH r, $docs[{_R['doc']}] AS di, $ents[{_R['s']}] AS si, $ents[{_R['o']}] AS oi "
    "MATCH (d:Document {id: di}) "
    "MATCH (s:Entity {id: si}) "
    "MATCH (o:Entity {id: oi}) "
    + _statement_creates
)


def add_direct_rows(rel_type: str) -> str:
    """:func:`add_direct` for positional rows (:data:`DIRECT_ROW`) with ``$ents``."""
    return _add_direct(rel_type, _K, f"WITH k, $ents[{_K['s']}] AS si, $ents[{_K['o']}] AS oi "
                                     "MATCH (s:Entity {id: si}) MATCH (o:Entity {id: oi}) ", canonical=True)


def _add_direct(rel_type: str, k: dict[str, str], match: str, canonical: bool = False) -> str:
    """Fold rows ``k`` into relationships ``rel_type`` once ``match`` has bound ``s`` and ``o``
    (a new relationship takes the row's values as they are: a fifth less work on FalkorDB than
    starting from zero and folding; ``canonical``: the rows' modalities are in
    :data:`MODALITY_ORDER` already, without repeats, and are stored as sent)."""
    rel = quoted(rel_type, "relationship type")
    first, last = k["first"], k["last"]
    modalities = k["modalities"] if canonical else f"[m IN $modalities WHERE m IN {k['modalities']}]"
    return (
        "UNWIND $rows AS k "
        + match +
        f"MERGE (s)-[r:{rel}]->(o) "
        f"ON CREATE SET r.count = {k['n']}, r.modalities = {modalities}, "
        f"r.first_date = {first}, r.last_date = {last} "
        f"ON MATCH SET r.count = r.count + {k['n']}, "
        f"r.modalities = [m IN $modalities WHERE m IN r.modalities OR m IN {k['modalities']}], "
        f"r.first_date = CASE WHEN {first} IS NULL THEN r.first_date "
        f"WHEN r.first_date IS NULL OR {first} < r.first_date THEN {first} ELSE r.first_date END, "
        f"r.last_date = CASE WHEN {last} IS NULL THEN r.last_date "
        f"WHEN r.last_date IS NULL OR {last} > r.last_date THEN {last} ELSE r.last_date END"
    )


def _supporting(symmetric: bool) -> str:
    """Pattern of the statements that support a direct relationship between ``s`` and ``o``."""
    if symmetric:
        return "(s)<-[:SUBJECT|OBJECT]-(st:Statement)-[:SUBJECT|OBJECT]->(o)"
    return "(s)<-[:SUBJECT]-(st:Statement)-[:OBJECT]->(o)"


def recompute_direct(rel_type: str, symmetric: bool) -> str:
    """Rebuild direct relationships from the statements left for ``$rows`` = keys ``{s, p, o}``
    (after statements were removed). Keys left with no statement are handled by
    :func:`prune_direct`."""
    rel = quoted(rel_type, "relationship type")
    return (
        "UNWIND $rows AS k "
        "MATCH (s:Entity {id: k.s}) "
        "MATCH (o:Entity {id: k.o}) "
        f"MATCH {_supporting(symmetric)} "
        "WHERE st.predicate = k.p "
        "WITH s, o, count(DISTINCT st) AS n, collect(st.modality) AS mods, "
        "min(st.date) AS first, max(st.date) AS last "
        f"MERGE (s)-[r:{rel}]->(o) "
        "SET r.count = n, r.modalities = [m IN $modalities WHERE m IN mods], "
        "r.first_date = first, r.last_date = last"
    )


def prune_direct(rel_type: str, symmetric: bool) -> str:
    """Delete the direct relationships of ``$rows`` (keys ``{s, p, o}``) that no statement supports."""
    rel = quoted(rel_type, "relationship type")
    return (
        "UNWIND $rows AS k "
        f"MATCH (s:Entity {{id: k.s}})-[r:{rel}]->(o:Entity {{id: k.o}}) "
        f"OPTIONAL MATCH {_supporting(symmetric)} "
        "WHERE st.predicate = k.p "
        "WITH r, count(st) AS n "
        "WHERE n = 0 "
        "DELETE r"
    )


CLEAR_GRAPH = "MATCH (n) DETACH DELETE n"
#: Slices of a clear, relationships first, each repeated until it deletes none (Neo4j: a large
#: graph in one transaction passes the server's transaction memory limit,
#: dbms.memory.transaction.total.max; so does a slice of nodes taken with their relationships).
CLEAR_RELATIONSHIPS_SLICE = "MATCH ()-[r]->() WITH r LIMIT $size DELETE r RETURN count(r) AS n"
CLEAR_NODES_SLICE = "MATCH (n) WITH n LIMIT $size DETACH DELETE n RETURN count(n) AS n"

# ----------------------------------------------------------------------------- reading back

ENTITIES = (
    "MATCH (n:Entity) "
    "RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases "
    "ORDER BY id"
)
DOCUMENTS = (
    "MATCH (d:Document) "
    "RETURN d.id AS id, d.title AS title, d.path AS path, d.date AS date, d.date_source AS date_source, "
    "d.ingested_at AS ingested_at "
    "ORDER BY id"
)
STATEMENTS = (
    "MATCH (st:Statement)-[:SUBJECT]->(s:Entity) "
    "MATCH (st)-[:OBJECT]->(o:Entity) "
    "MATCH (st)-[:FROM]->(d:Document) "
    "RETURN st.id AS id, s.id AS subject, st.predicate AS predicate, o.id AS object, d.id AS doc, "
    "st.modality AS modality, st.attributed_to AS attributed_to, st.attributed_to_id AS attributed_to_id, "
    "st.date AS date, st.date_kind AS date_kind, st.date_text AS date_text, "
    "st.sentence AS sentence, st.start AS start, st.end AS end, "
    "st.confidence AS confidence, st.rule AS rule, st.page AS page "
    "ORDER BY id"
)
#: Dated statements, lean (no sentence): what the Explore time slider slices the graph by.
STATEMENT_DATES = (
    "MATCH (st:Statement)-[:SUBJECT]->(s:Entity) "
    "MATCH (st)-[:OBJECT]->(o:Entity) "
    "MATCH (st)-[:FROM]->(d:Document) "
    "WHERE st.date IS NOT NULL "
    "RETURN s.id AS subject, st.predicate AS predicate, o.id AS object, st.date AS date, "
    "st.date_kind AS date_kind, st.modality AS modality, d.id AS doc "
    "ORDER BY date, subject, predicate, object"
)
#: Direct relationships between entities: everything analytics and GraphML need.
DIRECT_RELATIONSHIPS = (
    "MATCH (s:Entity)-[r]->(o:Entity) "
    "RETURN s.id AS s, type(r) AS type, o.id AS o, r.count AS count, r.modalities AS modalities, "
    "r.first_date AS first_date, r.last_date AS last_date "
    "ORDER BY s, type, o"
)
#: Resolve a user's name for an entity: id, exact name, or alias.
FIND_ENTITY = (
    "MATCH (n:Entity) "
    "WHERE n.id = $key OR toLower(n.name) = toLower($key) OR $key IN n.aliases "
    "RETURN n.id AS id, n.name AS name, n.type AS type "
    "ORDER BY id LIMIT 5"
)
#: Documents of a path or id (for delete-doc).
FIND_DOCUMENTS = (
    "MATCH (d:Document) WHERE d.id = $key OR d.path = $key OR d.id STARTS WITH $key "
    "RETURN d.id AS id, d.path AS path ORDER BY id"
)

COUNT_ENTITIES_BY_TYPE = "MATCH (n:Entity) RETURN n.type AS type, count(n) AS n ORDER BY type"
COUNT_DOCUMENTS = "MATCH (d:Document) RETURN count(d) AS n"
COUNT_STATEMENTS_BY_PREDICATE = (
    "MATCH (st:Statement) RETURN st.predicate AS predicate, count(st) AS n ORDER BY predicate"
)
COUNT_DIRECT_BY_TYPE = (
    "MATCH (:Entity)-[r]->(:Entity) RETURN type(r) AS type, count(r) AS n, toInteger(sum(r.count)) AS statements "
    "ORDER BY type"
)
#: Entities within two hops of one entity, over direct relationships (the neighbourhood query).
TWO_HOP = (
    "MATCH (a:Entity {id: $id})-[]-(b:Entity)-[]-(c:Entity) "
    "WHERE c <> a "
    "RETURN count(DISTINCT c) AS n"
)

# ----------------------------------------------------------------------------- loading by node reference (FalkorDB)
# Inside one transaction (the loader's WATCH ... EXEC) an internal node id cannot change, and
# FalkorDB finds a node by id (NodeByIdSeek) in about half the time of an index lookup. So the
# loader reads the ids of the entities a unit names once, with the plan's other reads, and sends
# them as ``$refs`` (aligned with ``$ents``) with the same positional rows; documents, created in
# the same transaction, are looked up once per document instead of once per row. Rows that name
# an entity created in the same transaction (no id yet) take the index path above.
# Neo4j deprecates id() (its linter flags it), so these are FalkorDB's only: the Neo4j engine
# offers no reference path and its plans use the index path (unique-constraint seeks there).
# FalkorDB seeks by id only for a plain variable: ``WHERE id(s) = r[1]`` would scan every node.


class RefQueries:
    """The statements of an engine's reference path (see :attr:`graph.store.GraphStore.load_refs`)."""

    def __init__(self, resolve: str, check: str, create_statements: str, add_direct) -> None:
        #: ``$ids`` (entity ids) -> one row ``{refs}``: ``"position:ref,..."`` for those that exist.
        self.resolve = resolve
        #: ``$ids`` and ``$refs`` (believed references) -> one row ``{ok}``: ``"position,..."``
        #: of the references that are right (cheaper than finding them again).
        self.check = check
        #: :data:`CREATE_STATEMENT_ROWS` with ``$refs`` (references aligned with ``$ents``).
        self.create_statements = create_statements
        #: ``add_direct(rel_type)``: :func:`add_direct_rows` with ``$refs``.
        self.add_direct = add_direct

    def refs(self, read, ids: list[str], hints: Optional[list] = None) -> list:
        """The reference of each of ``ids``, None for those that do not exist (``read`` as in a
        plan). ``hints``: references believed right (None where unknown), checked first."""
        out: list = [None] * len(ids)
        if hints:
            believed = [k for k, hint in enumerate(hints) if hint is not None]
            if believed:
                params = {"ids": [ids[k] for k in believed], "refs": [hints[k] for k in believed]}
                for row in read(self.check, params):
                    for position in filter(None, (row["ok"] or "").split(",")):
                        k = believed[int(position)]
                        out[k] = hints[k]
        rest = [k for k, ref in enumerate(out) if ref is None]
        if rest:
            for row in read(self.resolve, {"ids": [ids[k] for k in rest]}):
                for pair in filter(None, (row["refs"] or "").split(",")):
                    position, ref = pair.split(":")
                    out[rest[int(position)]] = int(ref)
        return out


#: One row whatever the number of entities: thousands of result rows cost the client far more
#: to parse than the server to find (positions, not ids, so no id can break the format).
FALKORDB_ENTITY_REFS = (
    "UNWIND range(0, size($ids) - 1) AS x WITH x, $ids[x] AS i "
    "MATCH (n:Entity {id: i}) "
    "RETURN string.join(collect(toString(x) + ':' + toString(id(n))), ',') AS refs"
)

#: Half the time of finding them again: a seek by id and a comparison.
FALKORDB_CHECK_REFS = (
    "UNWIND range(0, size($refs) - 1) AS x WITH x, $refs[x] AS r, $ids[x] AS i "
    "MATCH (n) WHERE id(n) = r "
    "WITH x, n, i WHERE n:Entity AND n.id = i "
    "RETURN string.join(collect(toString(x)), ',') AS ok"
)

FALKORDB_CREATE_STATEMENTS_BY_REF = (
    "UNWIND $docs AS i MATCH (d:Document {id: i}) WITH collect(d) AS ds "
    f"UNWIND $rows AS r WITH r, ds[{_R['doc']}] AS d, $refs[{_R['s']}] AS si, $refs[{_R['o']}] AS oi "
    "MATCH (s) WHERE id(s) = si "
    "MATCH (o) WHERE id(o) = oi "
    + _statement_creates
)


def falkordb_add_direct_by_ref(rel_type: str) -> str:
    """:func:`add_direct_rows` with ``$refs`` (internal ids aligned with ``$ents``; FalkorDB only)."""
    return _add_direct(rel_type, _K, f"WITH k, $refs[{_K['s']}] AS si, $refs[{_K['o']}] AS oi "
                                     "MATCH (s) WHERE id(s) = si MATCH (o) WHERE id(o) = oi ", canonical=True)


FALKORDB_REFS = RefQueries(FALKORDB_ENTITY_REFS, FALKORDB_CHECK_REFS, FALKORDB_CREATE_STATEMENTS_BY_REF,
                           falkordb_add_direct_by_ref)

# ----------------------------------------------------------------------------- schema (per engine)

FALKORDB_SCHEMA = [
    "CREATE INDEX FOR (n:Entity) ON (n.id)",
    "CREATE INDEX FOR (n:Document) ON (n.id)",
    "CREATE INDEX FOR (n:Document) ON (n.path)",
    "CREATE INDEX FOR (n:Statement) ON (n.id)",
]
#: Index listing on FalkorDB, to make schema creation idempotent (its DDL has no IF NOT EXISTS).
FALKORDB_INDEXES = "CALL db.indexes() YIELD label, properties RETURN label, properties"

NEO4J_SCHEMA = [
    "CREATE CONSTRAINT tkg_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT tkg_document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT tkg_statement_id IF NOT EXISTS FOR (n:Statement) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX tkg_document_path IF NOT EXISTS FOR (n:Document) ON (n.path)",
]

# ----------------------------------------------------------------------------- ontology edits
# Used by graph/edits.py to carry ontology edits (predicate renames and merges, entity merges,
# retyping, aliases) into the data. Labels and types reach these builders checked by graph.edits.

EDIT_ENTITY = (
    "MATCH (n:Entity {id: $id}) "
    "RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases, labels(n) AS labels"
)
EDIT_ENTITIES_OF_TYPE = "MATCH (n:Entity) WHERE n.type = $type RETURN n.id AS id ORDER BY id"
EDIT_ENTITIES_BY_ID = "MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, n.type AS type ORDER BY id"
#: Statements with their keys: of one predicate, or given by id.
EDIT_STATEMENTS_OF_PREDICATE = (
    "MATCH (st:Statement)-[:SUBJECT]->(s:Entity) WHERE st.predicate = $predicate "
    "MATCH (st)-[:OBJECT]->(o:Entity) "
    "RETURN st.id AS id, st.predicate AS p, s.id AS s, o.id AS o ORDER BY id"
)
EDIT_STATEMENTS_BY_ID = (
    "MATCH (st:Statement)-[:SUBJECT]->(s:Entity) WHERE st.id IN $ids "
    "MATCH (st)-[:OBJECT]->(o:Entity) "
    "RETURN st.id AS id, st.predicate AS p, s.id AS s, o.id AS o ORDER BY id"
)
#: The statements an entity is subject or object of, and those attributed to it.
EDIT_STATEMENT_ENDS = (
    "MATCH (st:Statement)-[r:SUBJECT|OBJECT]->(:Entity {id: $id}) "
    "RETURN st.id AS id, type(r) AS role ORDER BY id, role"
)
EDIT_ATTRIBUTED_TO = (
    "MATCH (st:Statement) WHERE st.attributed_to_id = $id "
    "RETURN st.id AS id, st.attributed_to AS name ORDER BY id"
)
EDIT_DOCUMENTS_OF_ENTITY = (
    "MATCH (d:Document)<-[:FROM]-(:Statement)-[:SUBJECT|OBJECT]->(:Entity {id: $id}) "
    "RETURN DISTINCT d.id AS id ORDER BY id"
)
EDIT_DOCUMENTS_BY_ID = (
    "MATCH (d:Document) WHERE d.id IN $ids "
    "RETURN d.id AS id, d.title AS title, d.path AS path, d.date AS date, d.date_source AS date_source, "
    "d.ingested_at AS ingested_at "
    "ORDER BY id"
)
EDIT_SET_PREDICATE = "MATCH (st:Statement) WHERE st.id IN $ids SET st.predicate = $predicate"
EDIT_SET_ATTRIBUTION = (
    "MATCH (st:Statement) WHERE st.id IN $ids SET st.attributed_to_id = $id, st.attributed_to = $name"
)
EDIT_SET_ALIASES = "MATCH (n:Entity {id: $id}) SET n.aliases = $aliases"
#: Direct relationships between an entity and any other (statements are not entities).
EDIT_DELETE_DIRECT_OF_ENTITY = "MATCH (:Entity {id: $id})-[r]-(:Entity) DELETE r"
EDIT_DELETE_ENTITY = "MATCH (n:Entity {id: $id}) DETACH DELETE n"


def edit_move_end(role: str) -> str:
    """Re-point the ``SUBJECT`` or ``OBJECT`` end of statements ``$ids`` from ``$source`` to ``$target``."""
    if role not in ("SUBJECT", "OBJECT"):
        raise ValueError(f"not a statement end: {role!r}")
    return (
        f"MATCH (st:Statement)-[r:{role}]->(:Entity {{id: $source}}) WHERE st.id IN $ids "
        "MATCH (n:Entity {id: $target}) "
        f"DELETE r WITH st, n CREATE (st)-[:{role}]->(n)"
    )


def edit_create_entity(label: str | None) -> str:
    """Create one entity node ``{id, name, type, aliases}`` with its class label."""
    labels = ":Entity" + (f":{quoted(label, 'label')}" if label and label != "Entity" else "")
    return f"CREATE (n{labels} {{id: $id, name: $name, type: $type, aliases: $aliases}})"


def edit_set_type(old_label: str | None, new_label: str | None) -> str:
    """Give entities ``$ids`` the type ``$type``: swap the class label and the ``type`` property."""
    text = "MATCH (n:Entity) WHERE n.id IN $ids "
    if old_label and old_label != "Entity":
        text += f"REMOVE n:{quoted(old_label, 'label')} "
    text += "SET n.type = $type"
    if new_label and new_label != "Entity":
        text += f", n:{quoted(new_label, 'label')}"
    return text


def edit_delete_direct(rel_type: str) -> str:
    """Delete every direct relationship of one type (before rebuilding it from the statements)."""
    return f"MATCH (:Entity)-[r:{quoted(rel_type, 'relationship type')}]->(:Entity) DELETE r"

# ----------------------------------------------------------------------------- app views
# Read by graph/views.py for the Streamlit app: details of one entity, documents, timeline.

VIEW_ENTITY = "MATCH (n:Entity {id: $id}) RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases"
#: Statements an entity is the subject of, with the other end, evidence and source document.
VIEW_STATEMENTS_OUT = (
    "MATCH (st:Statement)-[:SUBJECT]->(:Entity {id: $id}) "
    "MATCH (st)-[:OBJECT]->(o:Entity) "
    "MATCH (st)-[:FROM]->(d:Document) "
    "RETURN st.id AS id, st.predicate AS predicate, o.id AS other, o.name AS other_name, o.type AS other_type, "
    "st.modality AS modality, st.attributed_to AS speaker, st.date AS date, "
    "st.date_kind AS date_kind, st.date_text AS date_text, st.sentence AS sentence, "
    "st.page AS page, st.confidence AS confidence, d.id AS doc, d.title AS doc_title, d.path AS doc_path, "
    "d.date AS doc_date "
    "ORDER BY predicate, other_name, date, id"
)
#: Statements an entity is the object of.
VIEW_STATEMENTS_IN = (
    "MATCH (st:Statement)-[:OBJECT]->(:Entity {id: $id}) "
    "MATCH (st)-[:SUBJECT]->(o:Entity) "
    "MATCH (st)-[:FROM]->(d:Document) "
    "RETURN st.id AS id, st.predicate AS predicate, o.id AS other, o.name AS other_name, o.type AS other_type, "
    "st.modality AS modality, st.attributed_to AS speaker, st.date AS date, "
    "st.date_kind AS date_kind, st.date_text AS date_text, st.sentence AS sentence, "
    "st.page AS page, st.confidence AS confidence, d.id AS doc, d.title AS doc_title, d.path AS doc_path, "
    "d.date AS doc_date "
    "ORDER BY predicate, other_name, date, id"
)
#: The statements behind one direct relationship (subject, predicate, object).
VIEW_STATEMENTS_OF_KEY = (
    "MATCH (st:Statement)-[:SUBJECT]->(s:Entity {id: $s}) WHERE st.predicate = $predicate "
    "MATCH (st)-[:OBJECT]->(o:Entity {id: $o}) "
    "MATCH (st)-[:FROM]->(d:Document) "
    "RETURN st.id AS id, s.name AS subject_name, st.predicate AS predicate, o.name AS object_name, "
    "st.modality AS modality, st.attributed_to AS speaker, st.date AS date, "
    "st.date_kind AS date_kind, st.date_text AS date_text, st.sentence AS sentence, st.page AS page, "
    "d.id AS doc, d.title AS doc_title, d.path AS doc_path "
    "ORDER BY date, id"
)
#: Every document with the number of its statements and of the entities they name.
VIEW_DOCUMENTS = (
    "MATCH (d:Document) "
    "OPTIONAL MATCH (d)<-[:FROM]-(st:Statement) "
    "WITH d, count(st) AS statements "
    "OPTIONAL MATCH (d)<-[:FROM]-(:Statement)-[:SUBJECT|OBJECT]->(e:Entity) "
    "RETURN d.id AS id, d.title AS title, d.path AS path, d.date AS date, d.date_source AS date_source, "
    "d.ingested_at AS ingested_at, "
    "statements, count(DISTINCT e) AS entities "
    "ORDER BY path, id"
)
#: The statements of one document in reading order, with both ends named.
VIEW_DOCUMENT_STATEMENTS = (
    "MATCH (st:Statement)-[:FROM]->(:Document {id: $id}) "
    "MATCH (st)-[:SUBJECT]->(s:Entity) "
    "MATCH (st)-[:OBJECT]->(o:Entity) "
    "RETURN st.id AS id, s.id AS subject, s.name AS subject_name, s.type AS subject_type, "
    "st.predicate AS predicate, o.id AS object, o.name AS object_name, o.type AS object_type, "
    "st.modality AS modality, st.attributed_to AS speaker, st.date AS date, "
    "st.date_kind AS date_kind, st.date_text AS date_text, st.sentence AS sentence, "
    "st.start AS start, st.end AS end, st.page AS page, st.confidence AS confidence, st.rule AS rule "
    "ORDER BY start, id"
)
#: Statements with a date of their own or of their document (for the timeline).
VIEW_TIMELINE = (
    "MATCH (st:Statement)-[:FROM]->(d:Document) "
    "WHERE st.date IS NOT NULL OR d.date IS NOT NULL "
    "MATCH (st)-[:SUBJECT]->(s:Entity) "
    "MATCH (st)-[:OBJECT]->(o:Entity) "
    "RETURN st.date AS date, st.date_kind AS date_kind, st.date_text AS date_text, d.date AS doc_date, "
    "s.name AS subject, st.predicate AS predicate, "
    "o.name AS object, st.modality AS modality, st.sentence AS sentence, d.title AS document"
)
#: How many statements use one predicate, and the first few of them with their evidence (the
#: Ontology page shows what a predicate found).
VIEW_PREDICATE_COUNT = "MATCH (st:Statement) WHERE st.predicate = $predicate RETURN count(st) AS n"
VIEW_PREDICATE_EXAMPLES = (
    "MATCH (st:Statement) WHERE st.predicate = $predicate "
    "MATCH (st)-[:SUBJECT]->(s:Entity) "
    "MATCH (st)-[:OBJECT]->(o:Entity) "
    "MATCH (st)-[:FROM]->(d:Document) "
    "RETURN s.name AS subject, o.name AS object, st.modality AS modality, st.sentence AS sentence, "
    "st.page AS page, d.title AS doc_title, d.path AS doc_path "
    "ORDER BY doc_path, st.start, st.id LIMIT $limit"
)
#: Statements per predicate and modality.
VIEW_PREDICATE_MODALITIES = (
    "MATCH (st:Statement) "
    "RETURN st.predicate AS predicate, st.modality AS modality, count(st) AS n "
    "ORDER BY predicate, modality"
)

# ----------------------------------------------------------------------------- bench: the engine's own ceiling

#: bench/load_speed.py's raw baseline: the same statement records as bare nodes, one CREATE per row
#: (no entity lookup, no document, no direct relationships): what the engine itself takes.
BENCH_RAW_CREATE = (
    "UNWIND $rows AS r CREATE (:BenchRaw {id: r.id, doc: r.doc, subject: r.subject, predicate: r.predicate, "
    "object: r.object, modality: r.modality, date: r.date, sentence: r.sentence, start: r.start, end: r.end, "
    "confidence: r.confidence, rule: r.rule})"
)
BENCH_RAW_DELETE = "MATCH (n:BenchRaw) WITH n LIMIT 20000 DELETE n RETURN count(n) AS n"
