"""Reference resolution: pronouns, descriptions, groups, quotations and acts.

No coreference model with weights can be installed offline, so this is a salience memory:
every linked mention is remembered with its sentence and grammatical role; "it", "the
alliance" or "the treaty" propose the recent entities, best first, and the relation rule picks
the first one whose type the predicate's domain or range admits. Besides single entities the
memory keeps:

* groups: coordinations ("Chile and Peru") and collectives ("Peruvian officials"), for "they",
  "both sides", "the two countries"; without a group of the right size, the last N distinct
  entities of a compatible type;
* acts: the actor of each statement made, for "the move", "the withdrawal", "this step";
* affiliations: the state or organisation a person speaks for (from titles), for "we";
* speakers: who spoke last, for a quotation with no reporting verb of its own.

:class:`Quotes` finds the quotations of a paragraph and the token that speaks each one, so a
first person inside a quotation ("we", "our", "I") refers to its speaker.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc, Token

from ontology.records import Entity

PERSON_TYPES = frozenset({"Person"})


@dataclass(frozen=True, slots=True)
class Seen:
    entity: Entity
    sentence: int
    order: int
    subject: bool
    rank: int = 2  # 0 subject, 1 object, 2 other: the salience order of centering theory


class SalienceMemory:
    """Recent mentions of one document, bounded so long documents stay in bounded memory."""

    def __init__(self, size: int = 200) -> None:
        self._items: deque[Seen] = deque(maxlen=size)
        self._groups: deque[tuple[int, int, tuple[Entity, ...], str]] = deque(maxlen=20)
        self._acts: deque[tuple[int, int, Entity, str]] = deque(maxlen=20)
        self._affiliations: dict[str, list[Entity]] = {}
        self._speakers: deque[tuple[int, int, Entity]] = deque(maxlen=10)
        self._deeds: deque[tuple[int, int, Entity, str]] = deque(maxlen=40)

    def observe_act(self, actor: Entity, sentence: int, order: int, predicate: str = "") -> None:
        """The actor of a statement just made, for "the move" / "the incursion" later."""
        self._acts.append((sentence, order, actor, predicate))

    def last_actor(self, before: int, sentence: int, window: int = 3,
                   predicates: frozenset[str] = frozenset(), strict: bool = False) -> tuple[Entity, ...]:
        """The actor of the last act told; with ``predicates`` (what the anaphoric noun can
        denote: "the withdrawal"), the last act of one of them first, or only (``strict``)."""
        acts = [a for a in reversed(self._acts) if a[1] < before and sentence - a[0] <= window]
        if predicates:
            for _, _, actor, predicate in acts:
                if predicate in predicates:
                    return (actor,)
            if strict:
                return ()
        return (acts[0][2],) if acts else ()

    def observe_deed(self, actor: Entity, sentence: int, order: int, verb: str) -> None:
        """Any verb an actor was the subject of ("North Korea launched a satellite"), so a later
        nominalisation ("the launch") finds its actor even when no predicate was told."""
        self._deeds.append((sentence, order, actor, verb))

    def deed_actor(self, before: int, sentence: int, verbs: frozenset[str], window: int = 6) -> tuple[Entity, ...]:
        """The actor of the last deed told with one of ``verbs``, within ``window`` sentences."""
        for seen, order, actor, verb in reversed(self._deeds):
            if order < before and sentence - seen <= window and verb in verbs:
                return (actor,)
        return ()

    def observe_affiliation(self, person: Entity, org: Entity) -> None:
        """A person's state or organisation, from a title ("Chilean Foreign Minister X")."""
        known = self._affiliations.setdefault(person.id, [])
        if all(e.id != org.id for e in known):
            known.append(org)

    def affiliations(self, person: Entity) -> tuple[Entity, ...]:
        return tuple(self._affiliations.get(person.id, ()))

    def observe_speaker(self, speaker: Entity, sentence: int, order: int) -> None:
        """Who spoke (the subject of a reporting verb or a quotation's speaker)."""
        self._speakers.append((sentence, order, speaker))

    def last_speaker(self, before: int, sentence: int, window: int = 2) -> Optional[Entity]:
        for s_sentence, s_order, speaker in reversed(self._speakers):
            if s_order < before and sentence - s_sentence <= window:
                return speaker
        return None

    def recent(self, before: int, sentence: int, types: frozenset[str], size: int,
               window: int = 3) -> tuple[Entity, ...]:
        """The last ``size`` distinct entities of ``types`` ("the three governments" when no
        coordination of three was seen), in text order; () if fewer were seen."""
        chosen: list[Entity] = []
        for s in sorted(self._items, key=lambda s: -s.order):
            if s.order >= before or sentence - s.sentence > window or s.entity.type not in types:
                continue
            if all(e.id != s.entity.id for e in chosen):
                chosen.append(s.entity)
            if len(chosen) == size:
                return tuple(reversed(chosen))
        return ()

    def observe_group(self, entities: tuple[Entity, ...], sentence: int, order: int, head: str = "") -> None:
        """Remember a coordination ("Finland and Sweden") for plural pronouns and "these nations",
        or a collective ("Finnish officials": one entity, ``head`` "official") for plural pronouns
        and "the officials"."""
        if entities:
            self._groups.append((sentence, order, entities, head))

    def group(self, before: int, sentence: int, types: frozenset[str] | None = None,
              size: int | None = None, window: int = 2, single: bool = False,
              whole: bool = False, head: str = "") -> tuple[Entity, ...]:
        """The most recent coordination before ``before`` (of the given types and size);
        ``single``: a collective of one entity also counts ("they" after "Finnish officials");
        ``whole``: only a coordination whose members are all of the types; ``head``: only a
        collective with this head noun ("the rebels" after "Yemeni rebels")."""
        least = 1 if single else 2
        for g_sentence, g_order, entities, g_head in reversed(self._groups):
            if g_order >= before or sentence - g_sentence > window:
                continue
            if head and g_head != head:
                continue
            chosen = tuple(e for e in entities if types is None or e.type in types)
            if whole and len(chosen) < len(entities):
                continue
            if len(chosen) >= least and (size is None or len(chosen) == size):
                return chosen
        return ()

    def last_group(self, before: int, sentence: int, window: int = 2) -> tuple[int, tuple[Entity, ...]]:
        """Where and what the last coordination or collective before ``before`` is (for "they");
        (-1, ()) if none."""
        for g_sentence, g_order, entities, _ in reversed(self._groups):
            if g_order < before and sentence - g_sentence <= window:
                return g_order, entities
        return -1, ()

    def observe(self, entity: Entity, sentence: int, order: int, subject: bool = False, rank: int = 2,
                embedded: bool = False) -> None:
        """``embedded``: the subject of a reported or subordinate clause ("X said *Peru* had
        left"), less salient than the main clause's subject and ranked with the objects."""
        self._items.append(Seen(entity, sentence, order, subject, (1 if embedded else 0) if subject else rank))

    def pronoun(self, before: int, sentence: int, person: bool, window: int = 2,
                not_subject_of: int | None = None, not_ids: frozenset[str] = frozenset()) -> tuple[Entity, ...]:
        """Candidates for a pronoun at global position ``before``: same or previous sentences.

        ``not_subject_of``: an object pronoun does not corefer with the subjects of its sentence;
        ``not_ids``: nor with these entities (its own clause's subject, when that is known).
        """
        items = [
            s for s in self._items
            if s.order < before and sentence - s.sentence <= window
            and ((s.entity.type in PERSON_TYPES) == person)
            and not (s.subject and s.sentence == not_subject_of) and s.entity.id not in not_ids
        ]
        # Most recent sentence first; inside it, subjects, then objects, then nearest.
        items.sort(key=lambda s: (-s.sentence, s.rank, -s.order))
        return _unique(s.entity for s in items)

    def definite(self, before: int, types: frozenset[str], window: int = 12,
                 sentence: int = 0, head: str = "") -> tuple[Entity, ...]:
        """Candidates for "the alliance"-style descriptions: recent entities of the given types.

        Entities whose name contains the head noun ("the summit" -> "2024 NATO summit") come first;
        events must contain it, since "the exercise" cannot be any event.
        """
        items = [
            s for s in self._items
            if s.order < before and s.entity.type in types and sentence - s.sentence <= window
        ]
        # Latest sentence first; inside it subjects, then objects, then the nearest (as pronouns).
        items.sort(key=lambda s: (-s.sentence, s.rank, -s.order))
        named = [s for s in items if head and _names(s.entity, head)]
        rest = [s for s in items if not (head and _names(s.entity, head)) and s.entity.type != "Event"]
        return _unique(s.entity for s in named + rest)


