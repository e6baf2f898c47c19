"""What an input format is: bytes in, text out (in chunks), with what it learns on the way.

A format turns a file (or the same bytes held in memory) into the text the extractor sees,
as a stream of chunks so that a large file is never held whole. While doing so it may fill
a :class:`Reading`: a title, a document date with its source, and page marks (the offset at
which each page starts, for provenance). The reader (:mod:`extract.reader`) normalises the
chunks, hashes them for the document id and splits them into paragraphs; formats do neither.
"""
from __future__ import annotations

import codecs
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Optional

CHUNK_BYTES = 64 * 1024
SNIFF_BYTES = 8 * 1024
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


class Refused(Exception):
    """A document a format cannot read; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Input:
    """Where a document's bytes are: a file, or the same bytes in memory (an upload, a web page)."""

    path: Path
    data: Optional[bytes] = None

    def open(self) -> BinaryIO:
        return io.BytesIO(self.data) if self.data is not None else open(self.path, "rb")

    def head(self, size: int = SNIFF_BYTES) -> bytes:
        if self.data is not None:
            return self.data[:size]
        with open(self.path, "rb") as handle:
            return handle.read(size)


@dataclass
class Reading:
    """What one pass over a document learns besides its text (filled in by its format)."""

    title: str = ""
    date: Optional[str] = None
    date_source: Optional[str] = None
    #: Offset in the text at which each page starts (page 1 first); empty for unpaged formats.
    pages: list[int] = field(default_factory=list)
    first_bad_byte: Optional[int] = None

    def set_date(self, iso: Optional[str], source: str) -> None:
        """Keep the first date found (formats try their most reliable places first)."""
        if iso and self.date is None:
            self.date, self.date_source = iso, source


class Format:
    """One input format. Subclasses set the class attributes and override :meth:`convert`
    (text formats, fed decoded UTF-8) or :meth:`chunks` (binary formats, fed the bytes)."""

    name: str = ""
    #: File name endings this format reads (lower case, with the dot); the first is its own.
    suffixes: tuple[str, ...] = ()
    #: HTTP content types this format reads (for fetched web pages).
    media_types: tuple[str, ...] = ()
    #: The bytes are UTF-8 text (checked for binary content, decoded with replacement).
    textual: bool = True
    #: Reads in bounded memory (else the whole document is held anyway, and the reader keeps
    #: its text from the first pass for the second instead of converting it twice).
    streams: bool = True
    #: Why a document with no text in it is refused.
    no_text: str = "file contains only whitespace"

    def sniff(self, head: bytes) -> bool:
        """Do the first bytes say this is the format, whatever the file name says?"""
        return False

    def check(self, source: Input) -> None:
        """Raise :class:`Refused` for bytes this format cannot read (before any pass)."""
        check_text(source.head())

    def chunks(self, source: Input, reading: Reading, text: Optional[str] = None) -> Iterator[str]:
        """The document's text in chunks (``text``: the document already decoded)."""
        decoded = [text] if text is not None else decoded_chunks(source, reading)
        return self.convert(decoded, reading)

    def convert(self, decoded: Iterable[str], reading: Reading) -> Iterator[str]:
        """Decoded text in, the text the extractor sees out (plain text: unchanged)."""
        yield from decoded


def decoded_chunks(source: Input, reading: Reading) -> Iterator[str]:
    """UTF-8 decode chunk by chunk (a BOM dropped, bad bytes replaced); the first invalid
    byte's offset goes to ``reading`` so that the reader can warn about it."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    checker = codecs.getincrementaldecoder("utf-8")(errors="strict")
    consumed = 0
    with source.open() as handle:
        while True:
            data = handle.read(CHUNK_BYTES)
            final = not data
            if reading.first_bad_byte is None:
                pending = len(checker.getstate()[0])
                try:
                    checker.decode(data, final)
                except UnicodeDecodeError as exc:
                    reading.first_bad_byte = consumed - pending + exc.start
            consumed += len(data)
            text = decoder.decode(data, final)
            if text:
                yield text
            if final:
                return


def check_text(head: bytes) -> None:
    """Refuse bytes that are not text: empty, a known binary format, UTF-16, NULs, noise."""
    if not head:
        raise Refused("empty file")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise Refused(f"binary file ({what}), not text")
    if head[257:262] == b"ustar":  # a tar archive holds its members' text after a binary header
        raise Refused("binary file (tar archive), not text")
    if head.startswith(b"MZ") and b"\x00" in head[:64]:
        raise Refused("binary file (Windows executable), not text")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Refused("UTF-16 encoded; convert it to UTF-8")
    if b"\x00" in head:
        raise Refused("binary file (contains NUL bytes), not text")
    text = head.decode("utf-8", errors="replace")
    if len(head) == SNIFF_BYTES:
        text = text[:-3]  # a multi-byte character may be cut at the end of the sample
    odd = sum(1 for c in text if c == "\ufffd" or (c < " " and c not in "\t\n\r\f\v\b\x1b"))
    if text and odd / len(text) > 0.3:
        raise Refused("binary file (mostly non-text bytes), not text")
