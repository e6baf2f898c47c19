"""Typed records shared by every layer (ontology, extract, graph, app).

They live in ``ontology`` because it is the one package every other layer may
import (dependencies run ontology <- extract <- graph <- services <- app; ``tests/test_layers.py``).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

MODALITIES = ("asserted", "negated", "intended", "possible", "alleged")

_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """Stable ASCII identifier for a canonical name ("Open Skies Treaty" -> "open_skies_treaty")."""
    text = unicodedata.normalize("NFKD", name.replace("+", " plus ")).encode("ascii", "ignore").decode().lower()
    slug = _SLUG_RE.sub("_", text).strip("_")
    if slug:
        return slug
    # Names with no ASCII letters still need a stable, distinct id.
    return "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity: one node of the graph, typed by an ontology class."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    source: str = "gazetteer"  # "gazetteer" | "ner"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "adjectives": list(self.adjectives),
            "source": self.source,
        }


class DocumentHash:
    """A document's id, fed its text in chunks: the sha256 of ``" ".join(text.split())``.

    The one definition of a document id (the reader streams files through it, in-memory text
    goes through :func:`document_id`), so the same content always gets the same id.
    """

    _RUNS = re.compile(r"\s+|\S+")

    def __init__(self) -> None:
        self._sha = hashlib.sha256()
        self.has_text = False
        self._space_pending = False

    def update(self, chunk: str) -> None:
        for match in self._RUNS.finditer(chunk):
            run = match.group()
            if run[0].isspace():
                self._space_pending = self.has_text
            else:
                if self._space_pending:
                    self._sha.update(b" ")
                    self._space_pending = False
                self._sha.update(run.encode("utf-8"))
                self.has_text = True

    def hexdigest(self) -> str:
        return self._sha.hexdigest()


def document_id(text: str) -> str:
    """The id of a document with this content (see :class:`DocumentHash`)."""
    digest = DocumentHash()
    digest.update(text)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Document:
    """A source document; ``id`` is the sha256 of its normalised content."""

    id: str
    path: str
    title: str = ""
    date: Optional[str] = None
    date_source: Optional[str] = None
    ingested_at: Optional[str] = None
    #: Offset in the text at which each page starts, page 1 first (PDF); empty when unpaged.
    pages: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        """File name used as ``doc`` in the extraction output."""
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class Statement:
    """One (subject, predicate, object) claim with its modality and provenance."""

    doc: str
    subject: Entity
    predicate: str
    object: Entity
    modality: str = "asserted"
    attributed_to: Optional[Entity] = None
    date: Optional[str] = None
    sentence: str = ""
    start: int = 0
    end: int = 0
    confidence: float = 0.5
    rule: str = ""
    doc_id: str = ""
    #: The page of the document the evidence sentence is on (paged documents only).
    page: Optional[int] = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject.id, self.predicate, self.object.id)

    @property
    def id(self) -> str:
        """Deterministic id so that re-ingesting a document yields the same statements."""
        raw = "\x1f".join(
            [self.doc_id or self.doc, self.subject.id, self.predicate, self.object.id,
             self.modality, str(self.start)]
        )
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

    def to_json(self) -> dict:
        """The extraction-output contract of DESIGN.md (one JSONL line)."""
        return {
            "doc": self.doc,
            "subject": self.subject.name,
            "subject_type": self.subject.type,
            "predicate": self.predicate,
            "object": self.object.name,
            "object_type": self.object.type,
            "modality": self.modality,
            "attributed_to": self.attributed_to.name if self.attributed_to else None,
            "date": self.date,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 3),
            "rule": self.rule,
        } | ({"page": self.page} if self.page is not None else {})


@dataclass(slots=True)
class ExtractionResult:
    """Everything extracted from one document."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
