"""The ``antonym`` family: verbs that state a predicate's opposite ("is not complying with" read
through "violate"), read like the verb family's triggers with the polarity reversed."""
from __future__ import annotations

from spacy.tokens import Token

from extract.arguments import Resolver
from extract.rules.candidate import Candidate
from extract.rules.helpers import is_verbal
from extract.rules.registry import register
from extract.rules.verb import VerbRules


@register("antonym", kinds=("antonyms",), scope="token")
class AntonymRules(VerbRules):
    """Antonym triggers: the verb family's reading, marked reversed."""

    def token(self, token: Token, lemma: str, res: Resolver) -> list[Candidate]:
        if is_verbal(token) and lemma in self.lexicon.antonyms:
            return [c for c in self._verb(token, self.lexicon.antonyms[lemma], res) if _mark_antonym(c)]
        return []


def _mark_antonym(cand: Candidate) -> bool:
    cand.antonym = True
    cand.rule = cand.rule.replace("verb:", "antonym:")
    return True
