"""Modality and attribution of a trigger: is it negated, intended, possible or alleged, and who said it?

The analysis climbs from the trigger through the clauses that govern it (control verbs,
reporting verbs, conjoined verbs, light verbs of nominal triggers) and collects the cues met on
the way. The final modality also depends on the subject (an accusation is alleged only when the
speaker is not the accused), so :func:`analyse` returns the cues and the rule decides.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Token

from extract import lexicon as lx


@dataclass(slots=True)
class Frame:
    """The cues governing one trigger."""

    negated: bool = False
    intended: bool = False
    possible: bool = False
    claimed: bool = False          # under "claim", "allege", "alleged", "allegations that"
    denied: bool = False           # under "deny"
    speaker: Optional[Token] = None  # subject token of the reporting verb, or the "according to" object
    reporting: Optional[Token] = None
    blocked: bool = False          # asked of someone else ("pressed X not to leave"): not a fact
    cues: list[str] = field(default_factory=list)


def analyse(trigger: Token, nominal: bool = False) -> Frame:
    """Collect modality cues and the speaker for a verb, noun or adjective trigger."""
    frame = Frame()
    token = trigger
    if nominal:
        _noun_cues(token, frame)
        # Climb from the noun to the verb it depends on ("poses no threat", "will launch projects").
        steps = 0
        while token.pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "ADP") and token.head.i != token.i and steps < 4:
            if token.dep_ == "appos":
                break  # an apposition describes; the main verb's tense and modals are not its own
            if token.dep_ in ("conj", "compound", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
                token = token.head
            elif token.dep_ in ("dobj", "attr", "nsubj", "nsubjpass", "pobj", "prep", "oprd", "npadvmod", "advmod"):
                token = token.head
                if token.pos_ == "NOUN" and token.lemma_.lower() in lx.POSSIBLE_NOUNS:
                    frame.possible = True
                if token.pos_ == "NOUN" and token.lemma_.lower() in lx.INTENT_NOUNS:
                    frame.intended = True
            else:
                break
            steps += 1
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in lx.ANNOUNCE_VERBS \
                and trigger.dep_ == "dobj" and trigger.head.i == token.i:
            frame.intended = True  # "announced the withdrawal of troops": not yet done
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in lx.INTENT_VERBS \
                and trigger.dep_ == "pobj" and trigger.head.head.i == token.i:
            frame.intended = True  # "applied for membership of NATO"
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in lx.CESSATION_VERBS \
                and trigger.dep_ == "dobj" and trigger.head.i == token.i:
            frame.negated = not frame.negated
            frame.cues.append("cessation")
    if nominal and token.i != trigger.i and _foreign_agent(trigger, token):
        # "Serbia refused to join EU sanctions": the governing verb's negation and modals are
        # Serbia's, not the EU's; only who reports it carries over.
        outer = Frame()
        _climb(token, outer)
        frame.speaker, frame.reporting = outer.speaker, outer.reporting
        frame.claimed = frame.claimed or outer.claimed
    else:
        _climb(token, frame)
    _according_to(trigger, frame)
    if frame.speaker is None:
        _open_quote_speaker(trigger, frame)
    return frame


def _foreign_agent(noun: Token, verb: Token) -> bool:
    """Does the nominal name its own agent ("EU sanctions", "Russia's annexation") other than the
    subject of the verb governing it?"""
    agents = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod") and c.ent_type_
              and c.pos_ in ("PROPN", "ADJ")]
    if not agents or verb.pos_ not in ("VERB", "AUX"):
        return False
    subject, steps = None, 0
    while subject is None and steps < 4:  # "Serbia refused to join ...": the controller's subject
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
            verb, steps = verb.head, steps + 1
        elif subject is None:
            return False
    named = {t.lower_ for t in subject.subtree}
    return not any(a.lower_ in named for a in agents)


def addressee(verb: Token) -> Optional[Token]:
    """ "called on Washington to stop": the one asked to act, after "on"/"upon" (a date after
    "on" is when, not whom: "invited on Monday to join")."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "upon"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME"):
                return pobj
    return None


def _noun_cues(noun: Token, frame: Frame) -> None:
    for child in noun.children:
        if child.dep_ == "det" and child.lower_ in ("no", "neither"):
            frame.negated = True
            frame.cues.append("no")
        elif child.lower_ in ("alleged", "purported", "supposed"):
            frame.claimed = True
        elif child.lower_ in ("possible", "potential", "eventual", "likely", "future"):
            frame.possible = True
        elif child.lower_ in ("planned", "proposed", "intended", "upcoming", "prospective"):
            frame.intended = True
        elif child.dep_ == "compound" and child.lemma_.lower() in lx.INTENT_NOUNS:
            frame.intended = True  # "candidate status", "a membership bid" asked: not yet granted
    if noun.lemma_.lower() in lx.INTENT_NOUNS:
        frame.intended = True


