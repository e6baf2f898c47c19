"""Network analytics with networkx over the entity graph (entities + direct relationships).

:func:`entity_graph` fetches the whole graph or a filtered subgraph once; the functions below take
that :class:`networkx.MultiDiGraph` (node attributes ``name``, ``type``; edge key = relationship
type, attributes ``predicate``, ``count``, ``modalities``, ``first_date``, ``last_date``,
``symmetric``). Counts are the number of statements behind a relationship and serve as weights.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Optional

import networkx as nx

from graph import queries
from graph.errors import GraphError
from graph.store import GraphStore
from graph.vocab import Vocabulary, is_symmetric, predicate_of


def entity_graph(store: GraphStore, ontology: Vocabulary, *, predicates: Optional[Iterable[str]] = None,
                 types: Optional[Iterable[str]] = None, modalities: Optional[Iterable[str]] = None,
                 since: Optional[str] = None, until: Optional[str] = None, min_count: int = 1) -> nx.MultiDiGraph:
    """The entity graph, optionally restricted.

    ``predicates`` and ``types`` (ontology classes; both ends must match) filter relationships;
    ``modalities``, ``since`` and ``until`` (ISO dates, inclusive) filter the *statements*, so
    the counts are recomputed from the statements that pass; ``min_count`` drops weaker edges.
    """
    wanted_predicates = set(predicates) if predicates is not None else None
    for name in wanted_predicates or ():
        if name not in ontology.predicates:
            raise GraphError(f"unknown predicate {name!r}")
    wanted_types = set(types) if types is not None else None
    for name in wanted_types or ():
        if name not in ontology.classes:
            raise GraphError(f"unknown entity type {name!r}")
    graph = nx.MultiDiGraph()
    for row in store.run(queries.ENTITIES):
        if wanted_types is None or row["type"] in wanted_types:
            graph.add_node(row["id"], name=row["name"], type=row["type"])
    if modalities is None and since is None and until is None:
        edges = _direct_edges(store, ontology)
    else:
        edges = _edges_from_statements(store, ontology, set(modalities) if modalities else None, since, until)
    for s, predicate, o, attrs in edges:
        if wanted_predicates is not None and predicate not in wanted_predicates:
            continue
        if s not in graph or o not in graph or attrs["count"] < min_count:
            continue
        graph.add_edge(s, o, key=predicate.upper(), predicate=predicate,
                       symmetric=is_symmetric(ontology, predicate), **attrs)
    return graph


def _direct_edges(store, ontology):
    for row in store.run(queries.DIRECT_RELATIONSHIPS):
        try:
            predicate = predicate_of(ontology, row["type"])
        except GraphError:
            continue  # not an ontology predicate (e.g. added by hand): not part of the analysis
        yield row["s"], predicate, row["o"], {
            "count": row["count"] or 0, "modalities": row["modalities"] or [],
            "first_date": row["first_date"], "last_date": row["last_date"]}


def _edges_from_statements(store, ontology, modalities, since, until):
    agg: dict = {}
    for row in store.run(queries.STATEMENTS):
        if modalities is not None and row["modality"] not in modalities:
            continue
        date = row["date"]
        if (since is not None or until is not None) and not date:
            continue
        if since is not None and date < since or until is not None and date[:len(until)] > until:
            continue
        s, p, o = row["subject"], row["predicate"], row["object"]
        if p not in ontology.predicates:
            continue
        fold_statement(agg, ontology, s, p, o, row["modality"], date)
    for (s, p, o), item in sorted(agg.items()):
        item["modalities"] = [m for m in queries.MODALITY_ORDER if m in item["modalities"]]
        yield s, p, o, item


# ----------------------------------------------------------------------------- views

def fold_statement(agg: dict, ontology: Vocabulary, s: str, p: str, o: str, modality: str,
                   date: Optional[str]) -> None:
    """Add one statement to per-(subject, predicate, object) totals, as a direct relationship
    holds them: count, modalities, first and last date (symmetric pairs in one order)."""
    if is_symmetric(ontology, p) and o < s:
        s, o = o, s
    item = agg.setdefault((s, p, o), {"count": 0, "modalities": set(), "first_date": None, "last_date": None})
    item["count"] += 1
    item["modalities"].add(modality)
    if date:
        item["first_date"] = min(filter(None, [item["first_date"], date]))
        item["last_date"] = max(filter(None, [item["last_date"], date]))


def weighted_digraph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """Parallel relationships merged, weights = statement counts; symmetric ones both ways."""
    out = nx.DiGraph()
    out.add_nodes_from(graph.nodes(data=True))
    for s, o, data in graph.edges(data=True):
        pairs = [(s, o), (o, s)] if data.get("symmetric") else [(s, o)]
        for a, b in pairs:
            weight = out[a][b]["weight"] + data["count"] if out.has_edge(a, b) else data["count"]
            out.add_edge(a, b, weight=weight)
    return out


def weighted_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected, parallel relationships merged, weights = statement counts."""
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    for s, o, data in graph.edges(data=True):
        weight = out[s][o]["weight"] + data["count"] if out.has_edge(s, o) else data["count"]
        out.add_edge(s, o, weight=weight)
    return out


