"""PDF: the text layer page by page, headers, footers and line-end hyphens cleaned, page marks
kept so that a statement says its page; scans and broken files refused in one line."""
from __future__ import annotations

import json

import pytest

from extract.reader import ReadFailure, iter_sources, open_bytes, open_document, read_text
from tests.extract.formats.samples import HEADER, PAGES, make_pdf, make_scan


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    return make_pdf(tmp_path_factory.mktemp("pdf") / "baltic.pdf")


def test_text_layer_without_headers_footers_or_hyphens(pdf):
    text = read_text(pdf)
    assert HEADER not in text and "Page 2" not in text and "of 3" not in text
    assert "unarmed surveillance flights" in text and "surveil-" not in text
    # Lines wrapped at 80 characters are joined back into their paragraphs.
    paragraphs = [p for _, p in open_document(pdf).paragraphs()]
    assert paragraphs == [p for page in PAGES for p in page]


def test_document_has_title_and_page_marks(pdf):
    opened = open_document(pdf)
    assert opened.source.kind == "pdf"
    assert opened.document.title == "Baltic security"
    pages = opened.document.pages
    assert len(pages) == 3 and pages[0] == 0
    text = read_text(pdf)
    for number, page in enumerate(PAGES):
        assert text[pages[number]:].startswith(page[0])


def test_untitled_pdf_takes_its_first_line(tmp_path):
    path = make_pdf(tmp_path / "untitled.pdf", title=None)
    assert open_document(path).document.title == "Arms control in the Baltic"


def test_a_statement_says_its_page(pdf, extractor):
    opened = open_document(pdf)
    result = extractor.extract_paragraphs(opened.paragraphs(), opened.document)
    by_sentence = {st.sentence: st for st in result.statements}
    estonia = next(st for s, st in by_sentence.items() if s.startswith("Estonia signed"))
    assert estonia.page == 2 and estonia.to_json()["page"] == 2
    russia = next(st for s, st in by_sentence.items() if s.startswith("Russia criticized"))
    assert russia.page == 3
    assert read_text(pdf)[estonia.start:estonia.end] == estonia.sentence
    assert all(st.page is not None for st in result.statements)


def test_text_documents_keep_the_output_contract(extractor):
    result = extractor.extract_text("Estonia signed the Open Skies Treaty on Monday.\n", name="a.txt")
    assert result.statements and all("page" not in json.loads(json.dumps(st.to_json())) for st in result.statements)


def test_same_id_from_bytes_and_from_disk(pdf):
    on_disk = open_document(pdf).document
    in_memory = open_bytes(pdf.read_bytes(), "copy.pdf", origin="http://127.0.0.1/copy.pdf").document
    assert in_memory.id == on_disk.id and in_memory.pages == on_disk.pages
    assert in_memory.path == "http://127.0.0.1/copy.pdf"


def test_scanned_pdf_is_refused_with_one_line(tmp_path):
    path = make_scan(tmp_path / "scan.pdf")
    with pytest.raises(ReadFailure) as caught:
        open_document(path)
    assert "no text layer" in caught.value.error.reason and "OCR" in caught.value.error.reason
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)


@pytest.mark.parametrize("content, reason", [
    (b"%PDF-1.7\n" + b"this is not really a PDF" * 10, "not a readable PDF"),
    (b"", "empty file"),
])
def test_broken_pdf_is_refused(tmp_path, content, reason):
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    with pytest.raises(ReadFailure) as caught:
        open_document(path)
    assert reason in caught.value.error.reason and "\n" not in str(caught.value)


def test_folders_include_pdfs(tmp_path, pdf):
    (tmp_path / "a.pdf").write_bytes(pdf.read_bytes())
    (tmp_path / "b.txt").write_text("Some text.")
    assert [(s.path.name, s.kind) for s in iter_sources([tmp_path])] == [("a.pdf", "pdf"), ("b.txt", "text")]
