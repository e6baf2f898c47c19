"""Unit tests for general mechanisms found by reading extractions of news-style texts; every
sentence here is written for the test."""
from __future__ import annotations


def test_portfolio_title_does_not_swallow_the_name(triples):
    # NER reads "Defense Laura Jensen" as one span; the person starts after the portfolio.
    found = triples("U.S. Under Secretary of Defense Laura Jensen arrived in Manila on Sunday.")
    assert ("Laura Jensen", "official_of", "United States") in found


def test_title_walk_stops_at_another_name(triples):
    found = triples("The deal was signed by French President Emmanuel Macron and Indian Prime Minister "
                    "Narendra Modi in 2023.")
    assert ("Narendra Modi", "leads", "India") in found
    assert ("Narendra Modi", "leads", "France") not in found


def test_title_before_appositive_name(triples):
    found = triples("Norway's foreign minister, Espen Barth Eide, said Oslo would send more aid.")
    assert ("Espen Barth Eide", "official_of", "Norway") in found


def test_reported_judgement_is_a_stated_criticism(triples):
    st = triples("Hungary said the Polish decision would damage European unity.")[("Hungary", "criticizes", "Poland")]
    assert st.modality == "asserted"
    assert st.attributed_to is None


def test_sanctions_hit_the_owner_of_their_target(triples):
    found = triples("Canada imposed sanctions on Belarus's potash industry.")
    assert ("Canada", "sanctions", "Belarus") in found
    # A noun's "on" may belong to another noun: no owner reading there.
    found = triples("Analysts studied the impact of recent Canadian sanctions on Norway's fisheries.")
    assert ("Canada", "sanctions", "Norway") not in found


def test_measure_noun_of_sanctions(triples):
    found = triples("Britain adopted a fresh round of sanctions against Iran on Monday.")
    assert ("United Kingdom", "sanctions", "Iran") in found


def test_gerund_after_preposition_shares_subject(triples):
    found = triples("Australia joined Japan in imposing sanctions on North Korea.")
    assert ("Australia", "sanctions", "North Korea") in found


def test_pledged_and_granted_aid(triples):
    st = triples("Spain pledged new military aid to Ukraine.")[("Spain", "supports", "Ukraine")]
    assert st.modality == "intended"
    assert ("Norway", "supports", "Moldova") in triples("Norway granted aid to Moldova.")


def test_called_on_someone_to_act_is_no_fact(triples):
    found = triples("Tehran called on Moscow to stop arming Armenia.")
    assert not any(k[1] == "supports" for k in found)


def test_stopping_an_act_negates_it(triples):
    st = triples("Qatar stopped funding Hamas in 2024.").get(("Qatar", "supports", "Hamas"))
    assert st is None or st.modality == "negated"


def test_transitive_protest_is_opposition(triples):
    assert ("South Korea", "opposes", "Japan") in triples("South Korea protested Japan's latest textbook revision.")


def test_calling_an_act_a_fault_criticizes_its_actor(triples):
    found = triples("Armenia left the CSTO in May. Belarus called the move a dangerous provocation.")
    assert ("Belarus", "criticizes", "Armenia") in found
    # Praise is no criticism.
    found = triples("Armenia left the CSTO in May. Iran called the move a success.")
    assert not any(k[1] == "criticizes" for k in found)


def test_judged_pronoun_stands_for_the_last_act(triples):
    found = triples("Tokyo said on Monday that Seoul had left the forum. Beijing called it a mistake.")
    assert ("China", "criticizes", "Japan") not in found


def test_help_with_bare_infinitive(triples):
    st = triples("France will help India build six submarines.")[("France", "supports", "India")]
    assert st.modality == "intended"


def test_airstrikes_and_troops_moved_out(triples):
    assert ("Turkey", "attacks", "Iraq") in triples("Turkey carried out airstrikes on Iraq last week.")
    st = triples("Washington will move 2,000 troops out of Iraq.")[("United States", "withdraws_from", "Iraq")]
    assert st.modality == "intended"


def test_belong_to_an_organisation(triples):
    assert ("Austria", "member_of", "European Union") in triples("Austria belongs to the European Union.")


def test_abbreviation_hyphen_pair_in_apposed_event_description(triples):
    found = triples("Troops later joined Cobra Gold, a large U.S.-Thai exercise held every year.")
    assert ("Thailand", "participates_in", "Cobra Gold") in found
    assert ("United States", "participates_in", "Cobra Gold") in found


def test_causative_withdrawal_moves_the_named_party(triples):
    found = triples("Parliament passed a bill withdrawing Hungary from the International Criminal Court.")
    assert any(k[0] == "Hungary" and k[1] == "withdraws_from" for k in found)
    found = triples("The referendum took Britain out of the European Union.")
    assert ("United Kingdom", "withdraws_from", "European Union") in found


def test_reported_responsibility_is_an_accusation(triples):
    found = triples("Azerbaijan said Armenia was responsible for the attack on the convoy.")
    assert ("Azerbaijan", "accuses", "Armenia") in found
    # No actor, no accusation.
    assert not triples("Officials said the storm was responsible for the delay.")
