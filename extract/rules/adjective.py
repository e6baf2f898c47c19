"""The ``adjective`` family: predicative adjectives and prepositions ("is opposed to", "is on the
side of")."""
from __future__ import annotations

from spacy.tokens import Token

from extract import lexicon as lx
from extract.arguments import Resolver
from extract.rules.base import RuleFamily
from extract.rules.candidate import Candidate
from extract.rules.helpers import _child, _is_passive, _prep_object, _satellites
from extract.rules.registry import register
from ontology.model import Trigger


@register("adjective", kinds=("adjectives",), scope="token")
class AdjectiveRules(RuleFamily):
    """Adjective and preposition triggers of the lexicon."""

    def token(self, token: Token, lemma: str, res: Resolver) -> list[Candidate]:
        if lemma in self.lexicon.adjectives and token.pos_ in ("ADJ", "VERB", "ADP"):
            return self._adjective(token, self.lexicon.adjectives[lemma], res)
        return []

    def _adjective(self, token: Token, triggers: list[Trigger], res: Resolver) -> list[Candidate]:
        out = []
        for trig in triggers:
            satellites = _satellites(token, trig.words)
            if satellites is None:
                continue
            if trig.preps:
                pobj = _prep_object(token, satellites, trig.preps)
            elif token.pos_ == "ADP":
                pobj = _child(token, "pobj")
                if token.head.lemma_.lower() not in lx.COPULAS:
                    continue  # a bare preposition ("against") states a stance only after a copula
            else:
                pobj = None
            if pobj is None:
                continue
            head = token.head if token.dep_ in ("acomp", "prep", "attr", "amod") else token
            if token.dep_ == "prep" and head.pos_ == "NOUN" and head.dep_ == "dobj":
                head = head.head  # "defying its ally in favour of China": the phrase modifies the act
            subj = _child(head, "nsubj") if head.lemma_.lower() in lx.COPULAS else None
            if subj is None and token.dep_ == "amod":
                subjects = res.refs(token.head)
            elif subj is None and head.pos_ in ("VERB", "AUX") and head.i != token.i:
                # "Defying its ally in favour of China, Johnson ruled ...": the verb's subject.
                subjects = self._verb_subjects(head, _is_passive(head), res)
            else:
                subjects = res.refs(subj, owner=True) if subj is not None else []
            objects = res.refs(pobj, owner=self._owner_ok(trig.predicate))
            if subjects and objects:
                out.append(Candidate(trig.predicate, subjects, objects, token, f"adjective:{trig.text}", 0.7,
                                     nominal=token.pos_ != "VERB", size=trig.size))
                break
        return out
