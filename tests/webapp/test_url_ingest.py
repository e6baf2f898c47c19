"""The Documents page's URL field: a page served from 127.0.0.1 is fetched, its main text
extracted (no cookie banner or share line among the statements) and loaded; a PDF's statements
say their page; a bad URL gets one line and changes nothing."""
from __future__ import annotations

import pytest

from graph import views
from tests.extract.formats.samples import COOKIE, SHARE, article_page, make_pdf, serve
from tests.webapp.conftest import page, texts, unescape


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pdf = make_pdf(tmp_path_factory.mktemp("site") / "baltic.pdf").read_bytes()
    routes = {"/world/sweden-joins": (200, "text/html; charset=utf-8", article_page().encode()),
              "/papers/baltic.pdf": (200, "application/pdf", pdf),
              "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n")}
    with serve(routes) as base:
        yield base


def fetch_on_page(url: str):
    at = page("documents").run()
    at.text_input(key="documents.url").input(url).run()
    at.button(key="documents.fetch").click().run()
    assert not at.exception
    return at


def test_a_page_by_url(app_env, site):
    before = len(views.documents(app_env.store))
    at = fetch_on_page(f"{site}/world/sweden-joins")
    assert [s.value for s in at.success][0].startswith("sweden-joins.html: ")
    docs = views.documents(app_env.store)
    assert len(docs) == before + 1
    doc = next(d for d in docs if d["title"] == "Sweden joins the alliance")
    assert doc["date"] == "2024-03-07" and doc["statements"] > 0
    sentences = [s["sentence"] for s in views.document_statements(app_env.store, doc["id"])]
    assert any("Sweden formally joined NATO" in s for s in sentences)
    assert not any(COOKIE in s or SHARE in s for s in sentences)
    assert at.text_input(key="documents.url").value == ""  # emptied for the next address


def test_a_pdf_by_url_shows_pages(app_env, site):
    at = fetch_on_page(f"{site}/papers/baltic.pdf")
    assert [s.value for s in at.success][0].startswith("baltic.pdf: ")
    doc = next(d for d in views.documents(app_env.store) if d["title"] == "Baltic security")
    at.selectbox(key="documents.selected").select(doc["id"]).run()
    assert not at.exception
    listed = unescape(texts(at))
    estonia = next(line for line in listed.splitlines() if "Estonia" in line and "page" in line)
    assert "page 2" in estonia


def test_a_bad_url_is_one_line_and_changes_nothing(app_env, site):
    counts = views.counts(app_env.store)
    at = fetch_on_page(f"{site}/logo.png")
    assert [e.value for e in at.error] == [f"Refused: {site}/logo.png: not a web page or PDF (content type "
                                           "image/png); accepted: text/plain, text/markdown, text/x-markdown, "
                                           "text/html, application/xhtml+xml, application/pdf"]
    assert views.counts(app_env.store) == counts
