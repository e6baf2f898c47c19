"""Absolute dates in a sentence, as ISO strings (YYYY, YYYY-MM or YYYY-MM-DD).

Relative dates ("on Tuesday", "last year") are not resolved, and a dateline at the start of a
sentence ("May 22, 2020 - MOSCOW -") dates the article, not the fact, so it is skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for m in names
}
# Capitalised only: "may" is far more often the modal than the month.
_MONTH = r"(?P<month>" + "|".join(sorted((m.title() for m in MONTHS), key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

_PATTERNS = [
    re.compile(r"\b(?P<year>(?:1[89]|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"(?:\s*[-–]\s*\d{1,2})?,?\s+" + _YEAR + r"\b"),
    re.compile(r"\b" + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"\b"),
    re.compile(r"\b" + _MONTH + r",?\s+(?:of\s+)?" + _YEAR + r"\b"),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"\b(?!\s*,?\s*(?:1[89]|20)\d{2})"),
    re.compile(r"(?<![\d,.$#-])\b" + _YEAR + r"\b(?!\d|[,.-]\d|%|s\b|\s*(?:km|miles|troops|soldiers|people))"),
]
_CITY = r"[A-Z][A-Z.'’\-]+(?:\s[A-Z][A-Z.'’\-]+)*"
_DATE_TEXT = r"[A-Z][a-z]{2,8}\.?\s\d{1,2},\s\d{4}"
#: "MOSCOW, July 10, 2020 - ", "May 22, 2020 - MOSCOW - ", "May 22, 2020 - ": a paragraph's dateline.
_DATELINE_PREFIX = re.compile(
    r"^\s*(?:" + _CITY + r"\s*,\s*)?" + _DATE_TEXT + r"\s*[-–—]+\s*(?:" + _CITY + r"\s*[-–—]+\s*)?"
)
_DATELINE = re.compile(r"^\s*(?:[A-Z][A-Za-z.' ]{1,40},\s*)?(?P<date>[A-Za-z]+\.? \d{1,2}, \d{4})\s*[-–—]")


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    iso: str


def find_dates(text: str, default_year: Optional[int] = None) -> list[DateMention]:
    """Every absolute date in ``text`` (a sentence), dateline excluded."""
    skip_until = 0
    dateline = _DATELINE.match(text)
    if dateline:
        skip_until = dateline.end()
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if start < skip_until or any(s < end and start < e for s, e in taken):
                continue
            iso = _iso(match.groupdict(), default_year)
            if iso is None:
                continue
            taken.append((start, end))
            found.append(DateMention(start, end, iso))
    found.sort(key=lambda d: d.start)
    return found


def nearest(dates: list[DateMention], position: int) -> Optional[str]:
    """The date closest to a character position (the trigger's)."""
    if not dates:
        return None
    return min(dates, key=lambda d: abs(d.start - position)).iso


def blank_dateline(text: str) -> str:
    """Replace a leading dateline with spaces (same length, so offsets hold).

    The dateline's city and date are not part of the first sentence: the parser would make the
    capital ("VILNIUS") its subject, and the gazetteer would read it as the state.
    """
    match = _DATELINE_PREFIX.match(text)
    if not match:
        return text
    return " " * match.end() + text[match.end():]


def dateline_year(text: str) -> Optional[int]:
    """Year of a dateline or first full date, used for "on July 11" without a year."""
    for match in _PATTERNS[1].finditer(text[:400]):
        return int(match.group("year"))
    return None


def _iso(groups: dict, default_year: Optional[int]) -> Optional[str]:
    year = groups.get("year")
    month = groups.get("month")
    day = groups.get("day")
    if year is None:
        if default_year is None:
            return None
        year = str(default_year)
    if month is not None and not month.isdigit():
        month = MONTHS.get(month.lower().rstrip("."))
    month_num = int(month) if month is not None else None
    if month_num is not None and not 1 <= month_num <= 12:
        return None
    if day is not None:
        day_num = int(day)
        if not 1 <= day_num <= 31 or month_num is None:
            return None
        return f"{year}-{month_num:02d}-{day_num:02d}"
    if month_num is not None:
        return f"{year}-{month_num:02d}"
    return year
