"""Reactions (extract/rules/reaction.py): reported evaluations read as stances. Every sentence here is
written for the test."""
from __future__ import annotations


def test_evaluating_verb_takes_the_owner_of_the_act(triples):
    found = triples("Norway praised Chile's decision to ratify the fisheries accord.")
    assert ("Norway", "supports", "Chile") in found


def test_thanked_someone_for_something(triples):
    found = triples("Ecuador thanked Colombia for its help during the floods.")
    assert ("Ecuador", "supports", "Colombia") in found


def test_complaint_about_what_another_did(triples):
    st = triples("Uruguay complained that Paraguay had not paid its share of the dam.")[
        ("Uruguay", "criticizes", "Paraguay")]
    assert st.modality == "asserted"  # the content is negated, the complaint is not


def test_expressed_feeling_at_an_act(triples):
    found = triples("Peru expressed deep disappointment at Bolivia's decision to close the border.")
    assert ("Peru", "criticizes", "Bolivia") in found
    found = triples("Finland voiced gratitude to Estonia for the loan of two ferries.")
    assert ("Finland", "supports", "Estonia") in found


def test_calling_an_act_something_negative_or_positive(triples):
    assert ("Canada", "criticizes", "Denmark") in triples("Canada called Denmark's new quota a huge setback.")
    assert ("Finland", "supports", "Estonia") in triples("Finland called Estonia's proposal constructive and timely.")
    assert ("Chile", "supports", "Argentina") in triples("Chile described Argentina's offer as encouraging.")


def test_calling_it_refers_to_the_main_verbs_object(triples):
    found = triples("Kenya reviewed Uganda's decision to reopen the border, calling it wise and constructive.")
    assert ("Kenya", "supports", "Uganda") in found


def test_judgement_in_reported_speech_is_the_speakers_stance(triples):
    st = triples("Chile said Bolivia's blockade of the port was a dangerous provocation.")[
        ("Chile", "criticizes", "Bolivia")]
    assert st.attributed_to is None  # the speaker states it: a speech act


def test_judgement_in_a_quote_about_the_last_act(triples):
    found = triples('Bolivia withdrew from the Andean Pact on Monday. "This is a terrible mistake," '
                    'Chilean Foreign Minister Alberto van Klaveren said.')
    assert ("Alberto van Klaveren", "criticizes", "Bolivia") in found


def test_negated_judgement_is_a_negated_stance(triples):
    st = triples("Chile said Bolivia's decision was not a mistake.").get(("Chile", "criticizes", "Bolivia"))
    assert st is not None and st.modality == "negated"


def test_wrongdoing_word_is_also_an_accusation(triples):
    found = triples("Chile called Bolivia's blockade of the port illegal.")
    assert ("Chile", "criticizes", "Bolivia") in found
    assert ("Chile", "accuses", "Bolivia") in found


def test_patient_of_an_act_is_not_its_target(triples):
    found = triples("Canada called Denmark's detention of the fishermen unjust.")
    assert ("Canada", "criticizes", "Denmark") in found  # Denmark detains: the act's agent
    found = triples("Canada called the fisherman's detention in Denmark unjust.")
    assert not any(k[0] == "Canada" and k[1] == "criticizes" and k[2] != "Denmark" for k in found)


def test_unresolved_holder_gives_no_stance(triples):
    found = triples("Some analysts called Peru's decision a setback.")
    assert not any(k[1] in ("criticizes", "supports") for k in found)


def test_polarity_words_come_from_the_ontology(tmp_path, extractor):
    from extract.pipeline import Extractor
    from ontology.model import load_ontology

    text = "Chile called Peru's offer splendid."
    core = {(s.subject.name, s.predicate, s.object.name) for s in extractor.extract_text(text).statements}
    assert ("Chile", "supports", "Peru") not in core
    overlay = tmp_path / "overlay.ttl"
    overlay.write_text(
        "@prefix tkg: <https://w3id.org/treatykg/ontology#> .\n"
        'tkg:supports tkg:evaluationTrigger "splendid" .\n', encoding="utf-8")
    custom = Extractor(ontology=load_ontology(overlays=[overlay]), gazetteer=extractor.gazetteer, nlp=extractor.nlp)
    found = {(s.subject.name, s.predicate, s.object.name) for s in custom.extract_text(text).statements}
    assert ("Chile", "supports", "Peru") in found


