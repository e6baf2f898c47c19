"""The ``adverb`` family: coordinated subjects acting "jointly" are partners."""
from __future__ import annotations

from spacy.tokens import Token

from extract.arguments import Resolver
from extract.rules.base import RuleFamily
from extract.rules.candidate import Candidate
from extract.rules.helpers import _child, _is_passive, is_verbal
from extract.rules.registry import register


@register("adverb", kinds=("adverbs",), scope="token")
class AdverbRules(RuleFamily):
    """Verbs modified by a trigger adverb."""

    def token(self, token: Token, lemma: str, res: Resolver) -> list[Candidate]:
        if is_verbal(token) and any(c.dep_ == "advmod" and c.lemma_.lower() in self.lexicon.adverbs
                                    for c in token.children):
            return self._adverb(token, res)
        return []

    def _adverb(self, verb: Token, res: Resolver) -> list[Candidate]:
        """ "A, B and C agreed to jointly develop ..." -> pairwise cooperation."""
        out = []
        for child in verb.children:
            if child.dep_ != "advmod":
                continue
            for trig in self.lexicon.adverbs.get(child.lemma_.lower(), []):
                subjects = self._verb_subjects(verb, _is_passive(verb), res)
                partners = []
                for prep in verb.children:
                    if prep.dep_ == "prep" and prep.lower_ == "with":
                        partners = res.refs(_child(prep, "pobj"))
                if partners and subjects:
                    out.append(Candidate(trig.predicate, subjects, partners, verb, f"adverb:{trig.text}", 0.7))
                elif len(subjects) >= 2:
                    out.append(Candidate(trig.predicate, subjects, [], verb, f"adverb:{trig.text}", 0.7,
                                         pairwise=True))
        return out
