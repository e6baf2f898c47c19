"""Candidates to statements: bind argument refs to entities the ontology admits, then set
modality, speaker, date and confidence, and deduplicate per document.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import combinations, product
from typing import Optional

from spacy.tokens import Span

from extract import modality as md
from extract.arguments import Ref, Resolver
from extract.timeline import TimeMention
from extract.rules.candidate import Candidate
from ontology.model import Ontology
from ontology.records import Entity, Statement

#: Confidence lost when an argument came through a pronoun, a description or an owner.
VIA_PENALTY = {"mention": 0.0, "adjective": 0.05, "collective": 0.05, "gazetteer-role": 0.05,
               "owner": 0.1, "definite": 0.15, "pronoun": 0.15}


@dataclass(slots=True)
class SentenceInfo:
    """Where a sentence sits in the document, for evidence and offsets."""

    text: str
    start: int
    end: int
    #: The sentence's time expressions (:meth:`extract.timeline.Timeline.sentence`).
    mentions: list[TimeMention] = field(default_factory=list)
    #: The document date: the date a statement whose sentence gives none was reported.
    reported: Optional[str] = None
    #: The day of the news an earlier sentence of the paragraph gave (Timeline.context).
    context: Optional[TimeMention] = None


class StatementBuilder:
    """Turns candidates of one sentence into statements; keeps the document's dedup keys."""

    def __init__(self, ontology: Ontology, doc_name: str, doc_id: str, canonical) -> None:
        self.ontology = ontology
        self.actor_types = ontology.subclasses("Actor")
        self.doc_name = doc_name
        self.doc_id = doc_id
        self.canonical = canonical
        self._seen: dict[tuple, Statement] = {}
        #: Predicates of offices (with title triggers): their subject acts for their object.
        self._office_predicates = frozenset(p.name for p in ontology.predicates.values()
                                            if any(t.kind == "title" for t in p.triggers))
        self._entailing = any(p.entails for p in ontology.predicates.values())
        self._accusation = ontology.accusation()

    def build(self, candidates: list[Candidate], sent: Span, info: SentenceInfo, res: Resolver) -> list[Statement]:
        out: list[Statement] = []
        by_trigger: dict[int, set[tuple[str, str]]] = {}
        for cand in sorted(candidates, key=lambda c: -c.size):
            for st in self._bind(cand, sent, info, res):
                pair = (st.subject.id, st.object.id)
                taken = by_trigger.setdefault(cand.trigger.i, set())
                # One predicate per trigger and pair: the most specific trigger won (an evaluation may
                # state two stances: "called it illegal" criticizes and accuses).
                if pair in taken and not st.rule.startswith(("accusation", "entails:", "reaction", "implied")):
                    continue
                taken.add(pair)
                if self._remember(st):
                    out.append(st)
        return out

    @property
    def statements(self) -> list[Statement]:
        return list(self._seen.values())

    def finish(self) -> list[Statement]:
        """Statements of the whole document, late-linked names applied and deduplicated."""
        final: dict[tuple, Statement] = {}
        serves = {(self.canonical(st.subject).id, self.canonical(st.object).id) for st in self._seen.values()
                  if st.predicate in self._office_predicates and st.modality == "asserted"}
        for st in [*self._seen.values(), *self._on_behalf()]:
            subject, obj = self.canonical(st.subject), self.canonical(st.object)
            attributed = self.canonical(st.attributed_to) if st.attributed_to else None
            if subject.id == obj.id:
                continue
            if (subject.id, obj.id) in serves and self._toward_other(st.predicate):
                continue  # "Trump criticizes the United States" from "his country": a misread reference
            if subject is not st.subject or obj is not st.object or attributed is not st.attributed_to:
                st = replace(st, subject=subject, object=obj, attributed_to=attributed)
            final.setdefault(self._key(st), st)
        return list(final.values())

    def _toward_other(self, predicate: str) -> bool:
        """Stances and speech acts, which an office holder does not direct at his own employer."""
        pred = self.ontology.predicates.get(predicate)
        return pred is not None and (bool(pred.stance_polarity) or pred.speech_act)

    def _on_behalf(self) -> list[Statement]:
        """ "Colombian President X signed the accord": a person whose office the text names acts for
        the employer, so what the act entails (party_to) holds for the employer where the entailed
        predicate does not admit a person."""
        if not self._entailing:
            return []
        employers: dict[str, Entity] = {}
        for st in self._seen.values():
            if st.predicate in self._office_predicates and st.modality == "asserted":
                employers.setdefault(st.subject.id, st.object)
        out = []
        for st in list(self._seen.values()):
            pred = self.ontology.predicates.get(st.predicate)
            employer = employers.get(st.subject.id)
            if pred is None or employer is None or not pred.entails or st.modality == "negated":
                continue
            for name in pred.entails:
                entailed = self.ontology.predicates.get(name)
                if entailed is None or st.subject.type in entailed.domain:
                    continue
                if employer.type in entailed.domain and st.object.type in entailed.range:
                    out.append(replace(st, subject=employer, predicate=name, attributed_to=st.attributed_to,
                                       rule=f"on-behalf:{st.rule}", confidence=max(0.05, st.confidence - 0.1)))
        return out

    # ------------------------------------------------------------------ binding

    def _bind(self, cand: Candidate, sent: Span, info: SentenceInfo, res: Resolver) -> list[Statement]:
        pred = self.ontology.predicates.get(cand.predicate)
        if pred is None:
            return []
        frame = md.Frame() if cand.descriptive else md.analyse(cand.trigger, nominal=cand.nominal)
        if frame.blocked:
            return []
        if cand.antonym:
            frame.negated = not frame.negated
        speaker = self._speaker(frame, res)
        if cand.pairwise:
            pairs = _pairs(cand.subjects)
            allowed_s = allowed_o = pred.domain & pred.range
        else:
            subjects = cand.subjects + cand.co_subjects
            pairs = list(product(subjects, cand.objects))
            allowed_s, allowed_o = pred.domain, pred.range
        out = []
        for s_ref, o_ref in pairs:
            subject, obj = s_ref.bind(allowed_s), o_ref.bind(allowed_o)
            if subject is None or obj is None or subject.id == obj.id:
                continue
            out.extend(self._emit(cand, pred, subject, obj, s_ref, o_ref, frame, speaker, info))
        return out

    def _speaker(self, frame: md.Frame, res: Resolver) -> Optional[Entity]:
        if frame.speaker is None:
            return None
        refs = res.refs(frame.speaker)
        for ref in refs[:1]:
            entity = ref.bind(self.actor_types)
            if entity is not None:
                return entity
        return None

    def _emit(self, cand: Candidate, pred, subject: Entity, obj: Entity, s_ref: Ref, o_ref: Ref,
              frame: md.Frame, speaker: Optional[Entity], info: SentenceInfo) -> list[Statement]:
        speaker_is_subject = speaker is not None and speaker.id == subject.id
        modality = md.final_modality(frame, speaker_is_subject, pred.implies_accusation)
        attributed = speaker
        if pred.speech_act and (speaker is None or speaker_is_subject):
            attributed = None
        confidence = cand.confidence - VIA_PENALTY.get(s_ref.via, 0.1) - VIA_PENALTY.get(o_ref.via, 0.1)
        if modality != "asserted":
            confidence -= 0.05
        date, kind, words = _date_of(cand, pred, modality, info)
        st = Statement(
            doc=self.doc_name, subject=subject, predicate=pred.name, object=obj, modality=modality,
            attributed_to=attributed, date=date, sentence=info.text, start=info.start, end=info.end,
            confidence=max(0.05, min(1.0, confidence)), rule=cand.rule, doc_id=self.doc_id,
            date_kind=kind, date_text=words,
        )
        out = [st]
        for name in () if modality == "negated" else pred.entails:
            # "Chile signed the accord": the signer is a party, where the entailed predicate admits it
            # ("did not sign" says nothing about being a party).
            entailed = self.ontology.predicates.get(name)
            if entailed is not None and subject.type in entailed.domain and obj.type in entailed.range:
                out.append(replace(st, predicate=name, rule=f"entails:{cand.rule}",
                                   confidence=max(0.05, st.confidence - 0.05)))
        accusation = self._accusation if pred.implies_accusation else None
        if accusation is not None and modality == "alleged" and speaker is not None \
                and subject.type in self.actor_types:
            acc = Statement(
                doc=self.doc_name, subject=speaker, predicate=accusation, object=subject,
                modality="asserted", attributed_to=None, date=date, sentence=info.text,
                start=info.start, end=info.end, confidence=max(0.05, confidence - 0.1),
                rule=f"accusation:{cand.rule}", doc_id=self.doc_id, date_kind=kind, date_text=words,
            )
            out.append(acc)
        return out

    def _key(self, st: Statement) -> tuple:
        pred = self.ontology.predicates.get(st.predicate)
        s, o = st.subject.id, st.object.id
        if pred is not None and pred.symmetric and o < s:
            s, o = o, s
        return (s, st.predicate, o, st.modality)

    def _remember(self, st: Statement) -> bool:
        key = self._key(st)
        if key in self._seen:
            return False
        self._seen[key] = st
        return True


