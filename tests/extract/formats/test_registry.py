"""The format registry: one module per format, chosen by content, then name, then plain text."""
from __future__ import annotations

import pytest

from extract.formats import registry
from extract.formats.base import Format


def test_every_module_line_gives_one_format_with_its_own_endings():
    formats = registry.formats()
    assert [f.name for f in formats] == ["text", "markdown", "html", "pdf"]
    assert len(formats) == len(registry.MODULES)
    suffixes = registry.suffixes()
    assert len(suffixes) == len(set(suffixes))
    assert all(isinstance(f, Format) and f.suffixes and f.suffixes[0].startswith(".") for f in formats)


@pytest.mark.parametrize("name, head, expected", [
    ("a.txt", b"Plain words.", "text"),
    ("a.md", b"# Heading", "markdown"),
    ("a.HTM", b"<p>x</p>", "html"),
    ("a.pdf", b"%PDF-1.7\n", "pdf"),
    ("a.txt", b"%PDF-1.4\n...", "pdf"),                       # content wins over the name
    ("page", b"<!DOCTYPE html><html><body>", "html"),
    ("notes.md", b"\xef\xbb\xbf<html lang='en'>", "html"),
    ("unknown.xyz", b"words", "text"),                         # else plain text
])
def test_choose_by_content_then_name(name, head, expected):
    assert registry.choose(name, head).name == expected


def test_media_types_and_described_list():
    assert registry.by_media_type("text/html; charset=iso-8859-1").name == "html"
    assert registry.by_media_type("application/pdf").name == "pdf"
    assert registry.by_media_type("image/png") is None
    assert registry.described() == ", ".join(registry.suffixes()[:-1]) + " or .pdf"


def test_the_lists_users_see_come_from_the_registry():
    from extract.cli import build_parser as extract_parser
    from extract.reader import SUPPORTED
    from treatykg.ingest_cli import build_parser as ingest_parser
    from webapp.ingest import ALLOWED_SUFFIXES

    assert tuple(SUPPORTED) == registry.suffixes() == tuple(ALLOWED_SUFFIXES)
    assert ".pdf" in extract_parser().format_help()
    assert ".pdf" in " ".join(ingest_parser().format_help().split())


def test_adding_a_format_is_a_module_and_a_registry_line(tmp_path, monkeypatch):
    """A new format (here: .csv rows as paragraphs) from one module and one line in MODULES."""
    package = tmp_path / "myformats"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "rows.py").write_text(
        "from extract.formats.base import Format\n"
        "class RowsFormat(Format):\n"
        "    name = 'rows'\n"
        "    suffixes = ('.rows',)\n"
        "    def convert(self, decoded, reading):\n"
        "        for chunk in decoded:\n"
        "            yield chunk.replace(';', '\\n\\n')\n"
        "FORMAT = RowsFormat()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "MODULES", registry.MODULES + ("myformats.rows",))
    registry.formats.cache_clear()
    try:
        from extract import reader
        path = tmp_path / "data.rows"
        path.write_text("Sweden joined NATO.;Finland joined earlier.")
        (item,) = reader.iter_sources([tmp_path])
        assert item.kind == "rows"
        opened = reader.open_document(item)
        assert [p for _, p in opened.paragraphs()] == ["Sweden joined NATO.", "Finland joined earlier."]
    finally:
        monkeypatch.undo()
        registry.formats.cache_clear()
