"""Dates of facts in a document's time: absolute dates, relative ones resolved, names' years.

A :class:`Timeline` follows one document sentence by sentence. It knows the document date (the
date the text was published, given by the user or found in it) and the last date the text
spoke of (its *anchor*), and turns each sentence's time expressions into :class:`TimeMention`:

* ``stated``: the sentence gives the date ("on March 3, 2021", "in 2018", "in May 2019");
* ``resolved``: the sentence gives it relative to the document date ("on Monday", "last year",
  "two years ago", "a five-year-old accord") or to the date spoken of before ("the following
  year", "nine years after");
* a year inside a name ("the 2015 deal", "the 2018 summit") or an age ("a five-year-old
  accord") dates the *thing named*, not the act of the sentence: such mentions are marked
  ``descriptive`` and :mod:`extract.statements` uses them only for that thing.

Calendar arithmetic is python-dateutil's ``relativedelta``; the absolute forms are the regexes of
:mod:`extract.dates`. Character offsets index the sentence text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Optional

from dateutil.relativedelta import relativedelta

from extract.dates import MONTHS, find_dates

#: A date without its year this close after the document date is read as the coming one.
SOON = timedelta(days=45)
#: How far from the document date a day still counts as the day of the news (see Timeline.context).
NEWS_WINDOW = timedelta(days=7)
#: Precision of an ISO date string by its length: YYYY, YYYY-MM, YYYY-MM-DD.
YEAR, MONTH, DAY = 4, 7, 10

_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBERS.update({"a": 1, "an": 1, "thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "a couple of": 2})
_NUM = r"(?P<n>\d{1,3}|a couple of|a dozen|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH_NAME = r"(?P<month>" + "|".join(sorted((m.title() for m in MONTHS if len(m) > 3 or m == "may"),
                                               key=len, reverse=True)) + r")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_I = re.IGNORECASE

#: (name, pattern); the first pattern to claim a span keeps it. Case matters for names (May, Monday).
_RELATIVE = (
    ("ago", re.compile(r"\b" + _NUM + r"[\s-]+" + _UNIT + r"\s+ago\b", _I)),
    ("age", re.compile(r"\b" + _NUM + r"[\s-]+" + _UNIT + r"[\s-]+old\b", _I)),
    ("shift", re.compile(r"\b" + _NUM + r"\s+" + _UNIT + r"\s+(?P<dir>later|after|afterwards|earlier|before|on)\b", _I)),
    ("sequel", re.compile(r"\b(?:the|that)\s+(?P<dir>following|next|previous|preceding|prior|same)\s+"
                          r"(?P<unit>day|week|month|year)\b", _I)),
    ("this", re.compile(r"\b(?:(?P<edge>earlier|later|early|late)\s+(?:in\s+)?)?(?P<dir>last|next|this)\s+"
                        r"(?P<unit>week|month|year)\b", _I)),
    ("day", re.compile(r"\b(?P<word>yesterday|today|tomorrow|tonight)\b", _I)),
    # "Wednesday, November 27, 2024" is the date that follows it.
    ("weekday", re.compile(r"\b(?:(?P<dir>(?i:last|next|this past|this coming|this|on))\s+)?" + _WEEKDAY
                           + r"\b(?!,?\s+(?:the\s+)?(?:\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b))")),
    ("monthday", re.compile(r"\b" + _MONTH_NAME + r"\.?\s+" + _DAY + r"\b(?!\s*,?\s*(?:1[89]|20)\d{2})(?!\s*%)")),
    ("month", re.compile(r"\b(?i:in|since|until|by|from|during|of|early|late|mid-?)\s+(?i:early\s+|late\s+|mid-?)?"
                         + _MONTH_NAME + r"\b(?!\.?\s*\d)")),
)
#: A cheap test that a sentence may hold any time expression at all (most sentences hold none).
_PRESCAN = re.compile(
    r"\d|\b(?:ago|old|later|after|afterwards|earlier|before|following|next|previous|preceding|prior|same|last|this|"
    r"past|coming|yesterday|today|tomorrow|tonight|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b", _I)
#: A year inside a name: after a determiner or possessive, before the noun it qualifies ("the 2015 deal").
_NAME_LEAD = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|our|this|that|these|those)|['’]s)\s+$", _I)
_NAME_TAIL = re.compile(r"^\s*[-–]?\s*[A-Za-z]")
#: "N years after <an event>" ("after it applied"; not "N years after that," / "after which").
_EVENT_AFTER = re.compile(r"\s+(?!which\b|(?:that|this|it)\s*(?:[^\w\s]|$))[A-Za-z]", re.IGNORECASE)
_NOT_NOUN_AFTER = frozenset(("and", "or", "to", "in", "on", "at", "by", "for", "of", "with", "when", "as", "that",
                             "which", "was", "were", "is", "are", "had", "has", "have", "after", "before", "until"))


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression of a sentence and the date(s) it gives.

    ``past`` and ``future`` differ only for expressions whose reading depends on the tense of the
    act ("on Monday": last Monday in a report, next Monday in a plan).
    """

    start: int
    end: int
    text: str
    kind: str  # "stated" | "resolved"
    past: str
    future: str
    descriptive: bool = False  # a name's year or an age: dates the thing, not the act
    #: "nine years after Paris sent troops": dates only the clause it introduces (see statements).
    clause: bool = False

    def iso(self, future: bool = False) -> str:
        return self.future if future else self.past


