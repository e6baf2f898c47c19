"""The ``reaction`` family: a reported evaluation of an act or an actor is a stance statement.

"Chile praised Peru's decision", "Chile voiced deep disappointment at Peru's move", "Chile called
the decision a setback", "'This is a grave mistake,' the minister said", "Chile complained that Peru
had not signed": the holder (the subject of the evaluating verb, or the speaker of the quote or
reported clause that holds the evaluation) takes a stance toward the target (the named actor, the
actor behind an act noun, or a named treaty, policy or event).

The polarity words and the stance each expresses come from the ontology only
(``tkg:evaluationTrigger`` on a predicate, read into :attr:`Lexicon.evaluations`); the target's
classes from ``tkg:evaluationRange``. Constructions handled, all from one evaluative token:

* ``verb``: an evaluating verb (``tkg:evaluationVerb``: "praise", "thank", "lament") with its object, passive agent, or
  the subject of its content clause ("complained that Y ...");
* ``experiencer``: a verb whose object feels the stance (``tkg:experiencerVerb``: "Y's move
  angered X", "X was angered by Y's decision");
* ``feeling``: a predicative adjective with its preposition ("X is grateful to Y", "X was
  concerned about Y's move");
* ``received``: an evaluation or stance noun received from someone ("Y's move drew criticism
  from X", "the plan won praise from X");
* ``express``: an evaluative noun after a verb of expressing ("expressed concern over Y's move",
  "voiced gratitude to Y");
* ``naming``: an evaluative noun or adjective that names what the object is ("called Y's decision
  a mistake", "described the deal as good", "calling it wise");
* ``copula``: a judgement in reported speech or a quote ("X said Y's move was a provocation",
  "'This is a grave mistake,' X said"); the speech act is the reporting verb's, so its modality
  and speaker are that verb's, and a negated judgement ("was not a mistake") is a negated stance.

Gates: a resolved holder, a target of the evaluation range, a polarity word from the lexicon.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Span, Token

from extract import lexicon as lx
from extract import modality as md
from extract.arguments import Ref, Resolver
from extract.rules.base import RuleFamily
from extract.rules.candidate import Candidate
from extract.rules.helpers import _direct_object, _is_passive, _prep_objects, _reduced_passive
from extract.rules.registry import register
from ontology.model import Ontology, Trigger

#: Verbs whose subject receives the evaluation their object names: "drew criticism from X".
RECEIVED_VERBS = frozenset("draw face receive attract earn win get spark prompt provoke trigger meet".split())
#: Verbs that name what their object is: "called the move a mistake", "described it as welcome".
NAMING_VERBS = frozenset("call describe label term brand dub deem characterize characterise consider see view "
                         "regard portray depict dismiss".split())
#: Verbs linking a judged subject to the judgement: "was a mistake", "would constitute a violation".
LINKING_VERBS = lx.COPULAS | frozenset("constitute represent mean amount bear".split())
#: Nouns looked through to their "of" complement: "an act of piracy", "a kind of bullying".
SHELL_NOUNS = frozenset("act form kind sort type case example instance piece show one display".split())
#: Where an evaluative noun's target sits when its trigger names no preposition.
TARGET_PREPS = ("at", "over", "about", "with", "to", "for", "on", "regarding", "toward", "towards", "in")
#: Act nouns whose possessor undergoes the act: "Y's detention" is not Y's doing.
PATIENT_NOUNS = frozenset(
    "detention arrest imprisonment jailing killing murder death expulsion sentencing conviction capture "
    "release abduction kidnapping execution treatment persecution exclusion".split()
)
PRONOUN_ACTS = frozenset("it this that".split())


@register("reaction", kinds=("evaluations", "evaluation_verbs", "experiencer_verbs"), scope="sentence")
class ReactionRules(RuleFamily):
    """The reaction rule family over one sentence."""

    def __init__(self, ontology: Ontology, lexicon: lx.Lexicon) -> None:
        super().__init__(ontology, lexicon)
        self._ranges = {name: (pred.evaluation_range or pred.range)
                        for name, pred in self.ontology.predicates.items() if pred.evaluations}
        # Verbs that judge their object "as" something: the evaluating verbs and the stance verbs.
        self._judging = frozenset(self.lexicon.evaluation_verbs) | frozenset(
            lemma for lemma, trigs in self.lexicon.verbs.items() if any(t.predicate in self._ranges for t in trigs))

    def sentence(self, sent: Span, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        evaluations, verbs = self.lexicon.evaluations, self.lexicon.evaluation_verbs
        experiencers = self.lexicon.experiencer_verbs
        if not evaluations and not verbs and not experiencers:
            return []
        out: list[Candidate] = []
        seen: set[tuple[int, str]] = set()
        for token in tokens:
            if token.is_punct or token.is_space:
                continue
            lemma = token.lemma_.lower()
            if token.pos_ == "VERB" and lemma in verbs:
                for cand in self._verb(token, verbs[lemma][0], res):
                    seen.add((cand.trigger.i, cand.predicate))
                    out.append(cand)
                continue
            if token.pos_ == "VERB" and lemma in experiencers:
                out.extend(self._experiencer(token, experiencers[lemma][0], res))
                continue
            if token.pos_ == "NOUN" and token.dep_ == "dobj" and token.head.lemma_.lower() in RECEIVED_VERBS:
                # "drew criticism from X", "won praise from X": an evaluation or stance noun received.
                stance = evaluations.get(lemma) or [t for t in self.lexicon.nouns.get(lemma, [])
                                                    if t.predicate in self._ranges]
                if stance:
                    out.extend(self._received(token.head, token, stance[0], res))
                continue
            # A participle tagged as a verb keeps its adjective's entry: "was worrying".
            triggers = evaluations.get(lemma) or evaluations.get(token.lower_)
            if not triggers or token.pos_ not in ("VERB", "NOUN", "ADJ", "PROPN"):
                continue
            by_predicate: dict[str, Trigger] = {}
            for trig in triggers:  # a word may carry two stances: "illegal" criticizes and accuses
                by_predicate.setdefault(trig.predicate, trig)
            for cand in (c for trig in by_predicate.values() for c in self._evaluation(token, trig, res)):
                key = (cand.trigger.i, cand.predicate)
                if key not in seen:
                    seen.add(key)
                    out.append(cand)
        return out

    # ------------------------------------------------------------------ constructions

    def _evaluation(self, token: Token, trig: Trigger, res: Resolver) -> list[Candidate]:
        if token.dep_ == "amod" and token.head.i < token.i and token.head.dep_ == "dobj" \
                and token.head.head.lemma_.lower() in NAMING_VERBS:
            # "called Y's move wise", parsed with the adjective after its noun as a modifier
            return self._naming(token.head.head, token, trig, res)
        head = _complement_head(token)
        head_of = head.head
        # "called Y's decision a mistake", "described the deal as good", "calling it wise"
        naming = _naming_verb(head, self._judging)
        if naming is not None:
            return self._naming(naming, head, trig, res)
        # "X is grateful to Y", "X was deeply concerned about Y's move": the subject feels it.
        if head.i == token.i and token.dep_ == "acomp" and trig.preps:
            if head_of.tag_ == "VBG":
                return []  # "accused him of not being grateful": a gerund is content, not a stance told
            return self._feeling(head_of, token, trig, res)
        if token.tag_ == "VBN" and trig.preps and any(c.dep_ == "auxpass" for c in token.children):
            return self._feeling(token, token, trig, res)  # "X was disappointed that Y ...", "... by Y's move"
        # "X said Y's move was a provocation", "'This is a grave mistake,' X said"
        if head.dep_ in ("attr", "acomp", "dobj") and head_of.lemma_.lower() in LINKING_VERBS \
                and (head.dep_ != "dobj" or head_of.lemma_.lower() not in lx.COPULAS):
            return self._copula(head_of, trig, res)
        if token.pos_ == "VERB" and token.tag_ == "VBG" and _has_copula_aux(token):
            return self._copula(token, trig, res)  # "the decision was deeply concerning"
        # "expressed concern over Y's move", "voiced gratitude to Y"
        if head.dep_ == "dobj" and head_of.lemma_.lower() in lx.EXPRESS_VERBS and head.i == token.i:
            return self._express(head_of, token, trig, res)
        return []

    def _verb(self, verb: Token, trig: Trigger, res: Resolver) -> list[Candidate]:
        """ "X praised Y's decision", "Y was thanked by X", "X complained that Y had not signed"."""
        passive = _is_passive(verb) or _reduced_passive(verb)
        targets: list[Ref] = []
        if trig.preps:
            for group in _prep_objects(verb, [], trig.preps):
                targets = [r for p in group for r in self._target(p, res)]
                if targets:
                    break
        if not targets:
            obj = _direct_object(verb, passive, [])
            if obj is not None:
                targets = self._target(obj, res)
        if not targets:
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            if clause is not None:
                targets = self._clause_actor(clause, res)
        if not targets:
            return []
        holders = self._holders(verb, passive, res)
        return self._candidates(trig, holders, targets, verb, "verb", res)

    def _experiencer(self, verb: Token, trig: Trigger, res: Resolver) -> list[Candidate]:
        """ "Y's decision angered X", "X was angered by the move": the one moved holds the stance."""
        if _is_passive(verb):
            holder = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            cause = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        else:
            # "... angered Sweden": the parser may read a bare name after the verb as a modifier.
            holder = next((c for c in verb.children if c.dep_ == "dobj"), None) \
                or next((c for c in verb.children if c.dep_ == "npadvmod" and c.i > verb.i
                         and res.mention(c) is not None), None)
            cause = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if holder is None or cause is None:
            return []
        targets = self._target(cause, res)
        if not targets:
            return []
        return self._candidates(trig, res.refs(holder), targets, verb, "experiencer", res)

    def _feeling(self, copula: Token, adjective: Token, trig: Trigger, res: Resolver) -> list[Candidate]:
        """ "X is grateful to Y for ...": the subject holds the stance toward the preposition's object."""
        targets: list[Ref] = []
        for child in adjective.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in trig.preps:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                targets = self._target(pobj, res) if pobj is not None else []
            elif child.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
                targets = self._clause_actor(child, res)  # "concerned that Y was arming rebels"
            if targets:
                break
        if not targets:
            return []
        holder = next((c for c in copula.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        holders = res.refs(holder) if holder is not None and copula.i == adjective.i \
            else self._verb_subjects(copula, _is_passive(copula), res)
        return self._candidates(trig, holders, targets, copula, "feeling", res)

    def _received(self, verb: Token, noun: Token, trig: Trigger, res: Resolver) -> list[Candidate]:
        """ "Y's decision drew sharp criticism from X": X holds the stance toward Y."""
        source = next((c for h in (noun, verb) for c in h.children if c.dep_ == "prep" and c.lower_ == "from"), None)
        pobj = next((c for c in source.children if c.dep_ == "pobj"), None) if source is not None else None
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if pobj is None or subject is None:
            return []
        targets = self._target(subject, res)
        if not targets:
            return []
        return self._candidates(trig, res.refs(pobj), targets, noun, "received", res, nominal=True)

    def _express(self, verb: Token, noun: Token, trig: Trigger, res: Resolver) -> list[Candidate]:
        """ "X expressed deep disappointment at Y's decision": the noun's complement is the target."""
        preps = trig.preps or TARGET_PREPS
        targets: list[Ref] = []
        for owner in (noun, verb):  # the parser may hang the complement on the verb
            for child in owner.children:
                if child.dep_ == "prep" and child.lower_ in preps:
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        targets = self._target(pobj, res)
                elif child.dep_ in ("acl", "ccomp") and owner is noun:
                    targets = self._clause_actor(child, res)  # "concern that Y was arming Z"
                if targets:
                    break
            if targets:
                break
        if not targets:
            return []
        holders = self._holders(verb, _is_passive(verb), res)
        return self._candidates(trig, holders, targets, noun, "express", res, nominal=True)

    def _naming(self, verb: Token, head: Token, trig: Trigger, res: Resolver) -> list[Candidate]:
        """ "X called Y's decision a mistake": the named object is the target."""
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None and head.dep_ in ("ccomp", "xcomp"):
            obj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        passive = _is_passive(verb)
        if obj is None and passive:
            obj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if obj is None or obj.i == head.i:
            return []
        if obj.lower_ in PRONOUN_ACTS and verb.dep_ in ("advcl", "conj") and verb.head.pos_ in ("VERB", "AUX"):
            # "applauded Y's decision, calling it wise": "it" is the act the main verb is about.
            antecedent = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
            if antecedent is not None:
                obj = antecedent
        named = head.head if head.dep_ == "amod" and head.head.pos_ == "NOUN" else head
        # "described it as a historic agreement": "it" is the agreement, not an act.
        targets = self._as_class(obj, named, res) or self._target(obj, res)
        if not targets:
            return []
        holders = self._holders(verb, passive, res)
        return self._candidates(trig, holders, targets, verb, "naming", res)

    def _copula(self, copula: Token, trig: Trigger, res: Resolver) -> list[Candidate]:
        """A judgement inside reported speech: the speaker takes the stance."""
        subject = _clause_subject(copula)
        if subject is None:
            # "Y sending ships would constitute a provocation": the clause's actor is judged.
            clause = next((c for c in copula.children if c.dep_ == "csubj"), None)
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "poss")), None) \
                if clause is not None else None
        if subject is None:
            return []
        frame = md.analyse(copula)
        if frame.speaker is None or frame.reporting is None or frame.denied:
            return []
        holders = res.refs(frame.speaker)
        attr = next((c for c in copula.children if c.dep_ == "attr"), None)
        if subject.lower_ in PRONOUN_ACTS and attr is not None and not self._judges_act(attr):
            return []  # "It was a good day": the pronoun stands for no act
        if subject.lower_ == "it" and any(c.dep_ in ("ccomp", "xcomp", "csubj") and c.i > copula.i
                                          and c.lemma_.lower() not in lx.REPORTING_VERBS
                                          for t in (copula, *copula.children) for c in t.children):
            return []  # "it was necessary to act", "it is unfortunate that ...": an extraposed clause
        targets = self._described(subject, copula, res) or self._target(subject, res)
        if not targets:
            return []
        negated = any(c.dep_ == "neg" for c in copula.children)
        return self._candidates(trig, holders, targets, frame.reporting, "copula", res, negated=negated)

    # ------------------------------------------------------------------ arguments

    def _holders(self, verb: Token, passive: bool, res: Resolver) -> list[Ref]:
        holders = self._verb_subjects(verb, passive, res)
        if holders:
            return holders
        noun = verb.head
        if verb.dep_ == "acl" and noun.dep_ in ("dobj", "pobj") and noun.head.pos_ in ("VERB", "AUX"):
            # "issued a statement praising ...": the issuer holds the statement's evaluation.
            return self._verb_subjects(noun.head, False, res)
        return []

    def _target(self, token: Token, res: Resolver) -> list[Ref]:
        """The actor, act owner or named entity an evaluation is about."""
        if token.lower_ in PRONOUN_ACTS and not list(token.children):
            return res.act_actor(token)  # "called it a mistake": the act just told
        refs = res.refs(token, owner=True)
        if not refs and token.lemma_.lower() in lx.RELATIONAL_NOUNS:
            # "the American enemy" is the Americans ("Britain's enemy" is not Britain: no possessor).
            refs = res.entities_in(token, frozenset({"amod"}))
        if not refs and token.lemma_.lower() in self.lexicon.definite_heads:
            # "Peru's plan", "the plan by Peru": a class noun owned by an actor is that actor's doing.
            by = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            agent = [r for c in (by.children if by is not None else ()) if c.dep_ == "pobj" for r in res.refs(c)]
            refs = [Ref(r.candidates, "owner", r.token)
                    for r in res.entities_in(token, frozenset({"poss"})) + agent
                    if r.via != "pronoun" and r.candidates[0].type in self.lexicon.actor_types]
        if not refs and token.lemma_.lower() in lx.ACT_NOUNS:
            # "the announcement from Beijing": the act's source is its actor.
            holders = [token, token.head] if token.dep_ == "dobj" else [token]  # the parser may hang it on the verb
            source = next((c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "from"), None)
            pobj = next((c for c in source.children if c.dep_ == "pobj"), None) if source is not None else None
            if pobj is not None:
                refs = [Ref(r.candidates, "owner", r.token) for r in res.refs(pobj)]
        if token.lemma_.lower() in PATIENT_NOUNS \
                and not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
            # "Y's detention" is done to Y; "Y's detention of Z" is Y's act.
            refs = [r for r in refs if r.via != "owner"]
        return refs

    def _judges_act(self, attr: Token) -> bool:
        """Can this predicate noun be said of an act: "a poor decision", "a mistake", "an act of ..."?"""
        lemma = attr.lemma_.lower()
        return lemma in lx.ACT_NOUNS or lemma in lx.INTENT_NOUNS or lemma in SHELL_NOUNS \
            or lemma in self.lexicon.evaluations or lemma in self.lexicon.definite_heads

    def _described(self, subject: Token, copula: Token, res: Resolver) -> list[Ref]:
        """ "This is a good deal": the pronoun stands for a recent entity of the class the
        predicate noun names (a treaty), not for an act."""
        attr = next((c for c in copula.children if c.dep_ == "attr"), None)
        return self._as_class(subject, attr, res) if attr is not None else []

    def _as_class(self, pronoun: Token, noun: Token, res: Resolver) -> list[Ref]:
        """A pronoun said to be a class noun ("it is a good deal", "called it a historic
        agreement") stands for a recent entity of that class."""
        if pronoun.lower_ not in PRONOUN_ACTS or list(pronoun.children):
            return []
        types = self.lexicon.definite_heads.get(noun.lemma_.lower())
        if not types:
            return []
        found = res.memory.definite(res.order_base + pronoun.idx, frozenset(types),
                                    sentence=res.sentence_of.get(pronoun.i, 0), head=noun.lemma_.lower())
        return [Ref(found, "definite", pronoun.i)] if found else []

    def _clause_actor(self, clause: Token, res: Resolver) -> list[Ref]:
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            return []
        return [r for r in res.refs(subject) if r.candidates and r.candidates[0].type in self.lexicon.actor_types]

    def _candidates(self, trig: Trigger, holders: list[Ref], targets: list[Ref], trigger: Token, rule: str,
                    res: Resolver, nominal: bool = False, negated: bool = False) -> list[Candidate]:
        allowed = self._ranges.get(trig.predicate, frozenset())
        holders = [h for h in holders if h.candidates and h.candidates[0].type in self.lexicon.actor_types]
        targets = [t for t in targets if t.candidates and t.bind(allowed) is not None]
        if not holders or not targets:
            return []
        # A negated judgement ("was not a mistake") reverses the stance's polarity: negated modality.
        return [Candidate(trig.predicate, holders, targets, trigger, f"reaction:{rule}:{trig.text}", 0.65,
                          nominal=nominal, antonym=negated)]


