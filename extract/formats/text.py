"""Plain text: read as it is (UTF-8)."""
from __future__ import annotations

from extract.formats.base import Format


class TextFormat(Format):
    name = "text"
    suffixes = (".txt",)
    media_types = ("text/plain",)


FORMAT = TextFormat()
