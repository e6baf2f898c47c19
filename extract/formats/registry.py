"""The input formats, one module each (as spaCy registers factories): adding a format is its
module, which defines ``FORMAT``, plus its line in :data:`MODULES`. The command lines and the
app read their lists of accepted types from here.
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

from extract.formats.base import Format

#: One line per format, in the order their types are listed to users.
MODULES = (
    "extract.formats.text",
    "extract.formats.markdown",
    "extract.formats.html",
    "extract.formats.pdf",
)


@lru_cache(maxsize=None)
def formats() -> tuple[Format, ...]:
    """Every registered format (their heavy libraries are imported only when a file is read)."""
    return tuple(importlib.import_module(module).FORMAT for module in MODULES)


def by_name(name: str) -> Format:
    for fmt in formats():
        if fmt.name == name:
            return fmt
    raise KeyError(f"no input format {name!r}")


def by_suffix(path: Union[str, Path]) -> Optional[Format]:
    """The format that a file name's ending says, or None."""
    suffix = Path(str(path)).suffix.lower()
    return next((fmt for fmt in formats() if suffix in fmt.suffixes), None)


def by_content(head: bytes) -> Optional[Format]:
    """The format that a file's first bytes say (a PDF, an HTML page), or None."""
    return next((fmt for fmt in formats() if fmt.sniff(head)), None)


def by_media_type(content_type: str) -> Optional[Format]:
    """The format for an HTTP ``Content-Type`` (parameters such as charset ignored), or None."""
    media = content_type.split(";", 1)[0].strip().lower()
    return next((fmt for fmt in formats() if media in fmt.media_types), None)


def choose(path: Union[str, Path], head: bytes) -> Format:
    """The format to read a file with: its content when that is telling, else its name, else text."""
    return by_content(head) or by_suffix(path) or formats()[0]


def suffixes() -> tuple[str, ...]:
    """Every accepted file name ending, e.g. ``(".txt", ".md", ...)``."""
    return tuple(s for fmt in formats() for s in fmt.suffixes)


def media_types() -> tuple[str, ...]:
    return tuple(m for fmt in formats() for m in fmt.media_types)


def described(conjunction: str = "or") -> str:
    """The accepted endings in words: ``.txt, .md, ... or .pdf``."""
    names = list(suffixes())
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1] if len(names) > 1 else names[0]
