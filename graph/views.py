"""Read-only views of the graph for the app: one entity with its evidence, the documents, a
timeline, and the entity graph filtered by source document.

Each function is one or two queries from :mod:`graph.queries` turned into plain rows, so the app
never writes Cypher and both engines give the same answers.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional

import networkx as nx

from graph import analytics, queries
from graph.errors import GraphError
from graph.store import GraphStore
from graph.vocab import Vocabulary, is_symmetric


def fingerprint(store: GraphStore) -> tuple:
    """Changes whenever documents, entities (or their types) or relationships change: a cheap
    key for caches of derived views."""
    return (
        tuple((r["type"], r["n"]) for r in store.run(queries.COUNT_ENTITIES_BY_TYPE)),
        tuple((r["type"], r["n"], r["statements"]) for r in store.run(queries.COUNT_DIRECT_BY_TYPE)),
        store.run(queries.COUNT_DOCUMENTS)[0]["n"],
    )


def counts(store: GraphStore) -> dict[str, int]:
    """How many documents, entities, statements and direct relationships the graph holds."""
    return {
        "documents": store.run(queries.COUNT_DOCUMENTS)[0]["n"],
        "entities": sum(r["n"] for r in store.run(queries.COUNT_ENTITIES_BY_TYPE)),
        "statements": sum(r["n"] for r in store.run(queries.COUNT_STATEMENTS_BY_PREDICATE)),
        "relationships": sum(r["n"] for r in store.run(queries.COUNT_DIRECT_BY_TYPE)),
    }


def is_empty(store: GraphStore) -> bool:
    """No document stored yet."""
    return store.run(queries.COUNT_DOCUMENTS)[0]["n"] == 0


def entities(store: GraphStore) -> list[dict]:
    """Every entity: ``id``, ``name``, ``type``, ``aliases`` (sorted by id)."""
    return [dict(r, aliases=list(r["aliases"] or [])) for r in store.run(queries.ENTITIES)]


def entity(store: GraphStore, entity_id: str) -> Optional[dict]:
    rows = store.run(queries.VIEW_ENTITY, {"id": entity_id})
    if not rows:
        return None
    return dict(rows[0], aliases=list(rows[0]["aliases"] or []))


def entity_statements(store: GraphStore, entity_id: str) -> dict[str, list[dict]]:
    """``{"out": [...], "in": [...]}``: statements with the entity as subject, and as object; each
    row names the other end and carries modality, speaker, date, evidence and document."""
    return {"out": list(store.run(queries.VIEW_STATEMENTS_OUT, {"id": entity_id})),
            "in": list(store.run(queries.VIEW_STATEMENTS_IN, {"id": entity_id}))}


def statements_of_relationship(store: GraphStore, ontology: Vocabulary, subject: str, predicate: str,
                               object: str) -> list[dict]:
    """The statements behind one direct relationship (both orders for a symmetric predicate)."""
    rows = list(store.run(queries.VIEW_STATEMENTS_OF_KEY, {"s": subject, "predicate": predicate, "o": object}))
    if is_symmetric(ontology, predicate) and subject != object:
        rows += store.run(queries.VIEW_STATEMENTS_OF_KEY, {"s": object, "predicate": predicate, "o": subject})
    return sorted(rows, key=lambda r: (r["date"] or "", r["id"]))


def documents(store: GraphStore) -> list[dict]:
    """Every document with ``statements`` and ``entities`` counts, by path."""
    return list(store.run(queries.VIEW_DOCUMENTS))


def document_statements(store: GraphStore, doc_id: str) -> list[dict]:
    """The statements of one document in reading order."""
    return list(store.run(queries.VIEW_DOCUMENT_STATEMENTS, {"id": doc_id}))


def timeline(store: GraphStore) -> list[dict]:
    """Dated statements; ``when`` is the statement's date, else its document's, and ``dated_by``
    says how it was found: "stated" or "resolved" from its sentence, "reported" (the document
    date). Statements stored before date kinds existed count as stated when they have a date."""
    out = []
    for row in store.run(queries.VIEW_TIMELINE):
        own = row["date"]
        kind = (row.get("date_kind") or "stated") if own else "reported"
        out.append(dict(row, when=own or row["doc_date"], dated_by=kind))
    return sorted(out, key=lambda r: (r["when"], r["subject"], r["predicate"], r["object"]))


def statement_dates(store: GraphStore) -> list[dict]:
    """Every dated statement as (subject, predicate, object, date, date_kind, modality, doc),
    oldest first: enough to slice the entity graph by time without reading sentences."""
    return list(store.run(queries.STATEMENT_DATES))


@dataclass(frozen=True)
class PredicateYield:
    """What one predicate found in the stored documents: its statements and a few examples."""

    predicate: str
    statements: int
    examples: list[dict]


def predicate_yield(store: GraphStore, predicate: str, examples: int = 3) -> PredicateYield:
    count = int(store.run(queries.VIEW_PREDICATE_COUNT, {"predicate": predicate})[0]["n"])
    rows = list(store.run(queries.VIEW_PREDICATE_EXAMPLES, {"predicate": predicate, "limit": examples})) \
        if count else []
    return PredicateYield(predicate, count, rows)


def predicate_modalities(store: GraphStore) -> list[dict]:
    """Statement counts per (predicate, modality)."""
    return list(store.run(queries.VIEW_PREDICATE_MODALITIES))


def entity_graph(store: GraphStore, ontology: Vocabulary, *, documents: Optional[Iterable[str]] = None,
                 predicates: Optional[Iterable[str]] = None, types: Optional[Iterable[str]] = None,
                 modalities: Optional[Iterable[str]] = None, since: Optional[str] = None,
                 until: Optional[str] = None, min_count: int = 1) -> nx.MultiDiGraph:
    """:func:`graph.analytics.entity_graph` with one more filter: ``documents`` (ids) keeps only
    the statements of those documents, and counts are recomputed from them.

    Without ``documents`` this is exactly the analytics graph; with it, the same construction
    from the statements that pass (symmetric predicates stored from the smaller id).
    """
    kwargs = dict(predicates=predicates, types=types, modalities=modalities, since=since, until=until,
                  min_count=min_count)
    if documents is None:
        return analytics.entity_graph(store, ontology, **kwargs)
    wanted_docs = set(documents)
    nodes = analytics.entity_graph(store, ontology, types=types, predicates=())  # entities only
    wanted_predicates = set(predicates) if predicates is not None else None
    wanted_modalities = set(modalities) if modalities is not None else None
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes.nodes(data=True))
    agg: dict = {}
    for row in store.run(queries.STATEMENTS):
        s, p, o = row["subject"], row["predicate"], row["object"]
        if row["doc"] not in wanted_docs or p not in ontology.predicates:
            continue
        if wanted_predicates is not None and p not in wanted_predicates:
            continue
        if wanted_modalities is not None and row["modality"] not in wanted_modalities:
            continue
        if not _in_range(row["date"], since, until) or s not in graph or o not in graph:
            continue
        analytics.fold_statement(agg, ontology, s, p, o, row["modality"], row["date"])
    for (s, p, o), item in sorted(agg.items()):
        if item["count"] < min_count:
            continue
        item["modalities"] = [m for m in queries.MODALITY_ORDER if m in item["modalities"]]
        graph.add_edge(s, o, key=p.upper(), predicate=p, symmetric=is_symmetric(ontology, p), **item)
    return graph


def _in_range(date: Optional[str], since: Optional[str], until: Optional[str]) -> bool:
    """The date filter of :func:`graph.analytics.entity_graph` (undated statements drop out)."""
    if since is None and until is None:
        return True
    if not date:
        return False
    if since is not None and date < since:
        return False
    return until is None or date[:len(until)] <= until


def neighbours(graph: nx.MultiDiGraph, entity_id: str) -> set[str]:
    """Entities one relationship away (either direction)."""
    if entity_id not in graph:
        raise GraphError(f"entity {entity_id!r} is not in the graph")
    return set(graph.successors(entity_id)) | set(graph.predecessors(entity_id))


def group_by_predicate(rows: Iterable[dict]) -> dict[str, list[dict]]:
    """Statement rows grouped by predicate, predicates in alphabetical order."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row["predicate"]].append(row)
    return dict(sorted(groups.items()))
