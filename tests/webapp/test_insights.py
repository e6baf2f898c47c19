"""Insights page and its charts: stance heatmap, timeline, centrality, predicate distribution."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from graph import analytics, views
from webapp import charts
from tests.webapp.conftest import page, texts

BOTH_ENGINES = True  # app_env on FalkorDB and on Neo4j (tests/webapp/conftest.py)


@pytest.fixture
def at(app_env):
    return page("insights").run()


def charts_of(at) -> list[str]:
    """The Vega-Lite specs of the charts, in page order."""
    return [e.proto.spec for e in at.get("vega_lite_chart")]


def test_counts_and_four_charts(at, app_env):
    assert not at.exception
    counts = views.counts(app_env.store)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {k.capitalize(): str(v) for k, v in counts.items()}
    assert [s.value for s in at.subheader] == ["Who stands where", "When", "Who matters", "What is said"]
    assert len(charts_of(at)) == 4
    caption = next(line for line in texts(at).splitlines() if "only by the date of their document" in line)
    numbers = [int(n) for n in re.findall(r"(\d+) (?:dated by their sentence|by a relative date|only by the date)",
                                          caption)]
    rows = views.timeline(app_env.store)
    assert numbers == [sum(r["dated_by"] == kind for r in rows) for kind in ("stated", "resolved", "reported")]
    assert numbers[2] > 0
    assert '"reported"' in charts_of(at)[1]  # the timeline draws each kind of date its own way


def test_stance_and_measure_switches(at):
    at.segmented_control(key="insights.stance").set_value("opposes").run()
    assert not at.exception and '"opposes statements"' in charts_of(at)[0]
    # Every measure, PageRank included: it needs scipy, which a fresh environment lacked.
    for measure in ("Betweenness", "Degree (statements)", "PageRank"):
        at.radio(key="insights.measure").set_value(measure).run()
        assert not at.exception and f'"{measure}"' in charts_of(at)[2]


def test_stance_frame_net_and_single():
    rows = [{"subject": "a", "subject_name": "A", "object": "b", "object_name": "B", "supports": 1, "opposes": 3,
             "criticizes": 1},
            {"subject": "c", "subject_name": "C", "object": "b", "object_name": "B", "supports": 2, "opposes": 0,
             "criticizes": 0}]
    stances = {"supports": 1, "criticizes": -1, "opposes": -1}
    net = charts.stance_frame(rows, "net", stances)
    assert dict(zip(net["subject"], net["value"])) == {"A": -3, "C": 2}
    opposes = charts.stance_frame(rows, "opposes", stances)
    assert list(opposes["subject"]) == ["A"]  # zero cells are left out
    assert len(charts.stance_frame(rows, "net", stances, top=2)) == 1  # only pairs among the top actors


def test_timeline_places_partial_dates_at_the_start_of_their_period():
    rows = [{"when": "2020", "dated_by": "statement", "predicate": "p", "modality": "asserted", "subject": "A",
             "object": "B", "sentence": "s", "document": "d"},
            {"when": "2021-05", "dated_by": "document", "predicate": "p", "modality": "negated", "subject": "A",
             "object": "B", "sentence": "s", "document": "d"},
            {"when": "someday", "dated_by": "statement", "predicate": "p", "modality": "asserted", "subject": "A",
             "object": "B", "sentence": "s", "document": "d"}]
    frame = charts.timeline_frame(rows)
    assert list(frame["when"]) == [pd.Timestamp("2020-01-01"), pd.Timestamp("2021-05-01")]


def test_centrality_frame_names_and_ranks(app_env, ontology):
    graph = analytics.entity_graph(app_env.store, ontology)
    frame = charts.centrality_frame(analytics.pagerank(graph), graph, top=5)
    assert len(frame) == 5 and list(frame["score"]) == sorted(frame["score"], reverse=True)
    assert set(frame["entity"]) <= {d["name"] for _, d in graph.nodes(data=True)}


def test_stance_matrix_counts_asserted_statements_unless_switched(at, app_env, ontology):
    """A negated or alleged stance is not drawn as one by default; the switch adds them."""
    from graph import analytics, views
    stances = ontology.stances()
    every = analytics.stance_matrix(views.entity_graph(app_env.store, ontology), stances)
    asserted = analytics.stance_matrix(views.entity_graph(app_env.store, ontology, modalities=["asserted"]), stances)
    assert sum(sum(r[p] for p in stances) for r in asserted) < sum(sum(r[p] for p in stances) for r in every)
    assert "asserted statements only" in texts(at)
    at.toggle(key="insights.all_modalities").set_value(True).run()
    assert not at.exception and "all statements" in texts(at)


def test_stances_come_from_the_ontology(app_env, ontology):
    """A stance predicate added with tkg:stancePolarity joins the heatmap; none is named in code."""
    from graph import analytics, views
    assert ontology.stances() == {"supports": 1, "criticizes": -1, "opposes": -1}
    graph = views.entity_graph(app_env.store, ontology)
    extra = dict(ontology.stances(), allied_with=1)
    rows = analytics.stance_matrix(graph, extra)
    assert rows and all("allied_with" in r for r in rows)
    frame = charts.stance_frame(rows, "net", extra)
    assert "allied_with" in frame.columns
