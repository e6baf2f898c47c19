"""Markdown: markers stripped line by line; front matter read for title and date, not as text."""
from __future__ import annotations

from extract.reader import open_document, open_text, read_text


def test_front_matter_gives_title_and_date_and_is_not_text(tmp_path):
    content = ("---\ntitle: \"Nordic defence\"\ndate: 2021-06-07\ntags: [nato]\n---\n\n"
               "# Finland and NATO\n\nFinland *joined* [NATO](https://example.org) on 4 April 2023.\n")
    path = tmp_path / "note.md"
    path.write_text(content)
    opened = open_document(path)
    assert opened.document.title == "Nordic defence"
    assert (opened.document.date, opened.document.date_source) == ("2021-06-07", "front-matter")
    text = read_text(path)
    assert "tags" not in text and "title:" not in text
    assert [p for _, p in opened.paragraphs()] == ["Finland and NATO", "Finland joined NATO on 4 April 2023."]
    assert open_text(content, "elsewhere/note.md").document.id == opened.document.id


def test_without_front_matter_the_date_comes_from_the_text(tmp_path):
    path = tmp_path / "b.md"
    path.write_text("# Talks resume\n\n---\n\nOn 3 May 2022 the talks resumed.\n")
    document = open_document(path).document
    assert document.title == "Talks resume"
    assert (document.date, document.date_source) == ("2022-05-03", "text")
    assert "---" not in read_text(path)
