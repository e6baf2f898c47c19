"""Plain text: read as decoded, so offsets are offsets in the file's own text."""
from __future__ import annotations

from extract.reader import open_document, open_text, read_text


def test_plain_text_is_read_as_it_is(tmp_path):
    content = "Headline here\r\n\r\nNorway criticized \u201cRussia\u201d on Thursday.\n"
    path = tmp_path / "a.txt"
    path.write_bytes(content.encode("utf-8"))
    text = read_text(path)
    assert len(text) == len(content) and text == content.replace("\u201c", '"').replace("\u201d", '"')
    opened = open_document(path)
    assert opened.source.kind == "text" and opened.document.title == "Headline here"
    assert [p for _, p in opened.paragraphs()] == ["Headline here", 'Norway criticized "Russia" on Thursday.']
    assert open_text(content, str(path)).document == opened.document


def test_html_under_a_txt_name_is_read_as_a_page(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text("<!DOCTYPE html><html><head><title>Saved page</title></head><body><article>"
                    + "<p>Norway criticized Russia on Thursday in a statement read out in Oslo by officials.</p>" * 3
                    + "</article></body></html>")
    opened = open_document(path)
    assert opened.source.kind == "html" and "<p>" not in read_text(path)