_MODIFIER_DEPS = frozenset(("amod", "nummod", "compound", "nmod", "npadvmod", "quantmod", "det", "poss"))


def _date_of(cand: Candidate, pred, modality: str, info: SentenceInfo) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """(date, date kind, words) of one statement: the sentence's time expression nearest the
    trigger; else, in a sentence with no time expression, the day of the news an earlier
    sentence of the paragraph gave; else the document date as the date it was reported.

    A name's year or an age ("the 2015 deal", "a five-year-old accord") dates the thing it
    qualifies: it dates the statement only when that thing is the act itself ("Russia's 2014
    annexation"), the thing the act makes ("the accord reached"), or the predicate is a standing
    relation to it (party to "the 1974 agreement" since 1974).
    """
    trigger = cand.trigger
    lead = _sentence_lead(trigger, info)
    start = trigger.idx - lead if trigger.i >= 0 else 0
    end = start + len(trigger.text)
    usable = [m for m in info.mentions
              if (not m.descriptive or pred.standing or _qualifies(m, trigger, lead))
              and (not m.clause or _in_clause(m, trigger, lead))]
    if cand.descriptive:
        # "joining current members Brazil and India on Jan. 1": the sentence's times belong to its
        # verbs; a state a noun describes is dated only by a time inside that noun's phrase.
        usable = [m for m in usable if _qualifies(m, trigger, lead)]
    if usable:
        best = min(usable, key=lambda m: max(m.start - end, start - m.end, 0))
        future = _future(best, trigger, lead)
        return best.iso(future=modality == "intended" if future is None else future), best.kind, best.text
    if info.context is not None:
        return info.context.past, "resolved", info.context.text
    if info.reported:
        return info.reported, "reported", None
    return None, None, None


