"""Unnamed agreements and summits (extract/agreements.py); every sentence is written for the test."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def entities(extractor):
    """Extract a text and return {name: entity} of every entity the document linked."""

    def run(text: str):
        from extract.pipeline import _DocumentRun

        captured = {}
        original = _DocumentRun.finish

        def finish(self):
            captured.update({e.name: e for e in self.entities.entities.values()})
            return original(self)

        _DocumentRun.finish = finish
        try:
            extractor.extract_text(text)
        finally:
            _DocumentRun.finish = original
        return captured

    return run


def test_description_heads_come_from_the_ontology(extractor):
    heads = extractor.lexicon.description_heads
    assert heads["agreement"] == "Treaty"
    assert heads["memorandum"] == "Treaty"
    assert heads["summit"] == "Event"


def test_modified_agreement_is_an_entity(triples):
    found = triples("Chile and Peru signed a fisheries agreement in Lima on Monday.")
    assert ("Chile", "signs", "fisheries agreement") in found
    assert ("Peru", "signs", "fisheries agreement") in found


def test_later_description_links_to_the_same_agreement(triples, entities):
    text = ("Kenya and Uganda concluded a cross-border trade pact in March. "
            "Tanzania later criticised the trade pact.")
    ents = entities(text)
    assert "cross-border trade pact" in ents and "trade pact" not in ents
    found = triples(text)
    assert ("Tanzania", "criticizes", "cross-border trade pact") in found


def test_memorandum_of_understanding_keeps_its_complement(entities):
    ents = entities("Ghana signed a memorandum of understanding with Togo on border trade.")
    assert ents["memorandum of understanding"].type == "Treaty"


def test_summit_named_by_its_place(entities):
    ents = entities("Norway hosted a summit in Oslo with Finland and Denmark.")
    assert ents["Oslo summit"].type == "Event"


def test_bare_definite_and_predicative_uses_make_no_entity(entities):
    ents = entities("Belarus left the Open Skies Treaty. Bolivia welcomed the deal. "
                    "It was the best deal for farmers, and the two sides "
                    "are in broad agreement. They also discussed separate deals.")
    assert not [e for e in ents.values() if e.source == "description"]


def test_indefinite_agreement_is_then_referred_to(triples):
    text = "Ecuador and Colombia signed an accord on Tuesday. Venezuela rejected the accord."
    found = triples(text)
    assert ("Ecuador", "signs", "accord") in found
    assert ("Venezuela", "opposes", "accord") in found


def test_named_treaty_inside_the_phrase_wins(entities):
    ents = entities("Russia left the Open Skies pact in 2021.")
    assert "Open Skies pact" not in ents
    assert "Open Skies Treaty" in ents


def test_title_case_treaty_name_the_ner_missed(entities):
    ents = entities("The 1962 Andean Fisheries Treaty was invoked by Peru.")
    assert "Andean Fisheries Treaty" in ents
    assert ents["Andean Fisheries Treaty"].type == "Treaty"


def test_description_with_an_earlier_named_event(entities):
    ents = entities("Leaders met at the 2022 NATO summit in Madrid. On the second day of the "
                    "anniversary NATO summit, Spain spoke.")
    assert "anniversary NATO summit" not in ents


def test_title_case_name_with_a_possessive_inside(entities):
    ents = entities("Hosted by Jacinda Ardern, the Pacific Leaders' Summit took place on Monday in Auckland.")
    assert any(e.type == "Event" and e.name.startswith("Pacific Leaders") for e in ents.values())


def test_first_definite_agreement_without_antecedent_is_an_entity(entities):
    ents = entities("Uruguay said the accord it reached with Paraguay was fair.")
    assert ents["accord"].type == "Treaty"


def test_definite_agreement_with_an_antecedent_makes_no_new_entity(entities):
    ents = entities("Uruguay joined the Open Skies Treaty in 1991. Paraguay praised the treaty.")
    assert not [e for e in ents.values() if e.source == "description"]


def test_policy_described_by_its_owner(triples):
    found = triples("Kenya reaffirmed its support for the Sahrawi cause on Monday.")
    assert ("Kenya", "supports", "Sahrawi cause") in found


def test_description_named_after_it_is_left_to_the_name(entities):
    ents = entities("Chile has been promoting a regional agreement known as the Pacific Alliance Accord.")
    assert "regional agreement" not in ents


def test_summit_in_a_named_place_is_named_by_the_place(entities):
    ents = entities("Norway hosted a summit in Oslo on Monday.")
    assert "Oslo summit" in ents


def test_different_bare_agreements_stay_apart(entities):
    ents = entities("The rebels rejected a truce. On Friday the two sides signed a declaration.")
    assert ents["truce"].id != ents["declaration"].id


def test_bare_description_that_never_refers_back_is_an_entity(triples):
    found = triples("President Ana Ruiz resumed negotiations with the opposition on Monday.")
    assert ("Ana Ruiz", "negotiates_with", "opposition") in found


def test_bare_body_is_left_to_coreference(entities):
    ents = entities("The army said the drills were over.")
    assert not [e for e in ents.values() if e.source == "description"]


def test_parties_named_by_hyphenated_modifiers(triples):
    found = triples("Bolivia criticised the US-brokered Chile-Peru fisheries agreement.")
    name = "US-brokered Chile-Peru fisheries agreement"
    assert ("Chile", "party_to", name) in found
    assert ("Peru", "party_to", name) in found
    assert ("United States", "party_to", name) not in found


def test_party_named_by_with_complement_and_owner(triples):
    found = triples("Ghana renewed its power contract with Togo last year.")
    name = next(k[2] for k in found if k[1] == "party_to")
    assert ("Togo", "party_to", name) in found
    assert ("Ghana", "party_to", name) in found


def test_parties_between(triples):
    found = triples("Observers praised the border agreement between Kenya and Uganda.")
    assert ("Kenya", "party_to", "border agreement") in found
    assert ("Uganda", "party_to", "border agreement") in found


def test_kind_of_agreement_is_no_entity(entities):
    ents = entities("Japan wants to conclude such an agreement with France.")
    assert not [e for e in ents.values() if e.source == "description"]


def test_agreement_with_still_triggers_cooperation(triples):
    found = triples("Vietnam signed a maritime security agreement with Indonesia in 2022.")
    assert ("Vietnam", "cooperates_with", "Indonesia") in found
    assert ("Indonesia", "party_to", "maritime security agreement") in found


def test_named_treaty_with_a_partner_names_a_party(triples):
    found = triples("Ecuador invoked the Open Skies Treaty with Peru on Monday.")
    assert ("Peru", "party_to", "Open Skies Treaty") in found


def test_judging_words_are_not_part_of_the_name(entities):
    ents = entities("Canberra signed a new security pact with London.")
    assert "security pact" in ents and "new security pact" not in ents


def test_bare_definite_links_an_entity_named_with_its_head(entities):
    ents = entities("Moscow protested against NATO enlargement. Later Peskov called the enlargement a threat.")
    assert "enlargement" not in ents


def test_a_state_that_signs_is_a_party(triples):
    found = triples("Chile and Peru signed the Open Skies Treaty in 2004.")
    assert ("Chile", "party_to", "Open Skies Treaty") in found
    assert ("Peru", "party_to", "Open Skies Treaty") in found


def test_a_signing_person_is_no_party(triples):
    found = triples("President Ana Ruiz signed the Open Skies Treaty in 2004.")
    assert ("Ana Ruiz", "signs", "Open Skies Treaty") in found
    assert not any(k[1] == "party_to" and k[0] == "Ana Ruiz" for k in found)


def test_a_states_army_is_named_as_its_armed_forces(entities):
    found = entities("Sudan's army signed the declaration on Friday. The Sudanese military later denied it.")
    assert "Sudanese Armed Forces" in found
    assert "Sudanese army" not in found and "Sudanese military" not in found


def test_a_known_armed_forces_entity_is_linked(entities):
    assert "Russian Armed Forces" in entities("Russia's army shelled Kharkiv on Monday.")
