"""Entity mentions: spans of a parsed paragraph linked to canonical entities.

Gazetteer spans (EntityRuler, ``ent_id_`` = canonical id) link directly; spans the gazetteer does
not know (PERSON, ORG, GPE, LOC, LAW, EVENT from the statistical NER) become new entities of the
document, typed from the NER label. Surnames and short names are linked to a full name seen in
the same document ("Stoltenberg" -> "Jens Stoltenberg").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc, Span

from extract.agreements import Descriptions
from extract.coref import PERSON_TYPES
from extract.lexicon import COLLECTIVE_NOUNS
from ontology.naming import strip_invisible
from ontology.records import Entity, slugify

#: NER label -> ontology class for spans the gazetteer does not know.
NER_TYPES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Location",  # every sovereign state is in the gazetteer: an unknown GPE is a place
    "LOC": "Location",
    "LAW": "Policy",
    "EVENT": "Event",
    "FAC": "Location",
}
#: Head words that make an unknown organisation a government body or an unknown law a treaty.
BODY_WORDS = frozenset(
    "ministry department army navy corps council agency parliament congress senate command "
    "forces guard office bureau service directorate cabinet assembly duma committee".split()
)
TREATY_WORDS = frozenset(
    "treaty pact accord agreement convention memorandum protocol charter framework accords declaration".split())
EVENT_WORDS = frozenset("summit exercise exercises operation drills conference talks games".split())
#: Last words of names that open with a place: "Pacific Alliance", "Arctic Council", "Andean Community".
PLACE_NAMED_WORDS = frozenset("alliance community commission initiative partnership forum dialogue process "
                              "bloc coalition compact zone organisation organization".split())
#: Of those, the words of bodies states join: a region's alliance or council is an international one.
INTERNATIONAL_WORDS = frozenset("alliance community commission forum bloc coalition union council assembly "
                                "organisation organization partnership".split())
#: Words of organisation names that are never a person's: "Rapid Support Forces", "Reuters News".
ORGANIZATION_WORDS = frozenset(
    "party front group forces movement company corporation corp inc ltd bank university institute news "
    "press times post agency association union federation foundation fund network media television radio "
    "international brigade brigades army league club centre center".split()
)
#: Nouns that describe a person in apposition: "Ivan Petrov, a colonel in the security service".
PERSON_NOUNS = frozenset(
    "colonel major captain lieutenant sergeant officer agent businessman businesswoman journalist "
    "activist lawyer politician billionaire citizen national dissident".split()
)
#: Types whose names are not extended by capitalised words before them ("President Joe Biden").
_NO_LONGER_NAME = frozenset({"Person", "State", "Location"})
_DEMONYM_END = re.compile(r"(an|en|ese|ish|ic|i|ch|ss|s|x)$")
#: Office words after which "of"/"for" names a portfolio: "Secretary of Defense Kathleen Hicks".
PORTFOLIO_TITLES = frozenset("secretary minister undersecretary commissioner".split())

_BAD_NAME = re.compile(r"^[\W\d_]+$|https?:|www\.|@|#|\n")
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['’]s?$")


@dataclass(slots=True)
class Mention:
    """A span of tokens [start, end) naming ``entity``; ``adjective`` for demonyms ("Russian")."""

    start: int
    end: int
    entity: Entity
    adjective: bool = False

    def __contains__(self, i: int) -> bool:
        return self.start <= i < self.end


class DocumentEntities:
    """The entities of one document: gazetteer entities used plus the new ones it introduced."""

    def __init__(self, gazetteer, lexicon=None) -> None:
        self.gazetteer = gazetteer
        self.entities: dict[str, Entity] = {}
        self._persons_by_token: dict[str, str] = {}
        #: "the Democratic Unionist Party (DUP)": acronyms a document defines, to their entity's id.
        self._acronyms: dict[str, str] = {}
        #: Unnamed agreements and summits ("a fisheries deal"), when the ontology gives their heads.
        self.descriptions = Descriptions(lexicon.description_heads, lexicon.actor_types, lexicon.definite_heads) \
            if lexicon is not None else Descriptions({})
        #: Nouns naming a person's office or status ("chief", "minister"): the last word of each title.
        self.role_words = frozenset(key[-1] for key in lexicon.titles) | PERSON_NOUNS \
            if lexicon is not None else PERSON_NOUNS

    def add(self, entity: Entity) -> Entity:
        known = self.entities.get(entity.id)
        if known is not None:
            return known
        self.entities[entity.id] = entity
        if entity.type == "Person":
            for part in entity.name.split()[1:]:
                self._persons_by_token.setdefault(part, entity.id)
        return entity

    def person_by_short_name(self, name: str) -> Optional[Entity]:
        """A person of this document whose full name ends with ``name`` ("Lavrov")."""
        entity_id = self._persons_by_token.get(name.split()[-1])
        return self.entities.get(entity_id) if entity_id else None

    def canonical(self, entity: Entity) -> Entity:
        """Late linking: a one-word person name seen before the full name maps to the full name."""
        if entity.type == "Person" and entity.source == "ner" and " " not in entity.name:
            full = self.person_by_short_name(entity.name)
            if full is not None and full.id != entity.id:
                return full
        return entity

    def link_doc(self, doc: Doc) -> list[Mention]:
        """All mentions of a parsed paragraph, in text order."""
        mentions: list[Mention] = []
        before = set(self.entities)
        ents = doc.ents
        skip_to = 0
        for k, span in enumerate(ents):
            if span.start < skip_to:
                continue
            if k + 1 < len(ents) and _cut_before_name(span, ents[k + 1]):
                # "the Revolutionary Armed Forces of" + "Colombia": the NER cut at the gazetteer name
                span = Span(doc, span.start, ents[k + 1].end, label=span.label_)
                skip_to = span.end
            mention = self._link_span(span)
            if mention is not None:
                mentions.append(mention)
                self._define_acronym(doc, mention)
        mentions = [self._adjective_named_body(doc, m) if m.adjective or m.entity.type in ("Location", "State")
                    else m for m in mentions]
        mentions = [m for m in mentions if not any(o.start <= m.start and m.end <= o.end and o.end - o.start >
                                                   m.end - m.start for o in mentions)]
        self._forget_unused(mentions, before)
        if self.descriptions.heads:
            covered = {i: m.entity for m in mentions for i in range(m.start, m.end)}
            self.descriptions.seen = list(self.entities.values())
            found = self.descriptions.find(doc, covered, self.add, self._lookup_named)
            if found:
                mentions.extend(Mention(d.start, d.end, d.entity) for d in found)
                mentions.sort(key=lambda m: m.start)
        return mentions

    def _define_acronym(self, doc: Doc, mention: Mention) -> None:
        """ "Full Name (FN)": the acronym in brackets right after a name whose word initials it
        spells names the same entity for the rest of the document."""
        end = mention.end
        if end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")":
            return
        acronym = doc[end + 1].text
        if not (2 <= len(acronym) <= 8 and acronym.isalpha() and acronym.isupper()):
            return
        if _spells(acronym, mention.entity.name):
            self._acronyms.setdefault(acronym, mention.entity.id)

    def _lookup_named(self, name: str) -> Optional[Entity]:
        known = self.gazetteer.lookup(name)
        return known[0] if known else None

    def _link_span(self, span: Span) -> Optional[Mention]:
        gaz = self.gazetteer
        if self._acronyms:
            # The document's own definition wins over the gazetteer's reading of the letters.
            trimmed = _trim(span)
            defined = self.entities.get(self._acronyms.get(trimmed.text, "")) if trimmed is not None else None
            if defined is not None:
                return Mention(trimmed.start, trimmed.end, defined)
        if span.ent_id_:
            entity = gaz.get(span.ent_id_)
            if entity is None:
                return None
            if span.label_ != "NORP":
                inner = self._modifier_inside_phrase(span)
                if inner is not None:
                    return inner
                longer = _longer_name(span, self.role_words) if entity.type not in _NO_LONGER_NAME else None
                if longer is not None:
                    name = _clean_name(longer.text)
                    known = gaz.lookup(name)
                    entity = known[0] if known else Entity(id=slugify(name), name=name, type=entity.type,
                                                           source="ner")
                    return Mention(longer.start, longer.end, self.add(entity))
            return Mention(span.start, span.end, self.add(entity), adjective=span.label_ == "NORP")
        ontology_type = NER_TYPES.get(span.label_)
        if _capitalised_opener(span):
            return None
        if span.label_ == "NORP":
            entity = gaz.by_adjective(span.text)
            if entity is not None:
                return Mention(span.start, span.end, self.add(entity), adjective=True)
            person = self.person_by_short_name(span.text) if len(span) == 1 else None
            if person is not None:
                return Mention(span.start, span.end, person)  # a surname the NER took for a people
            if not _place_name_as_norp(span):
                return None
            ontology_type = "Location"  # "Somaliland", "Transnistria": a place the NER took for a people
        if ontology_type is None:
            return None
        if _is_portfolio(span):
            return None  # "Secretary of Defense": part of a title, not an organisation
        portfolio_person = _after_portfolio(span)
        if portfolio_person is not None:
            span, ontology_type = portfolio_person, "Person"
        span = _trim(span)
        if span is None:
            return None
        name = _clean_name(span.text)
        if not name or _BAD_NAME.search(name) or len(name) > 80:
            return None
        if not any(word[:1].isupper() for word in name.split()):
            return None  # "the foreign ministry": a description, not a name
        known = gaz.lookup(name)
        if known:
            return Mention(span.start, span.end, self.add(known[0]))
        if ontology_type == "Person":
            if len(name) < 3 or not name[0].isupper():
                return None
            if " " not in name:
                full = self.person_by_short_name(name)
                if full is not None:
                    return Mention(span.start, span.end, full)
        ontology_type = _refine_type(ontology_type, name)
        if ontology_type == "GovernmentBody":
            owned = self._owned_name(span, name)
            if owned is not None:
                return owned
        if ontology_type == "Organization" and _person_in_role(span, self.role_words):
            ontology_type = "Person"  # "UNESCO chief Irina Bokova" tagged ORG
        entity = Entity(id=slugify(name), name=name, type=ontology_type, source="ner")
        return Mention(span.start, span.end, self.add(entity))


    def _adjective_named_body(self, doc: Doc, m: Mention) -> Mention:
        """ "the Saudi Press Agency", "the Somali Foreign Ministry": a demonym opening a title-case
        name that ends in an organisation word names that organisation, not the state. Likewise a
        place opening a name ("the Pacific Alliance", "the Arctic Council") names the body, not the place."""
        end = m.end
        if m.adjective:
            ends = BODY_WORDS | ORGANIZATION_WORDS
        elif m.entity.type == "Location":
            ends = BODY_WORDS | ORGANIZATION_WORDS | TREATY_WORDS | EVENT_WORDS | PLACE_NAMED_WORDS
        else:
            ends = TREATY_WORDS | EVENT_WORDS  # a capital's name: "the Lima Framework", "the Minsk Summit"
            if _title_case_line(doc[m.start].sent):
                return m  # a headline: every word is capitalised, "Chile Signs Trade Pact"
        while end < len(doc) and end - m.end < 4 and doc[end].text[:1].isupper() and doc[end].is_alpha \
                and doc[end].pos_ in ("PROPN", "NOUN") and not doc[end].ent_id_:
            end += 1
        if end == m.end or doc[end - 1].lower_ not in ends:
            return m
        if end < len(doc) and doc[end].text[:1].isupper() and doc[end].pos_ == "PROPN":
            return m  # the run goes on into another name: not sure where this one ends
        start = m.start
        if start >= 2 and doc[start - 1].text in ("-", "–", "—", "/") and doc[start - 2].ent_type_:
            # "the U.S.-Philippines Mutual Defense Treaty": the name opens with the first state.
            start = next((e.start for e in doc.ents if e.start <= start - 2 < e.end), start - 2)
        name = _clean_name(doc[start:end].text)
        known = self.gazetteer.lookup(name) or self.gazetteer.lookup(name.replace(".", ""))
        if start < m.start:
            return Mention(start, end, self.add(known[0])) if known else m
        kind = "InternationalOrganization" if not m.adjective and doc[end - 1].lower_ in INTERNATIONAL_WORDS \
            else _refine_type("Organization", name)
        entity = known[0] if known else Entity(id=slugify(name), name=name, source="ner", type=kind)
        return Mention(m.start, end, self.add(entity))

    def _forget_unused(self, mentions: list[Mention], before: set[str]) -> None:
        """A place or people first linked, then read as the start of a longer name ("the Pacific"
        of "the Pacific Alliance"), is not an entity of the document unless mentioned elsewhere."""
        used = {m.entity.id for m in mentions}
        for entity_id in [e for e in self.entities if e not in before and e not in used]:
            if self.entities[entity_id].source == "gazetteer":
                del self.entities[entity_id]

    def _owned_name(self, span: Span, name: str) -> Optional[Mention]:
        """ "Taiwan's Foreign Ministry", "Somali Foreign Ministry": a body the NER found without its
        owner, named "<owner's demonym> <name>" ("Taiwanese Foreign Ministry") unless known."""
        doc = span.doc
        words = name.split()
        if len(words) > 2 or words[-1].lower() not in self.descriptions.heads:
            return None  # "National Security Bureau" names itself; "Foreign Ministry" needs its owner
        end = span.start - 1 if span.start > 0 and doc[span.start - 1].tag_ == "POS" else span.start
        owner_span = next((e for e in doc.ents if e.end == end), None)
        if owner_span is None:
            return None
        if owner_span.ent_id_:
            owner = self.gazetteer.get(owner_span.ent_id_)
        elif owner_span.label_ == "NORP":
            owner = self.gazetteer.by_adjective(owner_span.text)
        else:
            owner = None
        if owner is None or owner.type in PERSON_TYPES or owner.type not in self.descriptions.actor_types:
            return None
        if owner_span.label_ == "NORP":
            adjective = owner_span.text
        else:
            adjective = owner.adjectives[0] if owner.adjectives else None
        for candidate in filter(None, (f"{adjective} {name}" if adjective else None, f"{owner.name}'s {name}")):
            known = self.gazetteer.lookup(candidate)
            if known:
                return Mention(span.start, span.end, self.add(known[0]))
        full = f"{adjective or owner.name} {name}"
        return Mention(span.start, span.end, self.add(Entity(id=slugify(full), name=full, type="GovernmentBody",
                                                             source="ner")))

    def _modifier_inside_phrase(self, span: Span) -> Optional[Mention]:
        """ "Turkey's military procurement agency", "US military bases": a generic lower-case body
        name ("military") that only modifies a longer noun phrase is not that body; the state
        before it is the mention. Likewise a portfolio before a title ("US Treasury Secretary")."""
        doc = span.doc
        last = span[-1]
        body = self.gazetteer.get(span.ent_id_)
        if len(span) < 2 or last.dep_ not in ("amod", "compound", "nmod") or body is None \
                or body.type != "GovernmentBody":
            return None
        head = last.head
        if head.i < span.end:
            return None
        if last.is_lower:
            if head.pos_ != "NOUN" or head.lemma_.lower() in COLLECTIVE_NOUNS | self.role_words:
                return None
        elif head.lower_ not in self.role_words or last.lower_ in BODY_WORDS:
            return None  # "US Treasury Secretary": a portfolio in a title, not the Treasury speaking
        for end in range(span.end - 1, span.start, -1):
            stop = end - 1 if doc[end - 1].tag_ == "POS" else end
            if stop <= span.start:
                continue
            text = doc[span.start:stop].text
            known = self.gazetteer.lookup(text)
            if known:
                return Mention(span.start, stop, self.add(known[0]))
            if stop - span.start == 1:
                adj = self.gazetteer.by_adjective(text)
                if adj is not None:
                    return Mention(span.start, stop, self.add(adj), adjective=True)
        return None


def _capitalised_opener(span: Span) -> bool:
    """ "Staunch Kremlin opponent Poland": an unknown one-word place opening the sentence right
    before a known name is the sentence's capitalised first word, not a place."""
    doc = span.doc
    return span.label_ in ("GPE", "LOC") and len(span) == 1 and span.start == span.sent.start \
        and span.end < len(doc) and bool(doc[span.end].ent_id_) and span[0].dep_ in ("compound", "amod")


