"""The one place where engine values become plain Python (dicts, lists, str, numbers, None).

Nodes become ``{"_labels": [...], **properties}``, relationships
``{"_type": "WITHDRAWS_FROM", "_start": <node ref>, "_end": <node ref>, **properties}`` and paths
``{"nodes": [...], "relationships": [...]}``; temporal values become ISO strings. Callers (CLI,
app, analytics) then never see a driver type.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any

import falkordb
import neo4j.graph
import neo4j.time


def plain(value: Any) -> Any:
    """Convert one result value of either engine, recursively."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    # ---- FalkorDB
    if isinstance(value, falkordb.Node):
        return {"_labels": list(value.labels or []), **{k: plain(v) for k, v in value.properties.items()}}
    if isinstance(value, falkordb.Edge):
        return {"_type": value.relation, "_start": _ref(value.src_node), "_end": _ref(value.dest_node),
                **{k: plain(v) for k, v in value.properties.items()}}
    if isinstance(value, falkordb.Path):
        return {"nodes": [plain(n) for n in value.nodes()], "relationships": [plain(e) for e in value.edges()]}
    # ---- Neo4j
    if isinstance(value, neo4j.graph.Node):
        return {"_labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_type": value.type, "_start": _ref(value.start_node), "_end": _ref(value.end_node),
                **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [plain(n) for n in value.nodes], "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time)):
        return value.iso_format()
    if isinstance(value, neo4j.time.Duration):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _ref(node: Any) -> Any:
    """A relationship end: the node's ``id`` property when known, else the engine's internal id."""
    if isinstance(node, falkordb.Node):
        return node.properties.get("id", node.id)
    if isinstance(node, neo4j.graph.Node):
        return node.get("id", node.element_id)
    return node


def row_dict(columns: list[str], values: list[Any]) -> dict[str, Any]:
    """One result row as a dict keyed by column name."""
    return {name: plain(v) for name, v in zip(columns, values)}
