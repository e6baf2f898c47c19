"""A document's date and where it was found.

Formats record what their metadata says (HTML meta tags, JSON-LD, Markdown front matter) while
they read; :func:`document_date` then falls back, in this order, to the dateline ("MOSCOW,
May 21, 2020 - "), a date in the file name (``2021-06-07-article.txt``) and the first date in
the text's head (news puts it after the headline and lede).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from extract.dates import MONTHS as _MONTHS

#: How far into the text the document date is looked for.
DATE_WINDOW = 500

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I),
)
#: A file name's date: 2021-06-07, 2021_06_07 or 20210607, not inside a longer number.
_NAME_DATE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[-_.]?(?P<mnum>[01]\d)[-_.]?(?P<day>[0-3]\d)(?!\d)")
#: "MOSCOW, May 21, 2020 - ", "May 21, 2020 - ", "WASHINGTON, May 21, 2020." opening a line.
_DATELINE = re.compile(r"(?:^|\n)[^\S\n]*(?:[A-Z][A-Za-z.'\- ]{1,40},[^\S\n]*)?(?P<date>[A-Z][a-z]{2,8}\.?[^\S\n]+"
                       r"\d{1,2}(?:st|nd|rd|th)?,?[^\S\n]+\d{4})[^\S\n]*(?:[-\u2013\u2014.:]|\(\w+\))")


def _value(parts: dict) -> Optional[str]:
    month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS[parts["month"].lower()]
    try:
        return date(int(parts["year"]), month, int(parts["day"])).isoformat()
    except ValueError:
        return None


def find_date(text: str, window: int = DATE_WINDOW) -> Optional[str]:
    """The first valid absolute date starting in ``text[:window]``, as ISO ``YYYY-MM-DD``."""
    found: list[tuple[int, str]] = []
    area = text[: window + 40]
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(area):
            if match.start() >= window:
                break
            value = _value(match.groupdict())
            if value is None:
                continue
            found.append((match.start(), value))
            break
    return min(found)[1] if found else None


_ISO_START = re.compile(r"^\s*(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})(?![\d])")


def iso_date(value: str) -> Optional[str]:
    """A metadata date ("2021-06-07", "2021-06-07T10:00:00Z", "June 7, 2021") as ISO, or None."""
    if not value:
        return None
    match = _ISO_START.match(value)
    if match:
        return _value(match.groupdict())
    return find_date(value.strip(), window=40)


def file_name_date(name: str) -> Optional[str]:
    """The date in a file name, as in ``2021-06-07-article.txt``."""
    for match in _NAME_DATE.finditer(name):
        value = _value(match.groupdict())
        if value:
            return value
    return None


def dateline_date(head: str) -> Optional[str]:
    """The date of a dateline opening one of the first lines of the text."""
    match = _DATELINE.search(head[:DATE_WINDOW])
    return find_date(match.group("date"), window=40) if match else None


def document_date(head: str, name: str, known: Optional[str] = None,
                  known_source: Optional[str] = None) -> tuple[Optional[str], Optional[str]]:
    """``(date, source)``: the format's own (metadata) date, else the dateline, the file name,
    the head of the text; ``(None, None)`` when there is none."""
    if known:
        return known, known_source
    text_date = find_date(head)
    if text_date is not None and dateline_date(head) == text_date:
        return text_date, "dateline"
    named = file_name_date(name)
    if named:
        return named, "file-name"
    return (text_date, "text") if text_date else (None, None)
