"""Web pages: trafilatura's main text, so that menus, cookie banners, share lines, related links
and footers never reach the parser; title and date from the page's metadata."""
from __future__ import annotations

import pytest

from extract.reader import ReadFailure, open_document, open_text, read_text
from tests.extract.formats.samples import ARTICLE, COOKIE, MENU, SHARE, article_page

BOILERPLATE = [COOKIE, SHARE, "Copyright 2024", "Related", "Germany and France sign pact",
               "China condemns Japan", *MENU]


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_main_text_only(tmp_path):
    path = write(tmp_path / "page.html", article_page())
    opened = open_document(path)
    paragraphs = [p for _, p in opened.paragraphs()]
    assert paragraphs[-3:] == ARTICLE
    text = read_text(path)
    for line in BOILERPLATE:
        assert line not in text, line
    assert opened.document.title == "Sweden joins the alliance"  # the site name left out


def test_offsets_and_same_document_in_memory(tmp_path):
    page = article_page()
    path = write(tmp_path / "page.html", page)
    text = read_text(path)
    for offset, paragraph in open_document(path).paragraphs():
        assert text[offset:offset + len(paragraph)] == paragraph
    assert open_text(page, "copy.html").document.id == open_document(path).document.id


@pytest.mark.parametrize("kwargs, expected", [
    ({"published": "2024-03-07T09:00:00Z"}, ("2024-03-07", "html-meta")),
    ({"published": None, "json_ld": "2024-03-06"}, ("2024-03-06", "json-ld")),
    ({"published": None, "time_tag": "2024-03-05T08:00"}, ("2024-03-05", "html-meta")),
    ({"published": "2024-03-07", "json_ld": "2024-03-06"}, ("2024-03-07", "html-meta")),
])
def test_page_dates_with_their_source(tmp_path, kwargs, expected):
    document = open_document(write(tmp_path / "p.html", article_page(**kwargs))).document
    assert (document.date, document.date_source) == expected


def test_inline_markup_and_line_breaks_inside_a_paragraph(tmp_path):
    body = ("<p>Sweden&nbsp;joins   <b>NATO</b>\n on &ldquo;Thursday&rdquo;, and <a href='/f'>Finland</a> "
            "<i>welcomed</i> the news.<br>A second line follows the break in this paragraph.</p>")
    filler = "".join(f"<p>{p}</p>" for p in ARTICLE)
    page = f"<html><head><title>T</title></head><body><article>{body}{filler}</article></body></html>"
    paragraphs = [p for _, p in open_document(write(tmp_path / "a.html", page)).paragraphs()]
    assert paragraphs[0] == ('Sweden joins NATO on "Thursday", and Finland welcomed the news.\n'
                             "A second line follows the break in this paragraph.")


def test_page_without_text_is_refused(tmp_path):
    path = write(tmp_path / "tags.html", "<html><body><div> </div><script>var a = 1;</script></body></html>")
    with pytest.raises(ReadFailure) as caught:
        open_document(path)
    assert "no text in this HTML file" in caught.value.error.reason


def test_oversized_page_is_refused_in_one_line(tmp_path, monkeypatch):
    from extract.formats import html

    monkeypatch.setattr(html, "MAX_BYTES", 1000)
    path = write(tmp_path / "big.html", article_page())
    with pytest.raises(ReadFailure) as caught:
        open_document(path)
    assert "over the" in caught.value.error.reason and "\n" not in str(caught.value)


def test_text_without_markup_under_an_html_name_is_read_as_text(tmp_path):
    path = write(tmp_path / "saved.html", "Norway criticized Russia.\n\nDenmark said it supports NATO.\n")
    assert [p for _, p in open_document(path).paragraphs()] == ["Norway criticized Russia.",
                                                               "Denmark said it supports NATO."]


def test_main_text_extraction_needs_no_network(tmp_path, monkeypatch):
    """trafilatura works offline: with every connection refused, a page is read all the same."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    path = write(tmp_path / "offline.html", article_page(title="Offline page"))
    opened = open_document(path)
    assert opened.document.title == "Offline page" and [p for _, p in opened.paragraphs()][-3:] == ARTICLE