def _title_case_line(sent: Span) -> bool:
    """A line written in title case (a headline), where capitals do not mark names."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and all(t.text[:1].isupper() for t in words)


def _cut_before_name(span: Span, following: Span) -> bool:
    """An NER name ending in "of"/"for" right before a gazetteer name: one name cut in two."""
    if span.ent_id_ or span.label_ not in ("ORG", "FAC", "EVENT") or following.start != span.end or len(span) < 2:
        return False
    if span[-1].lower_ not in ("of", "for") or not following.ent_id_ or following.label_ == "NORP":
        return False
    # "Armed Forces of", "Liberation Army of": an organisation's name, not "the Foreign Ministers of".
    return span[-2].lower_ in BODY_WORDS | ORGANIZATION_WORDS | TREATY_WORDS | EVENT_WORDS


def _longer_name(span: Span, role_words: frozenset[str]) -> Optional[Span]:
    """ "Iran's Supreme National Security Council": capitalised words before a gazetteer name that
    modify it make a longer name, which is another entity."""
    doc = span.doc
    start = span.start
    while start > span.sent.start + 1:
        prev = doc[start - 1]
        if prev.tag_ != "NNP" or not prev.text[:1].isupper() or prev.ent_type_:
            break
        if prev.dep_ not in ("compound", "amod") or not span.start <= prev.head.i < span.end \
                or prev.lower_ in role_words:
            break
        start -= 1
    return doc[start:span.end] if start < span.start else None


def _place_name_as_norp(span: Span) -> bool:
    """A NORP span that is a proper name, not a people's adjective: "Somaliland", "Transnistria"."""
    root = span.root
    text = span.text
    if root.tag_ != "NNP" or not text[:1].isupper() or _DEMONYM_END.search(text):
        return False
    return root.dep_ in ("pobj", "nsubj", "nsubjpass", "dobj", "conj", "appos") \
        and not any(c.dep_ in ("det", "amod") for c in root.children)