def test_source_of_an_announcement_is_its_actor(triples):
    assert ("Norway", "criticizes", "Sweden") in triples("Norway lamented the announcement from Sweden.")


def test_this_is_a_good_agreement_names_the_treaty(triples):
    found = triples('Chile ratified the Paris Agreement in 2017. "It is a good agreement for the planet," '
                    'Chilean President Gabriel Boric said.')
    assert ("Gabriel Boric", "supports", "Paris Agreement") in found


def test_the_one_moved_holds_the_stance(triples):
    assert ("Sweden", "opposes", "Norway") in triples("Sweden was infuriated by Norway's decision.")
    assert ("Sweden", "opposes", "Norway") in triples("Norway's decision angered Sweden.")
    assert ("Peru", "supports", "Chile") in triples("The offer from Chile pleased Peru.")


def test_opponent_and_critic_are_stance_roles(triples):
    assert ("Lithuania", "opposes", "Russia") in triples("Longtime Kremlin opponent Lithuania voted against the plan.")
    assert ("Norway", "criticizes", "Chile") in triples("Norway, a vocal critic of Chile, abstained.")


def test_alleging_is_accusing(triples):
    assert ("Chile", "accuses", "Peru") in triples("Chile alleges Peru is hiding weapons near the border.")


def test_first_person_in_a_quote_is_the_speaker(triples):
    found = triples('"We strongly condemn Bolivia\'s decision," Chilean Foreign Minister Alberto van Klaveren said.')
    assert ("Alberto van Klaveren", "criticizes", "Bolivia") in found


def test_a_statement_from_someone_speaks_for_them(triples):
    found = triples('"We welcome the Paris Agreement," according to a joint statement from Chile and Peru.')
    assert ("Chile", "supports", "Paris Agreement") in found
    assert ("Peru", "supports", "Paris Agreement") in found


def test_reported_wrongdoing_is_an_accusation(triples):
    found = triples("Venezuela said Guyana had meddled in its internal affairs.")
    assert ("Venezuela", "accuses", "Guyana") in found


def test_as_judges_only_after_a_judging_verb(triples):
    found = triples("Chile denounced Peru's blockade as illegal.")
    assert ("Chile", "criticizes", "Peru") in found
    found = triples("Peru refused to let Chile join unless it recognised Bolivia as a terrorist state.")
    assert not any(k[1] == "criticizes" and k[2] == "Bolivia" for k in found)


def test_pejorative_names_for_actors(triples):
    assert ("Chile", "criticizes", "Venezuela") in triples("Chile called Venezuela a dictatorship run by a tyrant.") \
        or ("Chile", "criticizes", "Venezuela") in triples("Chile described Venezuela as a puppet of Cuba.")


def test_quote_over_several_sentences_has_one_speaker(triples):
    found = triples('"The decision by Peru is a serious error. Our ministers will meet on Friday. Trade will '
                    'continue as before," Chilean Foreign Minister Alberto van Klaveren told reporters.')
    assert ("Alberto van Klaveren", "criticizes", "Peru") in found


def test_judged_clause_names_its_actor(triples):
    found = triples("Peru said Ecuador sending warships to the strait would constitute a grave provocation.")
    assert ("Peru", "criticizes", "Ecuador") in found


def test_feeling_of_the_subject_toward_the_prepositions_object(triples):
    assert ("Norway", "supports", "Sweden") in triples("Norway is grateful to Sweden for its help.")
    assert ("Chile", "criticizes", "Peru") in triples("Chile is deeply concerned about Peru's decision.")
    # Without its preposition the adjective judges the subject instead: no feeling of Chile's.
    found = triples("Chile said Peru's plan was worrying.")
    assert ("Peru", "criticizes", "Chile") not in found
    assert ("Chile", "criticizes", "Peru") in found


