"""Recognise writing clauses in user Cypher, so read-only ``run`` can refuse them with a clear
message before the engine's own read-only mode (the real guarantee) would reject them anyway."""
from __future__ import annotations

import re
from typing import Optional

_STRINGS_AND_COMMENTS = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""", re.S)
_WRITING = re.compile(
    r"(?<![\w.$])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|LOAD\s+CSV)\b(?!\s*:)", re.I)
_WRITING_PROCEDURES = re.compile(r"\bCALL\s+(db\.idx\.|db\.create|apoc\.(create|merge|refactor|periodic))", re.I)


def writing_clause(query: str) -> Optional[str]:
    """The first writing clause of ``query`` (upper case), or None if it only reads."""
    text = _STRINGS_AND_COMMENTS.sub(" ", query)
    match = _WRITING.search(text)
    if match:
        return " ".join(match.group(1).upper().split())
    match = _WRITING_PROCEDURES.search(text)
    if match:
        return "CALL " + match.group(1).rstrip(".")
    return None