class Timeline:
    """The time of one document as its sentences go by (document date and anchor)."""

    def __init__(self, document_date: Optional[str] = None, fallback_year: Optional[int] = None) -> None:
        self.base = parse_iso(document_date)
        self.fallback_year = fallback_year
        #: The date the text last spoke of ("signed in 2011. The following year ...").
        self.anchor: Optional[tuple[date, int]] = None
        #: The last day of the reported events spoken of in this paragraph (see :attr:`context`).
        self._scene: Optional[TimeMention] = None
        #: The last date the current sentence gave so far.
        self._sentence_date: Optional[tuple[date, int]] = None

    def paragraph(self) -> None:
        """A new paragraph: the scene of the last one no longer dates its sentences."""
        self._scene = None

    @property
    def context(self) -> Optional[TimeMention]:
        """The day of the events this paragraph reports, for its sentences that give no date:
        "On August 8 a summit in Washington brought them together. The leaders signed a
        declaration." Only a day close to the document date (the news itself), never a date of
        the background ("NATO was founded in 1949. Russia criticizes NATO")."""
        return self._scene

    @property
    def reported(self) -> Optional[str]:
        """The document date (the date a statement without one of its own was reported)."""
        return _iso(*self.base) if self.base else None

    def sentence(self, text: str) -> list[TimeMention]:
        """The time expressions of one sentence, in text order; moves the anchor past them."""
        if not _PRESCAN.search(text):
            return []
        found: list[TimeMention] = []
        taken: list[tuple[int, int]] = []
        for absolute in find_dates(text):
            if any(s < absolute.end and absolute.start < e for s, e in taken):
                continue
            taken.append((absolute.start, absolute.end))
            named = len(absolute.iso) == YEAR and _is_name_year(text, absolute.start, absolute.end)
            found.append(TimeMention(absolute.start, absolute.end, text[absolute.start:absolute.end], "stated",
                                     absolute.iso, absolute.iso, descriptive=named))
        relative = []
        for name, pattern in _RELATIVE:
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                relative.append((start, name, match))
        relative.sort(key=lambda item: item[0])
        # Resolve in text order so "the following year" reads the mention before it.
        pending = sorted([(m.start, m) for m in found] + [(s, (n, m)) for s, n, m in relative], key=lambda x: x[0])
        out: list[TimeMention] = []
        self._sentence_date = None
        for _, item in pending:
            if isinstance(item, TimeMention):
                mention = item
            else:
                mention = self._resolve(*item, text)
                if mention is None:
                    continue
            out.append(mention)
            if not mention.descriptive and not mention.clause:  # the anchor stays with the main act
                self.anchor = parse_iso(mention.past)
                self._sentence_date = self.anchor
                self._scene = mention if self._near_news(mention.past) else None
        return out

    def _near_news(self, iso: str) -> bool:
        """A day in the week up to the document date (or in its month, when only that is known)."""
        if self.base is None or len(iso) < DAY:
            return False
        day, precision = parse_iso(iso)
        first, precision_base = self.base
        if precision_base < MONTH:
            return False
        last = first if precision_base >= DAY else first + relativedelta(months=1, days=-1)
        return first - NEWS_WINDOW <= day <= last  # what happened, not what is to come

    # ------------------------------------------------------------------ resolution

    def _resolve(self, name: str, match: re.Match, text: str) -> Optional[TimeMention]:
        groups = match.groupdict()
        if name == "shift":
            readings = self._shift(groups, text[match.end():])
        else:
            readings = getattr(self, f"_{name}")(groups)
        if readings is None:
            return None
        clause = False
        if name == "shift" and isinstance(readings, list):  # the date of the event named after it
            readings, clause = readings[0], True
        past, future = readings if isinstance(readings, tuple) else (readings, readings)
        if past is None or future is None:
            return None
        return TimeMention(match.start(), match.end(), match.group(0), "resolved", past, future,
                           descriptive=name == "age", clause=clause)

    def _ago(self, g: dict) -> Optional[str]:
        return _moved(self.base, _count(g["n"]), g["unit"].lower(), -1)

    def _age(self, g: dict) -> Optional[str]:
        return _moved(self.base, _count(g["n"]), g["unit"].lower(), -1)

    def _shift(self, g: dict, tail: str) -> Optional[str]:
        sign = -1 if g["dir"].lower() in ("earlier", "before") else 1
        if g["dir"].lower() in ("after", "before") and _EVENT_AFTER.match(tail):
            # "left on Monday, nine years after Paris sent troops": the date of the event named
            # after it, counted back from the date of the sentence (else of the document).
            return [_moved(self._sentence_date or self.base, _count(g["n"]), g["unit"].lower(), -sign)]
        return _moved(self.anchor or self.base, _count(g["n"]), g["unit"].lower(), sign)

    def _sequel(self, g: dict) -> Optional[str]:
        word = g["dir"].lower()
        sign = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1, "same": 0}[word]
        anchor = self.anchor or self.base
        if anchor is None:
            return None
        return _moved(anchor, 1, g["unit"].lower(), sign) if sign else _at(anchor, g["unit"].lower())

    def _this(self, g: dict) -> Optional[str]:
        step = {"last": -1, "next": 1, "this": 0}[g["dir"].lower()]
        unit = g["unit"].lower()
        if self.base is None:
            return None
        if unit == "week":  # no ISO form for a week: the month it falls in
            day, precision = self.base
            if precision < DAY:
                return None
            return _iso(day + timedelta(weeks=step), MONTH)
        return _moved(self.base, abs(step), unit, step) if step else _at(self.base, unit)

    def _day(self, g: dict) -> Optional[str]:
        step = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[g["word"].lower()]
        if self.base is None or self.base[1] < DAY:
            return None
        return _iso(self.base[0] + timedelta(days=step), DAY)

    def _weekday(self, g: dict):
        if self.base is None or self.base[1] < DAY:
            return None
        today = self.base[0]
        wanted = _WEEKDAYS.index(g["weekday"].lower())
        back = (today.weekday() - wanted) % 7
        ahead = (wanted - today.weekday()) % 7
        qualifier = (g.get("dir") or "").lower()
        past = today - timedelta(days=back or (7 if qualifier == "last" else 0))
        future = today + timedelta(days=ahead or (7 if qualifier == "next" else 0))
        if qualifier in ("last", "this past"):
            future = past
        elif qualifier in ("next", "this coming"):
            past = future
        return _iso(past, DAY), _iso(future, DAY)

    def _monthday(self, g: dict):
        month, day = MONTHS[g["month"].lower()], int(g["day"])
        if not 1 <= day <= 31:
            return None
        return self._in_year(month, day)

    def _month(self, g: dict):
        return self._in_year(MONTHS[g["month"].lower()], None)

    def _in_year(self, month: int, day: Optional[int]):
        """A month (and day) without its year: the last one before the document date for a past
        act, the next one after it for a planned act."""
        if self.base is None:
            if self.fallback_year is None:
                return None
            value = _make(self.fallback_year, month, day)
            return None if value is None else (value, value)
        ref, precision = self.base
        if precision < MONTH:  # only the year is known
            value = _make(ref.year, month, day)
            return None if value is None else (value, value)
        # The document's own period: a day, or a whole month when only the month is known.
        ref_first, ref_last = ref, (ref if precision >= DAY else ref + relativedelta(months=1, days=-1))
        spans = []
        for year in (ref.year - 1, ref.year, ref.year + 1):
            iso = _make(year, month, day)
            if iso is not None:
                first = parse_iso(iso)[0]
                spans.append((iso, first, first if day else first + relativedelta(months=1, days=-1)))
        past = [s for s in spans if s[1] <= ref_last]
        future = [s for s in spans if s[2] >= ref_first]
        if not past or not future:
            return None
        past_iso, future_iso = past[-1][0], future[0][0]
        # A report speaks of the past, but of a date a few weeks ahead too ("meets him on June 16").
        if future_iso != past_iso and timedelta(0) < future[0][1] - ref_last <= SOON:
            past_iso = future_iso
        return past_iso, future_iso


