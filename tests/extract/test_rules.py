"""One test per rule family of extract/rules/, on sentences written for these tests."""
from __future__ import annotations

import pytest


def test_prepositional_verb_with_date(triples):
    found = triples("Russia withdrew from the Open Skies Treaty in December 2021.")
    st = found[("Russia", "withdraws_from", "Open Skies Treaty")]
    assert st.modality == "asserted"
    assert st.date == "2021-12"
    assert st.rule.startswith("verb:")


def test_phrasal_verb(triples):
    found = triples("The United States pulled out of the INF Treaty.")
    assert ("United States", "withdraws_from", "INF Treaty") in found


def test_passive_with_coordinated_agents(triples):
    found = triples("New START was signed by the United States and Russia in 2010.")
    assert ("United States", "signs", "New START") in found
    assert ("Russia", "signs", "New START") in found


def test_control_and_reported_chain_is_intended_and_attributed(triples):
    found = triples("The United States announced that it would quit the Open Skies Treaty.")
    st = found[("United States", "withdraws_from", "Open Skies Treaty")]
    assert st.modality == "intended"
    assert st.attributed_to is not None and st.attributed_to.name == "United States"


def test_coordinated_objects_are_distributed(triples):
    found = triples("NATO cooperates with Japan, South Korea and Australia.")
    for partner in ("Japan", "South Korea", "Australia"):
        assert ("NATO", "cooperates_with", partner) in found


def test_titles_give_roles(triples):
    found = triples("Russian Foreign Minister Sergey Lavrov met Chinese officials in Beijing.")
    assert ("Sergey Lavrov", "official_of", "Russia") in found
    found = triples("NATO Secretary General Jens Stoltenberg visited Warsaw.")
    assert ("Jens Stoltenberg", "leads", "NATO") in found


def test_deputy_title_is_official_not_leader(triples):
    found = triples("Polish Deputy Prime Minister Jan Nowakowski spoke to reporters.")
    assert ("Jan Nowakowski", "official_of", "Poland") in found
    assert ("Jan Nowakowski", "leads", "Poland") not in found


def test_compound_membership(triples):
    found = triples("NATO member Turkey blocked the plan for months.")
    assert ("Turkey", "member_of", "NATO") in found


def test_appositive_membership(triples):
    found = triples("Japan will train with Germany and Spain, both members of NATO, next year.")
    assert ("Germany", "member_of", "NATO") in found
    assert ("Spain", "member_of", "NATO") in found


def test_nominalisation(triples):
    found = triples("The U.S. withdrawal from the Open Skies Treaty angered officials in Moscow.")
    assert ("United States", "withdraws_from", "Open Skies Treaty") in found


def test_pronoun_resolution_picks_a_compatible_entity(triples):
    text = "Russia signed New START with the United States in 2010. In 2023 it suspended its participation in the treaty."
    found = triples(text)
    st = found[("Russia", "suspends", "New START")]
    assert st.date == "2023"


def test_definite_description_resolves_to_recent_entity(triples):
    text = "Finland applied to join NATO in 2022. Turkey later dropped its objections, and the alliance admitted Sweden too."
    found = triples(text)
    assert ("Finland", "member_of", "NATO") in found


def test_negation(triples):
    found = triples("Hungary did not block the accession of Sweden.")
    st = found.get(("Hungary", "opposes", "Sweden"))
    assert st is not None and st.modality == "negated"


def test_possibility(triples):
    found = triples("Finland and Sweden may consider joining NATO.")
    assert found[("Finland", "member_of", "NATO")].modality == "possible"
    assert found[("Sweden", "member_of", "NATO")].modality == "possible"


def test_allegation_by_a_speaker_adds_an_accusation(triples):
    found = triples("Washington claimed that Russia had violated the INF Treaty.")
    st = found[("Russia", "violates", "INF Treaty")]
    assert st.modality == "alleged"
    assert st.attributed_to.name == "United States"
    assert ("United States", "accuses", "Russia") in found


def test_denial_is_negated(triples):
    found = triples("Moscow denied that it had violated the INF Treaty.")
    st = found[("Russia", "violates", "INF Treaty")]
    assert st.modality == "negated"


def test_antonym_trigger_reverses_polarity(triples):
    found = triples("Officials said Russia was not complying with the INF Treaty.")
    st = found[("Russia", "violates", "INF Treaty")]
    assert st.modality != "negated"


def test_hyphenated_participle(triples):
    found = triples("Damascus condemned the US-backed SDF after the raid.")
    assert ("United States", "supports", "Syrian Democratic Forces") in found


