"""Both engines hold the same graph: the sample corpus and the seed articles (../shared/seeds,
when present) ingested into FalkorDB and into Neo4j give isomorphic Turtle exports (ingest
timestamps aside) and the same answers to the app's own queries (Query page examples, Explore and
Insights views) and to the README's example query."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph import analytics, views
from graph.engines.falkordb import FalkorDBStore
from graph.loader import Loader
from graph.rdf import TKG, to_rdf
from services.sources import extract_sources, find_sources
from webapp.examples import EXAMPLES

REPO = Path(__file__).resolve().parents[2]
CORPORA = {"sample": REPO / "data" / "sample", "seeds": REPO.parent / "shared" / "seeds"}
README_QUERIES = re.findall(r'python -m graph query "([^"]+)"', (REPO / "README.md").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=sorted(CORPORA))
def both(request, extractor, ontology, falkordb_server):
    """One corpus loaded into a fresh FalkorDB graph and into the wiped Neo4j database."""
    folder = CORPORA[request.param]
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here (the seeds come with the shared measurement data)")
    from tests.graph.conftest import open_neo4j

    neo = open_neo4j(request.getfixturevalue("neo4j_url"))
    falkor = FalkorDBStore(falkordb_server.socket_path, f"agree_{request.param}")
    falkor.drop()
    falkor.ensure_schema()
    results = list(extract_sources(find_sources([folder]), extractor))
    assert results and sum(len(r.statements) for r in results) > 0
    for store in (falkor, neo):
        report = Loader(store, ontology).load(results)
        assert len(report.loaded) == len(results)
    yield falkor, neo
    falkor.drop()
    falkor.close()
    neo.clear()
    neo.close()


def _without_timestamps(graph: Graph) -> Graph:
    graph.remove((None, TKG.ingestedAt, None))
    return graph


def test_turtle_exports_are_isomorphic(both):
    falkor, neo = (_without_timestamps(Graph().parse(data=to_rdf(s).serialize(format="turtle"), format="turtle"))
                   for s in both)
    assert len(falkor) > 100
    if not isomorphic(falkor, neo):
        _, only_falkor, only_neo = graph_diff(to_isomorphic(falkor), to_isomorphic(neo))
        pytest.fail(f"exports differ: only FalkorDB {sorted(only_falkor)[:5]}, only Neo4j {sorted(only_neo)[:5]}")


def _canonical(rows) -> list[str]:
    """Rows in an order-free, type-exact form (1 and 1.0, [] and None stay apart)."""
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["title"] for e in EXAMPLES])
def test_query_page_examples_answer_alike(both, example):
    falkor, neo = (s.run(example["cypher"], example["params"]) for s in both)
    assert falkor.columns == neo.columns
    assert _canonical(falkor) == _canonical(neo)


@pytest.mark.parametrize("cypher", README_QUERIES)
def test_readme_queries_answer_alike(both, cypher):
    falkor, neo = (s.run(cypher) for s in both)
    assert _canonical(falkor) == _canonical(neo)


def _graph_answers(store, ontology) -> dict:
    graph = views.entity_graph(store, ontology)
    return {
        "nodes": sorted((n, json.dumps(d, sort_keys=True, default=str)) for n, d in graph.nodes(data=True)),
        "edges": sorted((s, o, k, json.dumps(d, sort_keys=True, default=str))
                        for s, o, k, d in graph.edges(keys=True, data=True)),
        "asserted": sorted(views.entity_graph(store, ontology, modalities=["asserted"]).edges(keys=True)),
        "pagerank": {n: round(v, 9) for n, v in analytics.pagerank(graph).items()},
        "stances": _canonical(analytics.stance_matrix(graph, ["supports", "criticizes", "opposes"])),
    }


def test_explore_and_insights_answer_alike(both, ontology):
    falkor, neo = both
    assert views.counts(falkor) == views.counts(neo)
    assert views.fingerprint(falkor) == views.fingerprint(neo)
    assert _canonical(views.entities(falkor)) == _canonical(views.entities(neo))
    strip = lambda rows: [{k: v for k, v in r.items() if k != "ingested_at"} for r in rows]  # noqa: E731
    assert _canonical(strip(views.documents(falkor))) == _canonical(strip(views.documents(neo)))
    assert _canonical(views.timeline(falkor)) == _canonical(views.timeline(neo))
    assert _canonical(views.predicate_modalities(falkor)) == _canonical(views.predicate_modalities(neo))
    answers = _graph_answers(falkor, ontology)
    assert answers["edges"] and answers == _graph_answers(neo, ontology)


def test_entity_and_document_details_answer_alike(both, ontology):
    """What a click on an entity, a relationship or a document shows."""
    falkor, neo = both
    for entity in views.entities(falkor):
        assert views.entity(falkor, entity["id"]) == views.entity(neo, entity["id"])
        a, b = views.entity_statements(falkor, entity["id"]), views.entity_statements(neo, entity["id"])
        assert {k: _canonical(v) for k, v in a.items()} == {k: _canonical(v) for k, v in b.items()}
    edges = list(views.entity_graph(falkor, ontology).edges(data=True))
    assert edges
    for s, o, data in edges:
        predicate = data["predicate"]
        assert (views.statements_of_relationship(falkor, ontology, s, predicate, o)
                == views.statements_of_relationship(neo, ontology, s, predicate, o))
    for doc in views.documents(falkor):
        assert views.document_statements(falkor, doc["id"]) == views.document_statements(neo, doc["id"])
