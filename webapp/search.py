"""Finding entities by what users type: a name or any alias, ranked exact > prefix > word start >
substring, so "Moscow" finds Russia (by its alias) and nothing unrelated."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional


@dataclass(frozen=True)
class Match:
    """An entity found, and the alias that matched when its name did not."""

    id: str
    name: str
    via: Optional[str] = None


def fold(text: str) -> str:
    """Case, accents and apostrophe variants do not matter when searching."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("\u2019", "'").replace("\u02bc", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _rank(query: str, text: str) -> Optional[int]:
    key = fold(text)
    if key == query:
        return 0
    if key.startswith(query):
        return 1
    if f" {query}" in f" {key}":
        return 2
    if query in key:
        return 3
    return None


def find(query: str, names: Mapping[str, str], aliases: Mapping[str, Iterable[str]],
         limit: int = 12) -> list[Match]:
    """Entities whose name or an alias contains ``query``, best first (then by name)."""
    wanted = fold(query)
    if not wanted:
        return []
    found: list[tuple[int, int, str, Match]] = []
    for entity_id, name in names.items():
        best = _rank(wanted, name)
        via = None
        for alias in aliases.get(entity_id, ()):
            rank = _rank(wanted, alias)
            if rank is not None and (best is None or rank < best):
                best, via = rank, alias
        if best is not None:
            found.append((best, 0 if via is None else 1, fold(name), Match(entity_id, name, via)))
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found[:limit]]
