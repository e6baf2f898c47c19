"""The ``verb`` family: verbs, phrasal and prepositional verbs, passives, control and conjoined
verbs with their trigger's preposition. The antonym and converse families reuse its reading."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from extract import lexicon as lx
from extract.arguments import Ref, Resolver
from extract.rules.base import RuleFamily
from extract.rules.candidate import Candidate
from extract.rules.helpers import (
    SUBJECT_DEPS, _child, _direct_object, _is_passive, _noun_prep_object, _prep_objects, _reduced_passive,
    _satellites, is_verbal,
)
from extract.rules.registry import register
from ontology.model import Trigger


@register("verb", kinds=("verbs",), scope="token")
class VerbRules(RuleFamily):
    """Verb triggers of the lexicon."""

    def __init__(self, ontology, lexicon) -> None:
        super().__init__(ontology, lexicon)
        #: The positive stance ("pressed X not to leave Y" is support for Y), once, not per verb.
        self._support = next((n for n, polarity in ontology.stances().items() if polarity > 0), None)

    def token(self, token: Token, lemma: str, res: Resolver) -> list[Candidate]:
        if is_verbal(token) and lemma in self.lexicon.verbs:
            return self._verb(token, self.lexicon.verbs[lemma], res)
        return []

    def _verb(self, verb: Token, triggers: list[Trigger], res: Resolver) -> list[Candidate]:
        out = []
        best: dict[str, int] = {}
        passive = _is_passive(verb) or _reduced_passive(verb)
        for trig in triggers:
            if trig.size < best.get(trig.predicate, 0):
                continue
            satellites = _satellites(verb, trig.words)
            if satellites is None:
                continue
            objects: list[Ref] = []
            if trig.preps:
                for group in _prep_objects(verb, satellites, trig.preps):
                    objects = [r for p in group for r in res.refs(p, owner=self._owner_ok(trig.predicate, verb=True))]
                    if objects:
                        break
                if not objects:
                    continue
            else:
                target = _direct_object(verb, passive, satellites)
                if target is None and satellites and satellites[-1].pos_ == "NOUN":
                    # "host American missile sites": the owner of the fixed object is the argument.
                    owners = [r for r in res.entities_in(satellites[-1], frozenset({"poss", "amod", "compound"}))]
                    if owners:
                        subjects = self._verb_subjects(verb, passive, res)
                        if subjects:
                            best[trig.predicate] = trig.size
                            out.append(Candidate(trig.predicate, subjects, owners, verb, f"verb:{trig.text}", 0.7,
                                                 size=trig.size))
                        continue
                pred = self.ontology.predicates[trig.predicate]
                if target is None and pred.speech_act and not passive:
                    # "threatened to use force against Peru": the one the announced act is aimed at.
                    target = _infinitive_target(verb, res, pred.range)
                if target is None:
                    subjects = self._verb_subjects(verb, passive, res)
                    if pred.symmetric and not passive:
                        subjects = _broken_coordination(verb, subjects, res)
                    if pred.symmetric and len(subjects) >= 2:
                        # "Biden and Xi met in Bali": coordinated subjects of a symmetric verb pair up.
                        best[trig.predicate] = trig.size
                        out.append(Candidate(trig.predicate, subjects, [], verb, f"verb:{trig.text}", 0.75,
                                             pairwise=True, size=trig.size))
                    continue
                if verb.lemma_.lower() in lx.REPORTING_VERBS and target.dep_ == "dobj" \
                        and any(c.dep_ == "ccomp" and c.i > target.i and _child(c, "nsubj") is None
                                for c in verb.children):
                    continue  # "warned Peru could block it": the "object" is the reported clause's subject
                if self._nominal_act(target, trig.predicate, res):
                    continue  # "signed an extension of the treaty": the noun's act (extends) is told
                if target.lower_ in ("it", "this") and self.ontology.predicates[trig.predicate].speech_act:
                    # "called it a grave error", "condemned it": what is judged is the act just told.
                    objects = res.act_actor(target)
                else:
                    objects = res.refs(target, owner=self._owner_ok(trig.predicate, verb=True))
            objects = self._personal_objects(trig.predicate, objects, res)
            if verb.dep_ == "acl" and passive:
                # "a talk sponsored by Chile": the noun's owner through this very participle is its
                # agent, the subject; the object is never inside the participle's own agent phrase.
                inside = {t.i for c in verb.children if c.dep_ == "agent" for t in c.subtree}
                objects = [r for r in objects if r.token not in inside]
            subjects = self._verb_subjects(verb, passive, res)
            if self.ontology.predicates[trig.predicate].departure and trig.preps and not passive:
                # "a law withdrawing Russia from the treaty": the party taken out withdraws.
                subjects = self._party_moved(verb, satellites, res) or subjects
            if self.ontology.predicates[trig.predicate].force_movement and not trig.words \
                    and _child(verb, "dobj") is None and not passive:
                # "the soldiers travelled to Europe" moves a force; a person travelling is a visit.
                subjects = [r for r in subjects if r.via != "mention" or r.candidates[0].type not in self._persons]
            if not subjects and self.ontology.predicates[trig.predicate].passive_theme and passive:
                theme = _child(verb, "nsubjpass")
                subjects = res.refs(theme) if theme is not None else []
            if not objects:
                continue
            best[trig.predicate] = trig.size
            if self.ontology.predicates[trig.predicate].symmetric and "between" in trig.preps \
                    and any(c.dep_ == "prep" and c.lower_ == "between" for c in verb.children) and len(objects) >= 2:
                # "the cap negotiated between the G7 and the EU": the parties named pair up.
                out.append(Candidate(trig.predicate, objects, [], verb, f"verb:{trig.text}", 0.75,
                                     pairwise=True, size=trig.size))
                if subjects and not passive:
                    # "Norway mediated between Chile and Peru": the mediator talks with each side.
                    out.append(Candidate(trig.predicate, subjects, objects, verb, f"verb:{trig.text}", 0.7,
                                         size=trig.size))
                continue
            cand = Candidate(trig.predicate, subjects, objects, verb, f"verb:{trig.text}", 0.8, size=trig.size)
            cand.co_subjects = self._co_subjects(verb, trig, res)
            out.append(cand)
        out = [c for c in out if c.size >= best.get(c.predicate, 0)]
        head = verb.head
        support = self._support
        if verb.dep_ == "xcomp" and head.lemma_.lower() in lx.OBJECT_CONTROL_VERBS \
                and any(c.dep_ == "neg" for c in verb.children) and support is not None:
            # "pressed Washington not to leave the pact": pressing someone to stay is support.
            pressers = self._verb_subjects(head, _is_passive(head), res)
            for cand in [c for c in out if self.ontology.predicates[c.predicate].departure]:
                out.append(Candidate(support, pressers, cand.objects, head, f"{cand.rule}+press", 0.6))
        threat = next((t.predicate for t in self.lexicon.verbs.get(head.lemma_.lower(), ())
                       if not t.words and not t.preps and self.ontology.predicates[t.predicate].speech_act), None) \
            if verb.dep_ == "xcomp" and head.lemma_.lower() == "threaten" else None
        if threat is not None:
            # "threatened to invade Ukraine": the threat is stated, the invasion is not. A threat
            # against no one ("threatened to quit the treaty") leaves the act, announced.
            allowed = self.ontology.predicates[threat].range
            for cand in out:
                if any(r.bind(allowed) is not None for r in cand.objects):
                    cand.predicate, cand.trigger, cand.rule = threat, head, f"{cand.rule}+threaten"
        return out

    def _nominal_act(self, target: Token, predicate: str, res: Resolver) -> bool:
        """Is the verb's object a looked-through noun ("extension", "renewal") that is itself the
        trigger of another predicate, with its preposition? Then that noun's rule tells the act."""
        lemma = target.lemma_.lower()
        if lemma not in lx.TRANSPARENT_NOUNS:
            return False
        for trig in self.lexicon.nouns.get(lemma, ()):
            if trig.predicate == predicate or not trig.preps:
                continue
            pobj, _ = _noun_prep_object(target, trig.preps)
            if pobj is None:
                continue
            # Only when the noun's own predicate admits what it is about: "suspended its
            # participation in the treaty" is still a suspension (participation takes events).
            allowed = self.ontology.predicates[trig.predicate].range
            if any(r.bind(allowed) is not None for r in res.refs(pobj)):
                return True
        return False

    def _personal_objects(self, predicate: str, objects: list[Ref], res: Resolver) -> list[Ref]:
        """A person's office is over the body the noun names: "led the Chinese delegation" or
        "commands Russian troops" does not lead the state, "heads the Chinese government" does
        (the noun is one of the class's definite heads)."""
        if not objects or predicate not in self._office_predicates:
            return objects
        doc = res.doc
        out = []
        for r in objects:
            if r.via == "collective" and r.token >= 0:
                noun = doc[r.token]
                while noun.dep_ in ("amod", "compound", "poss", "case") and noun.head.i != noun.i:
                    noun = noun.head
                if r.candidates[0].type not in self.lexicon.definite_heads.get(noun.lemma_.lower(), ()):
                    continue
            out.append(r)
        return out

    def _party_moved(self, verb: Token, satellites: list[Token], res: Resolver) -> list[Ref]:
        """The named state or organisation a causative withdrawal moves ("took Britain out of")."""
        sat_ids = {t.i for t in satellites}
        dobj = next((c for c in verb.children if c.dep_ == "dobj" and c.i not in sat_ids), None)
        if dobj is None or res.mention(dobj) is None:
            return []
        return [r for r in res.refs(dobj) if r.via == "mention"
                and r.candidates[0].type in ("State", "InternationalOrganization")]

    def _co_subjects(self, verb: Token, trig: Trigger, res: Resolver) -> list[Ref]:
        """ "Japan signed the RAA with the United Kingdom": both sign. Only for treaty predicates."""
        pred = self.ontology.predicates[trig.predicate]
        if "Treaty" not in pred.range or "with" in trig.preps or pred.range - {"Treaty"}:
            return []
        holders = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        holders += [p for c in verb.children if c.dep_ == "prep" and c.lower_ != "with"
                    for p in c.children if p.dep_ == "pobj"]
        for holder in holders:
            # "signed the accord with Peru": "with" on the verb or on the treaty it signs.
            for child in holder.children:
                if child.dep_ == "prep" and child.lower_ == "with":
                    pobj = _child(child, "pobj")
                    return res.refs(pobj) if pobj is not None else []
        return []


