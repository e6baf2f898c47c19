"""The ``converse`` family: verbs whose subject and object swap the predicate's roles ("Kyiv
received weapons from Berlin": the giver supports the receiver), read like the verb family's."""
from __future__ import annotations

from spacy.tokens import Token

from extract.arguments import Resolver
from extract.rules.candidate import Candidate
from extract.rules.helpers import is_verbal
from extract.rules.registry import register
from extract.rules.verb import VerbRules


@register("converse", kinds=("converse",), scope="token")
class ConverseRules(VerbRules):
    """Converse triggers: the verb family's reading, arguments swapped."""

    def token(self, token: Token, lemma: str, res: Resolver) -> list[Candidate]:
        if not (is_verbal(token) and lemma in self.lexicon.converse):
            return []
        out = []
        for cand in self._verb(token, self.lexicon.converse[lemma], res):
            # "Kyiv received weapons from Berlin": the giver supports the receiver.
            cand.subjects, cand.objects = cand.objects, cand.subjects
            cand.rule = cand.rule.replace("verb:", "converse:")
            out.append(cand)
        return out
