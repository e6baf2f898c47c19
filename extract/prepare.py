"""Text preparation: the one stage between the reader's text and the parser.

The reader normalises the text once (:func:`normalise`, length-preserving, so every offset
holds); :func:`pieces` then cuts and cleans the paragraphs for the parser: no piece longer than
``MAX_PARAGRAPH``, headlines glued to the text under them cut off, the dateline blanked,
parenthetical asides lifted out as pieces of their own. The extractor and the app's
highlighter both go through :func:`pieces`, so they see the same text.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator, Optional

from extract.dates import blank_dateline, dateline_year

#: Paragraphs longer than this are cut at a sentence end (else whitespace, else hard) before it.
#: The parser needs memory in proportion to the characters of a whole batch (64 texts), so this
#: keeps a batch under 64 KB of text whatever the input: a 100,000-character bound let a 1 MB
#: line peak at 3.2 GB, 2,000 at 656 MB, 1,000 at 436 MB (bench/long_line.py). Cuts fall at
#: sentence ends, so the scores on the gold and development sets do not change.
MAX_PARAGRAPH = 1_000


def _translation_table() -> dict[int, str]:
    table = {ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032"}
    table.update({ord(c): '"' for c in "\u201c\u201d\u201e\u2033"})
    # Every Unicode space separator (category Zs) other than the ASCII space.
    table.update({cp: " " for cp in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)})
    # Unicode line breaks become "\n" so that paragraph splitting sees them.
    table.update({0x85: "\n", 0x2028: "\n", 0x2029: "\n"})
    return table


_TABLE = _translation_table()


def normalise(text: str) -> str:
    """Straighten curly quotes and turn Unicode spaces into ASCII ones, one char for one char.

    spaCy mis-tokenises U+2019 used as an apostrophe; keeping lengths means offsets computed
    on the normalised text are valid in the decoded original too.
    """
    return text.translate(_TABLE)


# ----------------------------------------------------------------------------- pieces for the parser

def pieces(paragraphs: Iterable[tuple[int, str]]) -> Iterator[tuple[str, tuple[int, Optional[int]]]]:
    """``(text for the parser, (offset, dateline year))`` for paragraphs of the reader's
    (normalised) text: bounded, headlines cut off, dateline blanked, asides lifted out."""
    for offset, paragraph in (piece for pair in paragraphs for piece in bounded(*pair)):
        for start, text in headline_split(offset, paragraph):
            if not text.strip():
                continue
            year = dateline_year(text)
            text, asides = lift_asides(blank_dateline(text))
            yield text, (start, year)
            for at, aside in asides:
                yield aside, (start + at, year)


_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s")


def bounded(offset: int, paragraph: str, limit: int = MAX_PARAGRAPH) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` pieces of a paragraph, none longer than ``limit``, stripped, offsets kept.

    The reader's paragraphs are bounded already; this is applied to every paragraph the
    extractor is given, so a caller's own long paragraph cannot exhaust the parser's memory.
    """
    if len(paragraph) <= limit:
        text = paragraph.strip()
        if text:
            yield offset + len(paragraph) - len(paragraph.lstrip()), text
        return
    yield from emit(paragraph, offset, limit)


def emit(segment: str, offset: int, limit: int) -> Iterator[tuple[int, str]]:
    """Yield a segment stripped, cut into pieces of at most ``limit`` characters."""
    while len(segment) > limit:
        cut = cut_point(segment, limit)
        yield from emit(segment[:cut], offset, limit)
        segment, offset = segment[cut:], offset + cut
    text = segment.strip()
    if text:
        yield offset + len(segment) - len(segment.lstrip()), text


def cut_point(buf: str, limit: int) -> int:
    """Where to cut a too-long text: after its last sentence end before ``limit``, else at
    whitespace, else hard."""
    last = None
    for last in _SENTENCE_END.finditer(buf, limit // 2, limit):
        pass
    if last is not None:
        return last.end()
    space = max(buf.rfind(c, limit // 2, limit) for c in " \n\t\r\f\v")
    return space + 1 if space >= 0 else limit


_UNWRAPPED = 100  # a line this long means the text is not hard-wrapped: its line breaks are real
_END = tuple('.!?:;,"\'”’)')


def headline_split(offset: int, text: str) -> list[tuple[int, str]]:
    """Cut a paragraph after lines with no final punctuation (a headline or byline glued to the
    text under it), so the parser does not read "Headline May 22 - MOSCOW - Body" as one
    sentence. Hard-wrapped prose (every line short) keeps its line breaks."""
    if "\n" not in text.strip() or max(len(line) for line in text.split("\n")) <= _UNWRAPPED:
        return [(offset, text)]
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "\n" and text[start:i].strip() and not text[start:i].rstrip().endswith(_END):
            out.append((offset + start, text[start:i]))
            start = i + 1
    out.append((offset + start, text[start:]))
    return out


_ASIDE = re.compile(r"\(([^()\n]{12,400})\)")


def lift_asides(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Blank out parenthetical clauses ("... New Zealand (the leaders of all four attended) will
    launch ...") and return them as separate pieces with their offsets: inside a sentence they
    break the small parser's reading of it. Short asides (acronyms, dates) stay."""
    asides = []
    for match in _ASIDE.finditer(text):
        inner = match.group(1)
        if len(inner.split()) < 4:
            continue
        asides.append((match.start(1), inner))
    if not asides:
        return text, []
    chars = list(text)
    for at, inner in asides:
        chars[at - 1: at + len(inner) + 1] = " " * (len(inner) + 2)
    return "".join(chars), asides