# ----------------------------------------------------------------------------- measures

def degree(graph: nx.MultiDiGraph, weighted: bool = False) -> list[tuple[str, int]]:
    """Entities by number of relationships (or of statements when ``weighted``), highest first."""
    values = graph.degree(weight="count" if weighted else None)
    return sorted(values, key=lambda item: (-item[1], item[0]))


def pagerank(graph: nx.MultiDiGraph, alpha: float = 0.85) -> dict[str, float]:
    """PageRank on the weighted directed graph (symmetric relationships count both ways)."""
    if graph.number_of_nodes() == 0:
        return {}
    return nx.pagerank(weighted_digraph(graph), alpha=alpha, weight="weight")


def betweenness(graph: nx.MultiDiGraph, normalized: bool = True) -> dict[str, float]:
    """Betweenness centrality on the undirected graph (unweighted: hops, not statement counts)."""
    return nx.betweenness_centrality(weighted_graph(graph), normalized=normalized)


def communities(graph: nx.MultiDiGraph, seed: int = 0, resolution: float = 1.0) -> list[set[str]]:
    """Louvain communities of the undirected weighted graph, largest first (``seed`` for repeatability)."""
    undirected = weighted_graph(graph)
    if undirected.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(undirected, weight="weight", resolution=resolution, seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(c)))


def shortest_path(graph: nx.MultiDiGraph, source: str, target: str) -> list[dict]:
    """The hops of a shortest path between two entities, ignoring direction.

    Each hop is ``{"from", "to", "type", "forward"}`` where ``forward`` says whether the
    relationship points along the path. Raises :class:`GraphError` if there is none.
    """
    for node in (source, target):
        if node not in graph:
            raise GraphError(f"entity {node!r} is not in the graph")
    try:
        nodes = nx.shortest_path(graph.to_undirected(as_view=True), source, target)
    except nx.NetworkXNoPath:
        raise GraphError(f"no path between {source!r} and {target!r}") from None
    hops = []
    for a, b in zip(nodes, nodes[1:]):
        if graph.has_edge(a, b):
            hops.append({"from": a, "to": b, "type": sorted(graph[a][b])[0], "forward": True})
        else:
            hops.append({"from": a, "to": b, "type": sorted(graph[b][a])[0], "forward": False})
    return hops


def ego_network(graph: nx.MultiDiGraph, center: str, depth: int = 1) -> nx.MultiDiGraph:
    """Entities within ``depth`` hops of ``center`` (either direction) and the relationships among them."""
    if center not in graph:
        raise GraphError(f"entity {center!r} is not in the graph")
    if depth < 0:
        raise GraphError("depth must be 0 or more")
    reach = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center, cutoff=depth)
    return graph.subgraph(reach).copy()


def stance_matrix(graph: nx.MultiDiGraph, predicates: Iterable[str]) -> list[dict]:
    """Who stands how toward whom: one row per (subject, object) pair with a statement count per
    stance predicate (the ontology's, :meth:`ontology.model.Ontology.stances`), pairs with most
    statements first."""
    predicates = list(predicates)
    pairs: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(predicates, 0))
    for s, o, data in graph.edges(data=True):
        if data["predicate"] in predicates:
            pairs[(s, o)][data["predicate"]] += data["count"]
    rows = [{"subject": s, "subject_name": graph.nodes[s].get("name", s), "object": o,
             "object_name": graph.nodes[o].get("name", o), **counts}
            for (s, o), counts in pairs.items()]
    return sorted(rows, key=lambda r: (-sum(r[p] for p in predicates), r["subject"], r["object"]))


def find_entity(store: GraphStore, key: str) -> str:
    """Resolve a user's entity reference (id, name or alias, case-insensitive name) to its id."""
    rows = store.run(queries.FIND_ENTITY, {"key": key})
    if not rows:
        raise GraphError(f"no entity called {key!r}")
    exact = [r for r in rows if r["id"] == key]
    if exact or len(rows) == 1:
        return (exact or rows)[0]["id"]
    names = ", ".join(f"{r['name']} ({r['id']})" for r in rows)
    raise GraphError(f"{key!r} is ambiguous: {names}")
