"""Slicing the Explore graph by time (the time slider's logic, no Streamlit): a window of whole
years or months, the periods the statements of a view cover, stepping a window forward, and the
graph of the relationships with a statement dated inside a window.

A window is inclusive at both ends. A date is the interval its precision gives it: "2019" is
every day of 2019, "2019-03" every day of March. So a window holds a date it overlaps:
``2019``..``2019`` holds "2019", "2019-03" and "2019-03-14", and every month window of 2019 holds a
statement dated only "2019" (it may have happened in any of them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional

import networkx as nx

#: The date kind of a statement dated only by its document (see :mod:`webapp.when`).
REPORTED = "reported"
#: A period's label: four digits for a year, "YYYY-MM" for a month.
UNITS = {"year": 4, "month": 7}
_WINDOW = re.compile(r"^(\d{4}(?:-\d{2})?)(?:\.\.(\d{4}(?:-\d{2})?))?$")


@dataclass(frozen=True)
class Window:
    """Periods ``first`` to ``last`` (both "YYYY" or both "YYYY-MM")."""

    first: str
    last: str

    @property
    def unit(self) -> str:
        return "year" if len(self.first) == 4 else "month"

    def holds(self, date: Optional[str]) -> bool:
        """Whether the window overlaps ``date`` taken as an interval (compared at the coarser
        of the two precisions)."""
        if not date:
            return False
        width = min(len(date), len(self.first))
        return self.first[:width] <= date[:width] <= self.last[:width]

    def label(self) -> str:
        return self.first if self.first == self.last else f"{self.first} – {self.last}"


def encode(window: Optional[Window]) -> Optional[str]:
    """The window in a URL: "2019", "2019..2021", "2019-03..2019-05"."""
    if window is None:
        return None
    return window.first if window.first == window.last else f"{window.first}..{window.last}"


def decode(text: Optional[str]) -> Optional[Window]:
    """The window a URL value names; None when it names none (or a backwards one)."""
    match = _WINDOW.match(text or "")
    if not match:
        return None
    first, last = match.group(1), match.group(2) or match.group(1)
    if len(first) != len(last) or first > last or any(_month(p) not in range(1, 13) for p in (first, last)
                                                       if len(p) == 7):
        return None
    return Window(first, last)


def _month(period: str) -> int:
    return int(period[5:7])


def periods(dates: Iterable[str], unit: str) -> list[str]:
    """Every year or month from the first to the last of ``dates`` (gaps included, so that
    stepping moves at an even pace); a date less precise than the unit spans its periods
    ("2019" in months: 2019-01 to 2019-12)."""
    found = filled(dates, unit)
    if not found:
        return []
    return _between(min(found), max(found))


def filled(dates: Iterable[str], unit: str) -> frozenset[str]:
    """The periods of ``unit`` that ``dates`` overlap (those where Play stops)."""
    width = UNITS[unit]
    out: set[str] = set()
    for date in dates:
        if not date or len(date) < 4:
            continue
        if len(date) >= width:
            out.add(date[:width])
        else:  # a year in months
            out.update(_between(f"{date[:4]}-01", f"{date[:4]}-12"))
    return frozenset(out)


def _between(first: str, last: str) -> list[str]:
    """The periods from ``first`` to ``last`` (both years or both months), inclusive."""
    if len(first) == 4:
        return [str(y) for y in range(int(first), int(last) + 1)]
    out = []
    year, month = int(first[:4]), _month(first)
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def fit(window: Optional[Window], options: list[str]) -> Optional[Window]:
    """``window`` moved inside ``options`` (same unit), or None when it has another unit."""
    if window is None or not options or len(window.first) != len(options[0]):
        return None
    first = min(max(window.first, options[0]), options[-1])
    last = min(max(window.last, first), options[-1])
    return Window(first, last)


def step(window: Window, options: list[str], filled: Optional[frozenset[str]] = None) -> Optional[Window]:
    """The window one period later, as wide; None when it already ends at the last period.
    With ``filled`` (the periods that hold a statement), windows holding none are passed over,
    so Play does not linger on empty years."""
    if window.last not in options or window.first not in options:
        return None
    start, end = options.index(window.first), options.index(window.last)
    while end + 1 < len(options):
        start, end = start + 1, end + 1
        if filled is None or any(p in filled for p in options[start:end + 1]):
            return Window(options[start], options[end])
    return None


def start(window: Window, options: list[str]) -> Window:
    """The window as wide, at the first period (where Play starts over)."""
    width = options.index(window.last) - options.index(window.first) if window.last in options \
        and window.first in options else 0
    return Window(options[0], options[min(width, len(options) - 1)])


@dataclass(frozen=True)
class Slice:
    """The graph of one window and what it holds: statements drawn, and reported ones left out."""

    graph: nx.MultiDiGraph
    statements: int
    left_out: int


def in_view(graph: nx.MultiDiGraph, rows: Iterable[Mapping], documents: Optional[Iterable[str]] = None,
            modalities: Optional[Iterable[str]] = None) -> list[tuple[tuple, Mapping]]:
    """The dated statements behind the relationships of ``graph`` (already filtered by type and
    predicate) that pass its statement filters, each with its edge (subject, object, key)."""
    edges = {}
    for s, o, key, data in graph.edges(keys=True, data=True):
        edges[(s, data["predicate"], o)] = (s, o, key)
        if data.get("symmetric"):
            edges[(o, data["predicate"], s)] = (s, o, key)
    wanted_docs = set(documents) if documents is not None else None
    wanted_modalities = set(modalities) if modalities is not None else None
    out = []
    for row in rows:
        edge = edges.get((row["subject"], row["predicate"], row["object"]))
        if edge is None or wanted_docs is not None and row["doc"] not in wanted_docs:
            continue
        if wanted_modalities is not None and row["modality"] not in wanted_modalities:
            continue
        out.append((edge, row))
    return out


def dates_between(dated: Iterable[tuple[tuple, Mapping]], entities: Iterable[str]) -> list[str]:
    """The distinct dates of the statements of :func:`in_view` on relationships between
    ``entities`` (a focus), oldest first: what the slider spans when only those are drawn."""
    keep = set(entities)
    return sorted({row["date"] for (s, o, _key), row in dated if s in keep and o in keep})


def cut(graph: nx.MultiDiGraph, dated: list[tuple[tuple, Mapping]], window: Optional[Window],
        reported: bool) -> Slice:
    """The entities of ``graph`` with the relationships that have a statement inside ``window``
    (every dated one when None), counts and dates recomputed from those statements; statements
    dated only by their document count only when ``reported``."""
    agg: dict[tuple, dict] = {}
    left_out = 0
    for edge, row in dated:
        if window is not None and not window.holds(row["date"]):
            continue
        if row.get("date_kind") == REPORTED and not reported:
            left_out += 1
            continue
        item = agg.setdefault(edge, {"count": 0, "modalities": set(), "dates": []})
        item["count"] += 1
        item["modalities"].add(row["modality"])
        item["dates"].append(row["date"])
    out = nx.MultiDiGraph()
    out.add_nodes_from(graph.nodes(data=True))
    for (s, o, key), item in agg.items():
        data = dict(graph.edges[s, o, key])
        data.update(count=item["count"], first_date=min(item["dates"]), last_date=max(item["dates"]),
                    modalities=[m for m in data.get("modalities") or [] if m in item["modalities"]]
                    or sorted(item["modalities"]))
        out.add_edge(s, o, key=key, **data)
    return Slice(out, sum(i["count"] for i in agg.values()), left_out)
