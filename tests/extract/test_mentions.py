"""Entity mentions (extract/mentions.py): linking fixes for spans the gazetteer or NER cut wrongly.
Every sentence is written for the test."""
from __future__ import annotations

from extract.mentions import DocumentEntities


def _link(extractor, text: str, relabel: tuple[str, str] | None = None):
    """Mentions of ``text`` as (surface, entity name, entity type); ``relabel`` = (surface, NER label)
    forces the statistical NER's label on a span, to reproduce its mistakes."""
    doc = extractor.nlp(text)
    if relabel is not None:
        surface, label = relabel
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        doc.ents = [e for e in doc.ents if e.end <= span.start or e.start >= span.end] + [span]
    entities = DocumentEntities(extractor.gazetteer, extractor.lexicon)
    return [(doc[m.start:m.end].text, m.entity.name, m.entity.type) for m in entities.link_doc(doc)]


def test_body_name_modifying_a_longer_phrase_links_the_state(extractor):
    found = _link(extractor, "The United States announced sanctions against Russia's military procurement agency.")
    assert ("Russia", "Russia", "State") in found
    assert not any(name == "Russian Armed Forces" for _, name, _ in found)


def test_body_name_heading_its_phrase_is_kept(extractor):
    found = _link(extractor, "Russia's military said the drills were over.")
    assert any(name == "Russian Armed Forces" for _, name, _ in found)


def test_capitalised_words_before_a_known_body_make_a_longer_name(extractor):
    found = _link(extractor, "Karim Haddad, the secretary of Iraq's Supreme National Security Council, "
                             "travelled to Oslo.")
    assert ("Supreme National Security Council", "Supreme National Security Council", "GovernmentBody") in found
    assert ("Iraq", "Iraq", "State") in found


def test_title_before_a_person_is_not_part_of_a_longer_name(extractor):
    found = _link(extractor, "Russian President Vladimir Putin spoke on Monday.")
    assert ("Vladimir Putin", "Vladimir Putin", "Person") in found


def test_org_tagged_name_after_a_role_word_is_a_person(extractor):
    text = "FIFA chief Gianni Infantino issued a statement."
    found = _link(extractor, text, relabel=("Gianni Infantino", "ORG"))
    assert ("Gianni Infantino", "Gianni Infantino", "Person") in found


def test_org_tagged_name_with_a_role_in_apposition_is_a_person(extractor):
    text = "The swap included Oleg Sorokin, a colonel in the Russian army."
    found = _link(extractor, text, relabel=("Oleg Sorokin", "ORG"))
    assert ("Oleg Sorokin", "Oleg Sorokin", "Person") in found


def test_org_tagged_organisation_stays_an_organisation(extractor):
    text = "The statement came from Rapid Response Forces, a militia in the north."
    found = _link(extractor, text, relabel=("Rapid Response Forces", "ORG"))
    assert any(name == "Rapid Response Forces" and t != "Person" for _, name, t in found)


def test_norp_tagged_place_name_used_as_a_noun_is_a_place(extractor):
    found = _link(extractor, "The deal gave Ethiopia access to the sea, and Somaliland wanted recognition.",
                  relabel=("Somaliland", "NORP"))
    assert ("Somaliland", "Somaliland", "Location") in found


def test_norp_adjective_without_entity_is_dropped(extractor):
    found = _link(extractor, "Chechen fighters crossed the border.", relabel=("Chechen", "NORP"))
    assert not any(surface == "Chechen" for surface, _, _ in found)


def test_unnamed_agreement_mention_is_linked(extractor):
    found = _link(extractor, "Chile and Peru signed a fisheries agreement in Lima.")
    assert ("agreement", "fisheries agreement", "Treaty") in found


def test_body_described_with_its_owner_is_an_entity(extractor):
    found = _link(extractor, "The Malian navy took over the port.")
    assert ("navy", "Malian navy", "GovernmentBody") in found
    # A state's army or military is named as its armed forces (test_agreements.py).
    found = _link(extractor, "Sudan's army and the rebels signed a truce.")
    assert ("army", "Sudanese Armed Forces", "GovernmentBody") in found


def test_body_without_owner_is_left_to_coreference(extractor):
    found = _link(extractor, "The army said the drills were over.")
    assert not any(t == "GovernmentBody" for _, _, t in found)


def test_ner_portfolio_name_takes_its_owner(extractor):
    text = "Taiwan's Foreign Ministry lamented the announcement."
    found = _link(extractor, text, relabel=("Foreign Ministry", "ORG"))
    assert ("Foreign Ministry", "Taiwanese Foreign Ministry", "GovernmentBody") in found


def test_ner_body_with_its_own_name_keeps_it(extractor):
    text = "Jan Nowak, head of Poland's National Security Bureau, confirmed the deal."
    found = _link(extractor, text, relabel=("National Security Bureau", "ORG"))
    assert any(name == "National Security Bureau" for _, name, _ in found)