# ----------------------------------------------------------------------------- helpers

def parse_iso(value: Optional[str]) -> Optional[tuple[date, int]]:
    """A partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD) as (first day, precision); None if invalid."""
    if not value:
        return None
    value = value.strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not match:
        return None
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    try:
        return date(year, int(month or 1), int(day or 1)), (DAY if day else MONTH if month else YEAR)
    except ValueError:
        return None


def user_date(value: str) -> str:
    """A document date as the user gave it (``--date``, the app's date field), checked: raise
    ValueError with a one-line reason for anything but a real YYYY, YYYY-MM or YYYY-MM-DD."""
    text = (value or "").strip()
    if not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", text):
        raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    if parse_iso(text) is None:
        raise ValueError(f"{value!r} is not a calendar date")
    return text


def with_user_date(document, value: Optional[str]):
    """``document`` dated by the user (``date_source`` "user"); unchanged when ``value`` is empty."""
    if not value:
        return document
    return replace(document, date=user_date(value), date_source="user")


def valid_iso(value: str) -> bool:
    """True for a real calendar date written YYYY, YYYY-MM or YYYY-MM-DD."""
    return parse_iso(value) is not None


def _iso(day: date, precision: int) -> str:
    return day.isoformat()[:precision]


def _make(year: int, month: int, day: Optional[int]) -> Optional[str]:
    try:
        return date(year, month, day or 1).isoformat()[: DAY if day else MONTH]
    except ValueError:
        return None


