"""The one seam between files on disk and the loader: find documents, open them, extract.

Uses ``extract.reader`` (the formats of ``extract.formats``, URLs fetched; ids, titles and dates computed while streaming) when it
is there, else a small fallback that reads ``.txt`` files whole. Paths are normalised (relative
to the working directory when inside it), so the same file given as ``a.txt`` or ``./a.txt`` is
the same document and a changed file replaces its previous version.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from ontology.records import Document, ExtractionResult


@dataclasses.dataclass
class Source:
    """A document ready for extraction, or an error for a path that cannot be read."""

    path: str
    document: Optional[Document] = None
    paragraphs: Optional[Callable[[], Iterable[tuple[int, str]]]] = None
    error: Optional[str] = None
    warnings: list[str] = dataclasses.field(default_factory=list)  # e.g. invalid UTF-8, decoded anyway
    size: int = 0  # characters to extract, for progress


def normalise_path(path: Union[str, os.PathLike]) -> str:
    full = Path(path).resolve()
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return full.as_posix()


def find_sources(paths: Iterable[Union[str, os.PathLike]]) -> list[Source]:
    """Every document under ``paths`` (folders walked), errors included, in a stable order."""
    try:
        from extract import reader
    except ImportError:
        return list(_fallback_sources(paths))
    out = []
    for item in reader.iter_sources(paths):
        if isinstance(item, reader.ReadError):
            out.append(Source(path=item.path, error=item.reason))
            continue
        try:
            opened = reader.open_document(item)
        except reader.ReadFailure as failure:
            out.append(Source(path=str(item.path), error=failure.error.reason))
            continue
        document = dataclasses.replace(opened.document, path=item.origin or normalise_path(item.path))
        refused = _unstorable_path(document.path)
        if refused:  # refused here, not by the loader, where it would stop the whole load
            out.append(Source(path=document.path, error=refused))
            continue
        out.append(Source(path=document.path, document=document, paragraphs=opened.paragraphs,
                          warnings=[w.message for w in opened.warnings], size=opened.size))
    return out


def _unstorable_path(path: str) -> Optional[str]:
    """Why the graph would refuse this path as a document key (a control character in a file
    name, say), or why it should not be shown as a document's name (a direction override or
    zero-width character: it would read as another name), or None."""
    from graph.errors import ValidationError
    from graph.loader import check_key
    from ontology.errors import EditRefused
    from ontology.naming import check_visible

    try:
        check_key(path, "path")
        check_visible(path, "path")
    except (ValidationError, EditRefused) as exc:
        return str(exc)
    return None


def extract_sources(sources: Iterable[Source], extractor, n_process: int = 1,
                    progress: Optional[Callable[[int], None]] = None) -> Iterator[ExtractionResult]:
    """Run the extractor over readable sources (errors are skipped; report them from the list).

    One stream for all documents: with ``n_process`` > 1 the parsing runs in that many processes.
    ``progress(characters)`` is called as the documents are read (``Source.size`` is the total),
    so a single large file shows progress too.
    """
    def paragraphs(source: Source) -> Iterable[tuple[int, str]]:
        if progress is None:
            return source.paragraphs()
        from extract.reader import with_progress

        return with_progress(source.paragraphs(), progress)

    readable = ((s.document, paragraphs(s)) for s in sources if s.document is not None)
    yield from extractor.extract_documents(readable, n_process=n_process)


def _fallback_sources(paths) -> Iterator[Source]:
    for raw in paths:
        path = Path(raw)
        files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
        for file in files:
            try:
                text = file.read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                yield Source(path=str(file), error=exc.strerror or "cannot read")
                continue
            if not text.strip():
                yield Source(path=str(file), error="file contains only whitespace")
                continue
            doc_id = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
            title = next((line.strip()[:200] for line in text.splitlines() if line.strip()), "")
            document = Document(id=doc_id, path=normalise_path(file), title=title)
            yield Source(path=document.path, document=document, paragraphs=lambda text=text: [(0, text)])
