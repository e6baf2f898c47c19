"""The ``reported`` family: "X says Y undermines ..." -> X criticizes Y; the judgement is the
speaker's, so the candidate hangs on the reporting verb."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from extract import lexicon as lx
from extract.arguments import Ref, Resolver
from extract.rules.base import RuleFamily
from extract.rules.candidate import Candidate
from extract.rules.helpers import SUBJECT_DEPS, is_verbal
from extract.rules.registry import register
from ontology.model import Trigger


@register("reported", kinds=("reported",), scope="token")
class ReportedRules(RuleFamily):
    """Judging verbs (and their mis-tagged or adjectival forms) inside reported speech."""

    def token(self, token: Token, lemma: str, res: Resolver) -> list[Candidate]:
        reported = self.lexicon.reported
        if is_verbal(token):
            return self._reported(token, reported[lemma], res) if lemma in reported else []
        if token.pos_ == "ADJ" and token.dep_ == "acomp" and lemma in reported:
            # "Moscow said Washington was responsible for the collapse": judged through the copula.
            return self._reported(token.head, reported[lemma], res)
        if token.tag_ == "NNS" and lemma in reported and token.lower_ != lemma:
            return self._reported(token, reported[lemma], res)  # "treaty undermines" mis-tagged
        return []

    def _reported(self, verb: Token, triggers: list[Trigger], res: Resolver) -> list[Candidate]:
        """ "Russia says the U.S. withdrawal undermines security" -> Russia criticizes the U.S."""
        reporting = _reporting_head(verb)
        if reporting is None:
            return []
        # The subject nearest the reporting verb speaks: the parser may also hang the judged act
        # on it as a subject ("The U.S. withdrawal ... undermines security, Ryabkov said").
        speaker = next((c for c in sorted(reporting.children, key=lambda c: -c.i)
                        if c.dep_ in SUBJECT_DEPS and res.refs(c)), None)
        if speaker is None:
            return []
        if verb.pos_ in ("VERB", "AUX"):
            subject_token = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
            nominals = [subject_token] if subject_token is not None else []
        else:
            # The small parser often tags "undermines" as a plural noun after "treaty"; the act it
            # judges is then the nominal trigger to its left ("the U.S. withdrawal from ...").
            nominals = [t for t in verb.sent if t.i < verb.i and t.pos_ == "NOUN"
                        and t.lemma_.lower() in self.lexicon.nouns]
        targets: list[Ref] = []
        for nominal in nominals:
            # The actor behind the act first ("Russia's selective implementation of Open Skies").
            owners = [r for r in res.entities_in(nominal, frozenset({"poss", "compound", "amod"}))
                      if r.candidates and r.candidates[0].type in self.lexicon.actor_types]
            targets = owners or res.refs(nominal, owner=True)
            if targets:
                break
        speakers = res.refs(speaker)
        if not targets or not speakers:
            return []
        # The speech act is what is stated: its modality is the reporting verb's, not the content's
        # ("said the withdrawal would damage security" is a criticism made, not intended).
        return [Candidate(t.predicate, speakers, targets, reporting, f"reported:{t.text}", 0.6) for t in triggers[:1]]


def _reporting_head(verb: Token) -> Optional[Token]:
    """The reporting verb whose content ``verb`` is: "X says <verb>", "<verb>, X said",
    "X recalled concern that <verb>"."""
    head = verb.head
    if verb.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in lx.REPORTING_VERBS:
        return head
    if verb.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN" and head.lemma_.lower() in lx.CONCERN_NOUNS:
        governor = head.head
        while governor.dep_ in ("acl", "prep", "pobj", "dobj") and governor.head.i != governor.i \
                and governor.pos_ not in ("VERB", "AUX"):
            governor = governor.head
        if governor.pos_ in ("VERB", "AUX"):
            return governor
    root = verb.sent.root
    if verb.i == root.i or verb.pos_ not in ("VERB", "AUX"):
        for child in root.children if verb.i == root.i else [root]:
            # A verb mis-tagged as a noun may follow its reporting verb ("Russia says X undermines Y").
            after = child.i > verb.i or (verb.pos_ not in ("VERB", "AUX") and child.i < verb.i)
            if child.lemma_.lower() in lx.REPORTING_VERBS and after \
                    and any(c.dep_ in SUBJECT_DEPS for c in child.children):
                return child
    return None