def _count(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else _NUMBERS.get(word, 1)


_UNIT_PRECISION = {"day": DAY, "week": DAY, "month": MONTH, "year": YEAR, "decade": YEAR}


def _moved(base: Optional[tuple[date, int]], n: int, unit: str, sign: int) -> Optional[str]:
    """``base`` moved by n units, written no finer than the unit nor than the base."""
    if base is None:
        return None
    day, precision = base
    precision = min(precision, _UNIT_PRECISION[unit])
    if unit in ("day", "week") and base[1] < DAY:
        return None
    delta = {"day": relativedelta(days=n), "week": relativedelta(weeks=n), "month": relativedelta(months=n),
             "year": relativedelta(years=n), "decade": relativedelta(years=10 * n)}[unit]
    return _iso(day + delta if sign > 0 else day - delta, precision)


def _at(base: tuple[date, int], unit: str) -> Optional[str]:
    """The same day/week/month/year as ``base``."""
    day, precision = base
    wanted = min(precision, _UNIT_PRECISION[unit] if unit != "week" else MONTH)
    return _iso(day, wanted)


def _is_name_year(text: str, start: int, end: int) -> bool:
    """ "the 2015 deal", "Russia's 2014 annexation": a year qualifying the noun after it."""
    if not _NAME_LEAD.search(text[max(0, start - 12):start]):
        return False
    tail = text[end:end + 40]
    if not _NAME_TAIL.match(tail):
        return False
    word = re.match(r"\s*[-–]?\s*([A-Za-z]+)", tail).group(1).lower()
    return word not in _NOT_NOUN_AFTER
