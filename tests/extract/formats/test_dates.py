"""A document's date with its source: the format's metadata, else the dateline, the file name,
the first date in the text's head."""
from __future__ import annotations

import pytest

from extract.formats.dates import dateline_date, document_date, file_name_date, iso_date
from extract.reader import open_document, open_text


@pytest.mark.parametrize("name, expected", [
    ("2021-06-07-article.txt", "2021-06-07"),
    ("report_2020_11_30.md", "2020-11-30"),
    ("news-20190105.html", "2019-01-05"),
    ("2021-13-07-article.txt", None),       # no 13th month
    ("article-123456789.txt", None),
    ("notes.txt", None),
])
def test_file_name_dates(name, expected):
    assert file_name_date(name) == expected


@pytest.mark.parametrize("head, expected", [
    ("Talks resume\n\nGENEVA, March 3, 2022 - Diplomats met again.", "2022-03-03"),
    ("May 21, 2020 - The talks went on.", "2020-05-21"),
    ("Talks resume\n\nDiplomats met on March 3, 2022 in Geneva.", None),
])
def test_datelines(head, expected):
    assert dateline_date(head) == expected


@pytest.mark.parametrize("value, expected", [
    ("2021-06-07T10:00:00+02:00", "2021-06-07"), ("June 7, 2021", "2021-06-07"), ("soon", None), ("", None),
])
def test_metadata_values(value, expected):
    assert iso_date(value) == expected


def test_order_of_sources():
    head = "Talks resume\n\nGENEVA, March 3, 2022 - Diplomats met again."
    assert document_date(head, "2021-06-07-a.txt", "2020-01-01", "html-meta") == ("2020-01-01", "html-meta")
    assert document_date(head, "2021-06-07-a.txt") == ("2022-03-03", "dateline")
    plain = "Talks resume\n\nDiplomats met on March 3, 2022 in Geneva."
    assert document_date(plain, "2021-06-07-a.txt") == ("2021-06-07", "file-name")
    assert document_date(plain, "a.txt") == ("2022-03-03", "text")
    assert document_date("No date here.", "a.txt") == (None, None)


def test_documents_carry_the_source(tmp_path):
    path = tmp_path / "2021-06-07-article.txt"
    path.write_text("Talks resume\n\nDiplomats met in Geneva to discuss the treaty.\n")
    document = open_document(path).document
    assert (document.date, document.date_source) == ("2021-06-07", "file-name")
    assert open_text(path.read_text(), path.name).document == document.__class__(
        **{**{f: getattr(document, f) for f in document.__slots__}, "path": path.name})
