"""The one place where engine values become plain Python (dicts, lists, str, numbers, None).

Nodes become ``{"_labels": [...], **properties}``, relationships
``{"_type": "WITHDRAWS_FROM", "_start": <node ref>, "_end": <node ref>, **properties}`` and paths
``{"nodes": [...], "relationships": [...]}``; temporal values become ISO strings. Callers (CLI,
app, analytics) then never see a driver type.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable, Optional

import falkordb
import neo4j.graph
import neo4j.time


def plain(value: Any, refs: Optional[dict] = None) -> Any:
    """Convert one result value of either engine, recursively.

    ``refs`` maps the engine's internal node ids to ``id`` properties, so relationship ends
    can be named by entity id when their nodes appear in the same result.
    """
    refs = refs if refs is not None else {}
    if type(value) is float:
        # FalkorDB replies with 15 significant digits, Neo4j with all 17: 0.8 on one is
        # 0.7999999999999999 on the other unless both are cut alike
        return float(f"{value:.15g}")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v, refs) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v, refs) for k, v in value.items()}
    # ---- FalkorDB
    if isinstance(value, falkordb.Node):
        return {"_labels": list(value.labels or []), **{k: plain(v, refs) for k, v in value.properties.items()}}
    if isinstance(value, falkordb.Edge):
        return {"_type": value.relation, "_start": _ref(value.src_node, refs), "_end": _ref(value.dest_node, refs),
                **{k: plain(v, refs) for k, v in value.properties.items()}}
    if isinstance(value, falkordb.Path):
        return {"nodes": [plain(n, refs) for n in value.nodes()], "relationships": [plain(e, refs) for e in value.edges()]}
    # ---- Neo4j
    if isinstance(value, neo4j.graph.Node):
        return {"_labels": sorted(value.labels), **{k: plain(v, refs) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_type": value.type, "_start": _ref(value.start_node, refs), "_end": _ref(value.end_node, refs),
                **{k: plain(v, refs) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [plain(n, refs) for n in value.nodes], "relationships": [plain(r, refs) for r in value.relationships]}
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time)):
        return value.iso_format()
    if isinstance(value, neo4j.time.Duration):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _ref(node: Any, refs: dict) -> Any:
    """A relationship end: the node's ``id`` property when known, else the engine's internal id."""
    if isinstance(node, falkordb.Node):
        return node.properties.get("id", refs.get(("f", node.id), node.id))
    if isinstance(node, neo4j.graph.Node):
        return node.get("id", refs.get(("n", node.element_id), node.element_id))
    if isinstance(node, int):  # FalkorDB edges carry only the internal id of their ends
        return refs.get(("f", node), node)
    return node


def _collect(value: Any, refs: dict) -> None:
    """Record internal id -> ``id`` property of every node in ``value``."""
    if isinstance(value, falkordb.Node):
        if "id" in value.properties:
            refs[("f", value.id)] = value.properties["id"]
    elif isinstance(value, neo4j.graph.Node):
        if "id" in value:
            refs[("n", value.element_id)] = value["id"]
    elif isinstance(value, falkordb.Path):
        for node in value.nodes():
            _collect(node, refs)
    elif isinstance(value, neo4j.graph.Path):
        for node in value.nodes:
            _collect(node, refs)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _collect(item, refs)
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, refs)


def rows(columns: list[str], records: Iterable[list[Any]]) -> list[dict[str, Any]]:
    """Result records as dicts keyed by column name, relationship ends named where possible."""
    records = list(records)
    refs: dict = {}
    if any(not isinstance(v, (str, int, float, bool, type(None))) for r in records for v in r):
        _collect(records, refs)
    return [{name: plain(v, refs) for name, v in zip(columns, r)} for r in records]
