"""The ``hyphen`` family: actor-participle compounds ("US-sponsored militias"), read with the verb
triggers."""
from __future__ import annotations

from spacy.tokens import Span, Token

from extract.arguments import Ref, Resolver
from extract.rules.base import RuleFamily
from extract.rules.candidate import Candidate
from extract.rules.registry import register


@register("hyphen", kinds=("verbs",), scope="sentence")
class HyphenRules(RuleFamily):
    """Hyphenated actor-participle compounds in a sentence."""

    def sentence(self, sent: Span, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        return self._hyphens(sent, res, tokens)

    def _hyphens(self, sent: Span, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        """ "US-sponsored militias" (actor-participle) and "US-Polish exercise" (actor pair)."""
        out = []
        doc = sent.doc
        for token in tokens:
            if token.text not in ("-", "–") or token.i == sent.start or token.i + 1 >= sent.end:
                continue
            left, right = doc[token.i - 1], doc[token.i + 1]
            m_left = res.mention(left)
            if m_left is None:
                continue
            lemma = right.lemma_.lower()
            if right.tag_ == "VBN" or right.text.endswith("ed"):
                lemma = _participle_lemma(right)
                for trig in self.lexicon.verbs.get(lemma, []):
                    if trig.preps or trig.words:
                        continue
                    target = right.head if right.dep_ in ("amod", "compound") else None
                    if target is None or target.i <= right.i:
                        nxt = right.i + 1
                        target = doc[nxt] if nxt < sent.end else None
                    if target is None:
                        continue
                    objects = res.refs(_np_head(target))
                    if objects:
                        out.append(Candidate(trig.predicate, [Ref((m_left.entity,), "mention", left.i)],
                                             objects, right, f"hyphen:{trig.text}", 0.7))
                    break
        return out


def _participle_lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    if lemma.endswith("ed") and lemma == token.lower_:
        stem = lemma[:-2]
        return stem if not stem.endswith("i") else stem[:-1] + "y"
    return lemma


def _np_head(token: Token) -> Token:
    while token.dep_ in ("compound", "amod") and token.head.i > token.i:
        token = token.head
    return token
