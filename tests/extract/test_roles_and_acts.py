"""Roles from titles, predicates chosen by the argument's class, and act coverage (signing,
parties, meetings, participation, threats, sanctions, attacks). Every sentence here is written
for the test, on actors and topics of its own."""
from __future__ import annotations


# ---------------------------------------------------------------- titles: leads or official_of


def test_head_word_of_a_title_decides(triples):
    # "chief negotiator" is a negotiator, not a chief.
    found = triples("Norway's chief negotiator Anna Berg said the accord was near.")
    assert ("Anna Berg", "official_of", "Norway") in found
    assert ("Anna Berg", "leads", "Norway") not in found


def test_portfolio_chief_is_an_official_but_an_organisation_chief_leads(triples):
    found = triples("The EU's trade chief Maros Sefcovic said the talks went well.")
    assert ("Maros Sefcovic", "official_of", "European Union") in found
    assert ("Maros Sefcovic", "leads", "European Union") not in found
    assert ("Jens Stoltenberg", "leads", "NATO") in triples("NATO chief Jens Stoltenberg spoke in Oslo.")


def test_coordinated_titles_each_give_a_role(triples):
    found = triples("Japanese Prime Minister and Foreign Minister Taro Kono arrived in Hanoi.")
    assert ("Taro Kono", "leads", "Japan") in found
    assert ("Taro Kono", "official_of", "Japan") in found


def test_crown_prince_is_an_official(triples):
    found = triples("Jordanian Crown Prince Hussein bin Abdullah spoke to reporters in Cairo.")
    assert ("Hussein bin Abdullah", "official_of", "Jordan") in found
    assert ("Hussein bin Abdullah", "leads", "Jordan") not in found


def test_nearest_employer_before_the_title(triples):
    found = triples("During the German budget debate Polish President Andrzej Duda stayed silent.")
    assert ("Andrzej Duda", "leads", "Poland") in found
    assert ("Andrzej Duda", "leads", "Germany") not in found


def test_ambassador_works_for_the_sending_state(triples):
    found = triples("Brazil's UN Ambassador John Miller addressed the Security Council on Tuesday.")
    assert ("John Miller", "official_of", "Brazil") in found
    assert ("John Miller", "official_of", "United Nations") not in found
    found = triples("John Miller, Brazil's ambassador to the United Nations, voted against the draft.")
    assert ("John Miller", "official_of", "Brazil") in found
    assert ("John Miller", "official_of", "United Nations") not in found


def test_portfolio_title_names_the_state_a_named_body_employs(triples):
    found = triples("U.S. Treasury Secretary Janet Yellen landed in Beijing.")
    assert ("Janet Yellen", "official_of", "United States") in found
    found = triples("Japanese Foreign Ministry spokesman Kenji Tanaka answered questions.")
    assert ("Kenji Tanaka", "official_of", "Japanese Foreign Ministry") in found


def test_deputy_of_a_titled_person_serves_that_employer(triples):
    found = triples("Carlos Mendoza, an aide to Chilean President Gabriel Boric, visited Lima.")
    assert ("Carlos Mendoza", "official_of", "Chile") in found
    assert ("Gabriel Boric", "leads", "Chile") in found
    assert ("Gabriel Boric", "official_of", "Chile") not in found


def test_bare_title_in_undated_text_uses_the_gazetteer_role_with_that_title(triples):
    found = triples("President Barack Obama spoke on Monday.")
    assert ("Barack Obama", "leads", "United States") in found


def test_leading_a_delegation_is_not_leading_the_state(triples):
    found = triples("Indian Deputy Prime Minister Ravi Kumar, who led the Indian delegation to Geneva, spoke first.")
    assert ("Ravi Kumar", "official_of", "India") in found
    assert ("Ravi Kumar", "leads", "India") not in found
    assert ("John Miller", "leads", "Chile") in triples("John Miller led the Chilean government for a decade.")


def test_singular_role_apposed_to_coordinated_persons_is_the_nearest_ones(triples):
    found = triples("Gabriel Boric and Jens Stoltenberg, head of NATO, met in Vilnius.")
    assert ("Jens Stoltenberg", "leads", "NATO") in found
    assert ("Gabriel Boric", "leads", "NATO") not in found


