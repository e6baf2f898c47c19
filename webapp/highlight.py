"""A stored document as HTML with its entity mentions marked (colour of their type, name on hover)
and the sentences that gave statements underlined.

Mentions come from the extractor's own pipeline (gazetteer EntityRuler, NER, linking), run again
on the document text, so what is marked is what the extractor saw. Offsets are offsets in
:func:`extract.reader.read_text`, the same text the stored statements' offsets refer to.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Iterable

from webapp.viz import type_colour


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity_id: str
    name: str
    type: str


def mentions(extractor, text: str) -> list[Mention]:
    """Entity mentions of ``text`` (the reader's text of a document) with character offsets, in
    text order. The text goes through the extractor's own preparation stage, so the parser sees
    the same pieces as when the document was extracted."""
    from extract.mentions import DocumentEntities
    from extract.prepare import pieces
    from extract.reader import split_paragraphs

    entities = DocumentEntities(extractor.gazetteer)
    prepared = ((piece, offset) for piece, (offset, _year) in pieces(split_paragraphs([text])))
    found = []
    for doc, offset in extractor.nlp.pipe(prepared, as_tuples=True):
        for mention in entities.link_doc(doc):
            span = doc[mention.start:mention.end]
            found.append((offset + span.start_char, offset + span.end_char, mention.entity))
    out = []
    for start, end, entity in found:
        entity = entities.canonical(entity)  # "Lavrov" seen before "Sergey Lavrov"
        out.append(Mention(start, end, entity.id, entity.name, entity.type))
    return sorted(out, key=lambda m: (m.start, -m.end))


def to_html(text: str, found: Iterable[Mention], sentences: Iterable[tuple[int, int]] = ()) -> str:
    """The text as HTML paragraphs, mentions in ``<mark>``, evidence sentences underlined."""
    marks = _non_overlapping(found)
    evidence = sorted(set(sentences))
    cuts = {0, len(text)}
    for m in marks:
        cuts |= {m.start, m.end}
    for start, end in evidence:
        cuts |= {max(0, start), min(len(text), end)}
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    parts = []
    for a, b in zip(points, points[1:]):
        piece = html.escape(text[a:b]).replace("\n\n", "</p><p>").replace("\n", "<br>")
        mention = next((m for m in marks if m.start <= a and b <= m.end), None)
        if mention is not None:
            colour = type_colour(mention.type)
            piece = (f'<mark class="tkg-entity" data-entity="{html.escape(mention.entity_id)}" '
                     f'title="{html.escape(mention.name)} ({html.escape(mention.type)})" '
                     f'style="background:{colour}55;border-bottom:2px solid {colour};padding:0 2px;'
                     f'border-radius:3px">{piece}</mark>')
        if any(s <= a and b <= e for s, e in evidence):
            piece = f'<span class="tkg-evidence" style="text-decoration:underline dotted #888">{piece}</span>'
        parts.append(piece)
    return f'<div class="tkg-document" style="line-height:1.7"><p>{"".join(parts)}</p></div>'


def legend_html(found: Iterable[Mention]) -> str:
    kinds = sorted({m.type for m in found})
    return " ".join(f'<mark style="background:{type_colour(k)}55;border-bottom:2px solid {type_colour(k)};'
                    f'padding:0 4px;border-radius:3px">{html.escape(k)}</mark>' for k in kinds)


def _non_overlapping(found: Iterable[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
        if m.end > m.start and (not out or m.start >= out[-1].end):
            out.append(m)
    return out
