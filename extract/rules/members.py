"""The ``members`` family: membership nouns that list or add members ("NATO members such as Poland",
"the U.S. and other NATO states"); its rules keep their ``modifier:`` names."""
from __future__ import annotations

from spacy.tokens import Span, Token

from extract import lexicon as lx
from extract.arguments import Resolver
from extract.rules.base import RuleFamily
from extract.rules.candidate import Candidate
from extract.rules.registry import register


@register("members", kinds=("MEMBERSHIP_NOUNS",), scope="sentence")
class MemberRules(RuleFamily):
    """Members listed by, or added to, a membership noun."""

    def sentence(self, sent: Span, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        return self._other_members(res, tokens) + self._listed_members(res, tokens)

    def __init__(self, ontology, lexicon) -> None:
        super().__init__(ontology, lexicon)
        #: The predicate of the bare role noun "member" ("NATO member Turkey"): who can be a
        #: member is its domain, what has members its range.
        self._membership = next((ontology.predicates[t.predicate] for t in lexicon.nouns.get("member", ())
                                 if not t.words and not t.preps and t.predicate in ontology.predicates), None)

    def _other_members(self, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        """ "The U.S. and other NATO states": the named conjunct is a member too."""
        membership = self._membership
        if membership is None:
            return []
        out = []
        for token in tokens:
            if token.lemma_.lower() not in lx.MEMBERSHIP_NOUNS or token.dep_ != "conj":
                continue
            if not any(c.lower_ == "other" for c in token.children):
                continue
            orgs = [r for r in res.entities_in(token, frozenset({"compound", "poss"}))
                    if r.candidates[0].type in membership.range]
            if orgs and res.mention(token.head) is not None:
                out.append(Candidate(membership.name, res.refs(token.head)[:1], orgs, token, "modifier:other-members",
                                     0.75, nominal=True))
        return out

    def _listed_members(self, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        """ "NATO members such as Poland and Estonia", "EU member states, especially France":
        the names a membership noun lists are members of the organisation that modifies it."""
        membership = self._membership
        if membership is None:
            return []
        out = []
        for token in tokens:
            if token.lemma_.lower() not in lx.MEMBERSHIP_NOUNS or token.pos_ != "NOUN":
                continue
            modifiers = [token, *(c for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN")]
            orgs = [r for m in modifiers for r in res.entities_in(m, frozenset({"compound", "poss"}))
                    if r.candidates and r.candidates[0].type in membership.range]
            if not orgs and token.tag_ == "NNS" and not any(c.dep_ in ("poss", "prep") for c in token.children):
                # "... to join BRICS, joining current members Brazil and India": a bare "members"
                # lists members of the organisation just named in the sentence.
                orgs = _last_named(res, token, membership.range)
            if not orgs:
                continue
            listed = [r for r in res.listed(token) if r.candidates[0].type in membership.domain]
            if listed:
                out.append(Candidate(membership.name, listed, orgs[:1], token, "modifier:listed-members", 0.75,
                                     nominal=True, descriptive=True))
        return out


def _last_named(res: Resolver, token: Token, types) -> list:
    """The last entity of ``types`` named in the sentence before ``token``, as a one-item list."""
    for prev in reversed(token.sent[: token.i - token.sent.start]):
        m = res.mention(prev)
        if m is not None and not m.adjective and m.entity.type in types:
            return [r for r in res.refs(prev) if r.via == "mention"][:1]
    return []