# ---------------------------------------------------------------- the object's class picks


def test_signing_a_treaty_makes_states_parties_but_not_persons(triples):
    found = triples("Chile and Peru signed the Paris Agreement in 2016.")
    assert ("Chile", "party_to", "Paris Agreement") in found
    assert ("Peru", "party_to", "Paris Agreement") in found
    found = triples("Chilean President Gabriel Boric signed the Paris Agreement with Peru.")
    assert ("Gabriel Boric", "signs", "Paris Agreement") in found
    assert ("Peru", "signs", "Paris Agreement") in found
    assert ("Gabriel Boric", "party_to", "Paris Agreement") not in found


def test_entering_into_a_treaty_signs_it_joining_an_organisation_is_membership(triples):
    found = triples("Lima entered into the Paris Agreement with Santiago in 2016.")
    assert ("Peru", "signs", "Paris Agreement") in found
    assert ("Chile", "signs", "Paris Agreement") in found
    assert ("Peru", "member_of", "Paris Agreement") not in found
    assert ("Chile", "member_of", "NATO") in triples("Chile entered NATO in 2031.")


def test_actors_named_with_a_treaty_are_its_parties(triples):
    found = triples("The New START treaty between Russia and the United States expires in 2026.")
    assert ("Russia", "party_to", "New START") in found
    assert ("United States", "party_to", "New START") in found
    found = triples("Analysts discussed the US-Russian New START treaty.")
    assert ("Russia", "party_to", "New START") in found


# ---------------------------------------------------------------- act coverage


def test_passive_invitee_is_the_one_to_join(triples):
    found = triples("Chile and Peru were invited to join NATO.")
    assert ("Chile", "member_of", "NATO") in found
    assert ("Peru", "member_of", "NATO") in found


def test_fronted_passive_participle_acts_on_the_main_subject(triples):
    found = triples("Hosted by Chilean President Gabriel Boric, the 2019 NATO summit began in Valparaiso.")
    assert ("Gabriel Boric", "participates_in", "2019 NATO summit") in found


def test_an_event_involving_actors(triples):
    found = triples("The 2019 NATO summit involved Chile, Peru and Bolivia.")
    assert ("Bolivia", "participates_in", "2019 NATO summit") in found


def test_meeting_of_listed_parties_pairs_them(triples):
    found = triples("A meeting of the defence chiefs of Chile, Peru and Bolivia ended without a statement.")
    pairs = {frozenset((s, o)) for (s, p, o) in found if p == "negotiates_with"}
    assert frozenset(("Chile", "Bolivia")) in pairs
    assert frozenset(("Peru", "Bolivia")) in pairs
    # A relational noun with "of" is not a meeting.
    found = triples("Bolivia, which is a partner of both Chile and Peru, said nothing.")
    assert frozenset(("Chile", "Peru")) not in {frozenset((s, o)) for (s, p, o) in found}


def test_engaged_in_consultations_with(triples):
    found = triples("Since May, Peru has been engaged in consultations with Chile on fishing quotas.")
    assert ("Peru", "negotiates_with", "Chile") in found


def test_warning_someone_is_a_threat_but_not_a_warned_clause(triples):
    found = triples("Bolivia warned Chile and Peru that it would close the border.")
    assert ("Bolivia", "threatens", "Chile") in found
    assert ("Bolivia", "threatens", "Peru") in found
    found = triples("Bolivia warned that Peru would suffer.")
    assert ("Bolivia", "threatens", "Peru") not in found


def test_threat_aimed_through_an_infinitive(triples):
    found = triples("Chile threatened to impose tariffs on Peru after the vote.")
    assert ("Chile", "threatens", "Peru") in found


def test_lifted_sanctions_were_sanctions(triples):
    found = triples("Norway decided to ease its remaining sanctions against Chile.")
    assert ("Norway", "sanctions", "Chile") in found


