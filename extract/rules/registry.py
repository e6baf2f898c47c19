"""The registry of rule families, in the style of spaCy's registered factories: a family module
registers its class with a name, the trigger kinds it consumes and whether it runs per token or
per sentence, so adding a family is one module and one registration line. It is filled at import
time only; nothing in it changes per document."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

#: When a family runs: on every word token, or once per sentence after the token families.
SCOPES = ("token", "sentence")


@dataclass(frozen=True, slots=True)
class Family:
    """A registered rule family."""

    name: str
    factory: type            # a RuleFamily subclass, built with (ontology, lexicon)
    kinds: tuple[str, ...]   # the Lexicon tables (or fixed word lists of extract.lexicon) it reads
    scope: str               # "token" or "sentence"


#: Registered families by name, in registration order, which is the order they run in.
FAMILIES: dict[str, Family] = {}


def register(name: str, kinds: tuple[str, ...], scope: str) -> Callable[[type], type]:
    """Class decorator: ``@register("noun", kinds=("nouns",), scope="token")``."""
    if scope not in SCOPES:
        raise ValueError(f"rule family {name!r}: scope must be one of {SCOPES}, not {scope!r}")

    def add(cls: type) -> type:
        if name in FAMILIES:
            raise ValueError(f"rule family {name!r} is already registered")
        FAMILIES[name] = Family(name, cls, tuple(kinds), scope)
        return cls

    return add


def families() -> list[Family]:
    """The registered families in run order."""
    return list(FAMILIES.values())
