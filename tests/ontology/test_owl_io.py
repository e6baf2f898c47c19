"""Interchange with Protégé: export as OWL (Turtle, RDF/XML), import classes and object properties."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from ontology import edits, owl_io
from ontology.errors import EditRefused
from ontology.model import ontology_from_graph
from ontology.namespace import TKG
from ontology.overlay import as_graph, description
from ontology.workspace import Workspace

EX = Namespace("http://www.semanticweb.org/analyst/ontologies/2025/diplomacy#")


@pytest.fixture
def edited(draft):
    draft = edits.add_class(draft, "MilitaryAlliance", parent="InternationalOrganization",
                            comment="A defence pact", definite_heads=["pact"]).draft
    draft = edits.add_predicate(draft, "recognizes", domain=["State"], range=["State", "Location"],
                                triggers=[("verb", "recognize"), ("noun", "recognition of")], cameo="057").draft
    return edits.rename(draft, "supports", "backs").draft


@pytest.mark.parametrize("suffix", ["ttl", "owl"])
def test_export_parses_back_to_the_same_graph(edited, tmp_path, suffix):
    path = tmp_path / f"treatykg.{suffix}"
    owl_io.export(edited.graph, path)
    back = owl_io.read(path)
    assert isomorphic(back, edited.graph)
    if suffix == "owl":
        assert path.read_text().startswith("<?xml")


def test_import_of_an_export_reproduces_the_edits(edited, tmp_path):
    path = tmp_path / "treatykg.owl"
    owl_io.export(edited.graph, path)
    fresh = Workspace(tmp_path / "other").draft()
    out = owl_io.import_terms(fresh, owl_io.read(path))
    assert "3 added, 0 updated" in out.message  # MilitaryAlliance, recognizes, backs
    onto = ontology_from_graph(out.draft.graph)
    assert onto.classes["MilitaryAlliance"].parent == "InternationalOrganization"
    assert {t.text for t in onto.predicates["recognizes"].triggers} == {"recognize", "recognition of"}
    assert out.reextract == {"action": "reextract"}
    for name in ("MilitaryAlliance", "recognizes", "backs", "signs", "MemberLike"):
        mine = as_graph(description(edited.graph, TKG[name]))
        assert isomorphic(mine, as_graph(description(out.draft.graph, TKG[name]))), name
    # Importing the same file again changes nothing.
    again = owl_io.import_terms(out.draft, owl_io.read(path))
    assert "0 added, 0 updated" in again.message and again.reextract is None


def _protege_file() -> Graph:
    g = Graph()
    g.add((EX.NavalBlockade, RDF.type, OWL.Class))
    g.add((EX.NavalBlockade, RDFS.subClassOf, TKG.Event))
    g.add((EX.NavalBlockade, RDFS.label, Literal("naval blockade", lang="en")))
    g.add((EX.imposesBlockadeOn, RDF.type, OWL.ObjectProperty))
    g.add((EX.imposesBlockadeOn, RDFS.domain, TKG.State))
    g.add((EX.imposesBlockadeOn, RDFS.range, EX.Harbour))
    g.add((EX.Harbour, RDF.type, OWL.Class))
    g.add((EX.Harbour, RDFS.subClassOf, OWL.Thing))
    g.add((EX.imposesBlockadeOn, RDFS.seeAlso, Literal("ignored")))
    g.add((TKG.signs, RDF.type, OWL.ObjectProperty))
    g.add((TKG.signs, RDFS.comment, Literal("Signs or initials an agreement.", lang="en")))
    return g


def test_import_from_another_namespace(draft):
    out = owl_io.import_terms(draft, _protege_file())
    assert "3 added, 1 updated" in out.message
    onto = ontology_from_graph(out.draft.graph)
    assert onto.classes["NavalBlockade"].parent == "Event"
    assert onto.classes["Harbour"].parent == "Entity"
    pred = onto.predicates["imposes_blockade_on"]
    assert pred.domain == {"State"} and pred.range == {"Harbour"}
    assert (TKG.imposes_blockade_on, RDFS.seeAlso, None) not in out.draft.graph
    signs = onto.predicates["signs"]
    assert signs.comment == "Signs or initials an agreement."
    assert signs.triggers == ontology_from_graph(draft.graph).predicates["signs"].triggers  # kept


def test_import_refusals(draft, tmp_path):
    g = Graph()
    g.add((EX.hostileTo, RDF.type, OWL.ObjectProperty))
    g.add((EX.hostileTo, RDFS.range, EX.Undeclared))
    with pytest.raises(EditRefused, match="unknown range class"):
        owl_io.import_terms(draft, g)
    g = Graph()
    g.add((TKG.State, RDF.type, OWL.ObjectProperty))
    with pytest.raises(EditRefused, match="has a class named State, the file a predicate"):
        owl_io.import_terms(draft, g)
    g = Graph()
    g.add((EX["match"], RDF.type, OWL.ObjectProperty))
    with pytest.raises(EditRefused, match="Cypher keyword"):
        owl_io.import_terms(draft, g)
    with pytest.raises(EditRefused, match="no named owl:Class"):
        owl_io.import_terms(draft, Graph())
    bad = tmp_path / "broken.ttl"
    bad.write_text("this is not turtle")
    with pytest.raises(EditRefused, match="cannot read it as turtle"):
        owl_io.read(bad)
    with pytest.raises(EditRefused, match="no such file"):
        owl_io.read(tmp_path / "missing.owl")