def test_genocide_against_is_an_attack(triples):
    found = triples("Peru said Chile had committed genocide against Bolivia in 1880.")
    assert ("Chile", "attacks", "Bolivia") in found
    assert found[("Chile", "attacks", "Bolivia")].modality == "alleged"


def test_titled_list_broken_by_the_parser_still_meets_pairwise(triples):
    found = triples("On Tuesday, Argentine President Javier Milei, Peruvian President Dina Boluarte, and Chilean "
                    "President Gabriel Boric met in Santiago.")
    pairs = {frozenset((s, o)) for (s, p, o) in found if p == "negotiates_with"}
    assert frozenset(("Javier Milei", "Dina Boluarte")) in pairs
    assert frozenset(("Javier Milei", "Gabriel Boric")) in pairs


def test_brokering_a_deal_with_someone_is_negotiating(triples):
    found = triples("Chile brokered a deal with Peru in 2019.")
    assert ("Chile", "negotiates_with", "Peru") in found


def test_treaty_signed_between_parties(triples):
    found = triples("The New START treaty, signed between Russia and the United States in 2010, limits warheads.")
    assert ("Russia", "signs", "New START") in found
    assert ("United States", "party_to", "New START") in found


def test_reached_agreement_and_commitment_to_a_treaty(triples):
    found = triples("Chile reached the Paris Agreement with Peru.")
    assert ("Peru", "signs", "Paris Agreement") in found
    assert ("Chile", "party_to", "Paris Agreement") in triples("Chile reaffirmed its commitment to the Paris Agreement.")
    assert not triples("The troops reached Peru on Monday.")


def test_counterpart_holds_the_same_office_elsewhere(triples):
    found = triples("Argentine President Javier Milei met his Chilean counterpart Gabriel Boric in Santiago.")
    assert ("Gabriel Boric", "leads", "Chile") in found
    found = triples("Norwegian Foreign Minister Espen Barth Eide called his Chilean counterpart Alberto van Klaveren.")
    assert ("Alberto van Klaveren", "official_of", "Chile") in found


def test_the_objects_class_picks_membership_or_party_or_participation(triples):
    assert ("Chile", "party_to", "Paris Agreement") in triples("Chile joined the Paris Agreement in 2017.")
    assert ("Chile", "member_of", "NATO") in triples("Chile joined NATO in 2031.")
    assert ("Chile", "participates_in", "2019 NATO summit") in triples("Chile joined the 2019 NATO summit.")
    found = triples("Peru and Chile are member states of the Paris Agreement.")
    assert ("Peru", "party_to", "Paris Agreement") in found
    assert ("Peru", "member_of", "Paris Agreement") not in found
    assert ("Chile", "party_to", "Paris Agreement") in triples("Chile acceded to the Paris Agreement.")


def test_signing_an_extension_extends(triples):
    found = triples("Russia and the United States signed an extension of New START in 2021.")
    assert ("Russia", "extends", "New START") in found
    assert ("Russia", "signs", "New START") not in found


def test_a_person_travelling_is_a_visit_not_a_deployment(triples):
    assert not any(p == "deploys_to" for (s, p, o) in triples("Chilean President Gabriel Boric travelled to Lima on Monday."))
    assert ("Chile", "deploys_to", "Peru") in triples("Chilean soldiers travelled to Peru on Monday.")


def test_a_treaty_with_a_state_is_no_cooperation_claim(triples):
    found = triples("Chile has a treaty with Peru.")
    assert ("Chile", "cooperates_with", "Peru") not in found


def test_a_leaders_country_is_the_state_he_leads(triples):
    found = triples("At the congress Xi Jinping said that his country would keep a naval presence in Cambodia.")
    assert ("China", "deploys_to", "Cambodia") in found
    assert ("Xi Jinping", "deploys_to", "Cambodia") not in found


def test_acting_under_a_treaty_makes_a_party(triples):
    found = triples("Chile welcomed the Paris Agreement. Under the accord, Peru will cut emissions by half.")
    assert found[("Peru", "party_to", "Paris Agreement")].modality == "asserted"
    assert not any(p == "party_to" for (s, p, o) in triples("Under President Boric, Chile cut emissions."))


