"""Turn paths into documents for the extractor, in bounded memory.

A file is read twice, each time as a stream of 64 KB chunks: the first pass computes the
document id (which must be known before any statement is made), title and date; the second
pass yields ``(offset, paragraph)`` pairs. Neither pass holds the whole file.

Offsets index *the text the extractor sees*: the file decoded as UTF-8 (a leading BOM
dropped, no newline translation, so ``\\r\\n`` counts as two characters), then

* Markdown: heading markers, emphasis, inline-code backticks, link/image syntax, block-quote
  and bullet markers removed (line by line);
* HTML: tags, comments, scripts and styles removed, entities unescaped, runs of whitespace
  collapsed to one space (except in ``<pre>``), block elements turned into blank lines;

and finally :func:`normalise` (which keeps every length). :func:`read_text` returns that text
in one string, so ``read_text(path)[offset:offset + len(paragraph)] == paragraph``.
"""
from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from ontology.records import Document
from ontology.records import DocumentHash as WhitespaceCollapsingHash  # the one id rule

#: Extensions read from folders (lower-cased) and the converter each uses.
SUPPORTED = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}
CHUNK_BYTES = 64 * 1024
SNIFF_BYTES = 8 * 1024
#: Paragraphs longer than this are cut at a sentence end (else whitespace, else hard) before it.
#: The parser needs memory in proportion to the characters of a whole batch (64 texts), so this
#: keeps a batch under 64 KB of text whatever the input: a 100,000-character bound let a 1 MB
#: line peak at 3.2 GB, 2,000 at 656 MB, 1,000 at 436 MB (bench/long_line.py). Cuts fall at
#: sentence ends, so the scores on the gold and development sets do not change.
MAX_PARAGRAPH = 1_000
#: How far into the text the document date is looked for (news puts it after the headline/lede).
DATE_WINDOW = 500
TITLE_MAX = 200