def _complement_head(token: Token) -> Token:
    """The phrase an evaluative word heads: "a huge setback" -> setback, "a poor decision" ->
    decision, "an act of piracy" -> act, "one of the worst examples of bullying" -> one."""
    head = token
    for _ in range(3):  # "an equal and good deal": the second adjective is the first's conjunct
        if head.dep_ == "conj" and head.pos_ == "ADJ" and head.head.pos_ == "ADJ":
            head = head.head
    if head.dep_ in ("amod", "compound") and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head
    for _ in range(3):
        prep = head.head
        if head.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in SHELL_NOUNS:
            head = prep.head
        else:
            break
    if head.dep_ == "conj" and head.head.dep_ in ("oprd", "attr", "acomp", "pobj", "ccomp", "xcomp"):
        head = head.head  # "calling it wise and fair"
    return head


def _naming_verb(head: Token, judging: frozenset[str] = frozenset()) -> Optional[Token]:
    """The verb that names what its object is, or judges it "as" something; ``judging``: the
    evaluating and stance verbs that may take "as" ("denounced the vote as illegal")."""
    verb = head.head
    if head.dep_ in ("appos", "npadvmod") and verb.dep_ == "dobj" and verb.head.lemma_.lower() in NAMING_VERBS:
        return verb.head  # "called Y's speech \"one of the worst ...\"": the quote read as an apposition
    if head.dep_ in ("oprd", "ccomp", "xcomp", "attr", "acomp") and verb.lemma_.lower() in NAMING_VERBS:
        return verb
    if head.dep_ in ("pobj", "pcomp") and verb.lower_ == "as":
        governor = verb.head
        if governor.dep_ == "dobj":
            governor = governor.head
        lemma = governor.lemma_.lower()
        if governor.pos_ in ("VERB", "AUX") and (lemma in NAMING_VERBS or lemma in judging):
            return governor  # "described the deal as good", "hailed it as a victory"
    return None


def _has_copula_aux(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lemma_.lower() == "be" for c in verb.children) \
        and _clause_subject(verb) is not None and not any(c.dep_ == "dobj" for c in verb.children)


def _clause_subject(verb: Token) -> Optional[Token]:
    """The subject of a clause, also when the parser hung it on the auxiliary ("plan was worrying")."""
    for holder in (verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))):
        subject = next((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
    return None