def test_adverb_pairs_coordinated_subjects(triples):
    found = triples("France, Germany and Italy agreed to jointly develop a new tank.")
    pairs = {frozenset((s, o)) for (s, p, o) in found if p == "cooperates_with"}
    assert pairs == {frozenset(("France", "Germany")), frozenset(("France", "Italy")),
                     frozenset(("Germany", "Italy"))}
    assert all(st.modality == "intended" for (s, p, o), st in found.items() if p == "cooperates_with")


def test_reported_criticism(triples):
    found = triples("China said that the AUKUS pact undermines regional stability.")
    keys = {(s, p) for (s, p, o) in found}
    assert ("China", "criticizes") in keys


def test_domain_and_range_filter_wrong_types(triples):
    # "extend" only takes treaties: extending a runway is not a treaty extension.
    found = triples("Poland extended the runway at Rzeszow airport.")
    assert not [k for k in found if k[1] == "extends"]


def test_evidence_offsets_point_at_the_sentence(extractor):
    text = "Headline about treaties\n\nFirst paragraph here.\n\nThe United States pulled out of the INF Treaty in 2019."
    result = extractor.extract_text(text)
    assert result.statements
    for st in result.statements:
        assert text[st.start:st.end] == st.sentence


def test_event_participation_from_modifiers(triples):
    found = triples("The US-Polish exercise Allied Spirit ended in June.")
    assert ("United States", "participates_in", "Allied Spirit") in found
    assert ("Poland", "participates_in", "Allied Spirit") in found


def test_wish_of_a_third_party_is_possible_and_attributed(triples):
    found = triples("The think tank RAND wants NATO to oppose Russia in the Mediterranean.")
    st = found[("NATO", "opposes", "Russia")]
    assert st.modality == "possible"
    assert st.attributed_to is not None and st.attributed_to.name == "RAND Corporation"


def test_urging_is_not_a_fact(triples):
    found = triples("Germany urged Washington not to leave the Open Skies Treaty.")
    assert ("United States", "withdraws_from", "Open Skies Treaty") not in found


def test_relational_nouns_do_not_stand_for_their_possessor(triples):
    found = triples("Defying Britain's closest ally, the minister backed the plan.")
    assert not [k for k in found if k[2] == "United Kingdom"]


def test_collective_nouns_name_actors_not_places(triples):
    found = triples("The US-backed militias in Qamishli burned the fields.")
    assert ("United States", "supports", "Qamishli") not in found


def test_in_memory_text_and_file_get_the_same_document(extractor, tmp_path):
    text = "Russia\u2019s Foreign Ministry said on May 5, 2021 that it would leave the treaty.\n\nSecond paragraph."
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    from extract.reader import open_document

    opened = open_document(path)
    assert extractor.extract_text(text, name="doc.txt").document.id == opened.document.id


def test_empty_text_gives_an_empty_result_with_a_warning(extractor):
    result = extractor.extract_text("   \n  ")
    assert result.statements == [] and result.warnings


def test_relative_pronoun_speaker_and_possessed_treaty(triples):
    text = ("Diplomats discussed the CFE Treaty on Monday. Officials in President Vladimir Putin's "
            "government, which says NATO has broken the treaty's terms, met later.")
    found = triples(text)
    st = found[("NATO", "violates", "Treaty on Conventional Armed Forces in Europe")]
    assert st.modality == "alleged" and st.attributed_to.name == "Russia"
    assert ("Russia", "accuses", "NATO") in found


def test_demonstrative_object_is_the_previous_actor(triples):
    found = triples("Moscow proposed a new treaty on missiles in Europe. Washington rejected that.")
    assert ("United States", "opposes", "Russia") in found


def test_pressing_to_stay_is_support(triples):
    found = triples("Germany pressed Washington not to leave the INF Treaty.")
    assert ("United States", "withdraws_from", "INF Treaty") not in found
    assert ("Germany", "supports", "INF Treaty") in found


def test_hyphenated_pair_cooperates(triples):
    found = triples("The US-Polish exercise Anakonda began near Warsaw.")
    pairs = {frozenset((s, o)) for (s, p, o) in found if p == "cooperates_with"}
    assert frozenset(("United States", "Poland")) in pairs


def test_title_without_employer_uses_roles_held_at_the_time(extractor):
    dated = "WASHINGTON, March 3, 1988 - President Ronald Reagan met reporters."
    found = {(s.subject.name, s.predicate, s.object.name) for s in extractor.extract_text(dated).statements}
    assert ("Ronald Reagan", "leads", "United States") in found
    later = "BERLIN, June 1, 2022 - The book quotes President Ronald Reagan at length."
    found = {(s.subject.name, s.predicate, s.object.name) for s in extractor.extract_text(later).statements}
    assert ("Ronald Reagan", "leads", "United States") not in found


