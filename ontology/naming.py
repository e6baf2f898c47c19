"""Which names a class or predicate may have.

Names become IRIs (``tkg:Name``), node labels (``:Name``) and relationship types (``NAME``) in
Cypher, where labels and types cannot be parameters. So they are plain identifiers, never Cypher
keywords, and never the names the graph schema or its RDF export already use.
"""
from __future__ import annotations

import re

from ontology.errors import EditRefused, shown

#: Matched from the start to ``\Z`` (``$`` would let a trailing newline through).
CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]{0,63}\Z")
PREDICATE_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}\Z")

#: Reserved words of Cypher (Neo4j 5 and FalkorDB), compared case-insensitively.
CYPHER_KEYWORDS = frozenset("""
add all allshortestpaths and any as asc ascending assert by call case commit concurrent constraint
contains count create csv delete desc descending detach distinct do drop else end ends exists
extract false fieldterminator filter for foreach from headers if in index is key limit load
mandatory match merge node none nodetach not null of on optional options or order periodic reduce
rel relationship remove require return rows scalar set shortestpath single skip starts then
transactions true union unique unwind use using when where with xor yield
""".split())

#: Node labels of the graph schema that are not entity types.
RESERVED_CLASSES = frozenset({"Document", "Statement", "Thing", "Nothing"})
#: Structural relationship types (lower-cased) and the properties of the RDF exports.
RESERVED_PREDICATES = frozenset({
    "subject", "predicate", "object", "from", "modality", "evidence", "sentence", "start", "end",
    "confidence", "rule", "path", "date", "attributed_to", "ingested_at", "type", "label",
})


def check_class_name(name: str) -> str:
    """Return ``name`` if it can name a class, else refuse with the reason."""
    if not isinstance(name, str) or not CLASS_NAME.match(name):
        raise EditRefused(f"invalid class name {shown(name)}: use an UpperCamelCase identifier "
                          "(letters and digits, first letter upper case, at most 64), e.g. MilitaryAlliance")
    if name.lower() in CYPHER_KEYWORDS:
        raise EditRefused(f"invalid class name {shown(name)}: it is a Cypher keyword")
    if name in RESERVED_CLASSES:
        raise EditRefused(f"invalid class name {shown(name)}: the graph already uses it for its own nodes")
    return name


def check_predicate_name(name: str) -> str:
    """Return ``name`` if it can name a predicate, else refuse with the reason."""
    if not isinstance(name, str) or not PREDICATE_NAME.match(name):
        raise EditRefused(f"invalid predicate name {shown(name)}: use a snake_case identifier "
                          "(a-z, 0-9 and '_', starting with a letter, at most 64), e.g. recognizes")
    if name in CYPHER_KEYWORDS:
        raise EditRefused(f"invalid predicate name {shown(name)}: it is a Cypher keyword")
    if name in RESERVED_PREDICATES:
        raise EditRefused(f"invalid predicate name {shown(name)}: the graph already uses it for statements")
    return name


def to_class_name(text: str) -> str:
    """``military_alliance`` / ``military alliance`` -> ``MilitaryAlliance`` (for imports)."""
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", text) if p]
    return "".join(p[:1].upper() + p[1:] for p in parts)


def to_predicate_name(text: str) -> str:
    """``hasMember`` / ``has-member`` -> ``has_member`` (for imports)."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


#: Invisible characters that change how a name reads without being seen: bidirectional marks,
#: embeddings, overrides and isolates (U+202E shows "gpj.exe" as "exe.jpg") and zero-width
#: characters (two names that look the same are different). Refused in names a user gives,
#: stripped from names the extractor finds.
INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def strip_invisible(text: str) -> str:
    """``text`` without :data:`INVISIBLE` characters."""
    return INVISIBLE.sub("", text)


def check_visible(text: str, what: str) -> str:
    """Return ``text`` if it has no :data:`INVISIBLE` character, else refuse naming the first."""
    found = INVISIBLE.search(text)
    if found:
        raise EditRefused(f"{what} {shown(text)} contains an invisible formatting character "
                          f"(U+{ord(found.group()):04X}, a direction override or zero-width character); "
                          "remove it")
    return text
