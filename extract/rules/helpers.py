"""Dependency-walking functions that several rule families share (and the reaction family
uses too): kept in one place so a family module holds only its own construction."""
from __future__ import annotations

from typing import Iterable, Optional

from spacy.tokens import Token

from extract import lexicon as lx
from extract.arguments import Resolver
from extract.modality import addressee as _addressee  # one reading of "called on X to" for rules and modality

SUBJECT_DEPS = ("nsubj", "csubj")


def is_verbal(token: Token) -> bool:
    """Does the token open the verb-triggered families (a verb, auxiliary or participle)?"""
    return token.pos_ in ("VERB", "AUX") or token.tag_ in ("VBN", "VBG")




def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _child(token: Optional[Token], dep: str) -> Optional[Token]:
    if token is None:
        return None
    for child in token.children:
        if child.dep_ == dep:
            return child
    return None


def _satellites(head: Token, words: tuple[str, ...]) -> Optional[list[Token]]:
    """Tokens for the trigger's extra words (particles, fixed objects), or None if one is missing."""
    found: list[Token] = []
    for word in words:
        match = None
        for child in head.children:
            if child.lower_ == word or child.lemma_.lower() == word:
                match = child
                break
            if child.dep_ in ("prep", "prt", "dobj", "pobj"):
                for grandchild in child.children:
                    if grandchild.lower_ == word or grandchild.lemma_.lower() == word:
                        match = grandchild
                        break
                    # "imposed a new package of sanctions on": the fixed word inside an "of" measure.
                    if child.dep_ == "dobj" and grandchild.dep_ == "prep" and grandchild.lower_ == "of":
                        inner = _child(grandchild, "pobj")
                        if inner is not None and inner.lemma_.lower() == word:
                            match = inner
                            break
            if match is not None:
                break
        if match is None:
            # Adjacent words also count ("pull out of" where the parser made "out" a preposition).
            for tok in head.doc[head.i + 1: min(len(head.doc), head.i + 4)]:
                if tok.lower_ == word or tok.lemma_.lower() == word:
                    match = tok
                    break
        if match is None:
            return None
        found.append(match)
    return found


def _prep_objects(head: Token, satellites: Iterable[Token], preps: tuple[str, ...]) -> list[list[Token]]:
    """Candidate objects of the trigger's preposition, best first: each entry is one object plus the
    objects of prepositions coordinated with it ("in Belarus and in Kaliningrad")."""
    out = []
    for first in _prep_object_candidates(head, satellites, preps):
        group = [first]
        for conj in first.head.conjuncts:
            if conj.dep_ in ("prep", "conj") and conj.lower_ in preps:
                pobj = _child(conj, "pobj")
                if pobj is not None:
                    group.append(pobj)
        out.append(group)
    return out


def _prep_object_candidates(head: Token, satellites: Iterable[Token], preps: tuple[str, ...]) -> list[Token]:
    """Objects of the trigger's preposition, attached to a fixed word first ("sanctions on X"),
    then to the trigger, then to its direct object."""
    holders = [*satellites, head]
    for direct in head.children:
        if direct.dep_ == "dobj":
            holders.append(direct)
    found: list[Token] = []
    for holder in holders:
        if holder is not head and holder.lower_ in preps and holder.dep_ in ("prep", "prt", "agent"):
            pobj = _child(holder, "pobj")
            if pobj is not None:
                found.append(pobj)
        for child in holder.children:
            if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
                pobj = _child(child, "pobj") or _child(child, "pcomp")
                if pobj is not None:
                    found.append(pobj)
    return found


def _prep_object(head: Token, satellites: Iterable[Token], preps: tuple[str, ...]) -> Optional[Token]:
    found = _prep_object_candidates(head, satellites, preps)
    return found[0] if found else None


def _noun_prep_object(noun: Token, preps: tuple[str, ...]) -> tuple[Optional[Token], Optional[str]]:
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            pobj = _child(child, "pobj")
            if pobj is not None:
                return pobj, child.lower_
    # "a war of aggression against Serbia": the preposition hangs on the "of" complement.
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of" and "of" not in preps:
            inner = _child(child, "pobj")
            if inner is not None and inner.pos_ == "NOUN":
                for grand in inner.children:
                    if grand.dep_ == "prep" and grand.lower_ in preps:
                        pobj = _child(grand, "pobj")
                        if pobj is not None:
                            return pobj, grand.lower_
    # "held talks with X": the preposition hangs on the light verb.
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in lx.LIGHT_VERBS:
        for child in head.children:
            if child.dep_ in ("prep", "dative") and child.lower_ in preps and child.i > noun.i:
                pobj = _child(child, "pobj")
                if pobj is not None:
                    return pobj, child.lower_
    return None, None


def _reduced_passive(verb: Token) -> bool:
    """ "the Houthis, backed by Iran": a participle with an agent modifying the noun it acts on."""
    if verb.tag_ != "VBN" or _child(verb, "nsubjpass") is not None:
        return False
    role = _first_participle(verb)
    if role.dep_ == "acl" and _child(verb, "dobj") is None \
            and any(c.dep_ == "prep" and c.lower_ == "between" for c in verb.children):
        return True  # "the treaty signed between Chile and Peru"
    return role.dep_ in ("acl", "advcl") and _child(verb, "agent") is not None


def _first_participle(verb: Token) -> Token:
    """ "the plan, drafted by X and backed by Y": a coordinated participle modifies what the
    first one modifies."""
    while verb.dep_ == "conj" and verb.head.tag_ == "VBN" and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _direct_object(verb: Token, passive: bool, satellites: list[Token]) -> Optional[Token]:
    if passive:
        if _reduced_passive(verb):
            role = _first_participle(verb)
            if role.dep_ == "advcl":
                # "Hosted by Chile, the summit opened": the main clause's subject is acted on.
                return _child(role.head, "nsubj") or _child(role.head, "nsubjpass")
            return role.head
        return _child(verb, "nsubjpass")
    sat_ids = {s.i for s in satellites}
    for child in verb.children:
        if child.dep_ in ("dobj", "attr") and child.i not in sat_ids:
            return child
    for child in verb.children:
        # "holds Chile responsible": the parser reads the small clause as a clause of its own.
        if child.dep_ == "ccomp" and child.i in sat_ids and child.pos_ == "ADJ":
            subject = _child(child, "nsubj")
            if subject is not None:
                return subject
        # "will help Australia build submarines": the bare infinitive's subject is helped.
        if child.dep_ == "ccomp" and child.tag_ == "VB" and child.i > verb.i \
                and not any(c.dep_ in ("mark", "aux") for c in child.children):
            subject = _child(child, "nsubj")
            if subject is not None:
                return subject
    # "the treaty, which Russia violated" / "the plan Turkey blocked": the antecedent is the object.
    if verb.dep_ == "relcl" and not any(c.dep_ == "dobj" for c in verb.children):
        if any(c.dep_ == "nsubj" and c.lower_ not in lx.RELATIVE_PRONOUNS for c in verb.children):
            return verb.head
    return None


def _mentions_of(tokens: list[Token], res: Resolver, entity_type: str):
    """Each mention of an entity of ``entity_type`` in the sentence once, with its root token."""
    seen: set[int] = set()
    for token in tokens:
        m = res.mention(token)
        if m is None or m.entity.type != entity_type or m.start in seen:
            continue
        seen.add(m.start)
        yield m, token.doc[m.start:m.end].root
