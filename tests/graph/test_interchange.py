"""Export to Turtle / JSON-LD / GraphML / neo4j-admin CSV, and Turtle import (round trip)."""
from __future__ import annotations

import csv

import networkx as nx
import pytest
from rdflib import RDF, Graph, Literal
from rdflib.compare import isomorphic, graph_diff
from rdflib.namespace import PROV

from graph import export as exporter
from graph.errors import ValidationError
from graph.rdf import import_rdf, to_rdf
from ontology.namespace import DOCUMENT, ENTITY, STATEMENT, TKG

from tests.graph import factory as f
from tests.graph.snapshot import direct, snapshot
from tests.graph.test_analytics import clusters


@pytest.fixture
def loaded(loader):
    loader.load([f.article_a(), f.article_b(), clusters()])
    loader.load_entities([f.Entity("lonely", "Lonely Island", "Location", aliases=("LI; the isle",))])
    return loader.store


def test_rdf_types_entities_and_gives_statements_provenance(loaded):
    g = to_rdf(loaded)
    assert (ENTITY["united_states"], RDF.type, TKG.State) in g
    assert (ENTITY["nato"], RDF.type, TKG.InternationalOrganization) in g
    assert (ENTITY["united_states"], TKG.withdraws_from, ENTITY["open_skies_treaty"]) in g
    statements = list(g.subjects(RDF.type, RDF.Statement))
    assert len(statements) == 4 + 4 + 17
    doc_a = DOCUMENT[f.article_a().document.id]
    assert (doc_a, RDF.type, PROV.Entity) in g
    from_a = [s for s in statements if (s, PROV.wasDerivedFrom, doc_a) in g]
    assert len(from_a) == 4
    crit = next(s for s in from_a if (s, RDF.predicate, TKG.criticizes) in g)
    assert (crit, PROV.wasAttributedTo, ENTITY["russia"]) in g
    assert (crit, TKG.modality, Literal("asserted")) in g
    assert str(crit).startswith(str(STATEMENT))


def test_turtle_round_trip_is_isomorphic(loaded, ontology, tmp_path):
    before_direct = direct(loaded)
    before = snapshot(loaded)
    path = tmp_path / "graph.ttl"
    exporter.export(loaded, ontology, "ttl", path)
    first = Graph().parse(path, format="turtle")
    loaded.clear()
    assert loaded.run("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
    report = import_rdf(loaded, ontology, path)
    assert len(report.loaded) == 3
    second = Graph().parse(data=exporter.to_turtle(loaded), format="turtle")
    if not isomorphic(first, second):
        _, only_first, only_second = graph_diff(first, second)
        pytest.fail(f"not isomorphic: {len(only_first)} triples lost, {len(only_second)} gained: "
                    f"{sorted(only_first)[:3]} / {sorted(only_second)[:3]}")
    assert direct(loaded) == before_direct  # counts, modalities and dates are rebuilt from statements
    assert snapshot(loaded) == before  # even ingestion times survive


def test_jsonld_holds_the_same_triples(loaded, ontology, tmp_path):
    path = tmp_path / "graph.jsonld"
    exporter.export(loaded, ontology, "jsonld", path)
    assert path.read_text().lstrip().startswith("{")
    assert isomorphic(Graph().parse(path, format="json-ld"), to_rdf(loaded))


def test_graphml_for_gephi(loaded, ontology, tmp_path):
    path = tmp_path / "graph.graphml"
    exporter.export(loaded, ontology, "graphml", path)
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.nodes["united_states"]["label"] == "United States" and g.nodes["nato"]["type"] == "InternationalOrganization"
    edges = [d for s, o, d in g.edges(data=True) if (s, o) == ("united_states", "open_skies_treaty")]
    assert len(edges) == 1 and edges[0]["count"] == 3 and edges[0]["label"] == "WITHDRAWS_FROM"
    assert edges[0]["modalities"] == "asserted;intended;alleged"
    assert g.number_of_edges() == 15 and "lonely" in g


def test_neo4j_admin_csv_layout(loaded, ontology, tmp_path):
    files = exporter.export(loaded, ontology, "csv", tmp_path / "csv")
    names = {p.name for p in files}
    assert names == {"entities.csv", "documents.csv", "statements.csv", "statement_entities.csv",
                     "statement_documents.csv", "relationships.csv", "import.sh"}

    def read(name):
        with open(tmp_path / "csv" / name, newline="", encoding="utf-8") as handle:
            return list(csv.reader(handle))

    entities = read("entities.csv")
    assert entities[0] == ["id:ID(Entity)", "name", "type", "aliases:string[]", ":LABEL"]
    us = next(r for r in entities if r[0] == "united_states")
    # "LI; the isle" is one alias: arrays are split at the first delimiter no alias holds.
    assert us[1:] == ["United States", "State", "US|USA", "Entity|State"]
    assert next(r for r in entities if r[0] == "lonely")[3] == "LI; the isle"
    statements = read("statements.csv")
    assert statements[0][0] == "id:ID(Statement)" and len(statements) == 1 + 25
    links = read("statement_entities.csv")
    assert links[0] == [":START_ID(Statement)", ":END_ID(Entity)", ":TYPE"] and len(links) == 1 + 50
    assert {r[2] for r in links[1:]} == {"SUBJECT", "OBJECT"}
    assert len(read("statement_documents.csv")) == 1 + 25
    rels = read("relationships.csv")
    assert rels[0][:3] == [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"]
    assert ["united_states", "open_skies_treaty", "WITHDRAWS_FROM", "3", "asserted|intended|alleged",
            "2019-01-01", "2020-05-22"] in rels
    script = (tmp_path / "csv" / "import.sh").read_text()
    assert "neo4j-admin database import full '--array-delimiter=|' --multiline-fields=true" in script


def test_import_refuses_bad_input(store, ontology):
    with pytest.raises(ValidationError, match="cannot read turtle input") as info:
        import_rdf(store, ontology, "@prefix x: <http://x/> .\nthis is not turtle\n")
    assert "\n" not in str(info.value)
    bad = f"""@prefix tkg: <{TKG}> . @prefix ent: <{ENTITY}> . @prefix st: <{STATEMENT}> .
@prefix doc: <{DOCUMENT}> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
ent:a a tkg:State . ent:b a tkg:State . doc:d a prov:Entity ; tkg:path "d.txt" .
st:x a rdf:Statement ; rdf:subject ent:a ; rdf:predicate tkg:likes ; rdf:object ent:b ; prov:wasDerivedFrom doc:d .
"""
    with pytest.raises(ValidationError, match="unknown predicate 'likes'"):
        import_rdf(store, ontology, bad)
    assert store.run("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
