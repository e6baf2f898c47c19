"""Labels and relationship types allowed into Cypher text: the ontology's, and only if they look
like plain identifiers. Labels and types cannot be query parameters, so this is the gate.
"""
from __future__ import annotations

import re
from typing import Any, Mapping, Protocol

from graph.errors import ValidationError

#: ``\Z``, not ``$``: ``$`` also matches before a trailing newline.
IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}\Z")
#: Labels and types of the schema itself (not from the ontology).
STRUCTURAL_LABELS = frozenset({"Entity", "Document", "Statement"})
STRUCTURAL_TYPES = frozenset({"SUBJECT", "OBJECT", "FROM"})


class Vocabulary(Protocol):
    """What the graph layer needs from ``ontology.model.Ontology``."""

    classes: Mapping[str, Any]
    predicates: Mapping[str, Any]


def identifier(name: str, what: str = "identifier") -> str:
    """Return ``name`` if it is a safe Cypher identifier, else raise."""
    if not isinstance(name, str) or not IDENTIFIER.match(name):
        raise ValidationError(f"invalid {what} {name!r}: expected letters, digits and '_'")
    return name


def quoted(name: str, what: str = "identifier") -> str:
    """``name`` checked by :func:`identifier` and quoted in backticks (one inside doubled): the
    second line of defence, should a name ever pass the check it stays one label or type."""
    return "`" + identifier(name, what).replace("`", "``") + "`"


def class_label(ontology: Vocabulary, name: str) -> str:
    """The node label for an entity type; must be an ontology class."""
    if name not in ontology.classes:
        known = ", ".join(sorted(ontology.classes))
        raise ValidationError(f"unknown entity type {name!r} (ontology classes: {known})")
    return identifier(name, "entity type")


def relationship_type(ontology: Vocabulary, predicate: str) -> str:
    """The direct relationship type for a predicate (``withdraws_from`` -> ``WITHDRAWS_FROM``)."""
    if predicate not in ontology.predicates:
        raise ValidationError(f"unknown predicate {predicate!r} (not in the ontology)")
    rel = identifier(predicate, "predicate").upper()
    if rel in STRUCTURAL_TYPES:
        raise ValidationError(f"predicate {predicate!r} clashes with a structural relationship type")
    return rel


def predicate_of(ontology: Vocabulary, rel_type: str) -> str:
    """Inverse of :func:`relationship_type`."""
    for name in ontology.predicates:
        if name.upper() == rel_type:
            return name
    raise ValidationError(f"relationship type {rel_type!r} is not an ontology predicate")


def is_symmetric(ontology: Vocabulary, predicate: str) -> bool:
    return bool(getattr(ontology.predicates.get(predicate), "symmetric", False))


def is_abstract(ontology: Vocabulary, name: str) -> bool:
    return bool(getattr(ontology.classes.get(name), "abstract", False))
