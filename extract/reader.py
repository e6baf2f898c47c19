"""Turn paths, URLs and in-memory documents into documents for the extractor, in bounded memory.

A document is read twice, each time as a stream of chunks from its format
(:mod:`extract.formats`): the first pass computes the document id (which must be known before
any statement is made), title, date and page marks; the second pass yields
``(offset, paragraph)`` pairs. Neither pass holds the whole file (web pages excepted: the
main-text extraction needs the whole page, up to a size limit).

Offsets index *the text the extractor sees*: what the document's format makes of it (plain
text as decoded, a BOM dropped and no newline translation, so ``\\r\\n`` counts as two
characters; Markdown without its markers; a web page's main text; a PDF's text layer), then
:func:`extract.prepare.normalise`, applied here once (it keeps every length).
:func:`read_text` returns that text in one string, so
``read_text(path)[offset:offset + len(paragraph)] == paragraph``.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from extract.formats import registry
from extract.formats.base import CHUNK_BYTES, SNIFF_BYTES, TITLE_MAX, Format, Input, Reading, Refused
from extract.formats.fetch import is_url
from extract.formats.dates import DATE_WINDOW, document_date, find_date
from extract.prepare import MAX_PARAGRAPH, bounded, cut_point, emit, normalise
from ontology.records import Document
from ontology.records import DocumentHash as WhitespaceCollapsingHash  # the one id rule

__all__ = [
    "CHUNK_BYTES", "SNIFF_BYTES", "TITLE_MAX", "DATE_WINDOW", "MAX_PARAGRAPH", "SUPPORTED",
    "SourceFile", "ReadError", "ReadWarning", "ReadFailure", "OpenedDocument", "iter_sources",
    "as_source", "open_document", "open_text", "open_bytes", "with_progress", "read_text",
    "WhitespaceCollapsingHash", "split_paragraphs", "bounded", "find_date", "normalise",
]

#: Extensions read from folders (lower-cased) and the format each is read with by default
#: (a snapshot of the registry, for callers; the reader asks the registry itself).
SUPPORTED = {suffix: fmt.name for fmt in registry.formats() for suffix in fmt.suffixes}


def _kind(path: Union[str, os.PathLike]) -> Optional[str]:
    fmt = registry.by_suffix(path)
    return fmt.name if fmt else None


# ----------------------------------------------------------------------------- records

@dataclass(frozen=True, slots=True)
class SourceFile:
    """A document the reader accepts: a file, or bytes held in memory (a fetched web page),
    ``kind`` the name of its format. ``origin`` (a URL) is its path in the Document."""

    path: Path
    kind: str
    data: Optional[bytes] = field(default=None, repr=False, compare=False)
    origin: Optional[str] = None

    @property
    def shown(self) -> str:
        return self.origin or str(self.path)


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
    """Yield every readable-looking document under ``paths``, or a :class:`ReadError` per bad one.

    Folders are walked recursively in sorted order, keeping only supported extensions and
    skipping hidden entries; a file named explicitly must have a supported extension. A file
    reached twice is yielded once. An ``http(s)://`` URL is fetched (:mod:`extract.formats.fetch`).
    """
    seen: set[Path] = set()
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            yield _fetched(raw)
            continue
        path = Path(raw)
        if not path.exists():
            yield ReadError(str(raw), "no such file or directory")
        elif path.is_dir():
            found, errors = _walk(path)
            yield from errors
            if not found and not errors:
                yield ReadError(str(raw), f"no supported files ({registry.described('or')}) in this directory")
            for file in found:
                if _first_time(file, seen):
                    yield SourceFile(file, _kind(file))
        elif _kind(path) is None:
            yield ReadError(str(raw), f"unsupported file type {path.suffix or '(no extension)'!r} "
                                      f"(expected {registry.described('or')})")
        elif _first_time(path, seen):
            yield SourceFile(path, _kind(path))


def _fetched(url: str) -> Union[SourceFile, ReadError]:
    from extract.formats.fetch import FetchError, fetch

    try:
        page = fetch(url)
    except FetchError as exc:
        return ReadError(url, str(exc))
    return SourceFile(Path(page.name), page.format.name, data=page.data, origin=url)


def _walk(folder: Path) -> tuple[list[Path], list[ReadError]]:
    errors: list[ReadError] = []
    found: list[Path] = []

    def on_error(exc: OSError) -> None:
        errors.append(ReadError(str(exc.filename or folder), _os_reason(exc)))

    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = Path(root) / name
            if not name.startswith(".") and _kind(path) and path.is_file():
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
    text: Optional[str] = None  # set for in-memory text; files are re-read from disk
    size: int = 0  # characters of the text the extractor sees (for progress)
    #: The converted text, kept for a format that reads whole documents anyway (a web page):
    #: converting it again would double the cost for nothing.
    converted: Optional[list[str]] = field(default=None, repr=False)

    def paragraphs(self) -> Iterator[tuple[int, str]]:
        """``(offset, paragraph)`` pairs; a fresh generator per call (a file is re-read)."""
        if self.converted is not None:
            return split_paragraphs(iter(self.converted))
        return split_paragraphs(_seen_chunks(self.source, Reading(), self.text))


def as_source(path: Union[SourceFile, str, os.PathLike]) -> SourceFile:
    """A :class:`SourceFile` for an explicit path (its kind from the extension, default text);
    a URL (a stored document that came from the web, extracted again) is fetched."""
    if isinstance(path, SourceFile):
        return path
    if isinstance(path, str) and is_url(path):
        fetched = _fetched(path)
        if isinstance(fetched, ReadError):
            raise ReadFailure(fetched.path, fetched.reason)
        return fetched
    path = Path(path)
    return SourceFile(path, _kind(path) or "text")


def open_document(path: Union[SourceFile, str, os.PathLike]) -> OpenedDocument:
    """Check a document and compute its :class:`Document`; raise :class:`ReadFailure` if refused.

    Its format is chosen by content (a PDF, an HTML page) and else by file name. Refused:
    unreadable, empty, whitespace-only (or no text in a page, no text layer in a PDF), binary.
    Invalid UTF-8 is decoded with U+FFFD and reported as a warning with the first bad byte offset.
    """
    source = as_source(path)  # outside the try: a URL that cannot be fetched is its own failure
    try:
        if source.data is None and not source.path.is_file():  # a FIFO or device would block
            raise ReadFailure(source.shown, "not a regular file")
        source = _with_format(source, _input(source).head())
        registry.by_name(source.kind).check(_input(source))
        return _open(source, None)
    except Refused as exc:
        raise ReadFailure(source.shown, str(exc)) from None
    except OSError as exc:
        raise ReadFailure(source.shown, _os_reason(exc)) from None


def open_bytes(data: bytes, name: str, origin: Optional[str] = None) -> OpenedDocument:
    """The same as :func:`open_document` for bytes in memory (an upload, a fetched page):
    ``name`` (with its ending) stands for the file, ``origin`` (a URL) is the Document's path."""
    return open_document(SourceFile(Path(name), _kind(name) or "text",
                                     data=data, origin=origin))