def _names(entity: Entity, head: str) -> bool:
    head = head.lower()
    return any(head in name.lower() for name in (entity.name, *entity.aliases))


def _unique(entities) -> tuple[Entity, ...]:
    seen: dict[str, Entity] = {}
    for entity in entities:
        seen.setdefault(entity.id, entity)
    return tuple(seen.values())


class Quotes:
    """The quotations of one parsed paragraph and, for each, the token that speaks it.

    Quotation marks are straight after reading (``extract.reader.normalise``) and pair up in
    order; an unclosed one runs to the end of the paragraph (a quotation continued in the next
    paragraph). The speaker is the subject of a reporting verb right after the quotation
    ('"...," the minister said', '"...," said X'), or right before it ('X said: "..."'), or the
    object of "according to" after it. A quotation with none speaks for the speaker of the
    quotation before it in the paragraph.
    """

    def __init__(self, doc: Doc, reporting_verbs: frozenset[str], reach: int = 14) -> None:
        self.doc = doc
        self.reporting = reporting_verbs
        self.reach = reach
        self.spans: list[tuple[int, int]] = []   # token ranges of the quoted words
        opened: Optional[int] = None
        for token in doc:
            if token.text != '"':
                continue
            if opened is None:
                opened = token.i
            else:
                self.spans.append((opened + 1, token.i))
                opened = None
        if opened is not None:
            self.spans.append((opened + 1, len(doc)))
        self._speakers: dict[int, Optional[Token]] = {}

    def span_of(self, i: int) -> Optional[int]:
        """The index of the quotation holding token ``i``, or None."""
        for k, (start, end) in enumerate(self.spans):
            if start <= i < end:
                return k
        return None

    def speaker(self, i: int) -> Optional[Token]:
        """The token naming who speaks the quotation holding token ``i``."""
        k = self.span_of(i)
        if k is None:
            return None
        if k not in self._speakers:
            self._speakers[k] = self._find(k)
        return self._speakers[k]

    def _find(self, k: int) -> Optional[Token]:
        start, end = self.spans[k]
        doc = self.doc
        inside = range(start - 1, end + 1)
        # After the closing mark, inside its sentence: '"...," the minister said.'
        for j in range(end + 1, min(len(doc), end + 1 + self.reach)):
            token = doc[j]
            if token.text == '"' or (token.is_sent_start and j > end + 1):
                break
            found = self._subject_of(token, inside)
            if found is not None:
                return found
        # Before the opening mark, inside its sentence: 'X said: "..."'.
        opening = start - 1
        sent_start = doc[opening].sent.start if opening >= 0 else 0
        for j in range(opening - 1, max(sent_start, opening - self.reach) - 1, -1):
            token = doc[j]
            if token.text == '"':
                break
            found = self._subject_of(token, inside)
            if found is not None:
                return found
        # A quotation continuing the one before it in the paragraph.
        if k > 0:
            return self.speaker(self.spans[k - 1][0])
        return None

    def _subject_of(self, token: Token, inside: range) -> Optional[Token]:
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in self.reporting:
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i not in inside:
                    return child
        if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
            for child in self.doc[token.i + 1].children:
                if child.dep_ == "pobj":
                    return child
        return None
