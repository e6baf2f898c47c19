"""Entity mentions marked in a document's text, with the extractor's own pipeline."""
from __future__ import annotations

from webapp import highlight

TEXT = ("Moscow rejected the <claim> on Monday.\n\n"
        "Sergey Lavrov said NATO had broken the INF Treaty. Lavrov spoke for Russia.")


def test_mentions_are_linked_with_offsets(extractor):
    found = highlight.mentions(extractor, TEXT)
    by_text = {TEXT[m.start:m.end]: m for m in found}
    assert by_text["Moscow"].entity_id == "russia"  # capital metonymy, as the extractor links it
    assert by_text["NATO"].type == "InternationalOrganization"
    assert by_text["INF Treaty"].entity_id == "inf_treaty"
    assert by_text["Lavrov"].name == by_text["Sergey Lavrov"].name  # short name, same person
    assert [m.start for m in found] == sorted(m.start for m in found)


def test_html_is_escaped_marked_and_underlined(extractor):
    found = highlight.mentions(extractor, TEXT)
    start = TEXT.index("Sergey")
    html = highlight.to_html(TEXT, found, [(start, start + 50)])
    assert "&lt;claim&gt;" in html and "<claim>" not in html
    assert html.count('class="tkg-entity"') == len(found)
    assert 'data-entity="russia"' in html and 'title="Russia (State)"' in html
    assert '<span class="tkg-evidence"' in html
    assert "</p><p>" in html  # paragraphs kept
    assert "State" in highlight.legend_html(found)


def test_overlapping_mentions_keep_the_longer():
    a = highlight.Mention(0, 10, "a", "A", "State")
    b = highlight.Mention(2, 5, "b", "B", "State")
    c = highlight.Mention(12, 14, "c", "C", "Treaty")
    assert highlight._non_overlapping([b, c, a]) == [a, c]


def test_the_highlighter_sees_what_the_extractor_parsed(extractor):
    """Both go through extract.prepare: the dateline is blanked (its capital is no mention of the
    state) and an aside is parsed on its own, its mentions still at their place in the text."""
    text = ("Allies meet\n\nMOSCOW, May 21, 2020 - Japan criticized the decision (officials in Tokyo "
            "and Seoul said the move was rash) on Friday.")
    found = highlight.mentions(extractor, text)
    marked = {text[m.start:m.end] for m in found}
    assert "MOSCOW" not in marked and "Japan" in marked
    seoul = text.index("Seoul")
    assert any(m.start == seoul and m.end == seoul + len("Seoul") for m in found)
