"""Pronoun and definite-description resolution to a compatible recent entity.

No coreference model with weights can be installed offline, so this is a salience memory:
every linked mention is remembered with its sentence and grammatical role; "it", "the
alliance" or "the treaty" propose the recent entities, best first, and the relation rule picks
the first one whose type the predicate's domain or range admits.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

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
        self._groups: deque[tuple[int, int, tuple[Entity, ...]]] = deque(maxlen=20)
        self._acts: deque[tuple[int, int, Entity]] = deque(maxlen=20)

    def observe_act(self, actor: Entity, sentence: int, order: int) -> None:
        """The actor of a statement just made, for "the move" / "the incursion" later."""
        self._acts.append((sentence, order, actor))

    def last_actor(self, before: int, sentence: int, window: int = 3) -> tuple[Entity, ...]:
        for a_sentence, a_order, actor in reversed(self._acts):
            if a_order < before and sentence - a_sentence <= window:
                return (actor,)
        return ()

    def observe_group(self, entities: tuple[Entity, ...], sentence: int, order: int) -> None:
        """Remember a coordination ("Finland and Sweden") for plural pronouns and "these nations"."""
        if len(entities) >= 2:
            self._groups.append((sentence, order, entities))

    def group(self, before: int, sentence: int, types: frozenset[str] | None = None,
              size: int | None = None, window: int = 2) -> tuple[Entity, ...]:
        """The most recent coordination before ``before`` (of the given types and size)."""
        for g_sentence, g_order, entities in reversed(self._groups):
            if g_order >= before or sentence - g_sentence > window:
                continue
            chosen = tuple(e for e in entities if types is None or e.type in types)
            if len(chosen) >= 2 and (size is None or len(chosen) == size):
                return chosen
        return ()

    def observe(self, entity: Entity, sentence: int, order: int, subject: bool = False, rank: int = 2) -> None:
        self._items.append(Seen(entity, sentence, order, subject, 0 if subject else rank))

    def pronoun(self, before: int, sentence: int, person: bool, window: int = 2,
                not_subject_of: int | None = None) -> tuple[Entity, ...]:
        """Candidates for a pronoun at global position ``before``: same or previous sentences.

        ``not_subject_of``: an object pronoun does not corefer with its own clause's subject.
        """
        items = [
            s for s in self._items
            if s.order < before and sentence - s.sentence <= window
            and ((s.entity.type in PERSON_TYPES) == person)
            and not (s.subject and s.sentence == not_subject_of)
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
        items.sort(key=lambda s: -s.order)
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
