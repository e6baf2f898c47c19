"""Getting documents into the graph from the app: the sample corpus on first run, uploads,
re-extraction and deletion. No Streamlit here (pages pass a ``progress`` callback), so the same
functions are tested directly and through the pages.

An upload is written to a temporary file in the upload folder, checked and extracted from there,
loaded, and only then moved to its final name: a refused or failed upload leaves the stored
document and its file as they were.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from extract.reader import ReadFailure, open_document
from graph.loader import Loader, LoadReport
from graph.sources import find_sources, normalise_path
from graph.store import GraphStore
from ontology.errors import shown_text

ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm")
#: Longest stored file name in UTF-8 bytes (file systems allow 255; the temporary name adds some).
MAX_NAME_BYTES = 120
#: Marker file in the embedded data folder: the sample corpus was loaded once (never again).
SAMPLE_MARKER = "sample-loaded"
_SAFE_NAME = re.compile(r"[^\w.\- ]+")

#: progress(done, total, what): ``done`` documents of ``total`` finished, ``what`` comes next.
Progress = Callable[[int, int, str], None]


class UploadRefused(ValueError):
    """An upload that is not stored, with the reason for the user."""


@dataclass
class IngestOutcome:
    """What an ingest did, in words a user reads."""

    loaded: int = 0
    unchanged: int = 0
    replaced: int = 0
    statements: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
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


# ----------------------------------------------------------------------------- folders of documents

def ingest_paths(store: GraphStore, ontology, extractor, paths: Iterable[str | os.PathLike],
                 progress: Optional[Progress] = None) -> IngestOutcome:
    """Extract and load every document under ``paths`` (unreadable ones become errors)."""
    sources = find_sources(paths)
    outcome = IngestOutcome(errors=[f"{shown_text(s.path)}: {s.error}" for s in sources if s.error])
    readable = [s for s in sources if not s.error]
    outcome.warnings += [f"{shown_text(s.path)}: {w}" for s in readable for w in s.warnings]
    total = len(readable)

    def results():
        for done, source in enumerate(readable):
            if progress is not None:
                progress(done, total, source.path)
            yield extractor.extract_paragraphs(source.paragraphs(), source.document)
        if progress is not None:
            progress(total, total, "")

    if readable:
        outcome.add(Loader(store, ontology).load(results()))
    return outcome


def sample_wanted(config, sample_dir: Optional[Path], empty: bool) -> bool:
    """Load the sample corpus now? Only into an empty embedded graph that never had it, so a
    user who deletes every document does not get the sample back on the next start."""
    if sample_dir is None or not empty or not sample_dir.is_dir():
        return False
    if config.data_dir is None:  # only an embedded graph (one with a local folder) gets the sample
        return False
    return not (Path(config.data_dir) / SAMPLE_MARKER).exists()


def mark_sample_loaded(config) -> None:
    if config.data_dir is not None:
        with contextlib.suppress(OSError):
            (Path(config.data_dir) / SAMPLE_MARKER).write_text("the app loaded the sample corpus here once\n")


# ----------------------------------------------------------------------------- uploads

def safe_name(name: str) -> str:
    """The base name of an uploaded file, without path parts or unusual characters, and short
    enough for any file system (the extension is kept when the name is cut)."""
    base = Path(str(name).replace("\\", "/").replace("\x00", "_")).name.strip()
    base = _SAFE_NAME.sub("_", base).lstrip(".")
    stem, suffix = _split_suffix(base)
    while stem and len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip()
    return stem + suffix if stem else ""


def _split_suffix(base: str) -> tuple[str, str]:
    suffix = Path(base).suffix
    if len(suffix) > 10:  # not an extension: part of the name
        suffix = ""
    return base[:len(base) - len(suffix)], suffix


def check_upload(name: str, size: int, limit: int) -> str:
    """The file name to store an upload under; raise :class:`UploadRefused` with the reason."""
    clean = safe_name(name)
    suffix = Path(clean).suffix.lower()
    shown = shown_text(name)
    if not clean or not Path(clean).stem:
        raise UploadRefused(f"{shown}: not a usable file name")
    if suffix not in ALLOWED_SUFFIXES:
        kind = suffix or "no extension"
        raise UploadRefused(f"{shown}: {kind} files are not accepted; upload .txt, .md or .html documents")
    if size > limit:
        raise UploadRefused(f"{shown}: {_size(size)} is over the {_size(limit)} limit for one document")
    if size == 0:
        raise UploadRefused(f"{shown}: the file is empty")
    return clean


def ingest_upload(store: GraphStore, ontology, extractor, folder: Path, name: str, data: bytes,
                  limit: int) -> IngestOutcome:
    """Check, extract and load one uploaded document, then keep its file in ``folder``."""
    clean = check_upload(name, len(data), limit)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / clean
    handle, tmp = tempfile.mkstemp(prefix=".upload-", suffix=Path(clean).suffix.lower(), dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        try:
            opened = open_document(tmp)
        except ReadFailure as failure:
            raise UploadRefused(f"{shown_text(name)}: {failure.error.reason}") from None
        document = dataclasses.replace(opened.document, path=normalise_path(final))
        result = extractor.extract_paragraphs(opened.paragraphs(), document)
        outcome = IngestOutcome(warnings=[w.message for w in opened.warnings] + list(result.warnings))
        outcome.add(Loader(store, ontology).load([result]))
        os.replace(tmp, final)
        return outcome
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


# ----------------------------------------------------------------------------- stored documents

def reingest(store: GraphStore, ontology, extractor, doc: dict) -> IngestOutcome:
    """Extract a stored document again from its file (e.g. after an ontology edit)."""
    try:
        opened = open_document(doc["path"])
    except ReadFailure as failure:
        raise UploadRefused(f"cannot extract {doc['path']} again: {failure.error.reason}") from None
    document = dataclasses.replace(opened.document, path=doc["path"], ingested_at=doc.get("ingested_at"))
    result = extractor.extract_paragraphs(opened.paragraphs(), document)
    outcome = IngestOutcome()
    outcome.add(Loader(store, ontology).reload([result]))
    return outcome


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


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"
