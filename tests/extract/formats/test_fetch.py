"""Fetching pages by URL from a server on 127.0.0.1: the page and its format, and one-line
errors for timeouts, oversized bodies, other content types, HTTP errors and other schemes."""
from __future__ import annotations

import pytest

from extract.formats.fetch import FetchError, fetch, is_url, page_name
from extract.formats import registry
from extract.reader import ReadError, ReadFailure, iter_sources, open_document, read_text
from tests.extract.formats.samples import ARTICLE, COOKIE, article_page, make_pdf


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from tests.extract.formats.samples import serve

    pdf = make_pdf(tmp_path_factory.mktemp("site") / "r.pdf").read_bytes()
    latin = article_page(title="Caf\u00e9 diplomacy").encode("iso-8859-1", errors="replace")
    routes = {
        "/news/sweden-joins": (200, "text/html; charset=utf-8", article_page().encode()),
        "/latin": (200, "text/html; charset=iso-8859-1", latin),
        "/report.pdf": (200, "application/pdf", pdf),
        "/download": (200, "application/octet-stream", pdf),
        "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
        "/slow": (200, "text/html", b"<p>late</p>", 3),
        "/big": (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
        "/gone": (410, "text/html", b"gone"),
    }
    with serve(routes) as base:
        yield base


def test_page_name_and_format(site):
    page = fetch(f"{site}/news/sweden-joins")
    assert page.name == "sweden-joins.html" and page.format.name == "html"
    assert page.content_type == "text/html"


def test_pdf_by_type_and_by_content(site):
    assert fetch(f"{site}/report.pdf").name == "report.pdf"
    download = fetch(f"{site}/download")
    assert download.format.name == "pdf" and download.name == "download.pdf"


def test_other_charsets_become_utf8(site):
    page = fetch(f"{site}/latin")
    assert "Caf\u00e9 diplomacy".encode() in page.data


@pytest.mark.parametrize("path, kwargs, message", [
    ("/slow", {"timeout": 1}, "timed out after 1 s"),
    ("/big", {"limit": 1000}, "too large"),
    ("/image.png", {}, "not a web page or PDF (content type image/png)"),
    ("/gone", {}, "HTTP error 410"),
    ("/missing", {}, "HTTP error 404"),
])
def test_errors_are_one_line(site, path, kwargs, message):
    with pytest.raises(FetchError) as caught:
        fetch(site + path, **kwargs)
    assert message in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("url, message", [
    ("ftp://127.0.0.1/a.html", "only http:// and https://"),
    ("file:///etc/passwd", "only http:// and https://"),
    ("http://127.0.0.1:1/a.html", "cannot connect"),
])
def test_other_schemes_and_closed_ports(url, message):
    with pytest.raises(FetchError, match=message):
        fetch(url, timeout=5)


def test_reader_takes_urls(site):
    url = f"{site}/news/sweden-joins"
    good, bad = iter_sources([url, f"{site}/gone"])
    assert isinstance(bad, ReadError) and bad.path == f"{site}/gone" and "410" in bad.reason
    opened = open_document(good)
    assert opened.document.path == url and opened.document.name == "sweden-joins"
    assert [p for _, p in opened.paragraphs()][-3:] == ARTICLE
    assert all(COOKIE not in p for _, p in opened.paragraphs())


def test_is_url_and_page_names():
    assert is_url("https://example.org/x") and is_url("ftp://x") and not is_url("docs/a.txt")
    html = registry.by_name("html")
    assert page_name("http://127.0.0.1:8000/", html) == "127.0.0.1.html"
    assert page_name("https://example.org/a/b%20c/?q=1", html) == "b_c.html"
    assert page_name("https://example.org/page.htm", html) == "page.htm"


def test_a_stored_url_is_opened_again_by_fetching_it(site):
    """A document that came from the web is extracted again (after an ontology edit) from its URL."""
    url = f"{site}/news/sweden-joins"
    (source,) = iter_sources([url])
    first = open_document(source).document
    again = open_document(url).document
    assert again == first and again.path == url
    assert read_text(url).endswith(ARTICLE[-1])
    with pytest.raises(ReadFailure) as caught:
        open_document(f"{site}/gone")
    assert str(caught.value) == f"{site}/gone: HTTP error 410 Gone"