def open_text(text: str, path: Union[str, os.PathLike] = "text.txt", kind: Optional[str] = None) -> OpenedDocument:
    """The same as :func:`open_document` for text already in memory (``kind`` from ``path``).

    Use it so that in-memory and on-disk copies of a document get the same id, title and date.
    """
    source = SourceFile(Path(path), kind or as_source(path).kind)
    if registry.by_name(source.kind).textual is False:
        raise ReadFailure(path, f"{source.kind} documents are read from their bytes, not from text")
    try:
        return _open(source, text)
    except Refused as exc:
        raise ReadFailure(source.shown, str(exc)) from None


def _with_format(source: SourceFile, head: bytes) -> SourceFile:
    fmt = registry.by_content(head)
    if fmt is None or fmt.name == source.kind:
        return source
    return SourceFile(source.path, fmt.name, source.data, source.origin)


def _input(source: SourceFile) -> Input:
    return Input(source.path, source.data)


def _open(source: SourceFile, text: Optional[str]) -> OpenedDocument:
    """First pass: id, title, date, page marks and checks, streaming the document."""
    reading = Reading()
    hasher = WhitespaceCollapsingHash()
    head = _Head()
    size = 0
    fmt = registry.by_name(source.kind)
    kept: Optional[list[str]] = None if fmt.streams else []
    for chunk in _seen_chunks(source, reading, text):
        if kept is not None:
            kept.append(chunk)
        hasher.update(chunk)
        head.update(chunk)
        size += len(chunk)
    if not hasher.has_text:
        raise ReadFailure(source.shown, fmt.no_text)
    warnings = []
    if reading.first_bad_byte is not None:
        warnings.append(ReadWarning(source.shown, f"invalid UTF-8 at byte {reading.first_bad_byte}; "
                                                  "decoded with replacement characters"))
    day, day_source = document_date(head.text, _name_of(source), reading.date, reading.date_source)
    document = Document(id=hasher.hexdigest(), path=source.shown, title=normalise(reading.title) or head.title(),
                        date=day, date_source=day_source, pages=tuple(reading.pages))
    return OpenedDocument(source, document, warnings, text, size, kept)


def _name_of(source: SourceFile) -> str:
    return (source.origin or str(source.path)).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


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
    """The whole text the extractor sees, in one string (for small files, the app and tests)."""
    source = as_source(path)
    if source.data is None:
        with open(source.path, "rb") as handle:
            source = _with_format(source, handle.read(SNIFF_BYTES))
    else:
        source = _with_format(source, source.data[:SNIFF_BYTES])
    try:
        return "".join(_seen_chunks(source, Reading()))
    except Refused as exc:
        raise ReadFailure(source.shown, str(exc)) from None


def _seen_chunks(source: SourceFile, reading: Reading, text: Optional[str] = None) -> Iterator[str]:
    """The text the extractor sees, in chunks: the format's text, normalised (the only time)."""
    fmt: Format = registry.by_name(source.kind)
    for chunk in fmt.chunks(_input(source), reading, text):
        yield normalise(chunk)


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
            yield from emit(buf[pos:match.start()], base + pos, limit)
            pos = match.end()
        buf, base = buf[pos:], base + pos
        while len(buf) > limit:
            cut = cut_point(buf, limit)
            yield from emit(buf[:cut], base, limit)
            buf, base = buf[cut:], base + cut
    yield from emit(buf, base, limit)
