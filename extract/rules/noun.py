"""The ``noun`` family: nominalisations and role nouns ("the U.S. withdrawal from", "NATO member
Turkey", "Japan is a partner of NATO", "held talks with"), with the argument outside the phrase."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from extract import lexicon as lx
from extract.arguments import Ref, Resolver
from extract.rules.base import RuleFamily
from extract.rules.candidate import Candidate
from extract.rules.helpers import _child, _is_passive, _noun_prep_object, _satellites
from extract.rules.registry import register
from ontology.model import Trigger


POSSESSOR_DEPS = frozenset({"poss", "compound", "amod", "nmod"})


@register("noun", kinds=("nouns",), scope="token")
class NounRules(RuleFamily):
    """Noun triggers of the lexicon outside names."""

    def token(self, token: Token, lemma: str, res: Resolver) -> list[Candidate]:
        if token.pos_ not in ("NOUN", "PROPN"):
            return []
        mention = res.mention(token)
        # A described agreement ("a fisheries agreement with Peru") still triggers its noun.
        if mention is not None and mention.entity.source != "description":
            return []
        nouns = self.lexicon.nouns
        if lemma not in nouns and token.tag_ == "NNS" and token.lower_[:-1] in nouns:
            lemma = token.lower_[:-1]  # the lemmatiser reads "bases" as "basis"
        if lemma in nouns:
            return self._noun(token, nouns[lemma], res)
        return []

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
                # "the withdrawal by Russia from the treaty", "a veto by China of the draft": the agent.
                internal = owner or [r for r in res.complement(noun, ("by",)) if r.via in ("mention", "adjective")]
            cand: Optional[Candidate] = None
            if trig.preps:
                pobj, prep = _noun_prep_object(noun, trig.preps)
                if pobj is None:
                    if pred.symmetric or noun.lower_ in self.lexicon.title_words \
                            or noun.lemma_.lower() in lx.COLLECTIVE_NOUNS:
                        continue  # a title's or a group's organisation is another rule's ("EU policy chief")
                    # "Sweden's NATO membership", "Finland applied for EU accession": a name
                    # compounded on the noun stands for its complement when another argument
                    # (the possessor, or the clause) holds the subject's place.
                    inside = _compounded(noun, internal, pred)
                    others = [r for r in internal if r not in inside] or (self._noun_external(noun, res) if inside else [])
                    others = _holders_of_another_class(others, inside, pred)
                    if not inside or not others:
                        continue
                    cand = Candidate(trig.predicate, others, inside, noun, f"noun:{trig.text}", 0.65, nominal=True)
                    cand.size = trig.size
                    best[trig.predicate] = trig.size
                    out.append(cand)
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
                elif not external and len(internal) >= 2 and not pred.symmetric:
                    # "Ukraine's NATO membership bid": the possessor in the domain, the compounded
                    # name (of another class) in the range.
                    owners = [r for r in internal if noun.doc[r.token].dep_ == "poss"]
                    named = _compounded(noun, internal, pred)
                    owners = _holders_of_another_class(owners, named, pred)
                    if owners and named:
                        cand = Candidate(trig.predicate, owners, named, noun, f"noun:{trig.text}", 0.65,
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
        if dep == "dobj" and head.lemma_.lower() in lx.GRANT_VERBS:
            # "Moldova was granted candidate status", "the EU gave Moldova candidate status".
            receiver = _child(head, "nsubjpass") if _is_passive(head) else _child(head, "dative")
            if receiver is not None and receiver.pos_ != "ADP":  # not "granted aid to Moldova"
                return res.refs(receiver)
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
        if dep == "pobj" and head.lower_ == "in" and head.head.pos_ in ("VERB", "AUX") \
                and not any(c.dep_ in ("det", "poss", "amod", "compound") for c in noun.children):
            # "enriched uranium in violation of the deal", "sent troops in support of Kyiv": the
            # bare noun of a manner phrase is the act of the verb's subject.
            verb = head.head
            return self._verb_subjects(verb, _is_passive(verb), res)
        if noun.lemma_.lower() in lx.MEMBERSHIP_NOUNS:
            found = res.complement(noun, ("in",))
            if found:
                return found
        # "the two NATO members", "both EU partners": a counted description of the group just named.
        return res.counted_group(noun)


def _compounded(noun: Token, internal: list[Ref], pred) -> list[Ref]:
    """Names compounded on a noun trigger that fit its range: "NATO" in "Sweden's NATO membership"."""
    return [r for r in internal if r.via == "mention" and noun.doc[r.token].dep_ == "compound"
            and r.candidates[0].type in pred.range]


def _holders_of_another_class(holders: list[Ref], named: list[Ref], pred) -> list[Ref]:
    """The holders that fit the domain and are of another class than the compounded names: a
    state's membership of an organisation, not one organisation's "membership" of another."""
    return [r for r in holders if r.candidates and r.candidates[0].type in pred.domain
            and all(r.candidates[0].type != n.candidates[0].type for n in named)]


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
