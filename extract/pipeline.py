"""Extractor: text in, canonical entities and statements out.

(Work in progress: the rule engine is being written; the public API below is stable.)
"""
from __future__ import annotations

import hashlib
from typing import Iterable

from ontology.records import Document, ExtractionResult


def document_id(text: str) -> str:
    """sha256 of the normalised content (whitespace runs collapsed)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


class Extractor:
    """Loads the spaCy pipeline, ontology and gazetteer once; extracts many documents."""

    def __init__(self, ontology=None, gazetteer=None, nlp=None) -> None:
        self.ontology = ontology
        self.gazetteer = gazetteer
        self.nlp = nlp

    def extract_text(self, text: str, name: str = "text.txt", path: str | None = None) -> ExtractionResult:
        """Extract from one in-memory document."""
        doc = Document(id=document_id(text), path=path or name, title=_title(text))
        return self.extract_paragraphs([(0, text)], doc)

    def extract_paragraphs(self, paragraphs: Iterable[tuple[int, str]], document: Document) -> ExtractionResult:
        """Extract from a stream of (character offset, paragraph text) pairs of one document.

        Offsets in the statements are offsets in the whole document, so callers can stream
        a very large file paragraph by paragraph in bounded memory.
        """
        for _offset, _text in paragraphs:
            pass
        return ExtractionResult(document=document)


def _title(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def extract(text: str, name: str = "text.txt") -> ExtractionResult:
    """One call from text to entities and statements (loads a default Extractor)."""
    return Extractor().extract_text(text, name=name)