def _own_cues(verb: Token, frame: Frame, first: bool) -> None:
    """Negation, modals and adverbs attached to one verb of the chain."""
    for child in verb.children:
        dep, lower = child.dep_, child.lower_
        if dep == "neg" or (dep in ("advmod", "det") and lower in ("never", "no")):
            frame.negated = not frame.negated
            frame.cues.append("neg")
        elif dep == "aux" and child.tag_ == "MD":
            if lower in lx.FUTURE_MODALS:
                frame.intended = True
            elif lower == "would":
                frame.cues.append("would")
            elif lower in lx.POSSIBLE_MODALS:
                frame.possible = True
        elif dep == "aux" and lower == "going":
            frame.intended = True
        elif dep == "advmod" and lower in lx.POSSIBLE_ADVERBS:
            if lower == "allegedly":
                frame.claimed = True
            else:
                frame.possible = True
        elif dep == "mark" and lower in ("if", "unless", "whether"):
            frame.possible = True
        elif dep in ("acomp", "oprd") and lower in ("likely", "possible", "able") and first:
            frame.possible = frame.possible or lower != "able"


def _climb(verb: Token, frame: Frame) -> None:
    token = verb
    first = True
    seen = 0
    while seen < 8:
        seen += 1
        _own_cues(token, frame, first)
        first = False
        dep, head = token.dep_, token.head
        if head.i == token.i:
            _quote_speaker(token, frame)
            break
        head_lemma = head.lemma_.lower()
        if dep == "acomp" and head.pos_ in ("AUX", "VERB"):
            token = head  # "will not be able to stand up for": the copula carries the cues
            continue
        if dep == "xcomp":
            # "urged Kyiv to", "called on Kyiv to", not "invited on Monday to"
            has_object = any(c.dep_ == "dobj" for c in head.children) or addressee(head) is not None
            if head_lemma in lx.OBJECT_WISH_VERBS and has_object:
                frame.possible = True  # "RAND wants NATO to oppose Russia": RAND's hope
                frame.speaker = _subject_of(head)
                frame.reporting = head
                break
            if head_lemma in lx.OBJECT_CONTROL_VERBS and has_object:
                frame.blocked = True
            if head_lemma in ("have", "be") and any(c.lower_ == "yet" for c in head.children):
                frame.negated = not frame.negated  # "has yet to ratify", "is yet to sign": not done
            elif head_lemma in lx.REFUSAL_VERBS or head_lemma in lx.STOP_VERBS:
                frame.negated = not frame.negated  # "refused to condemn"
            elif head_lemma in lx.INTENT_VERBS or (head.pos_ == "ADJ" and head_lemma in lx.INTENT_ADJECTIVES):
                frame.intended = True
            elif head_lemma in lx.POSSIBLE_VERBS:
                frame.possible = True
            token = head
            continue
        if dep in ("ccomp", "parataxis") and head_lemma in lx.REPORTING_VERBS:
            if not _semicolon_between(token, head):  # "X left; Moscow denies it" are two clauses
                _reported(token, head, frame)
            break
        if dep == "conj" and head.pos_ in ("VERB", "AUX"):
            if not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
                _shared_modals(head, frame)
            token = head
            continue
        if dep in ("acl", "relcl", "ccomp") and head.pos_ in ("NOUN", "ADJ"):
            lemma = head.lemma_.lower()
            if lemma in lx.INTENT_NOUNS:
                frame.intended = True
            elif lemma in lx.POSSIBLE_NOUNS or lemma in ("likely", "possible", "hope"):
                frame.possible = True
            elif lemma in lx.CLAIM_NOUNS:
                frame.claimed = True  # "no evidence that Russia had broken the treaty"
            break
        if dep == "pcomp" and head.head.lemma_.lower() in ("accuse", "charge", "blame", "suspect"):
            frame.claimed = True
            frame.speaker = _subject_of(head.head)
            frame.reporting = head.head
            break
        if dep == "advcl":
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children):
                frame.possible = True
            elif any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) and head.pos_ in ("VERB", "AUX"):
                token = head  # a purpose shares its verb's modality: "will launch projects to deepen ties"
                continue
            break
        if dep == "ccomp" and head_lemma in lx.OBJECT_WISH_VERBS:
            frame.possible = True  # "RAND wants NATO to oppose Russia" parsed as a clause
            frame.speaker = _subject_of(head)
            frame.reporting = head
            break
        if dep in ("ccomp",) and head.pos_ in ("VERB", "AUX"):
            if head_lemma in lx.INTENT_VERBS:
                frame.intended = True
            elif head_lemma in lx.POSSIBLE_VERBS or head_lemma in ("hope", "doubt"):
                frame.possible = True
            token = head
            continue
        break