def _person_in_role(span: Span, role_words: frozenset[str]) -> bool:
    """An ORG span that is a person's name: two or three capitalised words after a role word
    ("UNESCO chief Irina Bokova") or with a role in apposition ("Ivan Petrov, a colonel in ...")."""
    if not 2 <= len(span) <= 3 or not all(t.tag_ == "NNP" and t.text[:1].isupper() and t.is_alpha for t in span):
        return False
    if {t.lower_ for t in span} & (BODY_WORDS | TREATY_WORDS | EVENT_WORDS | ORGANIZATION_WORDS):
        return False
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in role_words and before.tag_ in ("NN", "NNP") \
            and before.head.i in range(span.start, span.end):
        return True
    root = span.root
    return any(c.dep_ == "appos" and c.lemma_.lower() in role_words for c in root.children)


def _is_portfolio(span: Span) -> bool:
    doc = span.doc
    return len(span) == 1 and span.start >= 2 and doc[span.start - 1].lower_ in ("of", "for") \
        and doc[span.start - 2].lower_ in PORTFOLIO_TITLES and span.label_ == "ORG"


def _after_portfolio(span: Span) -> Optional[Span]:
    """ "Secretary of Defense Kathleen Hicks": NER reads the portfolio and the name as one
    organisation or person; the name after the portfolio word is the person."""
    doc = span.doc
    if span.label_ not in ("ORG", "PERSON") or len(span) < 3 or span.start < 2:
        return None
    if doc[span.start - 1].lower_ not in ("of", "for") or doc[span.start - 2].lower_ not in PORTFOLIO_TITLES:
        return None
    name = span[1:]
    if not 2 <= len(name) <= 3 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
        return None
    if {t.lower_ for t in name} & (BODY_WORDS | TREATY_WORDS | EVENT_WORDS):
        return None
    return name