_MAGIC = (
    (b"PK\x03\x04", "zip archive"), (b"PK\x05\x06", "zip archive"), (b"PK\x07\x08", "zip archive"),
    (b"\x1f\x8b", "gzip archive"), (b"%PDF-", "PDF document"), (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"), (b"\x7fELF", "ELF executable"), (b"GIF8", "GIF image"),
    (b"BZh", "bzip2 archive"), (b"\xfd7zXZ\x00", "xz archive"), (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"), (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (old Word/Excel)"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"), (b"\xca\xfe\xba\xbe", "Java class or Mach-O executable"),
)


# ----------------------------------------------------------------------------- normalisation

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


# ----------------------------------------------------------------------------- records

@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file the reader accepts; ``kind`` is "text", "markdown" or "html"."""

    path: Path
    kind: str


@dataclass(frozen=True, slots=True)
class ReadError:
    """A path that cannot be read, with a one-line reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ReadWarning:
    """Something a reader of the output should know; the file was still processed."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ReadFailure(Exception):
    """Raised by :func:`open_document` for a file that must be refused."""

    def __init__(self, path: Union[str, os.PathLike], reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.error = ReadError(str(path), reason)


# ----------------------------------------------------------------------------- finding files

def iter_sources(paths: Iterable[Union[str, os.PathLike]]) -> Iterator[Union[SourceFile, ReadError]]:
    """Yield every readable-looking file under ``paths``, or a :class:`ReadError` per bad path.

    Folders are walked recursively in sorted order, keeping only supported extensions and
    skipping hidden entries; a file named explicitly must have a supported extension. A file
    reached twice is yielded once.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield ReadError(str(raw), "no such file or directory")
        elif path.is_dir():
            found, errors = _walk(path)
            yield from errors
            if not found and not errors:
                yield ReadError(str(raw), "no supported files (.txt, .md, .html, .htm) in this directory")
            for file in found:
                if _first_time(file, seen):
                    yield SourceFile(file, SUPPORTED[file.suffix.lower()])
        elif path.suffix.lower() not in SUPPORTED:
            yield ReadError(str(raw), f"unsupported file type {path.suffix or '(no extension)'!r} "
                                      "(expected .txt, .md, .html or .htm)")
        elif _first_time(path, seen):
            yield SourceFile(path, SUPPORTED[path.suffix.lower()])


def _walk(folder: Path) -> tuple[list[Path], list[ReadError]]:
    errors: list[ReadError] = []
    found: list[Path] = []

    def on_error(exc: OSError) -> None:
        errors.append(ReadError(str(exc.filename or folder), _os_reason(exc)))

    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = Path(root) / name
            if not name.startswith(".") and path.suffix.lower() in SUPPORTED and path.is_file():
                found.append(path)
    found.sort(key=lambda p: p.parts)
    return found, errors


def _first_time(path: Path, seen: set[Path]) -> bool:
    key = path.resolve()
    if key in seen:
        return False
    seen.add(key)
    return True


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return (exc.strerror or str(exc)).lower()


# ----------------------------------------------------------------------------- documents

@dataclass
class OpenedDocument:
    """A checked document: its :class:`Document` record and a way to stream its paragraphs."""

    source: SourceFile
    document: Document
    warnings: list[ReadWarning] = field(default_factory=list)
    text: Optional[str] = None  # set for in-memory documents; files are re-read from disk
    size: int = 0  # characters of the text the extractor sees (for progress)

    def paragraphs(self) -> Iterator[tuple[int, str]]:
        """``(offset, paragraph)`` pairs; a fresh generator per call (a file is re-read)."""
        decoded = [self.text] if self.text is not None else None
        return split_paragraphs(_seen_chunks(self.source, _Stats(), decoded))


def as_source(path: Union[SourceFile, str, os.PathLike]) -> SourceFile:
    """A :class:`SourceFile` for an explicit path (its kind from the extension, default text)."""
    if isinstance(path, SourceFile):
        return path
    path = Path(path)
    return SourceFile(path, SUPPORTED.get(path.suffix.lower(), "text"))


def open_document(path: Union[SourceFile, str, os.PathLike]) -> OpenedDocument:
    """Check a file and compute its :class:`Document`; raise :class:`ReadFailure` if refused.

    Refused: unreadable, empty, whitespace-only (or no text in HTML), binary. Invalid UTF-8 is
    decoded with U+FFFD and reported as a warning with the first bad byte offset.
    """
    source = as_source(path)
    try:
        _check_not_binary(source.path)
        return _open(source, None)
    except OSError as exc:
        raise ReadFailure(source.path, _os_reason(exc)) from None


def open_text(text: str, path: Union[str, os.PathLike] = "text.txt", kind: Optional[str] = None) -> OpenedDocument:
    """The same as :func:`open_document` for text already in memory (``kind`` from ``path``).

    Use it so that in-memory and on-disk copies of a document get the same id, title and date.
    """
    source = SourceFile(Path(path), kind or as_source(path).kind)
    return _open(source, text)


def _open(source: SourceFile, text: Optional[str]) -> OpenedDocument:
    """First pass: id, title, date and checks, streaming the file (or the given text)."""
    stats = _Stats()
    hasher = WhitespaceCollapsingHash()
    head = _Head()
    size = 0
    for chunk in _seen_chunks(source, stats, None if text is None else [text]):
        hasher.update(chunk)
        head.update(chunk)
        size += len(chunk)
    if not hasher.has_text:
        raise ReadFailure(source.path, "no text in this HTML file" if source.kind == "html"
                          else "file contains only whitespace")
    warnings = []
    if stats.first_bad_byte is not None:
        warnings.append(ReadWarning(str(source.path), f"invalid UTF-8 at byte {stats.first_bad_byte}; "
                                                      "decoded with replacement characters"))
    document = Document(id=hasher.hexdigest(), path=str(source.path),
                        title=stats.html_title or head.title(), date=find_date(head.text))
    return OpenedDocument(source, document, warnings, text, size)


def with_progress(paragraphs: Iterable[tuple[int, str]], advance) -> Iterator[tuple[int, str]]:
    """The same pairs, calling ``advance(characters)`` as the reading gets further into the
    document (``size`` of an :class:`OpenedDocument` is the total), for a progress bar."""
    done = 0
    for offset, paragraph in paragraphs:
        end = offset + len(paragraph)
        if end > done:
            advance(end - done)
            done = end
        yield offset, paragraph


def read_text(path: Union[SourceFile, str, os.PathLike]) -> str:
    """The whole text the extractor sees, in one string (for small files and tests)."""
    return "".join(_seen_chunks(as_source(path), _Stats()))


def _check_not_binary(path: Path) -> None:
    if not path.is_file():  # a FIFO or device would block or never end
        raise ReadFailure(path, "not a regular file")
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise ReadFailure(path, "empty file")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise ReadFailure(path, f"binary file ({what}), not text")
    if head[257:262] == b"ustar":  # a tar archive holds its members' text after a binary header
        raise ReadFailure(path, "binary file (tar archive), not text")
    if head.startswith(b"MZ") and b"\x00" in head[:64]:
        raise ReadFailure(path, "binary file (Windows executable), not text")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadFailure(path, "UTF-16 encoded; convert it to UTF-8")
    if b"\x00" in head:
        raise ReadFailure(path, "binary file (contains NUL bytes), not text")
    text = head.decode("utf-8", errors="replace")
    if len(head) == SNIFF_BYTES:
        text = text[:-3]  # a multi-byte character may be cut at the end of the sample
    odd = sum(1 for c in text if c == "\ufffd" or (c < " " and c not in "\t\n\r\f\v\b\x1b"))
    if text and odd / len(text) > 0.3:
        raise ReadFailure(path, "binary file (mostly non-text bytes), not text")


# ----------------------------------------------------------------------------- streaming text

@dataclass
class _Stats:
    """What a pass over a file learns besides its text."""

    first_bad_byte: Optional[int] = None
    html_title: str = ""


def _seen_chunks(source: SourceFile, stats: _Stats, decoded: Optional[Iterable[str]] = None) -> Iterator[str]:
    """The text the extractor sees, in chunks: decode (unless given), convert by kind, normalise."""
    converter = {"markdown": _MarkdownText, "html": _HtmlText}.get(source.kind)
    if decoded is None:
        decoded = _decoded_chunks(source.path, stats)
    if converter is None:
        for chunk in decoded:
            yield normalise(chunk)
        return
    conv = converter()
    for chunk in decoded:
        out = conv.feed(chunk)
        if out:
            yield normalise(out)
    out = conv.close()
    if out:
        yield normalise(out)
    if isinstance(conv, _HtmlText):
        stats.html_title = normalise(conv.title())


def _decoded_chunks(path: Path, stats: _Stats) -> Iterator[str]:
    """UTF-8 decode a file chunk by chunk; note the first invalid byte's offset in ``stats``."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    checker = codecs.getincrementaldecoder("utf-8")(errors="strict")
    consumed = 0
    with open(path, "rb") as handle:
        while True:
            data = handle.read(CHUNK_BYTES)
            final = not data
            if stats.first_bad_byte is None:
                pending = len(checker.getstate()[0])
                try:
                    checker.decode(data, final)
                except UnicodeDecodeError as exc:
                    stats.first_bad_byte = consumed - pending + exc.start
            consumed += len(data)
            text = decoder.decode(data, final)
            if text:
                yield text
            if final:
                return


class _Head:
    """Keeps the first characters of the text for the title and date."""

    def __init__(self, size: int = DATE_WINDOW + 2 * TITLE_MAX) -> None:
        self.text = ""
        self._size = size

    def update(self, chunk: str) -> None:
        if len(self.text) >= self._size:
            return
        if not self.text:
            chunk = chunk.lstrip()
        self.text = (self.text + chunk)[: self._size]

    def title(self) -> str:
        return self.text.split("\n", 1)[0].strip()[:TITLE_MAX] if self.text else ""


# ----------------------------------------------------------------------------- paragraphs

_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s")


def split_paragraphs(chunks: Iterable[str], limit: int = MAX_PARAGRAPH) -> Iterator[tuple[int, str]]:
    """Split streamed text on blank lines into ``(offset, paragraph)``, paragraphs stripped.

    A paragraph longer than ``limit`` is cut after its last sentence end (else its last
    whitespace, else hard) before the limit, so memory stays bounded on any input.
    """
    buf = ""
    base = 0  # document offset of buf[0]
    for chunk in chunks:
        buf += chunk
        pos = 0
        for match in _BREAK.finditer(buf):
            yield from _emit(buf[pos:match.start()], base + pos, limit)
            pos = match.end()
        buf, base = buf[pos:], base + pos
        while len(buf) > limit:
            cut = _cut_point(buf, limit)
            yield from _emit(buf[:cut], base, limit)
            buf, base = buf[cut:], base + cut
    yield from _emit(buf, base, limit)


def bounded(offset: int, paragraph: str, limit: int = MAX_PARAGRAPH) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` pieces of a paragraph, none longer than ``limit``, stripped, offsets kept.

    :func:`split_paragraphs` already bounds what it yields; the extractor applies this to every
    paragraph it is given, so a caller's own long paragraph cannot exhaust the parser's memory.
    """
    if len(paragraph) <= limit:
        text = paragraph.strip()
        if text:
            yield offset + len(paragraph) - len(paragraph.lstrip()), text
        return
    yield from _emit(paragraph, offset, limit)


def _emit(segment: str, offset: int, limit: int) -> Iterator[tuple[int, str]]:
    """Yield a segment stripped, cut into pieces of at most ``limit`` characters."""
    while len(segment) > limit:
        cut = _cut_point(segment, limit)
        yield from _emit(segment[:cut], offset, limit)
        segment, offset = segment[cut:], offset + cut
    text = segment.strip()
    if text:
        yield offset + len(segment) - len(segment.lstrip()), text


def _cut_point(buf: str, limit: int) -> int:
    last = None
    for last in _SENTENCE_END.finditer(buf, limit // 2, limit):
        pass
    if last is not None:
        return last.end()
    space = max(buf.rfind(c, limit // 2, limit) for c in " \n\t\r\f\v")
    return space + 1 if space >= 0 else limit


# ----------------------------------------------------------------------------- dates

_MONTHS = {m: i for i, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for m in names}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I),
)


def find_date(text: str, window: int = DATE_WINDOW) -> Optional[str]:
    """The first valid absolute date starting in ``text[:window]``, as ISO ``YYYY-MM-DD``."""
    found: list[tuple[int, str]] = []
    area = text[: window + 40]
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(area):
            if match.start() >= window:
                break
            parts = match.groupdict()
            month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS[parts["month"].lower()]
            try:
                value = date(int(parts["year"]), month, int(parts["day"]))
            except ValueError:
                continue
            found.append((match.start(), value.isoformat()))
            break
    return min(found)[1] if found else None


# ----------------------------------------------------------------------------- converters

class _MarkdownText:
    """Markdown to the plain text the extractor reads, one line at a time."""

    _FENCE = re.compile(r"^\s{0,3}(```|~~~)")
    _HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
    _RULE = re.compile(r"^\s{0,3}(?:[-*_=]\s*){3,}$")
    _REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
    _QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
    _BULLET = re.compile(r"^(\s*)[-*+]\s+")
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

    def __init__(self) -> None:
        self._partial = ""
        self._line_start = True

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

    def _line(self, line: str) -> str:
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


class _HtmlText(HTMLParser):
    """HTML to plain text with the stdlib parser: block elements become blank lines."""

    BLOCK = frozenset(
        "address article aside blockquote body caption dd details dialog div dl dt fieldset "
        "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section "
        "summary table tbody td tfoot th thead tr ul".split())
    SKIP = frozenset("script style noscript template title svg".split())
    _WS = re.compile(r"\s+")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._out: list[str] = []
        self._skip = 0
        self._pre = 0
        self._at_break = self._at_line = True
        self._space = False
        self._title: list[str] = []
        self._in_title = False
        self._h1: list[str] = []
        self._h1_state = 0  # 0 before the first <h1>, 1 inside it, 2 after it

    def feed(self, data: str) -> str:  # type: ignore[override]
        super().feed(data)
        out, self._out = "".join(self._out), []
        return out

    def close(self) -> str:  # type: ignore[override]
        super().close()
        out, self._out = "".join(self._out), []
        return out

    def title(self) -> str:
        for parts in (self._title, self._h1):
            text = " ".join("".join(parts).split())
            if text:
                return text[:TITLE_MAX]
        return ""

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self._skip += 1
            self._in_title = self._in_title or tag == "title"
        elif tag == "br":
            self._newline()
        elif tag in self.BLOCK:
            self._break()
            self._pre += tag == "pre"
            if tag == "h1" and self._h1_state == 0:
                self._h1_state = 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self._newline()
        elif tag in self.BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
            if tag == "title":
                self._in_title = False
        elif tag in self.BLOCK:
            self._break()
            if tag == "pre":
                self._pre = max(0, self._pre - 1)
            if tag == "h1" and self._h1_state == 1:
                self._h1_state = 2

    def handle_data(self, data: str) -> None:
        if self._skip:
            if self._in_title and sum(map(len, self._title)) < TITLE_MAX * 2:
                self._title.append(data)
            return
        if self._h1_state == 1 and sum(map(len, self._h1)) < TITLE_MAX * 2:
            self._h1.append(data)
        if self._pre:
            self._write(data)
            return
        words = data.split()
        self._space = self._space or data[:1].isspace()
        for word in words:
            if self._space and not self._at_line:
                self._write(" ")
            self._write(word)
            self._space = True
        if words:
            self._space = data[-1].isspace()

    def _write(self, text: str) -> None:
        self._out.append(text)
        self._at_break = self._at_line = False

    def _newline(self) -> None:
        if not self._at_line:
            self._out.append("\n")
            self._at_line = True
        self._space = False

    def _break(self) -> None:
        if not self._at_break:
            self._out.append("\n" if self._at_line else "\n\n")
            self._at_break = self._at_line = True
        self._space = False
