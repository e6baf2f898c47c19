"""Dependency-parse rules driven by the ontology's trigger lexicon.

Each rule family finds triggers in a sentence and proposes :class:`Candidate` relations whose
arguments are still :class:`~extract.arguments.Ref` objects; binding them to entities (checked
against the predicate's domain and range), modality and attribution happen in
:mod:`extract.statements`. Families:

* ``verb``: verbs, phrasal and prepositional verbs, passives, control and conjoined verbs;
* ``noun``: nominalisations and role nouns ("the U.S. withdrawal from", "NATO member Turkey",
  "Japan is a partner of NATO", "held talks with");
* ``adjective``: predicative adjectives and prepositions ("is opposed to", "is on the side of");
* ``title``: titles around a person's name ("Russian Foreign Minister Sergey Lavrov");
* ``hyphen``: actor-participle compounds ("US-sponsored militias") and actor pairs
  ("US-Polish exercise");
* ``adverb``: coordinated subjects acting "jointly";
* ``reported``: "X says Y undermines ..." -> X criticizes Y;
* ``reaction``: reported evaluations ("X praised Y's move", "called it a mistake"), in
  :mod:`extract.reactions`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.tokens import Span, Token

from extract import lexicon as lx
from extract.arguments import Ref, Resolver
from ontology.model import Ontology, Trigger

POSSESSOR_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
SUBJECT_DEPS = ("nsubj", "csubj")


@dataclass(slots=True)
class Candidate:
    """A proposed relation before binding: predicate, argument refs and where it came from."""

    predicate: str
    subjects: list[Ref]
    objects: list[Ref]
    trigger: Token
    rule: str
    confidence: float
    nominal: bool = False
    pairwise: bool = False      # symmetric relation among all subjects
    antonym: bool = False       # polarity reversed ("is not complying with")
    size: int = 1
    co_subjects: list[Ref] = field(default_factory=list)
    descriptive: bool = False   # a standing fact told by a modifier: the clause's modals do not apply


class RelationRules:
    """All rule families over one sentence at a time."""

    def __init__(self, ontology: Ontology, lexicon: lx.Lexicon) -> None:
        self.ontology = ontology
        self.lexicon = lexicon
        #: Predicates of offices (those with title triggers) and the classes their holders have.
        self._office_predicates = frozenset(t.predicate for t in lexicon.titles.values())
        self._persons = frozenset(c for p in self._office_predicates for c in ontology.predicates[p].domain)
        from extract.reactions import ReactionRules  # it builds Candidates: imported once this module is
        self.reactions = ReactionRules(self)

    def sentence(self, sent: Span, res: Resolver, tokens: Optional[list[Token]] = None) -> list[Candidate]:
        """Candidates of one sentence; ``tokens`` (the sentence's tokens) may be passed to save work."""
        out: list[Candidate] = []
        lex = self.lexicon
        tokens = tokens if tokens is not None else list(sent)
        for token in tokens:
            if token.is_space or token.is_punct:
                continue
            lemma = token.lemma_.lower()
            mention = res.mention(token)
            # A described agreement ("a fisheries agreement with Peru") still triggers its noun.
            in_name = mention is not None and mention.entity.source != "description"
            if token.pos_ in ("VERB", "AUX") or token.tag_ in ("VBN", "VBG"):
                if lemma in lex.verbs:
                    out.extend(self._verb(token, lex.verbs[lemma], res))
                if lemma in lex.antonyms:
                    out.extend(c for c in self._verb(token, lex.antonyms[lemma], res) if _mark_antonym(c))
                if lemma in lex.converse:
                    for cand in self._verb(token, lex.converse[lemma], res):
                        # "Kyiv received weapons from Berlin": the giver supports the receiver.
                        cand.subjects, cand.objects = cand.objects, cand.subjects
                        cand.rule = cand.rule.replace("verb:", "converse:")
                        out.append(cand)
                if lemma in lex.reported:
                    out.extend(self._reported(token, lex.reported[lemma], res))
                if any(c.dep_ == "advmod" and c.lemma_.lower() in lex.adverbs for c in token.children):
                    out.extend(self._adverb(token, res))
            elif token.pos_ == "ADJ" and token.dep_ == "acomp" and lemma in lex.reported:
                # "Moscow said Washington was responsible for the collapse": judged through the copula.
                out.extend(self._reported(token.head, lex.reported[lemma], res))
            elif token.tag_ == "NNS" and lemma in lex.reported and token.lower_ != lemma:
                out.extend(self._reported(token, lex.reported[lemma], res))  # "treaty undermines" mis-tagged
            if token.pos_ in ("NOUN", "PROPN") and not in_name:
                if lemma not in lex.nouns and token.tag_ == "NNS" and token.lower_[:-1] in lex.nouns:
                    lemma = token.lower_[:-1]  # the lemmatiser reads "bases" as "basis"
                if lemma in lex.nouns:
                    out.extend(self._noun(token, lex.nouns[lemma], res))
            if lemma in lex.adjectives and token.pos_ in ("ADJ", "VERB", "ADP"):
                out.extend(self._adjective(token, lex.adjectives[lemma], res))
        out.extend(self._titles(sent, res, tokens))
        out.extend(self._hyphens(sent, res, tokens))
        out.extend(self._event_modifiers(sent, res, tokens))
        out.extend(self._other_members(res, tokens))
        out.extend(self._listed_members(res, tokens))
        out.extend(self.reactions.sentence(res, tokens))
        return out

    # ------------------------------------------------------------------ modifiers

    def _event_modifiers(self, sent: Span, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        """ "US-Polish exercise Allied Spirit", "Turkey's Operation Peace Spring", "the Chile-Peru
        accord", "the treaty between Chile and Peru": actors named in the noun phrase of an entity
        whose class has a ``tkg:modifierPredicate`` stand in that relation to it (take part in
        an event, are parties to a treaty)."""
        out = []
        for cls, predicate in self.lexicon.modifier_predicates.items():
            if predicate not in self.ontology.predicates:
                continue
            out.extend(self._class_modifiers(sent, res, tokens, cls, predicate))
        out.extend(self._acting_under(res, tokens))
        return out

    def _acting_under(self, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        """ "Under the accord, Chile will cut tariffs": who acts under a treaty (or within an
        operation) stands in the class's modifier relation to it (party to it, takes part in it)."""
        out = []
        for prep in tokens:
            if prep.lower_ != "under" or prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
                continue
            pobj = _child(prep, "pobj")
            if pobj is None:
                continue
            for ref in res.refs(pobj):
                predicate = self.lexicon.modifier_predicates.get(ref.candidates[0].type) if ref.candidates else None
                if predicate is None or predicate not in self.ontology.predicates:
                    continue
                verb = prep.head
                subjects = self._verb_subjects(verb, _is_passive(verb), res)
                if subjects:
                    out.append(Candidate(predicate, subjects, [ref], prep, "modifier:under", 0.65, nominal=True,
                                         descriptive=True))
        return out

    def _class_modifiers(self, sent: Span, res: Resolver, tokens: list[Token], cls: str,
                         predicate: str) -> list[Candidate]:
        out = []
        doc = sent.doc
        for m, root in _mentions_of(tokens, res, cls):
            actors: list[Ref] = []
            seen: set[str] = set()

            def add(tok: Token) -> None:
                am = res.mention(tok)
                if am is not None and am.entity.type in self.lexicon.actor_types and am.entity.id not in seen:
                    seen.add(am.entity.id)
                    actors.append(Ref((am.entity,), "mention", tok.i))

            # Walk left through the noun phrase before the name ("the US-Polish exercise").
            i = m.start - 1
            while i >= max(sent.start, m.start - 8):
                tok = doc[i]
                if not (tok.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or tok.tag_ in ("POS", "HYPH")
                        or tok.text in ("-", "–", "'", "‘", "’")):
                    break
                add(tok)
                i -= 1
            for tok in _apposed_description(root):
                add(tok)
            adjectives = [r for r in actors if doc[r.token].tag_ != "POS" and doc[r.token].dep_ != "poss"]
            parties: list[Ref] = []
            for child in root.children:
                # "the accord between Chile and Peru", "its treaty with Peru": the named parties.
                if child.dep_ == "prep" and child.lower_ in ("between", "with") and child.i >= m.end:
                    pobj = _child(child, "pobj")
                    parties.extend(r for r in res.refs(pobj) if r.via in ("mention", "adjective")
                                   and r.candidates[0].type in self.lexicon.actor_types
                                   and r.candidates[0].id not in seen)
            if actors or parties:
                entity = Ref((m.entity,), "mention", root.i)
                subjects = (adjectives or actors) + parties
                out.append(Candidate(predicate, subjects, [entity], root, f"modifier:{cls.lower()}", 0.7,
                                     nominal=True))
        return out

    def _listed_members(self, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        """ "NATO members such as Poland and Estonia", "EU member states, especially France":
        the names a membership noun lists are members of the organisation that modifies it."""
        if "member_of" not in self.ontology.predicates:
            return []
        out = []
        for token in tokens:
            if token.lemma_.lower() not in lx.MEMBERSHIP_NOUNS or token.pos_ != "NOUN":
                continue
            modifiers = [token, *(c for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN")]
            orgs = [r for m in modifiers for r in res.entities_in(m, frozenset({"compound", "poss"}))
                    if r.candidates and r.candidates[0].type == "InternationalOrganization"]
            if not orgs:
                continue
            listed = [r for r in res.listed(token) if r.candidates[0].type in ("State", "InternationalOrganization")]
            if listed:
                out.append(Candidate("member_of", listed, orgs[:1], token, "modifier:listed-members", 0.75,
                                     nominal=True, descriptive=True))
        return out

    def _other_members(self, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        """ "The U.S. and other NATO states": the named conjunct is a member too."""
        if "member_of" not in self.ontology.predicates:
            return []
        out = []
        for token in tokens:
            if token.lemma_.lower() not in lx.MEMBERSHIP_NOUNS or token.dep_ != "conj":
                continue
            if not any(c.lower_ == "other" for c in token.children):
                continue
            orgs = [r for r in res.entities_in(token, frozenset({"compound", "poss"}))
                    if r.candidates[0].type == "InternationalOrganization"]
            if orgs and res.mention(token.head) is not None:
                out.append(Candidate("member_of", res.refs(token.head)[:1], orgs, token, "modifier:other-members",
                                     0.75, nominal=True))
        return out

    # ------------------------------------------------------------------ verbs

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
            subjects = self._verb_subjects(verb, passive, res)
            if trig.predicate == "withdraws_from" and trig.preps and not passive:
                # "a law withdrawing Russia from the treaty": the party taken out withdraws.
                subjects = self._party_moved(verb, satellites, res) or subjects
            if self.ontology.predicates[trig.predicate].force_movement and not trig.words \
                    and _child(verb, "dobj") is None and not passive:
                # "the soldiers travelled to Europe" moves a force; a person travelling is a visit.
                subjects = [r for r in subjects if r.via != "mention" or r.candidates[0].type not in self._persons]
            if not subjects and trig.predicate == "deploys_to" and passive:
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
        if verb.dep_ == "xcomp" and head.lemma_.lower() in lx.OBJECT_CONTROL_VERBS \
                and any(c.dep_ == "neg" for c in verb.children) and "supports" in self.ontology.predicates:
            # "pressed Washington not to leave the pact": pressing someone to stay is support.
            pressers = self._verb_subjects(head, _is_passive(head), res)
            for cand in [c for c in out if c.predicate == "withdraws_from"]:
                out.append(Candidate("supports", pressers, cand.objects, head, f"{cand.rule}+press", 0.6))
        if verb.dep_ == "xcomp" and head.lemma_.lower() == "threaten" and "threatens" in self.ontology.predicates:
            # "threatened to invade Ukraine": the threat is stated, the invasion is not.
            for cand in out:
                cand.predicate, cand.trigger, cand.rule = "threatens", head, f"{cand.rule}+threaten"
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

    def _owner_ok(self, predicate: str, verb: bool = False) -> bool:
        """Stance predicates take the actor behind a decision as object ("condemned Russia's move");
        sanctions a verb imposes hit the owner of their target ("imposed sanctions on Iran's oil
        sector"), but a bare noun's "on" may belong to another noun ("the impact of sanctions on
        Britain's network")."""
        return predicate in ("opposes", "supports", "criticizes", "accuses", "threatens") \
            or (verb and predicate == "sanctions")

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

    # ------------------------------------------------------------------ nouns

    def _noun(self, noun: Token, triggers: list[Trigger], res: Resolver) -> list[Candidate]:
        out = []
        best: dict[str, int] = {}
        for trig in triggers:
            if trig.size < best.get(trig.predicate, 0):
                continue
            if _satellites(noun, trig.words) is None:
                continue
            pred = self.ontology.predicates[trig.predicate]
            internal = res.entities_in(noun, POSSESSOR_DEPS)
            if not internal and noun.dep_ == "compound" and noun.head.i > noun.i:
                # "NATO members Norway, Denmark": the parser hangs "NATO" on the name, beside "members".
                internal = [r for r in res.entities_in(noun.head, frozenset({"compound", "nmod"}))
                            if r.token < noun.i]
            if pred.symmetric and any(r.via == "mention" and r.candidates[0].type == "InternationalOrganization"
                                      and noun.doc[r.token].dep_ == "compound" for r in internal) \
                    and noun.lemma_.lower() in lx.MEMBERSHIP_NOUNS:
                continue  # "Ankara's NATO allies": fellow members, not an alliance claim
            if not internal:
                # "the withdrawal of some 9,500 US troops from Germany": the troops' owner acts.
                owner = [r for r in res.complement(noun, ("of",)) if r.via == "collective"]
                internal = owner
            cand: Optional[Candidate] = None
            if trig.preps:
                pobj, prep = _noun_prep_object(noun, trig.preps)
                if pobj is None:
                    continue
                objects = res.refs(pobj, owner=self._owner_ok(trig.predicate))
                receiver = noun.head if noun.dep_ == "dobj" and noun.head.lemma_.lower() in lx.RECEIVE_VERBS else None
                if prep == "of" and receiver is not None and not internal:
                    # "Haftar has the support of Greece": Greece supports Haftar.
                    recipients = self._verb_subjects(receiver, _is_passive(receiver), res)
                    cand = Candidate(trig.predicate, objects, recipients, noun, f"noun:{trig.text}", 0.65,
                                     nominal=True)
                elif pred.symmetric and (prep == "between" or (prep == "of" and "between" in trig.preps
                                                               and not internal and len(objects) >= 2)):
                    # "talks between X and Y", "a meeting of the ministers of X, Y and Z": all pair up.
                    cand = Candidate(trig.predicate, internal + objects, [], noun, f"noun:{trig.text}", 0.7,
                                     nominal=True, pairwise=True)
                    host = noun.head if noun.dep_ == "dobj" else None
                    if host is not None and host.lemma_.lower() in lx.HOST_VERBS:
                        # "Chile hosted talks between Peru and Bolivia": the host talks with each side.
                        hosts = self._verb_subjects(host, _is_passive(host), res)
                        if hosts:
                            out.append(Candidate(trig.predicate, hosts, internal + objects, noun,
                                                 f"noun:{trig.text}+host", 0.65, nominal=True, size=trig.size))
                else:
                    subjects = internal or self._noun_external(noun, res)
                    adjunct = False
                    if not subjects and pred.symmetric and noun.dep_ == "pobj" \
                            and noun.head.lower_ in ("in", "during", "at", "after", "following") \
                            and noun.head.head.pos_ in ("VERB", "AUX"):
                        # "During talks with Peru, Chile agreed to ...": the clause's subject talked.
                        verb = noun.head.head
                        subjects = self._verb_subjects(verb, _is_passive(verb), res)
                        adjunct = bool(subjects)
                    cand = Candidate(trig.predicate, subjects, objects, noun, f"noun:{trig.text}", 0.7,
                                     nominal=True)
                    cand.descriptive = adjunct  # background told in an adjunct: the clause's modals do not apply
            else:
                external = self._noun_external(noun, res)
                if pred.symmetric and not external and any(c.dep_ == "poss" and c.lower_ == "their"
                                                           for c in noun.children):
                    # "Chile and Peru resumed their talks": the owners are the clause's coordinated subjects.
                    clause = noun.head
                    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
                        clause = clause.head
                    owners = self._verb_subjects(clause, _is_passive(clause), res)
                    if len(owners) >= 2:
                        internal = []
                        external = owners
                if not external and internal and noun.lemma_.lower() in lx.RELATIONAL_NOUNS:
                    # "its allies such as Japan", "Russia's partners, China and Iran": the names listed.
                    external = res.listed(noun)
                named = [r for r in internal if r.via in ("mention", "adjective")]
                if pred.symmetric and len(named) >= 2:  # "US-Polish exercise", "US-Japan talks"
                    internal = named
                    cand = Candidate(trig.predicate, internal, [], noun, f"noun:{trig.text}", 0.65,
                                     nominal=True, pairwise=True)
                elif pred.symmetric and not internal and len(external) >= 2 \
                        and noun.lemma_.lower() not in lx.RELATIONAL_NOUNS:
                    # "Washington and Seoul held joint drills": the coordinated subjects pair up.
                    cand = Candidate(trig.predicate, external, [], noun, f"noun:{trig.text}", 0.65,
                                     nominal=True, pairwise=True)
                elif internal and external:
                    cand = Candidate(trig.predicate, external, internal, noun, f"noun:{trig.text}", 0.7,
                                     nominal=True)
            if cand is None or not (cand.subjects and (cand.objects or cand.pairwise)):
                continue
            if any(r.token == noun.i for r in cand.subjects):
                cand.descriptive = True  # the noun describes its own referents: "the two NATO members"
            elif noun.lemma_.lower() in lx.RELATIONAL_NOUNS and noun.dep_ not in ("attr", "oprd", "dobj", "xcomp"):
                # "US partners – Japan, Korea – will launch projects": a standing tie named in
                # passing, not the clause's (future, reported) act.
                cand.descriptive = True
            cand.size = trig.size
            best[trig.predicate] = trig.size
            out.append(cand)
        return [c for c in out if c.size >= best.get(c.predicate, 0)]

    def _noun_external(self, noun: Token, res: Resolver) -> list[Ref]:
        """The argument outside a noun phrase: copula subject, apposition, compound head, light-verb subject."""
        head, dep = noun.head, noun.dep_
        if dep == "conj" and head.pos_ in ("NOUN", "PROPN") and head.i != noun.i:
            # "an analyst, chief editor of X and founder of Y": the first conjunct's argument.
            first = noun
            while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN"):
                first = first.head
            if res.mention(first) is None:
                return self._noun_external(first, res)
        if dep in ("attr", "oprd") and head.lemma_.lower() in lx.COPULAS:
            subj = _child(head, "nsubj")
            return res.refs(subj) if subj is not None else []
        if dep == "pobj" and head.lower_ == "of" and head.head.lower_ == "one" and head.head.i != noun.i:
            # "Poland is one of Ukraine's strongest supporters": the copula subject is the one.
            return self._noun_external(head.head, res)
        # "Germany and Spain, members of NATO": the names right before the comma, wherever the
        # parser attached the apposition.
        left = noun.left_edge
        if left.i >= 2 and noun.doc[left.i - 1].text == "," and dep in ("appos", "npadvmod", "conj", "dep"):
            prev = noun.doc[left.i - 2]
            m = res.mention(prev)
            if m is not None:
                if noun.tag_ == "NN" and m.entity.type in self._persons and not m.adjective:
                    # "Santos and Londono, leader of the FARC": one person's office, the nearest.
                    return [Ref((m.entity,), "mention", prev.i)]
                first = noun.doc[m.start:m.end].root
                while first.dep_ == "conj" and res.mention(first.head) is not None:
                    first = first.head
                return res.refs(first)
        if dep == "appos":
            found = res.refs(head)
            if not found and head.pos_ == "NOUN" and head.i != noun.i and res.mention(head) is None:
                # "Savin is an analyst, chief editor of X": the description the apposition extends.
                found = self._noun_external(head, res)
            return found
        appointee = _appointee(noun, res)
        if appointee:
            return appointee
        for child in noun.children:
            if child.dep_ == "appos":
                found = res.refs(child)
                if found:
                    return found
        if dep == "compound" and head.pos_ == "PROPN":
            m = res.mention(head)
            if m is not None:
                return res.refs(head)
        if dep == "compound" and head.pos_ == "NOUN" and head.i > noun.i and res.mention(head) is None:
            # "Norway is a NATO member state": the compound's head noun carries the argument.
            return self._noun_external(head, res)
        if dep == "dobj" and head.lemma_.lower() in lx.LIGHT_VERBS:
            return self._verb_subjects(head, _is_passive(head), res)
        if dep == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lx.MEASURE_NOUNS \
                and head.head.dep_ == "dobj" and head.head.head.lemma_.lower() in lx.LIGHT_VERBS:
            # "agreed a new package of sanctions against X": the measure noun is the light verb's object.
            verb = head.head.head
            return self._verb_subjects(verb, _is_passive(verb), res)
        if dep == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in lx.LIGHT_VERBS \
                and head.lower_ in ("in", "into", "for"):
            verb = head.head
            if _is_passive(verb) and _child(verb, "agent") is None:
                return res.refs(_child(verb, "nsubjpass"))  # "Peru is engaged in talks with Chile"
            return self._verb_subjects(verb, _is_passive(verb), res)
        if noun.lemma_.lower() in lx.MEMBERSHIP_NOUNS:
            found = res.complement(noun, ("in",))
            if found:
                return found
        # "the two NATO members", "both EU partners": a counted description of the group just named.
        return res.counted_group(noun)

    # ------------------------------------------------------------------ adjectives

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

    # ------------------------------------------------------------------ titles

    def _titles(self, sent: Span, res: Resolver, tokens: list[Token]) -> list[Candidate]:
        """ "Russian Foreign Minister Sergey Lavrov", "Jens Stoltenberg, NATO's secretary general"."""
        out = []
        counterparts = []
        doc = sent.doc
        for m, root in _mentions_of(tokens, res, "Person"):
            before = _title_tokens_before(doc, m.start, sent.start, res)
            # "Prime Minister X of Chile": the employer may follow the name.
            cands = self._title_candidates(before, m, res, complement=root)
            if not cands and root.dep_ == "appos" and root.head.i < m.start and res.mention(root.head) is None:
                # "Lithuania's defence minister, Raimundas Karoblis, said": the title the name explains.
                title = root.head
                words = [t for t in title.subtree if t.i <= title.i]
                cands = self._title_candidates(words, m, res)
            if not cands:
                for child in root.children:
                    if child.dep_ == "appos" and child.i >= m.end and res.mention(child) is None:
                        # "Jens Stoltenberg, NATO's secretary general", "..., Secretary General of NATO".
                        words = [t for t in child.subtree if m.end <= t.i <= child.i]
                        cands = self._title_candidates(words, m, res, appositive=True, complement=child)
                        if cands:
                            break
            if not cands:
                office = _office_given(root)
                if office is not None:
                    # "X was appointed Secretary General of NATO", "Y named X its envoy to Syria".
                    words = [t for t in office.subtree if t.i <= office.i]
                    cands = self._title_candidates(words, m, res, appositive=True, complement=office)
            if not cands and any(t.lemma_.lower() == "counterpart" for t in before):
                counterparts.append((m, before))
            out.extend(cands)
        for m, before in counterparts:
            # "Erdogan met his Russian counterpart Vladimir Putin": the same office for another employer.
            model = next((c for c in out if c.rule.startswith("title:")
                          and c.subjects[0].candidates[0].id != m.entity.id), None)
            orgs = self._title_orgs(before, res, before[-1], False) if model is not None else []
            if orgs:
                subject = Ref((m.entity,), "mention", m.start)
                out.append(Candidate(model.predicate, [subject], orgs[:1], before[-1], "title:counterpart", 0.75))
        return out

    def _title_candidates(self, tokens: list[Token], person, res: Resolver,
                          appositive: bool = False, complement: Optional[Token] = None) -> list[Candidate]:
        """One candidate per title in ``tokens``: coordinated titles ("Prime Minister and Foreign
        Minister X") each give a role; the employer named once serves both."""
        if not tokens:
            return []
        words = [self._title_word(t) for t in tokens]
        if any(w in lx.FORMER_WORDS for w in words):
            return []
        out = []
        segments = _title_segments(tokens)
        for seg in segments:
            cand = self._title_candidate(seg, tokens, person, res, appositive, complement)
            if cand is not None:
                out.append(cand)
        return out

    def _title_word(self, token: Token) -> str:
        return token.lower_ if token.lower_ in self.lexicon.title_words else token.lemma_.lower()

    def _title_candidate(self, seg: list[Token], tokens: list[Token], person, res: Resolver,
                         appositive: bool, complement: Optional[Token]) -> Optional[Candidate]:
        found = self._title_in(seg, res)
        if found is None:
            return None
        trig, first, last = found
        # "the political deputy of Iran President X": a title after "of" is the person's own,
        # the words before it describe someone else.
        cut = next((k for k in range(first - 1, -1, -1) if seg[k].lower_ in ("of", "for")), None)
        if cut is not None:
            inner = self._title_in(seg[cut + 1:], res)
            if inner is None:
                return None
            seg = seg[cut + 1:]
            trig, first, last = inner
        predicate = trig.predicate
        lesser = self.lexicon.lesser_office.get(predicate)
        if lesser is not None and self._lesser_office(seg, first, res):
            predicate = lesser
        title_words = tuple(w for t in seg[first:last + 1] for w in self._title_word(t).split("-") if w)
        posting = title_words in self.lexicon.posting_titles or trig.text.lower() in {
            " ".join(p) for p in self.lexicon.posting_titles}
        head = seg[last]
        head_title = predicate in self.lexicon.lesser_office
        orgs = self._title_orgs(seg, res, head, posting, head_title) or (
            self._title_orgs(tokens, res, head, posting, head_title) if seg is not tokens else [])
        if not orgs and complement is not None:
            orgs = self._title_complement(complement, res, posting)
        if appositive and not orgs:
            return None
        if not orgs:
            orgs = _role_orgs(person.entity, predicate, res, trig.text)
        if not orgs:
            return None
        subject = Ref((person.entity,), "mention", person.start)
        return Candidate(predicate, [subject], orgs[:1], seg[-1], f"title:{trig.text}", 0.85)

    def _title_in(self, seg: list[Token], res: Resolver) -> Optional[tuple[Trigger, int, int]]:
        """The title of a phrase and the positions of its first and last token in ``seg``: the
        longest trigger, the rightmost of equal length (the head of an English compound is last:
        "chief negotiator" is a negotiator)."""
        flat: list[tuple[str, int]] = []
        for k, tok in enumerate(seg):
            m = res.mention(tok)
            if m is not None and not m.adjective:
                continue
            for part in self._title_word(tok).split("-"):
                if part:
                    flat.append((part, k))
        lexicon = self.lexicon
        for n in range(min(lexicon.max_title_words, len(flat)), 0, -1):
            for i in range(len(flat) - n, -1, -1):
                trig = lexicon.titles.get(tuple(w for w, _ in flat[i:i + n]))
                if trig is not None:
                    return trig, flat[i][1], flat[i + n - 1][1]
        return None

    def _lesser_office(self, seg: list[Token], first: int, res: Resolver) -> bool:
        """A head title held for a deputy ("Deputy Prime Minister", "Vice President") or for a
        portfolio: a common noun right before it that names no entity ("foreign policy chief",
        "army chief"), unlike an employer ("NATO chief", "Pentagon chief")."""
        if any(self._title_word(t) in lx.DEPUTY_WORDS for t in seg[:first + 1]):
            return True
        if first == 0:
            return False
        before = seg[first - 1]
        return before.pos_ == "NOUN" and res.mention(before) is None \
            and self._title_word(before) not in self.lexicon.title_words

    def _title_orgs(self, tokens: list[Token], res: Resolver, head: Token, posting: bool,
                    head_title: bool = False) -> list[Ref]:
        """The employer named in a title: a body first, then an organisation, then a state, the
        nearest to the title first. A body named only by its portfolio ("Treasury Secretary",
        "White House spokesperson") stands for its state; one named as a body ("foreign ministry
        spokesperson", "SSB's president", "Pentagon chief") employs. For an office held abroad the sending state comes first and the
        place after "to" is not the employer ("Chile's UN ambassador", "envoy to Syria")."""
        if posting:
            rank = {"State": 0, "GovernmentBody": 1, "InternationalOrganization": 2, "Organization": 2}
        else:
            rank = {"GovernmentBody": 0, "InternationalOrganization": 1, "Organization": 1, "State": 2}
        found: list[tuple[int, int, Ref]] = []
        seen: set[str] = set()
        after_to = False
        for tok in tokens:
            if tok.lower_ in ("to", "at") and tok.i > head.i - 1:
                after_to = True
            m = res.mention(tok)
            if m is None and (tok.dep_ == "poss" or tok.tag_ == "PRP$") and tok.head.i >= tokens[-1].i:
                # "the country's president X", "its leader X": the employer is a reference (one
                # owning the title itself, not "the country's letter to Secretary X").
                for ref in res.refs(tok)[:1]:
                    bound = ref.bind(frozenset(rank))
                    if bound is not None and bound.id not in seen:
                        seen.add(bound.id)
                        found.append((rank[bound.type], abs(head.i - tok.i), Ref((bound,), ref.via, tok.i)))
                continue
            # Only known employers: NER reads "Secretary of State" or "Defense" as organisations.
            if m is None or m.entity.type not in rank or m.entity.source != "gazetteer":
                continue
            entity = m.entity
            parent = res.gazetteer.parent(entity.id)
            if parent is not None and parent.type in rank and not head_title \
                    and _compounds_title(m, tokens, res) and not self._named_as_body(m, res):
                entity = parent  # a body named only by its portfolio stands for the state it belongs to
            if entity.id in seen:
                continue
            seen.add(entity.id)
            order = rank[entity.type] + (10 if posting and after_to else 0)
            found.append((order, abs(head.i - tok.i), Ref((entity,), "mention", tok.i)))
        found.sort(key=lambda x: (x[0], x[1]))
        return [r for _, _, r in found]

    def _named_as_body(self, mention, res: Resolver) -> bool:
        """Does the mention name a body by one of its class's head nouns ("foreign ministry")?"""
        doc = res.doc
        for tok in doc[mention.start:mention.end]:
            if mention.entity.type in self.lexicon.definite_heads.get(tok.lemma_.lower(), ()):
                return True
        return False

    def _title_complement(self, title: Token, res: Resolver, posting: bool = False) -> list[Ref]:
        """The employer after a title: "Secretary General of NATO", "Chief of Staff of the Air Force".
        Words that belong to the title itself ("of Staff", "of Defense") are skipped; so is the
        posting of an office held abroad ("envoy to Syria"). The deputy or aide of a titled person
        serves that person's employer ("a deputy of Chilean President X" -> Chile)."""
        for child in title.children:
            if child.dep_ != "prep" or child.lower_ not in ("of", "for", "at", "to"):
                continue
            if posting and child.lower_ in ("to", "at"):
                continue
            pobj = _child(child, "pobj")
            if pobj is None or pobj.lower_ in self.lexicon.title_words:
                continue
            m = res.mention(pobj)
            if m is not None and m.entity.type in self._persons:
                before = _title_tokens_before(res.doc, m.start, pobj.sent.start, res)
                inner = self._title_in(before, res) if before else None
                if inner is not None:
                    found = self._title_orgs(before, res, before[inner[2]], False)
                    if found:
                        return found[:1]
                continue
            found = [r for r in res.refs(pobj) if r.via == "mention"
                     and r.candidates[0].type in ("GovernmentBody", "InternationalOrganization", "Organization",
                                                  "State")]
            if found:
                return found[:1]
        return []

    # ------------------------------------------------------------------ hyphenated compounds

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


# ---------------------------------------------------------------------- helpers


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


def _addressee(verb: Token) -> Optional[Token]:
    """ "called on Washington to stop": the one asked to act, after "on"/"upon"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "upon"):
            return _child(child, "pobj")
    return None


def _office_given(person: Token) -> Optional[Token]:
    """The office noun of an appointment whose appointee is ``person``: "X was named (as) head"."""
    verb = person.head
    if person.dep_ not in ("nsubjpass", "dobj") or verb.lemma_.lower() not in lx.APPOINT_VERBS:
        return None
    for child in verb.children:
        if child.dep_ in ("oprd", "xcomp") and child.pos_ in ("NOUN", "PROPN"):
            return child
        if child.dep_ == "prep" and child.lower_ == "as":
            return _child(child, "pobj")
    return None


def _appointee(noun: Token, res: Resolver) -> list[Ref]:
    """ "X was appointed (as) commander of Y", "Z named X head of Y": the person given the office."""
    verb = noun.head
    if noun.dep_ == "pobj" and verb.lower_ == "as":
        verb = verb.head
    elif noun.dep_ not in ("oprd", "attr", "xcomp", "dobj"):
        return []
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in lx.APPOINT_VERBS:
        return []
    person = _child(verb, "nsubjpass") if _is_passive(verb) else None
    if person is None:
        person = next((c for c in verb.children if c.dep_ in ("dobj", "nsubj") and c.i != noun.i
                       and (c.dep_ == "dobj" or verb.lemma_.lower() == "become")), None)
    return res.refs(person) if person is not None else []


def _mark_antonym(cand: Candidate) -> bool:
    cand.antonym = True
    cand.rule = cand.rule.replace("verb:", "antonym:")
    return True


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _child(token: Optional[Token], dep: str) -> Optional[Token]:
    if token is None:
        return None
    for child in token.children:
        if child.dep_ == dep:
            return child
    return None


def _satellites(head: Token, words: tuple[str, ...]) -> Optional[list[Token]]:
    """Tokens for the trigger's extra words (particles, fixed objects), or None if one is missing."""
    found: list[Token] = []
    for word in words:
        match = None
        for child in head.children:
            if child.lower_ == word or child.lemma_.lower() == word:
                match = child
                break
            if child.dep_ in ("prep", "prt", "dobj", "pobj"):
                for grandchild in child.children:
                    if grandchild.lower_ == word or grandchild.lemma_.lower() == word:
                        match = grandchild
                        break
                    # "imposed a new package of sanctions on": the fixed word inside an "of" measure.
                    if child.dep_ == "dobj" and grandchild.dep_ == "prep" and grandchild.lower_ == "of":
                        inner = _child(grandchild, "pobj")
                        if inner is not None and inner.lemma_.lower() == word:
                            match = inner
                            break
            if match is not None:
                break
        if match is None:
            # Adjacent words also count ("pull out of" where the parser made "out" a preposition).
            for tok in head.doc[head.i + 1: min(len(head.doc), head.i + 4)]:
                if tok.lower_ == word or tok.lemma_.lower() == word:
                    match = tok
                    break
        if match is None:
            return None
        found.append(match)
    return found


def _prep_objects(head: Token, satellites: Iterable[Token], preps: tuple[str, ...]) -> list[list[Token]]:
    """Candidate objects of the trigger's preposition, best first: each entry is one object plus the
    objects of prepositions coordinated with it ("in Belarus and in Kaliningrad")."""
    out = []
    for first in _prep_object_candidates(head, satellites, preps):
        group = [first]
        for conj in first.head.conjuncts:
            if conj.dep_ in ("prep", "conj") and conj.lower_ in preps:
                pobj = _child(conj, "pobj")
                if pobj is not None:
                    group.append(pobj)
        out.append(group)
    return out


def _prep_object_candidates(head: Token, satellites: Iterable[Token], preps: tuple[str, ...]) -> list[Token]:
    """Objects of the trigger's preposition, attached to a fixed word first ("sanctions on X"),
    then to the trigger, then to its direct object."""
    holders = [*satellites, head]
    for direct in head.children:
        if direct.dep_ == "dobj":
            holders.append(direct)
    found: list[Token] = []
    for holder in holders:
        if holder is not head and holder.lower_ in preps and holder.dep_ in ("prep", "prt", "agent"):
            pobj = _child(holder, "pobj")
            if pobj is not None:
                found.append(pobj)
        for child in holder.children:
            if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
                pobj = _child(child, "pobj") or _child(child, "pcomp")
                if pobj is not None:
                    found.append(pobj)
    return found


def _prep_object(head: Token, satellites: Iterable[Token], preps: tuple[str, ...]) -> Optional[Token]:
    found = _prep_object_candidates(head, satellites, preps)
    return found[0] if found else None


def _noun_prep_object(noun: Token, preps: tuple[str, ...]) -> tuple[Optional[Token], Optional[str]]:
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            pobj = _child(child, "pobj")
            if pobj is not None:
                return pobj, child.lower_
    # "a war of aggression against Serbia": the preposition hangs on the "of" complement.
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of" and "of" not in preps:
            inner = _child(child, "pobj")
            if inner is not None and inner.pos_ == "NOUN":
                for grand in inner.children:
                    if grand.dep_ == "prep" and grand.lower_ in preps:
                        pobj = _child(grand, "pobj")
                        if pobj is not None:
                            return pobj, grand.lower_
    # "held talks with X": the preposition hangs on the light verb.
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in lx.LIGHT_VERBS:
        for child in head.children:
            if child.dep_ in ("prep", "dative") and child.lower_ in preps and child.i > noun.i:
                pobj = _child(child, "pobj")
                if pobj is not None:
                    return pobj, child.lower_
    return None, None


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


def _reduced_passive(verb: Token) -> bool:
    """ "the Houthis, backed by Iran": a participle with an agent modifying the noun it acts on."""
    if verb.tag_ != "VBN" or _child(verb, "nsubjpass") is not None:
        return False
    if verb.dep_ == "acl" and _child(verb, "dobj") is None \
            and any(c.dep_ == "prep" and c.lower_ == "between" for c in verb.children):
        return True  # "the treaty signed between Chile and Peru"
    return verb.dep_ in ("acl", "advcl") and _child(verb, "agent") is not None


def _direct_object(verb: Token, passive: bool, satellites: list[Token]) -> Optional[Token]:
    if passive:
        if _reduced_passive(verb):
            if verb.dep_ == "advcl":
                # "Hosted by Chile, the summit opened": the main clause's subject is acted on.
                return _child(verb.head, "nsubj") or _child(verb.head, "nsubjpass")
            return verb.head
        return _child(verb, "nsubjpass")
    sat_ids = {s.i for s in satellites}
    for child in verb.children:
        if child.dep_ in ("dobj", "attr") and child.i not in sat_ids:
            return child
    for child in verb.children:
        # "will help Australia build submarines": the bare infinitive's subject is helped.
        if child.dep_ == "ccomp" and child.tag_ == "VB" and child.i > verb.i \
                and not any(c.dep_ in ("mark", "aux") for c in child.children):
            subject = _child(child, "nsubj")
            if subject is not None:
                return subject
    # "the treaty, which Russia violated" / "the plan Turkey blocked": the antecedent is the object.
    if verb.dep_ == "relcl" and not any(c.dep_ == "dobj" for c in verb.children):
        if any(c.dep_ == "nsubj" and c.lower_ not in lx.RELATIVE_PRONOUNS for c in verb.children):
            return verb.head
    return None


def _apposed_description(root: Token) -> list[Token]:
    """The modifiers of a common noun apposed to a name: "Allied Spirit, a U.S.-Polish exercise"."""
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.i > root.i:
            return [t for t in child.subtree if t.i < child.i]
    return []


def _mentions_of(tokens: list[Token], res: Resolver, entity_type: str):
    """Each mention of an entity of ``entity_type`` in the sentence once, with its root token."""
    seen: set[int] = set()
    for token in tokens:
        m = res.mention(token)
        if m is None or m.entity.type != entity_type or m.start in seen:
            continue
        seen.add(m.start)
        yield m, token.doc[m.start:m.end].root


def _title_tokens_before(doc, start: int, sent_start: int, res: Resolver) -> list[Token]:
    """Contiguous title words right before a name ("Russian Deputy Foreign Minister", "US Special
    Envoy to Syria"), read by position because the small parser often breaks these phrases.
    Another person's name ends them: "President Obama and Russian President Medvedev"."""
    tokens: list[Token] = []
    i = start - 1
    while i >= sent_start and len(tokens) < 10:
        tok = doc[i]
        other = res.mention(tok)
        if other is not None and other.entity.type == "Person":
            break
        if tok.pos_ in ("PROPN", "NOUN", "ADJ") or tok.tag_ in ("POS", "HYPH") or tok.text in ("-", "'s", "’s") \
                or (tok.lower_ in ("of", "to", "for", "and") and tokens) or tok.lower_ in lx.DEPUTY_WORDS:
            tokens.append(tok)
            i -= 1
            continue
        break
    while tokens and tokens[-1].lower_ in ("of", "to", "for", "and"):
        tokens.pop()
    tokens.reverse()
    return tokens


def _compounds_title(mention, tokens: list[Token], res: Resolver) -> bool:
    """Is the mention a bare modifier right before a title word ("Treasury Secretary")?"""
    nxt = mention.end
    return any(t.i == nxt and res.mention(t) is None and t.pos_ in ("NOUN", "PROPN") for t in tokens)


def _title_segments(tokens: list[Token]) -> list[list[Token]]:
    """Coordinated titles apart: "Prime Minister and Minister of Foreign Affairs" -> two."""
    segments: list[list[Token]] = [[]]
    for tok in tokens:
        if tok.lower_ in ("and", "&", ","):
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append(tok)
    segments = [seg for seg in segments if seg]
    return segments if len(segments) > 1 else [tokens]


def _role_orgs(person, predicate: str, res: Resolver, title: str = "") -> list[Ref]:
    """ "President Donald Trump" with no country named: the gazetteer's role for the person, if
    the person held it at the document's date (or holds it now when the date is unknown); in an
    undated document also a role the person no longer holds when the text gives its title, which
    the text thereby says is held."""
    roles = [r for r in res.gazetteer.roles(person.id) if r.predicate == predicate]
    chosen = next((r for r in roles if _role_current(r, res.year)), None)
    if chosen is None and title and res.year is None:
        chosen = next((r for r in sorted(roles, key=lambda r: r.start or "", reverse=True)
                       if r.title and r.title.lower() == title.lower()), None)
    if chosen is not None:
        org = res.gazetteer.get(chosen.org)
        if org is not None:
            return [Ref((org,), "gazetteer-role", -1)]
    return []


def _role_current(role, year: Optional[int]) -> bool:
    start = int(role.start[:4]) if role.start and role.start[:4].isdigit() else None
    end = int(role.end[:4]) if role.end and role.end[:4].isdigit() else None
    if year is None:
        return end is None
    return (start is None or start <= year) and (end is None or year <= end)


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