_ACRONYM_SKIPPED = frozenset("of the and for on in to".split())


def _spells(acronym: str, name: str) -> bool:
    """Do the initials of the name's words spell the acronym ("Democratic Unionist Party" ->
    DUP), with or without its small words ("North Atlantic Treaty Organization" -> NATO)?"""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    initials = "".join(w[0] for w in words).upper()
    significant = "".join(w[0] for w in words if w.lower() not in _ACRONYM_SKIPPED).upper()
    return acronym.upper() in (initials, significant)


def _trim(span: Span) -> Optional[Span]:
    """Drop leading determiners and trailing possessives, punctuation and prepositions ("Arce of"
    before "Bolivia": no name ends in a preposition) from an NER span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].pos_ in ("DET", "PUNCT") or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].tag_ in ("POS", "IN", "CC") or doc[end - 1].pos_ == "PUNCT"
                           or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None


def _clean_name(text: str) -> str:
    name = " ".join(strip_invisible(text).split())  # no direction overrides or zero-width characters
    name = _LEADING.sub("", name)
    name = _POSSESSIVE.sub("", name)
    return name.strip(" -–—,.;:\"'")


def _refine_type(ontology_type: str, name: str) -> str:
    words = {w.lower() for w in name.split()}
    if ontology_type == "Organization" and words & BODY_WORDS:
        return "GovernmentBody"
    if ontology_type in ("Policy", "Organization", "Location") and words & TREATY_WORDS:
        return "Treaty"
    if ontology_type in ("Organization", "Location") and words & EVENT_WORDS:
        return "Event"
    return ontology_type
