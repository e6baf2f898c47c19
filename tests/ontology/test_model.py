"""The core ontology loads with rdflib into the typed view the other layers use."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from ontology.model import CORE_PATH, load_ontology, parse_trigger
from ontology.namespace import TKG

CORE_CLASSES = {"State", "InternationalOrganization", "GovernmentBody", "Person", "Organization",
                "Treaty", "Event", "Location", "Policy"}
SYMMETRIC = {"cooperates_with", "allied_with", "negotiates_with"}


@pytest.fixture(scope="module")
def onto():
    return load_ontology()


def test_classes_and_predicates(onto):
    assert set(onto.entity_types) == CORE_CLASSES
    assert len(onto.predicates) == 22
    assert {p for p, v in onto.predicates.items() if v.symmetric} == SYMMETRIC


def test_every_predicate_is_documented_and_has_triggers(onto):
    for pred in onto.predicates.values():
        assert pred.label and pred.comment, pred.name
        assert pred.domain and pred.range, pred.name
        assert pred.triggers, pred.name


def test_domains_and_ranges_expand_unions(onto):
    withdraw = onto.predicates["withdraws_from"]
    assert withdraw.range == {"Treaty", "InternationalOrganization", "Event", "Location", "State"}
    assert onto.predicates["leads"].domain == {"Person"}
    assert onto.allows("member_of", "State", "InternationalOrganization")
    assert not onto.allows("member_of", "State", "Treaty")
    assert onto.predicates["sanctions"].range >= {"Policy", "State"}


def test_cameo_codes_and_symmetric_owl_type():
    graph = Graph().parse(CORE_PATH, format="turtle")
    assert (TKG.cooperates_with, RDF.type, OWL.SymmetricProperty) in graph
    assert str(graph.value(TKG.sanctions, TKG.cameoCode)) == "163"


def test_trigger_syntax():
    trig = parse_trigger("pull out of", "verb", "withdraws_from")
    assert (trig.lemma, trig.words, trig.preps) == ("pull", ("out",), ("of",))
    trig = parse_trigger("impose sanction on|against", "verb", "sanctions")
    assert (trig.lemma, trig.words, trig.preps) == ("impose", ("sanction",), ("on", "against"))
    assert parse_trigger("quit", "verb", "withdraws_from").preps == ()
    with pytest.raises(ValueError):
        parse_trigger("  ", "verb", "x")


def test_overlay_adds_a_predicate(tmp_path: Path):
    overlay = tmp_path / "overlay.ttl"
    overlay.write_text(
        "@prefix tkg: <https://w3id.org/treatykg/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "tkg:recognizes a owl:ObjectProperty ; rdfs:label \"recognizes\" ; rdfs:comment \"c\" ;\n"
        "  rdfs:domain tkg:State ; rdfs:range tkg:State ; tkg:verbTrigger \"recognize\" .\n"
    )
    onto = load_ontology(overlays=[overlay])
    assert "recognizes" in onto.predicates
    assert onto.predicates["recognizes"].triggers[0].lemma == "recognize"