def _span(mention: TimeMention, trigger, lead: int):
    if trigger.i < 0:
        return None
    return trigger.doc.char_span(lead + mention.start, lead + mention.end, alignment_mode="expand")


_FUTURE_AUX = frozenset(("will", "'ll", "shall", "would", "wo", "to", "going"))


def _future(mention: TimeMention, trigger, lead: int) -> Optional[bool]:
    """Whether the verb the time expression hangs on speaks of what is to come ("will sign on
    Monday", "is set to take effect on Wednesday") or of what was ("announced on Saturday that it
    would ..."); None when no verb tells."""
    span = _span(mention, trigger, lead)
    if span is None:
        return None
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in verb.children):
        return True
    if verb.tag_ in ("VBD", "VBN"):
        return False
    return None


def _in_clause(mention: TimeMention, trigger, lead: int) -> bool:
    """Whether the trigger is in the clause "N years after ..." introduces."""
    span = _span(mention, trigger, lead)
    if span is None:
        return False
    word = span[-1]
    scope = word.head if word.dep_ == "mark" else word
    return trigger in scope.subtree and trigger != scope


def _sentence_lead(trigger, info: SentenceInfo) -> int:
    """Document character offset of the (stripped) sentence text in the trigger's Doc."""
    if trigger.i < 0:
        return 0
    sent = trigger.sent
    return sent.start_char + len(sent.text) - len(sent.text.lstrip())


def _qualifies(mention: TimeMention, trigger, lead: int) -> bool:
    """Whether a name's year or an age qualifies the trigger or the noun the trigger describes."""
    span = _span(mention, trigger, lead)
    if span is None:
        return False
    root = span.root
    noun = root.head if root.dep_ in _MODIFIER_DEPS else root
    while noun.dep_ in _MODIFIER_DEPS and noun.head.i != noun.i and noun.pos_ not in ("NOUN", "PROPN", "VERB"):
        noun = noun.head
    return noun == trigger or (trigger.head == noun and trigger.dep_ in ("acl", "relcl", "amod"))


def _pairs(refs: list[Ref]) -> list[tuple[Ref, Ref]]:
    """All pairs of a symmetric relation's parties, except two names of one listed group when
    others take part: "NATO and its partners – Japan, Australia – launch projects" pairs NATO
    with each partner, not the partners with each other."""
    pairs = list(combinations(refs, 2))
    if any(r.group < 0 for r in refs) and any(r.group >= 0 for r in refs):
        pairs = [(a, b) for a, b in pairs if a.group < 0 or a.group != b.group]
    return pairs
