"""The base every rule family extends: the ontology and lexicon it reads, and the subject
finding (``_verb_subjects``) and owner policy that verbs, nouns, adjectives, adverbs, modifiers
and reactions all use. Instances hold only what is derived from the ontology, never per-document state."""
from __future__ import annotations

from spacy.tokens import Span, Token

from extract import lexicon as lx
from extract.arguments import Ref, Resolver
from extract.rules.candidate import Candidate
from extract.rules.helpers import SUBJECT_DEPS, _addressee, _child, _is_passive
from ontology.model import Ontology


class RuleFamily:
    """One rule family. A token family overrides :meth:`token` (called for every word token of a
    sentence, with its lower-cased lemma); a sentence family overrides :meth:`sentence` (called
    once per sentence, after the token families)."""

    def __init__(self, ontology: Ontology, lexicon: lx.Lexicon) -> None:
        self.ontology = ontology
        self.lexicon = lexicon
        #: Predicates of offices (those with title triggers) and the classes their holders have.
        self._office_predicates = frozenset(t.predicate for t in lexicon.titles.values())
        self._persons = frozenset(c for p in self._office_predicates for c in ontology.predicates[p].domain)

    def token(self, token: Token, lemma: str, res: Resolver) -> list[Candidate]:
        return []

    def sentence(self, sent: Span, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        return []

    def _owner_ok(self, predicate: str, verb: bool = False) -> bool:
        """Stance predicates take the actor behind a decision as object ("condemned Russia's move");
        sanctions a verb imposes hit the owner of their target ("imposed sanctions on Iran's oil
        sector"), but a bare noun's "on" may belong to another noun ("the impact of sanctions on
        Britain's network")."""
        pred = self.ontology.predicates.get(predicate)
        if pred is None:
            return False
        return bool(pred.stance_polarity) or pred.speech_act or (verb and pred.verb_targets_owner)

    def _verb_subjects(self, verb: Token, passive: bool, res: Resolver, depth: int = 0) -> list[Ref]:
        if depth > 4:
            return []
        if passive:
            agent = _child(verb, "agent")
            if agent is not None:
                pobj = _child(agent, "pobj")
                return res.refs(pobj)
            for child in verb.children:
                if child.dep_ == "prep" and child.lower_ == "between":
                    # "the deals signed between Chile and Peru": the parties are the actors.
                    return [r for r in res.refs(_child(child, "pobj"))
                            if r.candidates and r.candidates[0].type in self.lexicon.actor_types]
            return []
        # The subject nearest the verb first: a dateline or fronted phrase may also read as one.
        for child in sorted((c for c in verb.children if c.dep_ in SUBJECT_DEPS), key=lambda c: -c.i):
            found = res.refs(child)
            if found:
                return found
        if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            return []
        head = verb.head
        if head.i == verb.i:
            return []
        if verb.dep_ == "xcomp":
            if head.lemma_.lower() in lx.OBJECT_CONTROL_VERBS | lx.OBJECT_WISH_VERBS:
                dobj = _child(head, "dobj") or _addressee(head)
                if dobj is None and _is_passive(head):
                    dobj = _child(head, "nsubjpass")  # "Chile was invited to join": the invitee acts
                if dobj is None and head.dep_ == "acl" and head.tag_ == "VBN":
                    dobj = head.head  # "the states invited to join": the noun is the invitee
                if dobj is not None:
                    return res.refs(dobj)
            return self._verb_subjects(head, _is_passive(head), res, depth + 1)
        if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            theme = _child(head, "nsubjpass")
            if theme is not None:
                # "Haftar was appointed ... and has the support of ...": the grammatical subject is shared.
                return res.refs(theme)
            found = self._verb_subjects(head, _is_passive(head), res, depth + 1)
            reporting = head.head
            if head.dep_ == "ccomp" and reporting.lemma_.lower() in lx.REPORTING_VERBS \
                    and not any(r.candidates[0].type in self.lexicon.actor_types for r in found):
                # "Peskov said NATO's expansion was a threat and accused Washington ...": the parser
                # hung the speaker's second act on the reported clause, whose subject cannot act.
                return self._verb_subjects(reporting, _is_passive(reporting), res, depth + 1)
            return found
        if verb.dep_ == "acomp" and head.pos_ in ("VERB", "AUX"):
            # Reached from its xcomp: "NATO will not be able to stand up for Japan", "ready to join".
            return self._verb_subjects(head, _is_passive(head), res, depth + 1)
        if verb.dep_ == "pcomp" and head.head.lemma_.lower() in ("accuse", "charge", "blame", "suspect"):
            dobj = _child(head.head, "dobj")
            return res.refs(dobj) if dobj is not None else []
        if verb.dep_ == "pcomp" and head.lower_ in lx.SHARED_SUBJECT_PREPS and head.head.pos_ in ("VERB", "AUX"):
            # "Canada joined the US in imposing sanctions", "Russia responded by expelling ...".
            return self._verb_subjects(head.head, _is_passive(head.head), res, depth + 1)
        if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBG":
            return res.refs(head)
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and _child(verb, "dobj") is not None:
            return res.refs(head)  # "the summit involved Chile": an active verb mis-read as a participle
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if verb.dep_ == "acl" and infinitive and head.pos_ in ("NOUN", "PROPN"):
            # "an attempt by the United States to exclude Huawei", "NATO's call to stand up to China"
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ == "by":
                    return res.refs(_child(child, "pobj"))
                if child.dep_ == "poss":
                    found = res.refs(child)
                    if found:
                        return found
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.pos_ in ("VERB", "AUX"):
            # "Defying its closest ally, Johnson ruled ...": a participle shares the main subject.
            return self._verb_subjects(head, _is_passive(head), res, depth + 1)
        if verb.dep_ == "advcl" and infinitive and head.pos_ in ("VERB", "AUX"):
            # Purpose clauses share the subject: "X has worked with Y to challenge Z".
            return self._verb_subjects(head, _is_passive(head), res, depth + 1)
        if verb.dep_ in ("acl", "relcl") and infinitive and head.dep_ in ("dobj", "attr") \
                and head.head.pos_ in ("VERB", "AUX"):
            # ... and "Hungary was the last member to approve X": the copula's subject acts.
            # "the U.S. made plans to station missiles": the planner acts.
            return self._verb_subjects(head.head, _is_passive(head.head), res, depth + 1)
        return []
