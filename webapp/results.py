"""Query results for people: a table (nested values as compact JSON), CSV and JSON downloads."""
from __future__ import annotations

import csv
import io
import json
from typing import Sequence

import pandas as pd

from graph.export import dumps_rows


def cell(value) -> object:
    """A value a table cell can show: scalars as they are, nodes, lists and maps as JSON."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def table(columns: Sequence[str], rows: Sequence[dict]) -> pd.DataFrame:
    frame = pd.DataFrame([[cell(r.get(c)) for c in columns] for r in rows], columns=list(columns))
    for column in frame.columns:  # mixed types (e.g. numbers and JSON) would upset Arrow
        if frame[column].map(type).nunique() > 1:
            frame[column] = frame[column].map(lambda v: "" if v is None else str(v))
    return frame


def to_csv(columns: Sequence[str], rows: Sequence[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(columns))
    for row in rows:
        writer.writerow(["" if row.get(c) is None else cell(row.get(c)) for c in columns])
    return out.getvalue()


def is_graph_value(value) -> bool:
    """A node, relationship or path (as :func:`graph.values.plain` gives them), or a list of them."""
    if isinstance(value, list):
        return bool(value) and all(is_graph_value(v) for v in value)
    if not isinstance(value, dict):
        return False
    return "_labels" in value or ("_type" in value and "_start" in value) \
        or set(value) == {"nodes", "relationships"}


def graph_columns(columns: Sequence[str], rows: Sequence[dict]) -> list[str]:
    """The columns whose every value is a node, relationship or path."""
    return [c for c in columns if rows and all(is_graph_value(r.get(c)) for r in rows)]


def to_json(rows: Sequence[dict]) -> str:
    return dumps_rows(list(rows))