def test_refusing_to_praise_is_a_negated_stance(triples):
    st = triples("Chile refused to praise Peru's decision.").get(("Chile", "supports", "Peru"))
    assert st is not None and st.modality == "negated"


def test_pronoun_judged_only_when_it_can_stand_for_an_act(triples):
    found = triples('Peru withdrew from the Paris Agreement. "It was a good day for the planet," '
                    'Chilean President Gabriel Boric said.')
    assert ("Gabriel Boric", "supports", "Peru") not in found
    found = triples('Peru withdrew from the Paris Agreement. "It is a mistake," Chilean President Gabriel Boric said.')
    assert ("Gabriel Boric", "criticizes", "Peru") in found


def test_expelling_diplomats_and_voting_for(triples):
    assert ("Norway", "opposes", "Russia") in triples("Norway expelled three Russian diplomats.")
    assert ("Brazil", "supports", "Paris Agreement") in triples("Brazil voted for the Paris Agreement.")


def test_negated_evaluations_in_every_construction(triples):
    for text in ("Chile expressed no concern over Peru's decision.",
                 "Chile is not concerned about Peru's decision.",
                 "Chile did not call Peru's decision a mistake."):
        st = triples(text).get(("Chile", "criticizes", "Peru"))
        assert st is not None and st.modality == "negated", text


def test_agent_of_a_participle_owns_the_act(triples):
    assert ("Chile", "criticizes", "Peru") in triples("Chile said the tariffs imposed by Peru were unfair.")


def test_extraposed_it_is_no_act(triples):
    found = triples("Peru withdrew from the Paris Agreement. Chile said it was necessary to act quickly.")
    assert ("Chile", "supports", "Peru") not in found
    found = triples("Peru withdrew from the Paris Agreement. Chile said it was unfortunate that talks had failed.")
    assert ("Chile", "criticizes", "Peru") not in found


def test_feeling_about_what_another_did(triples):
    found = triples("Colombia said it was disappointed that Venezuela had rejected the offer.")
    assert ("Colombia", "criticizes", "Venezuela") in found
    assert ("Chile", "criticizes", "Peru") in triples("Chile was disappointed by Peru's decision.")


def test_bearing_the_blame_is_an_accusation(triples):
    assert ("Chile", "accuses", "Peru") in triples("Chile said Peru bears full responsibility for the crisis.")
    found = triples("Chile said its Argentine and Bolivian rivals bore responsibility for the water shortage.")
    assert ("Chile", "accuses", "Argentina") in found and ("Chile", "accuses", "Bolivia") in found


def test_evaluation_received_from_someone(triples):
    assert ("Chile", "criticizes", "Peru") in triples("Peru's decision drew sharp criticism from Chile.")
    found = triples("Peru faced condemnation from Chile and Bolivia.")
    assert ("Chile", "criticizes", "Peru") in found and ("Bolivia", "criticizes", "Peru") in found
    assert ("Norway", "supports", "Peru") in triples("The plan by Peru won praise from Norway.")


def test_pronoun_named_as_a_class_noun_is_an_entity_of_that_class(triples):
    found = triples("Chile and Peru signed the Lima Framework on Monday. "
                    "Bolivia described it as a historic agreement.")
    assert ("Bolivia", "supports", "Lima Framework") in found


def test_policy_labelled_with_a_negative_noun_is_criticised(triples):
    found = triples("President Ana Rojas of Chile labeled Peru's actions as a form of containment.")
    assert ("Ana Rojas", "criticizes", "Peru") in found


def test_a_plain_importance_judgement_is_not_support(triples):
    found = triples("The NATO chief says the Chilean review of port security is important.")
    assert not any(p == "supports" for _, p, _ in found)


def test_an_act_that_alarms_a_state_is_criticised_by_it(triples):
    found = triples("Peru's rapprochement with Bolivia has alarmed Chile.")
    assert ("Peru", "cooperates_with", "Bolivia") in found
    assert ("Chile", "criticizes", "Peru") in found
