"""Altair charts of the Insights page, built from plain rows (so they are tested without a
browser): stance heatmap, timeline, centrality ranking, predicate distribution."""
from __future__ import annotations

from typing import Mapping, Optional, Sequence

import altair as alt
import pandas as pd

from ontology.records import MODALITIES
from webapp.viz import MODALITY_COLOURS, type_colour



def stance_frame(rows: Sequence[Mapping], stance: str, stances: Mapping[str, int], top: int = 25) -> pd.DataFrame:
    """Heatmap cells from :func:`graph.analytics.stance_matrix` rows: one per (subject, object)
    with the count of ``stance`` statements, or the net stance (each stance predicate's count
    times its polarity, ``stances``: for +1, against -1) for ``stance == "net"``; only the
    ``top`` actors with most stance statements."""
    names = list(stances)
    totals: dict[str, int] = {}
    for row in rows:
        weight = sum(row[s] for s in names)
        for name in (row["subject_name"], row["object_name"]):
            totals[name] = totals.get(name, 0) + weight
    keep = {name for name, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]}
    cells = []
    for row in rows:
        if row["subject_name"] not in keep or row["object_name"] not in keep:
            continue
        value = sum(polarity * row[s] for s, polarity in stances.items()) if stance == "net" else row[stance]
        if stance != "net" and not value:
            continue
        cells.append({"subject": row["subject_name"], "object": row["object_name"], "value": value,
                      **{s: row[s] for s in names}})
    return pd.DataFrame(cells, columns=["subject", "object", "value", *names])


def stance_heatmap(frame: pd.DataFrame, stance: str) -> alt.Chart:
    if stance == "net":
        colour = alt.Color("value:Q", title="net stance", scale=alt.Scale(scheme="redblue", domainMid=0))
    else:
        colour = alt.Color("value:Q", title=f"{stance} statements", scale=alt.Scale(scheme="oranges"))
    return alt.Chart(frame).mark_rect(stroke="white").encode(
        x=alt.X("object:N", title="towards", sort="ascending",
                axis=alt.Axis(labelAngle=-35, labelOverlap=False, labelLimit=220)),
        y=alt.Y("subject:N", title="who", sort="ascending", axis=alt.Axis(labelLimit=220)),
        color=colour,
        tooltip=["subject", "object", *[c for c in frame.columns if c not in ("subject", "object", "value")]],
    ).properties(height=alt.Step(24))


def timeline_frame(rows: Sequence[Mapping]) -> pd.DataFrame:
    """Timeline points from :func:`graph.views.timeline`: partial dates ("2020", "2020-05") are
    placed at the start of their period."""
    records = []
    for row in rows:
        when = _date(row["when"])
        if when is None:
            continue
        records.append({"when": when, "date": row["when"], "dated by": row["dated_by"],
                        "predicate": row["predicate"], "modality": row["modality"],
                        "statement": f"{row['subject']} {row['predicate']} {row['object']}",
                        "evidence": (row["sentence"] or "")[:200], "document": row["document"]})
    return pd.DataFrame(records, columns=["when", "date", "dated by", "predicate", "modality", "statement",
                                          "evidence", "document"])


#: How the timeline draws each kind of date: a date its sentence gave is solid, one only of the
#: article that reported it is faint and hollow.
DATE_KINDS = ("stated", "resolved", "reported")
_KIND_OPACITY = (0.85, 0.85, 0.3)
_KIND_FILLED = ("stated", "resolved")


def timeline_chart(frame: pd.DataFrame) -> alt.Chart:
    return alt.Chart(frame).mark_point(size=90).encode(
        x=alt.X("when:T", title="date"),
        y=alt.Y("predicate:N", title=None, sort="ascending"),
        color=_modality_colour(),
        shape=alt.Shape("dated by:N", title="dated by", scale=alt.Scale(domain=list(DATE_KINDS))),
        opacity=alt.Opacity("dated by:N", legend=None,
                            scale=alt.Scale(domain=list(DATE_KINDS), range=list(_KIND_OPACITY))),
        fill=alt.condition(alt.FieldOneOfPredicate(field="dated by", oneOf=list(_KIND_FILLED)),
                           _modality_colour(), alt.value("transparent")),
        tooltip=["date", "dated by", "statement", "modality", "evidence", "document"],
    ).properties(height=alt.Step(22)).interactive(bind_y=False)


def centrality_frame(scores: Mapping[str, float], graph, top: int = 15) -> pd.DataFrame:
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return pd.DataFrame([{"entity": graph.nodes[n].get("name", n), "type": graph.nodes[n].get("type", ""),
                          "score": round(float(v), 4)} for n, v in ranked if v > 0],
                        columns=["entity", "type", "score"])


def centrality_chart(frame: pd.DataFrame, measure: str) -> alt.Chart:
    kinds = sorted(set(frame["type"]))
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("score:Q", title=measure),
        y=alt.Y("entity:N", sort="-x", title=None),
        color=alt.Color("type:N", scale=alt.Scale(domain=kinds, range=[type_colour(k) for k in kinds])),
        tooltip=["entity", "type", "score"],
    ).properties(height=alt.Step(22))


def predicate_frame(rows: Sequence[Mapping], labels: Optional[Mapping[str, str]] = None) -> pd.DataFrame:
    labels = labels or {}
    return pd.DataFrame([{"predicate": labels.get(r["predicate"], r["predicate"]), "modality": r["modality"],
                          "statements": r["n"]} for r in rows], columns=["predicate", "modality", "statements"])


def predicate_chart(frame: pd.DataFrame) -> alt.Chart:
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("sum(statements):Q", title="statements"),
        y=alt.Y("predicate:N", sort="-x", title=None),
        color=_modality_colour(),
        order=alt.Order("modality:N"),
        tooltip=["predicate", "modality", "statements"],
    ).properties(height=alt.Step(22))


def _modality_colour() -> alt.Color:
    return alt.Color("modality:N", scale=alt.Scale(domain=list(MODALITIES),
                                                   range=[MODALITY_COLOURS[m] for m in MODALITIES]))


def _date(value: Optional[str]) -> Optional[pd.Timestamp]:
    if not value:
        return None
    text = str(value)
    if len(text) == 4:
        text += "-01-01"
    elif len(text) == 7:
        text += "-01"
    try:
        return pd.Timestamp(text[:10])
    except ValueError:
        return None
