"""Ingest: documents found, extracted and loaded, by one implementation for every caller.

``python -m treatykg ingest``, the app (first-run sample corpus, uploads, "Extract again") and
re-extraction after an ontology edit all come through :func:`ingest`: sources (from
:mod:`services.sources`) go through the extractor into the :class:`~graph.loader.Loader`, in
one stream (parsed in ``processes`` processes), with the same reporting of unreadable files and
warnings. Front ends show progress through a :class:`Progress` of their own.
"""
from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from graph.loader import DEFAULT_BATCH, Loader, LoadReport
from graph.store import GraphStore
from ontology.errors import shown_text
from services.sources import Source, extract_sources, find_sources, open_source


class IngestRefused(ValueError):
    """A document that cannot be ingested, with the reason for the user (one line)."""


class Progress:
    """What an ingest reports while it runs; front ends override the parts they show."""

    def start(self, documents: int, characters: int) -> None:
        """``documents`` readable documents of ``characters`` characters in all are next."""

    def read(self, characters: int) -> None:
        """``characters`` more characters were read."""

    def documents(self, done: int, total: int, statements: int, upcoming: str) -> None:
        """``done`` of ``total`` documents extracted (``statements`` so far); ``upcoming`` is the
        path of the next one ("" after the last)."""


@dataclass
class IngestReport:
    """What an ingest did, in words a user reads."""

    loaded: int = 0
    unchanged: int = 0
    replaced: int = 0
    statements: int = 0
    #: "path: reason" of each document that was not ingested (the others were).
    errors: list[str] = field(default_factory=list)
    #: "path: warning" (invalid UTF-8 decoded with replacement characters, ...).
    warnings: list[str] = field(default_factory=list)
    #: Ids of the documents now stored (loaded or already there).
    doc_ids: list[str] = field(default_factory=list)

    def add(self, report: LoadReport) -> None:
        self.loaded += len(report.loaded)
        self.unchanged += len(report.unchanged)
        self.replaced += len(report.replaced)
        self.statements += report.statements
        self.doc_ids += report.loaded + report.unchanged

    @property
    def summary(self) -> str:
        text = (f"{self.loaded} document(s) loaded with {self.statements} statement(s); "
                f"{self.unchanged} unchanged")
        if self.replaced:
            text += f"; {self.replaced} older version(s) replaced"
        return text


def ingest(store: GraphStore, ontology, extractor, sources: Sequence[Source], *, replace: bool = False,
           processes: int = 1, batch_size: int = DEFAULT_BATCH,
           progress: Optional[Progress] = None) -> IngestReport:
    """Extract and load ``sources``; those with an error are reported, the others loaded.

    ``replace`` loads documents again even when their content is stored already (re-extraction
    after an ontology edit: each replaces its stored versions). An error of the store stops the
    ingest (the documents already loaded stay, each whole) and rises; the parse workers are
    stopped at once.
    """
    progress = progress or Progress()
    report = IngestReport(errors=[f"{shown_text(s.path)}: {s.error}" for s in sources if s.error])
    readable = [s for s in sources if not s.error]
    report.warnings += [f"{shown_text(s.path)}: {w}" for s in readable for w in s.warnings]
    if not readable:
        return report
    loader = Loader(store, ontology, batch_size=batch_size)
    total = len(readable)
    progress.start(total, sum(s.size for s in readable))
    progress.documents(0, total, 0, readable[0].path)
    extracted = extract_sources(readable, extractor, processes, progress=progress.read)
    with contextlib.closing(extracted):  # on an error, stop the parse workers now, not at exit

        def results():
            statements = 0
            for done, result in enumerate(extracted, 1):
                statements += len(result.statements)
                progress.documents(done, total, statements, readable[done].path if done < total else "")
                yield result

        report.add(loader.reload(results()) if replace else loader.load(results()))
    return report


def ingest_paths(store: GraphStore, ontology, extractor, paths: Iterable[str | os.PathLike],
                 **options) -> IngestReport:
    """Every document under ``paths`` (files and folders; unreadable ones become errors)."""
    return ingest(store, ontology, extractor, find_sources(paths), **options)


def ingest_file(store: GraphStore, ontology, extractor, file: str | os.PathLike, stored_as: str) -> IngestReport:
    """One file stored under another path (an upload read from its temporary file); raises
    :class:`IngestRefused` when it cannot be read, so that nothing is stored."""
    source = open_source(file, stored_as=stored_as)
    if source.error:
        raise IngestRefused(source.error)
    return ingest(store, ontology, extractor, [source])


def reingest(store: GraphStore, ontology, extractor, documents: Iterable[dict]) -> IngestReport:
    """Extract stored documents (rows with ``path`` and ``ingested_at``) again from their files
    and replace their statements, keeping their ingestion times. A file gone or unreadable is
    an error of the report; the other documents are still extracted."""
    sources = [open_source(d["path"], stored_as=d["path"], ingested_at=d.get("ingested_at")) for d in documents]
    return ingest(store, ontology, extractor, sources, replace=True)


def delete(store: GraphStore, ontology, doc: dict, upload_dir: Optional[Path] = None) -> list[str]:
    """Remove a document with its statements; its file too if it is an upload. What was done."""
    done = []
    if Loader(store, ontology).delete_document(doc["id"]):
        done.append(f"deleted {doc.get('title') or doc['path']} and its statements")
    if upload_dir is not None:
        path = Path(doc["path"]).resolve()
        if path.parent == upload_dir.resolve() and path.is_file():
            path.unlink()
            done.append(f"removed the uploaded file {doc['path']}")
    return done
