"""What the Explore page counts, all from what is drawn: a count beside a graph must be a count
of that graph ("21 of 128" beside 73 entities drawn mixed three populations)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

import networkx as nx


@dataclass(frozen=True)
class ViewCounts:
    """Entities, relationships and statements drawn; ``whole``: how many entities the whole
    (filtered) graph view draws, set when a focus shows only some of them; ``hidden``: entities
    without relationships left out of the whole view."""

    entities: int
    relationships: int
    statements: int
    whole: Optional[int] = None
    hidden: int = 0


def plural(number: int, noun: str, nouns: Optional[str] = None) -> str:
    return f"{number:,} {noun if number == 1 else (nouns or noun + 's')}"


def drawn_in(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> tuple[int, int, int]:
    """(entities, relationships, statements) of the subgraph ``nodes``: what the widget draws."""
    keep = {n for n in nodes if n in graph}
    edges = [data for s, o, data in graph.edges(data=True) if s in keep and o in keep]
    return len(keep), len(edges), sum(int(d.get("count", 1) or 1) for d in edges)


def whole_view(graph: nx.MultiDiGraph, hide_isolated: bool) -> list[str]:
    """The entities the whole (filtered) graph view draws."""
    return [n for n in graph.nodes if not hide_isolated or graph.degree(n) > 0]


def view_counts(graph: nx.MultiDiGraph, shown: list[str], focus: Optional[list], hide_isolated: bool) -> ViewCounts:
    entities, relationships, statements = drawn_in(graph, shown)
    if focus is not None:
        return ViewCounts(entities, relationships, statements, whole=len(whole_view(graph, hide_isolated)))
    hidden = graph.number_of_nodes() - entities if hide_isolated else 0
    return ViewCounts(entities, relationships, statements, hidden=hidden)


def describe(counts: ViewCounts) -> str:
    """"Drawn: 21 entities in focus, 30 relationships (44 statements) · the whole graph draws 73"."""
    text = f"Drawn: {plural(counts.entities, 'entity', 'entities')}"
    if counts.whole is not None:
        text += " in focus"
    text += (f", {plural(counts.relationships, 'relationship')} "
             f"({plural(counts.statements, 'statement')} behind them)")
    if counts.whole is not None:
        text += f" · the whole graph view draws {plural(counts.whole, 'entity', 'entities')}"
    if counts.hidden:
        text += f" · {plural(counts.hidden, 'entity', 'entities')} without relationships not drawn"
    return text
