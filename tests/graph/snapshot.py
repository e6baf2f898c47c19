"""A comparable picture of a whole graph: every node and relationship with its properties."""
from __future__ import annotations

import json


def snapshot(store, ignore: tuple[str, ...] = ()) -> dict:
    nodes = store.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = store.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, properties(r) AS props, b.id AS b")

    def clean(props):
        return {k: v for k, v in sorted(props.items()) if k not in ignore}

    return {
        "nodes": sorted(json.dumps([sorted(r["labels"]), clean(r["props"])], sort_keys=True) for r in nodes),
        "rels": sorted(json.dumps([r["a"], r["type"], clean(r["props"]), r["b"]], sort_keys=True) for r in rels),
    }


def direct(store) -> dict:
    """Direct relationships keyed by (s, TYPE, o) -> (count, modalities, first, last)."""
    rows = store.run("MATCH (s:Entity)-[r]->(o:Entity) RETURN s.id AS s, type(r) AS t, o.id AS o, "
                     "r.count AS count, r.modalities AS mods, r.first_date AS first, r.last_date AS last")
    return {(r["s"], r["t"], r["o"]): (r["count"], r["mods"], r["first"], r["last"]) for r in rows}