def test_bare_preposition_needs_a_copula(triples):
    found = triples("The EU renewed its sanctions against Syria.")
    assert ("European Union", "opposes", "Syria") not in found
    found = triples("Hungary is against NATO expansion.")
    assert any(p == "opposes" and s == "Hungary" for (s, p, o) in found)


def test_dateline_city_is_not_an_actor(triples):
    found = triples("VILNIUS, July 2, 2020 - NATO has activated a plan to defend Poland.")
    assert ("NATO", "supports", "Poland") in found
    assert not [k for k in found if k[0] == "Lithuania"]


def test_semicolon_separates_report_from_fact(triples):
    found = triples("The United States left the INF Treaty; Moscow denies any breach.")
    st = found[("United States", "withdraws_from", "INF Treaty")]
    assert st.modality == "asserted" and st.attributed_to is None


def test_claim_nouns_make_content_alleged(triples):
    found = triples("Moscow said Washington had produced no evidence that Russia had broken the INF Treaty.")
    st = found.get(("Russia", "violates", "INF Treaty"))
    assert st is not None and st.modality == "alleged"


def test_act_noun_stands_for_its_actor(triples):
    found = triples("Finland applied to join NATO in May. Russia condemned the move.")
    assert found[("Finland", "member_of", "NATO")].modality == "intended"
    assert ("Russia", "criticizes", "Finland") in found


def test_reported_judgement_of_an_act_criticizes_its_actor(triples):
    text = ("Turkey began its offensive in northern Syria in October. "
            "Ankara's NATO allies have said the incursion undermines the fight against militants.")
    found = triples(text)
    assert ("NATO", "criticizes", "Turkey") in found
    assert ("Turkey", "attacks", "northern Syria") in found


def test_fixed_word_inside_a_measure_phrase(triples):
    found = triples("The European Union imposed a sixth package of sanctions on Russia on Friday.")
    assert ("European Union", "sanctions", "Russia") in found


def test_refusal_negates(triples):
    found = triples("China has refused to condemn Russia.")
    assert found[("China", "criticizes", "Russia")].modality == "negated"


def test_coordinated_subjects_of_a_symmetric_noun_pair_up(triples):
    found = triples("Washington and Seoul held joint military drills last week.")
    assert ("United States", "cooperates_with", "South Korea") in found


def test_lifting_a_veto_negates_opposition(triples):
    found = triples("Ankara lifted its veto on Finland in March 2023.")
    st = found[("Turkey", "opposes", "Finland")]
    assert st.modality == "negated" and st.date == "2023-03"


def test_symmetric_verb_with_coordinated_subjects(triples):
    found = triples("Biden and Xi met in Bali on Monday.")
    pairs = {frozenset((s, o)) for (s, p, o) in found if p == "negotiates_with"}
    assert pairs == {frozenset(("Joe Biden", "Xi Jinping"))}


def test_application_is_intended_and_invitation_possible(triples):
    found = triples("Ukraine applied for membership of NATO in September 2022.")
    assert found[("Ukraine", "member_of", "NATO")].modality == "intended"
    found = triples("NATO leaders agreed to invite Sweden to join the alliance.")
    assert found[("Sweden", "member_of", "NATO")].modality == "possible"


def test_converse_trigger_swaps_roles(triples):
    found = triples("Ukraine has received military aid from the United States since 2014.")
    st = found[("United States", "supports", "Ukraine")]
    assert st.rule.startswith("converse:") and st.date == "2014"


def test_hosting_foreign_sites_is_their_deployment(triples):
    found = triples("Poland and Romania now host American missile defence sites.")
    assert ("United States", "deploys_to", "Poland") in found
    assert ("United States", "deploys_to", "Romania") in found


def test_rejecting_a_charge_opposes_its_author(triples):
    found = triples("The Trump administration tore up the INF Treaty in 2019. The Kremlin rejected the charge.")
    assert ("United States", "withdraws_from", "INF Treaty") in found
    assert ("Russia", "opposes", "United States") in found


def test_a_reporting_clause_with_its_own_content_is_not_an_attribution(triples):
    found = triples("Germany approved new sanctions against Moscow, while Hungary warned that they would hurt Europe.")
    st = found[("Germany", "sanctions", "Russia")]
    assert st.attributed_to is None
