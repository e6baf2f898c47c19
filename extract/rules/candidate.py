"""The proposed-relation record every rule family returns and statements.py binds: its own
module so families and the binder share it without importing each other."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from extract.arguments import Ref


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