def _reported(clause: Token, verb: Token, frame: Frame) -> None:
    lemma = verb.lemma_.lower()
    frame.reporting = verb
    frame.speaker = _subject_of(verb)
    if lemma in lx.CLAIM_VERBS:
        frame.claimed = True
    if lemma in lx.DENIAL_VERBS:
        frame.denied = True
    if "would" in frame.cues:
        frame.intended = True  # "announced it would quit": reported future is a plan
    if any(c.dep_ == "neg" for c in verb.children):
        frame.possible = True  # "did not say that ..." reports nothing as fact


def _semicolon_between(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any(t.text == ";" for t in a.doc[lo:hi])


def _shared_modals(head: Token, frame: Frame) -> None:
    for child in head.children:
        if child.dep_ == "aux" and child.tag_ == "MD":
            if child.lower_ in lx.FUTURE_MODALS:
                frame.intended = True
            elif child.lower_ in lx.POSSIBLE_MODALS:
                frame.possible = True


def _quote_speaker(root: Token, frame: Frame) -> None:
    """ "“...,” the official said." parsed with the quote as root and the reporting verb below it."""
    for child in root.children:
        # A real attribution ("..., the official said.") has no content clause of its own.
        if child.dep_ in ("parataxis", "ccomp", "advcl") and child.lemma_.lower() in lx.REPORTING_VERBS \
                and child.i > root.i and not any(c.dep_ in ("ccomp", "dobj", "mark") for c in child.children):
            subject = _subject_of(child)
            if subject is not None:
                frame.speaker = subject
                frame.reporting = child
                if child.lemma_.lower() in lx.CLAIM_VERBS:
                    frame.claimed = True
                return


QUOTE_MARKS = frozenset('"“”')


def _open_quote_speaker(trigger: Token, frame: Frame) -> None:
    """A sentence inside a quotation that runs over several sentences of one paragraph
    ("\"A. B. C,\" the minister said."): the speaker is the one named where the quote closes."""
    doc = trigger.doc
    marks_at = doc.user_data.get("tkg_quote_marks")
    if marks_at is None:  # quote positions, once per parsed paragraph
        marks_at = doc.user_data["tkg_quote_marks"] = [t.i for t in doc if t.text in QUOTE_MARKS]
    if not marks_at:
        return
    sent = trigger.sent
    before = sum(1 for i in marks_at if i < sent.start)
    inside = sum(1 for i in marks_at if sent.start <= i < sent.end)
    if before % 2 == 0 and (before + inside) % 2 == 0:
        return  # not inside an open quotation (a quote closed in the sentence is _quote_speaker's)
    count = before + inside
    for later in doc[sent.end:].sents if sent.end < len(doc) else ():
        marks = [t for t in later if t.text in QUOTE_MARKS]
        count += len(marks)
        if count % 2 == 0 and marks:
            closing = marks[-1]
            for token in later:
                if token.i > closing.i and token.lemma_.lower() in lx.REPORTING_VERBS:
                    subject = _subject_of(token)
                    if subject is not None and subject.i > closing.i:
                        frame.speaker, frame.reporting = subject, token
                        if token.lemma_.lower() in lx.CLAIM_VERBS:
                            frame.claimed = True
                    return
            return


def _according_to(trigger: Token, frame: Frame) -> None:
    if frame.speaker is not None:
        return
    sent = trigger.sent
    if "ccording to" not in sent.text:
        return
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            to = token.doc[token.i + 1]
            for child in list(to.children) + list(token.children):
                if child.dep_ == "pobj":
                    frame.speaker = _source(child)
                    return


#: Nouns of a text whose source speaks: "according to a statement from X" -> X.
STATEMENT_NOUNS = frozenset("statement communique communiqué declaration readout release letter post report".split())


def _source(noun: Token) -> Token:
    """ "according to a joint statement from X and Y": the statement's source is the speaker."""
    if noun.lemma_.lower() not in STATEMENT_NOUNS:
        return noun
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return noun


def _subject_of(verb: Token) -> Optional[Token]:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.dep_ == "conj":
        return _subject_of(verb.head)
    return None


def final_modality(frame: Frame, speaker_is_subject: bool, implies_accusation: bool) -> str:
    """Combine the cues: negation first, then contested claims, plans, possibilities."""
    if frame.negated or frame.denied:
        return "negated"
    if frame.speaker is not None and not speaker_is_subject and (frame.claimed or implies_accusation):
        return "alleged"
    if frame.claimed and frame.speaker is None:
        return "alleged"
    if frame.possible:
        return "possible"
    if frame.intended:
        return "intended"
    if "would" in frame.cues:
        return "possible"
    return "asserted"