def test_agreeing_on_a_treaty_signs_it(triples):
    found = triples("Chile and Peru agreed on the Paris Agreement last year.")
    assert ("Peru", "signs", "Paris Agreement") in found


def test_suspending_a_treaty_one_is_party_to(triples):
    found = triples("Chile announced on Wednesday that it is suspending the Paris Agreement with Peru.")
    assert ("Chile", "party_to", "Paris Agreement") in found
    assert ("Peru", "party_to", "Paris Agreement") in found
    assert ("Peru", "suspends", "Paris Agreement") not in found


def test_membership_noun_beside_the_organisation_in_a_compound(triples):
    found = triples("NATO members Norway, Denmark and Iceland agreed to the plan.")
    assert ("Iceland", "member_of", "NATO") in found
    assert ("Norway", "member_of", "NATO") in triples("Norway, which is also a NATO member state, objected.")


def test_their_talks_pair_the_coordinated_subjects(triples):
    found = triples("Venezuela and Chile had progressed at their own talks in Qatar.")
    assert frozenset(("Venezuela", "Chile")) in {frozenset((s, o)) for (s, p, o) in found if p == "negotiates_with"}
    assert not any(p == "negotiates_with" for (s, p, o) in triples("Chile and Peru praised their partners."))


def test_host_of_talks_between_others_talks_with_each(triples):
    found = triples("Chile hosted talks between Peru and Bolivia.")
    assert ("Chile", "negotiates_with", "Peru") in found
    assert ("Chile", "negotiates_with", "Bolivia") in found


def test_a_counterpart_stands_for_the_state_named(triples):
    found = triples("Chilean President Gabriel Boric spoke by phone with his Peruvian counterpart.")
    assert ("Gabriel Boric", "negotiates_with", "Peru") in found


def test_talks_in_an_adjunct_are_the_clause_subjects(triples):
    found = triples("During talks with Peru, Chile agreed to reopen the border.")
    assert found[("Chile", "negotiates_with", "Peru")].modality == "asserted"


def test_employer_after_the_name(triples):
    found = triples("It was attended by Prime Minister Kaja Kallas of Estonia, and President Gabriel Boric of Chile.")
    assert ("Gabriel Boric", "leads", "Chile") in found


def test_sending_a_delegation_to_a_summit_takes_part(triples):
    found = triples("Chile sent a delegation to the 2019 NATO summit.")
    assert ("Chile", "participates_in", "2019 NATO summit") in found


def test_an_office_holder_signing_makes_the_employer_a_party(triples):
    found = triples("Chilean President Gabriel Boric signed the Paris Agreement in Lima.")
    assert ("Gabriel Boric", "signs", "Paris Agreement") in found
    assert ("Chile", "party_to", "Paris Agreement") in found
    assert ("Gabriel Boric", "party_to", "Paris Agreement") not in found


def test_symmetric_verbs_with_between_pair_the_parties(triples):
    found = triples("The price cap, negotiated between Chile and Peru, takes effect on Monday.")
    assert frozenset(("Chile", "Peru")) in {frozenset((s, o)) for (s, p, o) in found if p == "negotiates_with"}
    found = triples("Bolivia mediated between Chile and Peru.")
    pairs = {frozenset((s, o)) for (s, p, o) in found if p == "negotiates_with"}
    assert frozenset(("Bolivia", "Chile")) in pairs
    assert frozenset(("Chile", "Peru")) in pairs


def test_not_signing_says_nothing_about_being_a_party(triples):
    found = triples("Ecuador did not sign the Open Skies Treaty.")
    assert ("Ecuador", "signs", "Open Skies Treaty") in found
    assert not any(k[0] == "Ecuador" and k[1] == "party_to" for k in found)


def test_an_office_holder_takes_no_stance_toward_his_own_employer(triples):
    """Such a statement comes from a misread reference; a stance toward another state stays."""
    found = triples("Norwegian Prime Minister Lars Berg condemned Norway and Sweden.")
    assert ("Lars Berg", "leads", "Norway") in found
    assert ("Lars Berg", "criticizes", "Sweden") in found
    assert ("Lars Berg", "criticizes", "Norway") not in found
