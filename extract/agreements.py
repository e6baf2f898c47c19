"""Unnamed agreements, summits, bodies and other described entities.

News names many treaties and meetings only by a description: "a fisheries agreement", "the
Chilean-Peruvian fisheries deal", "a memorandum of understanding", "a summit in Oslo". The
gazetteer cannot know them and the statistical NER does not tag them, so without this module
"Chile signed a fisheries agreement" has no object.

A noun whose lemma is a description head of an ontology class (``tkg:descriptionHead`` in
``core.ttl``, read into :attr:`extract.lexicon.Lexicon.description_heads`) becomes a mention of
an entity of that class when its phrase says *which* one it is: distinctive modifiers before the
head ("fisheries", "2018", "Chilean-Peruvian"), an "of" complement ("memorandum of understanding")
or, without those, a place, partner or topic after it ("summit in Oslo" -> "Oslo summit",
"agreement on water rights", "ceasefire with the rebels"). The entity is named by the phrase
itself, the string the text uses for it, without judging words ("the new pact" -> "pact"). A
later description of the same class whose distinctive words are a subset or superset of an
earlier one's ("the fisheries deal" after "the Chilean-Peruvian fisheries agreement") links to
that entity. A bare head introduces an entity when it is indefinite ("signed a deal"), when it
is the first of its class in the document, or when its noun never refers back (not a
``tkg:definiteHead``: "the opposition"); otherwise "the deal" is left to the definite-description
memory (:mod:`extract.coref`), which finds these entities too.

Two variants: heads of actor classes ("ministry", "army") need a named owner and are named by
its demonym ("Taiwan's foreign ministry" -> "Taiwanese foreign ministry"); title-case heads
("the 1951 U.S.-Philippines Mutual Defense Treaty") are names the NER missed.

The parties a description names ("the Chile-Peru deal", "an accord between X and Y") are read
by the class-modifier rule (``tkg:modifierPredicate``, :mod:`extract.rules.modifier`) once the
description is an entity.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Optional

from spacy.tokens import Doc, Token

from extract.coref import PERSON_TYPES
from extract.lexicon import NON_DISTINCTIVE_MODIFIERS
from ontology.records import Entity, slugify

#: Dependency labels of the modifiers that are part of a description's name.
_LEFT_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "npadvmod", "quantmod"})
#: Prepositions whose complement tells a description apart when nothing precedes the head.
_RIGHT_PREPS = frozenset({"in", "on", "with", "between", "at"})
#: Longest complement (in tokens) taken into a name: longer ones are clauses, not names.
_MAX_COMPLEMENT = 5
#: Entity labels of words that never tell an agreement apart: dates, times, sums, counts.
_NOT_NAMES = frozenset({"TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
#: Lower-case words inside a title-case name: "Agreement on Trade and Transit".
_TITLE_FUNCTION_WORDS = frozenset({"of", "on", "and", "for", "the", "between", "to", "-", "\u2013"})


@dataclass(slots=True)
class _Known:
    entity: Entity
    words: frozenset[str]
    order: int


@dataclass(slots=True)
class Description:
    """A described entity found in a paragraph: the tokens [start, end) its mention covers."""

    start: int
    end: int
    entity: Entity


class Descriptions:
    """The described entities of one document, so later descriptions link to earlier ones."""

    def __init__(self, heads: Mapping[str, str], actor_types: frozenset[str] = frozenset(),
                 definite_heads: Optional[Mapping[str, Iterable[str]]] = None) -> None:
        self.heads = heads
        #: Described classes that do not act (treaties, events, policies): a mention of one inside
        #: a description means the phrase is already named ("the Open Skies pact").
        self.named_types = frozenset(heads.values()) - actor_types
        #: Heads that refer back ("the deal"): a bare one is left to coreference when it can be.
        self.refers_back = frozenset(h for h, classes in (definite_heads or {}).items() if classes)
        #: Classes that act: their descriptions need an owner ("Taiwan's foreign ministry").
        self.actor_types = actor_types
        self._known: list[_Known] = []
        self._order = 0
        #: Entities of the document so far, oldest first (set by the caller).
        self.seen: list[Entity] = []

    def find(self, doc: Doc, covered: Mapping[int, Entity], add: Callable[[Entity], Entity],
             lookup: Optional[Callable[[str], Optional[Entity]]] = None) -> list[Description]:
        """Descriptions of a parsed paragraph; ``covered`` maps token indexes already in a mention
        to their entity; ``add`` registers a new entity with the document; ``lookup`` finds a
        known entity by name (the gazetteer), for title-case names the NER did not tag."""
        out: list[Description] = []
        if not self.heads:
            return out
        for token in doc:
            if token.pos_ not in ("NOUN", "PROPN") or token.i in covered:
                continue
            cls = self.heads.get(token.lower_) or self.heads.get(token.lemma_.lower())
            if cls is None or (token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN")):
                continue  # "ceasefire agreement": the phrase is headed by "agreement"
            if cls in self.actor_types:
                found = self._owned(token, cls, covered, add, lookup)
            elif _proper(token):
                found = self._proper_name(token, cls, covered, add, lookup)
            else:
                found = self._describe(token, cls, covered, add, lookup)
            if found is not None:
                out.append(found)
        return out

    # ------------------------------------------------------------------ one head

    def _owned(self, head: Token, cls: str, covered: Mapping[int, Entity], add: Callable[[Entity], Entity],
               lookup: Optional[Callable[[str], Optional[Entity]]]) -> Optional[Description]:
        """ "Taiwan's foreign ministry", "the Malian army": a body of a named owner, named
        "<owner's demonym> <words> <head>" ("Taiwanese foreign ministry") unless the gazetteer knows it."""
        doc = head.doc
        if head.tag_ in ("NNS", "NNPS") and head.lower_ not in self.heads:
            return None
        owner_token = None
        for child in head.lefts:
            entity = covered.get(child.i)
            if child.dep_ in ("poss", "amod", "compound", "nmod") and entity is not None \
                    and entity.type in self.actor_types and entity.type not in PERSON_TYPES:
                owner_token = child
        if owner_token is None:
            if head.lemma_.lower() in self.refers_back or head.lower_ in self.refers_back:
                return None  # "the army": an earlier body, for coreference
            return self._describe(head, cls, covered, add, lookup)  # "the opposition"
        owner = covered[owner_token.i]
        # The owner mention may span several tokens ("North Korea's"): the words start after it.
        start = owner_token.i + 1
        while start < head.i and (start in covered or doc[start].tag_ == "POS" or doc[start].is_punct):
            start += 1
        words = [t for t in doc[start:head.i] if not t.is_punct]
        if any(t.i in covered or t.dep_ not in _LEFT_DEPS or t.ent_type_ for t in words):
            return None
        rest = doc[start:head.i + 1].text
        adjective = doc[owner_token.i].text if owner_token.dep_ == "amod" else (
            owner.adjectives[0] if owner.adjectives else None)
        for candidate in filter(None, (f"{adjective} {rest}" if adjective else None, f"{owner.name} {rest}",
                                       f"{owner.name}'s {rest}")):
            known = lookup(candidate) if lookup else None
            if known is not None and known.type == cls:
                return Description(head.i, head.i + 1, add(known))
        name = f"{adjective or owner.name} {rest}"
        if not words and head.lemma_.lower() in _ARMED_FORCES_HEADS:
            # "Sudan's army", "the Sudanese military": one entity, named as the gazetteer names
            # the armed forces it knows ("Russian Armed Forces").
            name = f"{adjective or owner.name} Armed Forces"
            known = lookup(name) if lookup else None
            if known is not None and known.type == cls:
                return Description(head.i, head.i + 1, add(known))
        words_of = frozenset({owner.id, head.lemma_.lower(), *(t.lemma_.lower() for t in words)})
        entity = self._link(name, cls, words_of, add)
        return Description(head.i, head.i + 1, entity)

    def _proper_name(self, head: Token, cls: str, covered: Mapping[int, Entity],
                     add: Callable[[Entity], Entity],
                     lookup: Optional[Callable[[str], Optional[Entity]]]) -> Optional[Description]:
        """ "the 1951 U.S.-Philippines Mutual Defense Treaty", "an Agreement on Trade and Transit":
        a title-case name the NER missed; named by its capitalised words."""
        doc = head.doc
        start = head.i
        while start > 0 and _in_title(doc[start - 1]) and doc[start - 1].dep_ != "det" \
                and not (doc[start - 1].dep_ == "poss" and start - 1 in covered):
            start -= 1  # "the Quad Leaders' Summit", but not "Norway's Fisheries Treaty"
        while start < head.i and not doc[start].text[:1].isupper():
            start += 1  # a hyphen or dot left hanging at the start
        end = head.i + 1
        i = end
        while i < len(doc) and (_in_title(doc[i]) or doc[i].lower_ in _TITLE_FUNCTION_WORDS):
            i += 1
            if doc[i - 1].text[:1].isupper():
                end = i
        if end - start < 2 and head.i == head.sent.start:
            return None  # "Agreement was reached": a capital of the sentence, not of a name
        if end - start < 2 and not any(t.i in covered for t in head.lefts):
            return None
        if any(covered.get(i) is not None and covered[i].type in self.named_types for i in range(start, end)):
            return None
        name = _name(doc[start:end].text)
        if not name:
            return None
        known = lookup(name) if lookup else None
        if known is not None:
            entity = add(known)
        else:
            words = frozenset(t.lower_ for t in doc[start:end] if not t.is_punct and t.i != head.i)
            entity = self._link(name, cls, words | {head.lower_}, add, source="ner")  # a name, as if NER had it
        # The mention is the head alone: its modifiers stay free for the rules ("maritime" is no
        # argument, but "Chile" in "the Chile-Peru deal" is).
        m_start = head.i
        m_end = head.i + 1
        while m_end < end and m_end not in covered:
            m_end += 1
        return Description(m_start, m_end, entity)

    def _describe(self, head: Token, cls: str, covered: Mapping[int, Entity],
                  add: Callable[[Entity], Entity],
                  lookup: Optional[Callable[[str], Optional[Entity]]]) -> Optional[Description]:
        doc = head.doc
        if (head.tag_ in ("NNS", "NNPS") and head.lower_ not in self.heads) or _predicative(head) or _named_after(head):
            return None  # "separate deals", "it was the best deal": no one agreement is named
        left = _left_modifiers(head)
        start = min((t.left_edge.i for t in left), default=head.i)
        while start < head.i and (doc[start].is_punct or doc[start].dep_ in ("det", "poss", "case")):
            start += 1
        name_tokens = [t for t in doc[start:head.i] if not t.is_punct]
        if any(covered.get(t.i) is not None and covered[t.i].type in self.named_types for t in name_tokens):
            return None  # "the Open Skies pact": the name inside the phrase is the entity
        end = head.i + 1
        of = _of_complement(head, covered)
        if of is not None:
            end = of
        words = _distinctive(doc[start:end], head, covered)
        determined = any(c.dep_ in ("det", "poss") for c in head.children)
        if not words:
            complement = _right_complement(head) if determined else None
            if complement is None:
                bare_new = head.lemma_.lower() not in self.refers_back and head.lower_ not in self.refers_back
                if _indefinite(head) or (_definite(head) and (bare_new or not self._any_of(cls))):
                    # "signed a deal": a new agreement the text has not named (yet); "the deal" is
                    # left to coreference, which finds this entity.
                    bare = head.lower_ if head.lower_ in self.heads else head.lemma_.lower()
                    known = self._named_with(bare, cls) if _definite(head) else None
                    entity = add(known) if known is not None else self._link(bare, cls, frozenset(), add)
                    return Description(head.i, head.i + 1, entity)
                return None  # "the deal": an earlier one; coreference decides
            c_start, c_end = complement
            if any(covered.get(i) is not None and covered[i].type in self.named_types for i in range(c_start, c_end)):
                return None
            words = _distinctive(doc[c_start:c_end], head, covered)
            if not words:
                return None
            end = c_end
            place = _place_complement(head, c_end, covered)
            if place is not None:
                # "a summit in Oslo" is "the Oslo summit", the form news use for it later
                name = _name(f"{place} {head.text}")
                entity = self._link(name, cls, words, add)
                return Description(head.i, head.i + 1, entity)
        while start < head.i and _judged(doc[start]):
            start += 1  # "the new security pact" is the "security pact"
        name = _name(doc[start:end].text)
        if not name or len(name) > 100:
            return None
        known = lookup(name) if lookup else None
        if known is None:
            known = self._named_before(doc[start:end], head, cls, covered)
        if known is not None and known.type in self.named_types:
            entity = add(known)
        else:
            entity = self._link(name, cls, words, add)
        # The mention is the head alone: its modifiers stay free for the rules ("maritime" is no
        # argument, but "Chile" in "the Chile-Peru deal" is).
        m_start = head.i
        m_end = of if of is not None else head.i + 1
        return Description(m_start, m_end, entity)

    def _named_before(self, span, head: Token, cls: str, covered: Mapping[int, Entity]) -> Optional[Entity]:
        """ "the anniversary NATO summit" after "the 2024 NATO summit": a named entity of the class,
        seen earlier in the document, whose name holds the head and the names in the phrase."""
        names = [t.text.lower() for t in span if t.i in covered and covered[t.i].type not in self.named_types]
        if not names:
            return None
        for entity in reversed(self.seen):
            if entity.type != cls or entity.source == "description":
                continue
            forms = [f.lower() for f in (entity.name, *entity.aliases)]
            if any(head.lower_ in f.split() and all(n in f for n in names) for f in forms):
                return entity
        return None

    def _named_with(self, word: str, cls: str) -> Optional[Entity]:
        """The latest entity of the class whose name or alias holds ``word`` ("the enlargement"
        after "NATO enlargement")."""
        for entity in reversed(self.seen):
            if entity.type == cls and any(word in f.lower().split() for f in (entity.name, *entity.aliases)):
                return entity
        return None

    def _any_of(self, cls: str) -> bool:
        """Whether the document has shown an entity of the class ("the deal" then refers to it)."""
        return any(e.type == cls for e in self.seen) or any(k.entity.type == cls for k in self._known)

    def _link(self, name: str, cls: str, words: frozenset[str], add: Callable[[Entity], Entity],
              source: str = "description") -> Entity:
        self._order += 1
        best: Optional[_Known] = None
        for known in self._known if words else ():  # a bare "a deal" is only the same as another "deal"
            if known.entity.type != cls or not known.words:
                continue
            if words <= known.words or known.words <= words:
                if best is None or known.order > best.order:
                    best = known
        if best is not None:
            best.order = self._order
            best.words = best.words | words
            return best.entity
        entity = add(Entity(id=slugify(name), name=name, type=cls, source=source))
        self._known.append(_Known(entity, words, self._order))
        return entity


def _proper(token: Token) -> bool:
    return token.tag_ in ("NNP", "NNPS") and token.text[:1].isupper()


def _in_title(token: Token) -> bool:
    """A word of a title-case name: capitalised, or the hyphen/dot joining two of them."""
    if token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN", "ADJ"):
        return True
    joiner = token.text in ("-", "\u2013") or token.tag_ == "POS"  # "Leaders' Summit"
    return joiner and token.i > 0 and token.doc[token.i - 1].text[:1].isupper()


def _judged(token: Token) -> bool:
    """A word that judges or places a description without telling it apart: "new", "last",
    "recently" (see NON_DISTINCTIVE_MODIFIERS), or an adverb."""
    return token.lower_ in NON_DISTINCTIVE_MODIFIERS or token.pos_ == "ADV" or token.tag_ in ("JJS", "JJR") \
        or token.is_punct


def _named_after(head: Token) -> bool:
    """ "an agreement known as the Abraham Accords": the name that follows is the entity."""
    return any(c.dep_ == "acl" and c.lemma_.lower() in ("know", "call", "name", "dub", "title")
               for c in head.children)


def _definite(head: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)


def _indefinite(head: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)


def _predicative(head: Token) -> bool:
    """ "It was the best deal", "we are in agreement", "such an accord": the noun describes a
    kind, it does not name one."""
    if any(c.lower_ in ("such", "any", "every", "no") for c in head.children):
        return True
    while head.dep_ == "conj":
        head = head.head
    if head.dep_ in ("attr", "acomp", "oprd"):
        return True
    return head.dep_ == "pobj" and head.head.lower_ == "in" and not any(
        c.dep_ in ("det", "poss") for c in head.children)


def _left_modifiers(head: Token) -> list[Token]:
    """The modifiers before the head that belong to its name (not its determiner or possessor)."""
    return [c for c in head.lefts if c.dep_ in _LEFT_DEPS]


def _of_complement(head: Token, covered: Mapping[int, Entity]) -> Optional[int]:
    """End of a bare "of" complement that is part of the name: "memorandum of understanding"."""
    for child in head.rights:
        if child.dep_ != "prep" or child.lower_ != "of" or child.i != head.i + 1:
            continue
        for pobj in child.children:
            if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN" and pobj.i not in covered \
                    and not any(c.dep_ in ("det", "poss") for c in pobj.children) \
                    and pobj.i - child.i <= 3:
                return pobj.i + 1
    return None


def _right_complement(head: Token) -> Optional[tuple[int, int]]:
    """[start, end) of a short place, partner or topic complement: "in Oslo", "on water rights"."""
    for child in head.rights:
        if child.dep_ != "prep" or child.lower_ not in _RIGHT_PREPS or child.i != head.i + 1:
            continue
        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        end = pobj.right_edge.i + 1
        if end - child.i > _MAX_COMPLEMENT or any(
                t.pos_ in ("VERB", "AUX") or (t.is_punct and t.text != "-") or t.ent_type_ in _NOT_NAMES
                or t.ent_type_ == "DATE"
                for t in head.doc[child.i:end]):
            return None
        return head.i, end
    return None


#: Heads that name a state's armed forces as a whole.
_ARMED_FORCES_HEADS = frozenset(("army", "military"))


def _place_complement(head: Token, end: int, covered: Mapping[int, Entity]) -> Optional[str]:
    """The place of "a summit in Oslo" when the complement is just that named place."""
    prep = head.doc[head.i + 1]
    if prep.lower_ not in ("in", "at"):
        return None
    place = head.doc[prep.i + 1:end]
    if not len(place) or any(t.i not in covered for t in place) or len({covered[t.i].id for t in place}) != 1:
        return None
    return place.text



def _distinctive(span: Iterable[Token], head: Token, covered: Mapping[int, Entity]) -> frozenset[str]:
    """The words that tell this description apart: named entities by id, other words by lemma."""
    words = set()
    for t in span:
        if t.i == head.i or t.is_punct or t.is_stop or t.dep_ in ("det", "poss", "case", "prep", "cc"):
            continue
        entity = covered.get(t.i)
        if t.ent_type_ in _NOT_NAMES:
            continue  # "a $2 billion deal"
        if t.tag_ in ("JJS", "JJR") or (t.pos_ == "ADJ" and any(c.dep_ == "advmod" for c in t.children)):
            continue  # "the best deal", "very productive talks": judged, not told apart
        if entity is not None:
            words.add(entity.id)
        elif t.lower_ not in NON_DISTINCTIVE_MODIFIERS and t.lemma_.lower() not in NON_DISTINCTIVE_MODIFIERS:
            words.add(t.lemma_.lower())
    return frozenset(words)


_QUOTES = str.maketrans("", "", "\"'\u2018\u2019\u201c\u201d")


def _name(text: str) -> str:
    name = " ".join(text.translate(_QUOTES).split())
    for prefix in ("the ", "a ", "an "):
        if name.lower().startswith(prefix):
            name = name[len(prefix):]
    return name.strip(" -–—,.;:\"'")


# ----------------------------------------------------------------------------- named parties

#: Modifiers of a description that can name its parties ("Chile-Peru", "Turkish-Libyan").
