"""Insights: who stands where (stance heatmap), when things were said (timeline), who matters
(centrality) and what is said (predicates by modality)."""
from __future__ import annotations

import streamlit as st

from graph import analytics, views
from webapp import charts, filters, state

MEASURES = {"PageRank": "pagerank", "Betweenness": "betweenness", "Degree (statements)": "degree"}


def render() -> None:
    store = state.require_store()
    onto = state.require_ontology()
    data = state.data_key(store)
    st.title("Insights", anchor=False)
    graph = state.entity_graph(store, onto, filters.NO_FILTERS, data)
    predicates = views.predicate_modalities(store)
    cols = st.columns(4)
    for col, (name, n) in zip(cols, views.counts(store).items()):
        col.metric(name.capitalize(), n)
    if not predicates:
        st.info("No statements yet: load documents on the Documents page.")
        return
    labels = {name: pred.label for name, pred in onto.ontology.predicates.items()}
    _stances(store, onto, data)
    _timeline(store)
    left, right = st.columns(2, gap="large")
    with left:
        _centrality(graph)
    with right:
        st.subheader("What is said", anchor=False)
        st.altair_chart(charts.predicate_chart(charts.predicate_frame(predicates, labels)), width="stretch")


#: Filters of the stance matrix by default: a "does not oppose" or an alleged stance is not a stance.
ASSERTED_ONLY = (None, None, None, ("asserted",), None, None)


def _stances(store, onto, data) -> None:
    st.subheader("Who stands where", anchor=False)
    stances = onto.ontology.stances()
    labels = {name: onto.ontology.predicates[name].label for name in stances}
    against = [labels[n] for n, polarity in stances.items() if polarity < 0]
    stance = st.segmented_control("Stance", ["net", *stances], default="net", key="insights.stance",
                                  format_func=lambda s: labels.get(s, s),
                                  help=f"net: {' plus '.join(labels[n] for n, p in stances.items() if p > 0)} "
                                       f"minus {' and '.join(against)}, from blue (for) to red (against)")
    every = st.toggle("Count negated, alleged, intended and possible statements too", value=False,
                      key="insights.all_modalities")
    graph = state.entity_graph(store, onto, filters.NO_FILTERS if every else ASSERTED_ONLY, data)
    frame = charts.stance_frame(analytics.stance_matrix(graph, stances), stance or "net", stances)
    if frame.empty:
        st.info(f"No stance statements ({', '.join(labels.values())}) yet.")
    else:
        st.altair_chart(charts.stance_heatmap(frame, stance or "net"), width="stretch")
        counted = "all statements" if every else "asserted statements only"
        st.caption(f"{len(frame)} pairs of actors; rows: who, columns: towards whom; {counted}.")


def _centrality(graph) -> None:
    st.subheader("Who matters", anchor=False)
    measure = st.radio("Measure", list(MEASURES), horizontal=True, key="insights.measure")
    kind = MEASURES[measure]
    if kind == "pagerank":
        scores = analytics.pagerank(graph)
    elif kind == "betweenness":
        scores = analytics.betweenness(graph)
    else:
        scores = dict(analytics.degree(graph, weighted=True))
    frame = charts.centrality_frame(scores, graph)
    if frame.empty:
        st.info("No relationships yet.")
    else:
        st.altair_chart(charts.centrality_chart(frame, measure), width="stretch")


def _timeline(store) -> None:
    st.subheader("When", anchor=False)
    frame = charts.timeline_frame(views.timeline(store))
    if frame.empty:
        st.info("No dated statements yet.")
        return
    st.altair_chart(charts.timeline_chart(frame), width="stretch")
    kinds = frame["dated by"].value_counts()
    st.caption(f"{len(frame)} statements: {int(kinds.get('stated', 0))} dated by their sentence, "
               f"{int(kinds.get('resolved', 0))} by a relative date in it ('on Monday', 'last year'), "
               f"{int(kinds.get('reported', 0))} only by the date of their document (faint, hollow marks).")
