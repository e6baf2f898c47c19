"""networkx analytics over the loaded graph, on every engine, with hand-checked answers."""
from __future__ import annotations

import pytest

from graph import analytics
from graph.errors import GraphError
from ontology.records import Entity

from tests.graph import factory as f

# Two triangles of states joined by one bridge (s2 - s3), plus stances towards NATO.
S = [Entity(f"s{i}", f"State {i}", "State") for i in range(6)]


def clusters():
    doc = f.document("clusters.txt", "two clusters", date="2021-03-01")
    pairs = [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)]
    sts = [f.statement(doc, S[a], "cooperates_with", S[b], start=i) for i, (a, b) in enumerate(pairs)]
    sts += [f.statement(doc, S[a], "cooperates_with", S[b], start=100 + i)
            for i, (a, b) in enumerate(pairs[:6])]  # inside the clusters the ties are stronger
    sts += [
        f.statement(doc, S[0], "opposes", f.NATO, start=200, date="2021-03-01"),
        f.statement(doc, S[0], "opposes", f.NATO, start=210, date="2021-04-01"),
        f.statement(doc, S[0], "criticizes", f.NATO, start=220),
        f.statement(doc, S[1], "supports", f.NATO, start=230),
    ]
    return f.result(doc, *sts)


@pytest.fixture
def loaded(loader):
    loader.load([f.article_a(), f.article_b(), clusters()])
    return loader.store


def test_entity_graph_mirrors_the_direct_relationships(loaded, ontology):
    g = analytics.entity_graph(loaded, ontology)
    assert g.nodes["united_states"] == {"name": "United States", "type": "State"}
    assert "donald_trump" in g  # an entity without relationships is still a node
    edge = g["united_states"]["open_skies_treaty"]["WITHDRAWS_FROM"]
    assert edge["count"] == 3 and edge["modalities"] == ["asserted", "intended", "alleged"]
    assert g["russia"]["united_states"]["NEGOTIATES_WITH"]["symmetric"] is True
    assert g.number_of_edges() == 5 + 7 + 3


def test_filters(loaded, ontology):
    only = analytics.entity_graph(loaded, ontology, predicates=["withdraws_from"])
    assert {k for _, _, k in only.edges(keys=True)} == {"WITHDRAWS_FROM"}
    states = analytics.entity_graph(loaded, ontology, types=["State"])
    assert "nato" not in states and "open_skies_treaty" not in states
    assert all(states.nodes[n]["type"] == "State" for n in states)
    alleged = analytics.entity_graph(loaded, ontology, modalities=["alleged"])
    assert [(s, o, d["count"]) for s, o, d in alleged.edges(data=True)] == [
        ("united_states", "open_skies_treaty", 1)]
    recent = analytics.entity_graph(loaded, ontology, since="2020-01-01", predicates=["withdraws_from"])
    edge = recent["united_states"]["open_skies_treaty"]["WITHDRAWS_FROM"]
    assert (edge["count"], edge["first_date"], edge["last_date"]) == (2, "2020-05-21", "2020-05-22")
    until = analytics.entity_graph(loaded, ontology, until="2019", predicates=["withdraws_from"])
    assert until["united_states"]["open_skies_treaty"]["WITHDRAWS_FROM"]["count"] == 1
    strong = analytics.entity_graph(loaded, ontology, min_count=2)
    assert all(d["count"] >= 2 for _, _, d in strong.edges(data=True))
    with pytest.raises(GraphError, match="unknown predicate 'likes'"):
        analytics.entity_graph(loaded, ontology, predicates=["likes"])


def test_centralities(loaded, ontology):
    g = analytics.entity_graph(loaded, ontology)
    top = analytics.degree(g)
    # united_states: 2 withdrawals, criticised by russia, one (symmetric) negotiation edge
    assert top[:3] == [("nato", 4), ("s0", 4), ("united_states", 4)]
    assert dict(analytics.degree(g, weighted=True))["united_states"] == 3 + 1 + 1 + 2
    pr = analytics.pagerank(g)
    assert sum(pr.values()) == pytest.approx(1.0)
    # france is pointed at by nobody: it gets the least; NATO, pointed at by three actors, more
    assert pr["france"] == pytest.approx(min(pr.values()))
    assert pr["nato"] > 2 * pr["france"]
    bridge = analytics.betweenness(analytics.entity_graph(loaded, ontology, predicates=["cooperates_with"]))
    assert max(bridge, key=bridge.get) in {"s2", "s3"}
    assert bridge["s2"] > bridge["s0"] == 0


def test_communities_find_the_two_clusters(loaded, ontology):
    g = analytics.entity_graph(loaded, ontology, predicates=["cooperates_with"])
    found = [c for c in analytics.communities(g) if len(c) > 1]
    assert {frozenset(c) for c in found} == {frozenset({"s0", "s1", "s2"}), frozenset({"s3", "s4", "s5"})}
    assert analytics.communities(g) == analytics.communities(g)  # seeded: repeatable


def test_shortest_path_and_ego_network(loaded, ontology):
    g = analytics.entity_graph(loaded, ontology)
    hops = analytics.shortest_path(g, "s0", "s5")
    assert [h["from"] for h in hops] + [hops[-1]["to"]] == ["s0", "s2", "s3", "s5"]
    assert all(h["type"] == "COOPERATES_WITH" for h in hops)
    back = analytics.shortest_path(g, "open_skies_treaty", "russia")
    assert back[0] == {"from": "open_skies_treaty", "to": "united_states", "type": "WITHDRAWS_FROM", "forward": False}
    with pytest.raises(GraphError, match="no path"):
        analytics.shortest_path(g, "s0", "donald_trump")
    ego = analytics.ego_network(g, "s2", depth=1)
    assert set(ego) == {"s0", "s1", "s2", "s3"}
    assert set(analytics.ego_network(g, "s2", depth=2)) == {"s0", "s1", "s2", "s3", "s4", "s5", "nato"}
    with pytest.raises(GraphError, match="not in the graph"):
        analytics.ego_network(g, "atlantis")


def test_stance_matrix(loaded, ontology):
    rows = analytics.stance_matrix(analytics.entity_graph(loaded, ontology), ontology.stances())
    by_pair = {(r["subject"], r["object"]): r for r in rows}
    assert by_pair[("s0", "nato")] == {"subject": "s0", "subject_name": "State 0", "object": "nato",
                                       "object_name": "NATO", "supports": 0, "opposes": 2, "criticizes": 1}
    assert by_pair[("s1", "nato")]["supports"] == 1
    assert by_pair[("russia", "united_states")]["criticizes"] == 1
    assert rows[0]["subject"] == "s0"  # most statements first


def test_find_entity(loaded):
    assert analytics.find_entity(loaded, "USA") == "united_states"
    assert analytics.find_entity(loaded, "open skies treaty") == "open_skies_treaty"
    with pytest.raises(GraphError, match="no entity called 'Atlantis'"):
        analytics.find_entity(loaded, "Atlantis")