def _broken_coordination(verb: Token, subjects: list[Ref], res: Resolver) -> list[Ref]:
    """ "A, B, and C met": the parser may give the verb several subjects where a long list of
    titled names broke the coordination; subjects joined only by commas and "and" are one list."""
    found = sorted((c for c in verb.children if c.dep_ == "nsubj"), key=lambda c: c.i)
    if len(found) < 2:
        return subjects
    for left, right in zip(found, found[1:]):
        gap = verb.doc[left.right_edge.i + 1:right.left_edge.i]
        if any(not (t.is_punct or t.lower_ in ("and", "&")) for t in gap):
            return subjects
    merged = list(subjects)
    ids = {r.candidates[0].id for r in merged if r.candidates}
    for child in found:
        for ref in res.refs(child):
            if ref.candidates and ref.candidates[0].id not in ids:
                ids.add(ref.candidates[0].id)
                merged.append(ref)
    return merged


def _infinitive_target(verb: Token, res: Resolver, allowed: frozenset[str]) -> Optional[Token]:
    """The first entity the predicate admits that an infinitive complement acts on: "threatened
    to use force against Peru" -> Peru; none when the complement has its own subject."""
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
    if xcomp is None or any(c.dep_ in SUBJECT_DEPS for c in xcomp.children):
        return None
    for tok in xcomp.subtree:
        if tok.dep_ not in ("dobj", "pobj") or tok.i <= xcomp.i:
            continue
        m = res.mention(tok)
        if m is not None and not m.adjective and m.entity.type in allowed:
            return tok
    return None
