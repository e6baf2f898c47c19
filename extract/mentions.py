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
TREATY_WORDS = frozenset("treaty pact accord agreement convention memorandum protocol charter".split())
EVENT_WORDS = frozenset("summit exercise exercises operation drills conference talks games".split())
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

    def __init__(self, gazetteer) -> None:
        self.gazetteer = gazetteer
        self.entities: dict[str, Entity] = {}
        self._persons_by_token: dict[str, str] = {}

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
        for span in doc.ents:
            mention = self._link_span(span)
            if mention is not None:
                mentions.append(mention)
        return mentions

    def _link_span(self, span: Span) -> Optional[Mention]:
        gaz = self.gazetteer
        if span.ent_id_:
            entity = gaz.get(span.ent_id_)
            if entity is None:
                return None
            return Mention(span.start, span.end, self.add(entity), adjective=span.label_ == "NORP")
        if span.label_ == "NORP":
            entity = gaz.by_adjective(span.text)
            if entity is None:
                return None
            return Mention(span.start, span.end, self.add(entity), adjective=True)
        ontology_type = NER_TYPES.get(span.label_)
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
        entity = Entity(id=slugify(name), name=name, type=ontology_type, source="ner")
        return Mention(span.start, span.end, self.add(entity))


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


def _trim(span: Span) -> Optional[Span]:
    """Drop leading determiners and trailing possessives/punctuation from an NER span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].pos_ in ("DET", "PUNCT") or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].pos_ == "PUNCT" or doc[end - 1].is_space):
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
    if ontology_type in ("Policy", "Organization") and words & TREATY_WORDS:
        return "Treaty"
    if ontology_type in ("Organization", "Location") and words & EVENT_WORDS:
        return "Event"
    return ontology_type
