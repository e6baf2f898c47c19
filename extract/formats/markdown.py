"""Markdown: markers removed line by line (headings, emphasis, code, links, quotes, bullets);
YAML front matter (``---`` ... ``---`` at the top) is read for ``title:`` and ``date:`` and
left out of the text."""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from extract.formats.base import TITLE_MAX, Format, Reading
from extract.formats.dates import iso_date


class MarkdownFormat(Format):
    name = "markdown"
    suffixes = (".md",)
    media_types = ("text/markdown", "text/x-markdown")

    def convert(self, decoded: Iterable[str], reading: Reading) -> Iterator[str]:
        converter = _MarkdownText(reading)
        for chunk in decoded:
            out = converter.feed(chunk)
            if out:
                yield out
        out = converter.close()
        if out:
            yield out


FORMAT = MarkdownFormat()


class _MarkdownText:
    """Markdown to the plain text the extractor reads, one line at a time."""

    _FENCE = re.compile(r"^\s{0,3}(```|~~~)")
    _HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
    _RULE = re.compile(r"^\s{0,3}(?:[-*_=]\s*){3,}$")
    _REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
    _QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
    _BULLET = re.compile(r"^(\s*)[-*+]\s+")
    _FIELD = re.compile(r"^(title|date)\s*:\s*(.*?)\s*$", re.I)
    _INLINE = (
        (re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),        # links and images
        (re.compile(r"!?\[([^\]\n]+)\]\[[^\]\n]*\]"), r"\1"),        # reference links
        (re.compile(r"`([^`\n]+)`"), r"\1"),                          # inline code
        (re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1"), r"\2"),     # strong, strikethrough
        (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
        (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
        (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),          # backslash escapes
    )
    _MAX_LINE = 64 * 1024
    _MAX_FRONT = 100  # lines: a front matter that does not close by then is not one

    def __init__(self, reading: Reading) -> None:
        self._reading = reading
        self._partial = ""
        self._line_start = True
        self._lines = 0
        self._front = False  # inside the front matter

    def feed(self, chunk: str) -> str:
        lines = (self._partial + chunk).split("\n")
        self._partial = lines.pop()
        out = [self._line(line) + "\n" for line in lines]
        if len(self._partial) > self._MAX_LINE:  # a huge line: pass it on in pieces
            cut = self._partial.rfind(" ") + 1 or len(self._partial)
            out.append(self._line(self._partial[:cut]))
            self._partial = self._partial[cut:]
            self._line_start = False
        return "".join(out)

    def close(self) -> str:
        rest, self._partial = self._partial, ""
        return self._line(rest) if rest else ""

    def _front_matter(self, line: str) -> bool:
        """Is ``line`` part of the front matter? (Its fields are read into the reading.)"""
        self._lines += 1
        if self._lines == 1 and line.rstrip() == "---":
            self._front = True
            return True
        if not self._front:
            return False
        if line.rstrip() in ("---", "...") or self._lines > self._MAX_FRONT:
            self._front = False
            return True
        field = self._FIELD.match(line)
        if field:
            value = field.group(2).strip("'\"")
            if field.group(1).lower() == "title" and not self._reading.title:
                self._reading.title = value[:TITLE_MAX]
            elif field.group(1).lower() == "date":
                self._reading.set_date(iso_date(value), "front-matter")
        return True

    def _line(self, line: str) -> str:
        if self._line_start and (self._front or self._lines == 0) and self._front_matter(line):
            return ""
        if self._line_start:
            if self._FENCE.match(line) or self._RULE.match(line) or self._REFDEF.match(line):
                return ""
            heading = self._HEADING.match(line)
            if heading:
                line = heading.group(1)
            line = self._BULLET.sub(r"\1", self._QUOTE.sub("", line))
        self._line_start = True
        for pattern, repl in self._INLINE:
            line = pattern.sub(repl, line)
        return line
