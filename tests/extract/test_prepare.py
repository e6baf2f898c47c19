"""The text preparation stage: pieces for the parser keep their offsets in the reader's text."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extract.prepare import MAX_PARAGRAPH, normalise, pieces
from extract.reader import split_paragraphs

TEXT = ("Allies weigh the treaty\n"
        "MOSCOW, May 21, 2020 - Russia criticized the decision (several officials in Moscow said so "
        "in a statement) and said it would respond. " + "The talks went on for a long time. " * 4 + "\n\n"
        "Second paragraph about \u201cNATO\u201d.")


def test_pieces_keep_offsets_blank_datelines_and_lift_asides():
    text = normalise(TEXT)
    out = list(pieces(split_paragraphs([text])))
    for piece, (offset, _year) in out:
        original = text[offset:offset + len(piece)]
        assert len(original) == len(piece)
        assert all(a == b or b == " " for a, b in zip(original, piece))  # only blanked, never moved
    texts = [p for p, _ in out]
    assert texts[0] == "Allies weigh the treaty"  # the headline cut off the paragraph under it
    assert texts[1].lstrip().startswith("Russia criticized") and "MOSCOW" not in texts[1]
    assert "several officials in Moscow said so in a statement" in texts
    assert all(year == 2020 for p, (_, year) in out if "Russia" in p)
    assert texts[-1] == 'Second paragraph about "NATO".'


@given(st.text(alphabet=st.sampled_from("ab .()\n"), max_size=3000))
def test_pieces_are_bounded(text):
    for piece, (offset, _) in pieces(split_paragraphs([text])):
        assert len(piece) <= MAX_PARAGRAPH and piece.strip()
