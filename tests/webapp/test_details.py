"""The evidence of a statement says its page when it comes from a PDF: in Explore's details
(an entity's statements and a relationship's), and in the Documents page's list from the graph,
with the PDF gone from the disk; a statement of a text document names no page."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from extract.reader import open_document
from graph import views
from tests.extract.formats.samples import make_pdf
from tests.webapp.conftest import TIMEOUT, page, texts, unescape
from webapp.details import source_label

BOTH_ENGINES = True

#: Our own sentences: one page each of a small PDF (page 1 has no statement to find).
PAGES = [
    ["Notes from the northern capitals",
     "The delegations spent the first morning on procedure and settled nothing of substance."],
    ["Norway criticized Russia over the naval exercises near the border, the ministry said."],
    ["Denmark supports NATO, its defence minister told reporters in Copenhagen."],
]
TEXT = "Iceland criticized Russia over the fishing quotas on Tuesday.\n"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    return make_pdf(tmp_path_factory.mktemp("pdf") / "northern.pdf", pages=PAGES, title="Northern capitals")


@pytest.fixture(scope="module")
def app_results(pdf, extractor):
    """The PDF and a text document, extracted for real (the sample corpus is not needed)."""
    opened = open_document(pdf)
    return [extractor.extract_paragraphs(opened.paragraphs(), opened.document),
            extractor.extract_text(TEXT, name="iceland.txt")]


def panel(script: str) -> str:
    at = AppTest.from_string("from webapp import state\n"
                             "from webapp.details import entity_panel, relationship_panel\n"
                             "from webapp.state import require_ontology\n" + script,
                             default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    return unescape(texts(at))


def test_an_entitys_evidence_names_its_page(app_env):
    shown = panel("entity_panel(state.store(), 'norway', {})\n"
                  "entity_panel(state.store(), 'denmark', {})\n")
    assert "Norway criticized Russia over the naval exercises" in shown
    assert "— *Northern capitals*, page 2" in shown
    assert "— *Northern capitals*, page 3" in shown


def test_a_relationships_evidence_names_its_page(app_env):
    shown = panel("relationship_panel(state.store(), require_ontology().ontology, 'norway', 'criticizes', "
                  "'russia', {})\n")
    assert "— *Northern capitals*, page 2" in shown and "page 3" not in shown


def test_a_text_documents_evidence_names_no_page(app_env):
    shown = panel("entity_panel(state.store(), 'iceland', {})\n")
    assert "Iceland criticized Russia over the fishing quotas" in shown
    assert "page" not in shown.replace("Query page", "")


def test_source_labels():
    assert source_label({"doc_title": "Report", "page": 3}) == "*Report*, page 3"
    assert source_label({"doc_title": "", "doc_path": "a/b.txt", "page": None}) == "*a/b.txt*"
    assert source_label({"doc_title": "A*B", "page": "x"}) == r"*A\*B*, page x"


def test_documents_page_lists_stored_pages_without_the_pdf(app_env, pdf):
    """The pages come from the graph: the PDF is no longer needed to show them."""
    pdf.unlink(missing_ok=True)
    doc = next(d for d in views.documents(app_env.store) if d["title"] == "Northern capitals")
    at = page("documents").run()
    at.selectbox(key="documents.selected").select(doc["id"]).run()
    assert not at.exception
    listed = unescape(texts(at)).splitlines()
    assert any("Norway" in line and "page 2" in line for line in listed)
    assert any("Denmark" in line and "page 3" in line for line in listed)