def test_ner_name_cut_before_a_gazetteer_name_is_joined(extractor):
    found = _link(extractor, "The Popular Liberation Army of Colombia refused to disarm.")
    assert any(name == "Popular Liberation Army of Colombia" for _, name, _ in found)
    assert not any(name == "Colombia" for _, name, _ in found)


def test_office_holders_of_a_state_are_not_joined_to_it(extractor):
    text = "The Trade Ministers of Chile and Peru met on Monday."
    found = _link(extractor, text, relabel=("Trade Ministers of", "ORG"))
    assert ("Chile", "Chile", "State") in found


def test_place_tagged_framework_is_a_treaty(extractor):
    text = "Parliament will vote on the Lisbon Framework this week."
    found = _link(extractor, text, relabel=("Lisbon Framework", "GPE"))
    assert ("Lisbon Framework", "Lisbon Framework", "Treaty") in found


def test_portfolio_before_a_title_links_the_state(extractor):
    found = _link(extractor, "US Treasury Secretary Janet Yellen said so.")
    assert ("US", "United States", "State") in found
    assert not any(name == "US Treasury Department" for _, name, _ in found)


def test_body_before_a_role_keeps_the_body(extractor):
    found = _link(extractor, "Chinese Foreign Ministry Spokesperson Wang Wenbin said so.")
    assert any(name == "Chinese Foreign Ministry" for _, name, _ in found)


def test_demonym_opening_an_organisation_name(extractor):
    found = _link(extractor, "Officials told the Kenyan Broadcasting Corporation on Friday that talks would resume.")
    assert any(name == "Kenyan Broadcasting Corporation" for _, name, _ in found)
    assert not any(name == "Kenya" for _, name, _ in found)


def test_demonym_before_a_plain_noun_stays_an_adjective(extractor):
    found = _link(extractor, "Kenyan officials said talks would resume.")
    assert ("Kenyan", "Kenya", "State") in found


def test_norp_tagged_surname_links_the_person(extractor):
    doc = extractor.nlp("Foreign Minister Tomasz Wisniewski met the envoy. Later Wisniewski said the talks went well.")
    start = doc.text.index("Later Wisniewski") + len("Later ")
    span = doc.char_span(start, start + len("Wisniewski"), label="NORP")
    doc.ents = [e for e in doc.ents if e.end <= span.start or e.start >= span.end] + [span]
    entities = DocumentEntities(extractor.gazetteer, extractor.lexicon)
    found = [(doc[m.start:m.end].text, m.entity.name) for m in entities.link_doc(doc)]
    assert ("Wisniewski", "Tomasz Wisniewski") in found


def test_place_opening_a_body_name_names_the_body(extractor):
    found = _link(extractor, "Chile joined the Pacific Alliance in 2012.")
    assert ("the Pacific Alliance", "Pacific Alliance", "InternationalOrganization") in found
    assert not any(name == "Pacific Ocean" for _, name, _ in found)


def test_place_before_a_plain_noun_stays_the_place(extractor):
    found = _link(extractor, "Ships crossed the Pacific last year.")
    assert any(name == "Pacific Ocean" for _, name, _ in found)


def test_place_read_into_a_longer_name_is_not_a_document_entity(extractor):
    result = extractor.extract_text("Peru joined the Pacific Alliance in 2012.")
    assert "Pacific Ocean" not in {e.name for e in result.entities}
    assert ("Peru", "member_of", "Pacific Alliance") in {
        (s.subject.name, s.predicate, s.object.name) for s in result.statements}


def test_capital_opening_a_treaty_name_names_the_treaty(extractor):
    found = _link(extractor, "Chile and Peru signed the Lima Framework in May.")
    assert ("Lima Framework", "Lima Framework", "Treaty") in found


def test_capital_in_a_title_case_headline_is_not_read_into_a_name(extractor):
    found = _link(extractor, "Lima Summit Talks Collapse After Chile Walks Out")
    assert not any(name == "Lima Summit Talks" for _, name, _ in found)


def test_bilateral_treaty_name_opening_with_a_hyphenated_state_is_one_mention(extractor):
    found = _link(extractor, "Manila invoked the U.S.-Philippines Mutual Defense Treaty on Monday.")
    assert ("U.S.-Philippines Mutual Defense Treaty", "US-Philippines Mutual Defense Treaty", "Treaty") in found
    assert not any(surface == "U.S." for surface, _, _ in found)


def test_capitalised_first_word_before_a_known_name_is_not_a_place(extractor):
    found = _link(extractor, "Staunch Kremlin critic Chile is among the states seeking sanctions.",
                  relabel=("Staunch", "GPE"))
    assert not any(surface == "Staunch" for surface, _, _ in found)
    assert ("Chile", "Chile", "State") in found
