"""The one seam between files on disk and the loader: find documents, open them, extract.

Files are read by ``extract.reader`` (the formats of ``extract.formats``, URLs fetched; ids,
titles and dates computed while streaming). Paths are normalised (relative to the working directory when inside it), so the same
file given as ``a.txt`` or ``./a.txt`` is the same document and a changed file replaces its
previous version. A path the graph cannot store is refused here, as one source's error, not by
the loader, where it would stop the whole load.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from extract import reader
from graph.errors import ValidationError
from graph.loader import check_key
from ontology.errors import EditRefused
from ontology.naming import check_visible
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
    out = []
    for item in reader.iter_sources(paths):
        if isinstance(item, reader.ReadError):
            out.append(Source(path=item.path, error=item.reason))
        else:
            out.append(open_source(item))
    return out


def open_source(file: Union[reader.SourceFile, str, os.PathLike], stored_as: Optional[str] = None,
                ingested_at: Optional[str] = None) -> Source:
    """One file as a source. ``stored_as`` is the document's path in the graph when it is not
    the file's own (an upload read from its temporary file, a stored document read again);
    ``ingested_at`` keeps the time a stored document was first loaded."""
    where = str(file.path if isinstance(file, reader.SourceFile) else file)
    try:
        opened = reader.open_document(file)
    except reader.ReadFailure as failure:
        return Source(path=stored_as or where, error=failure.error.reason)
    origin = file.origin if isinstance(file, reader.SourceFile) else None  # a fetched page keeps its URL
    document = dataclasses.replace(opened.document, path=stored_as or origin or normalise_path(where),
                                   ingested_at=ingested_at)
    refused = _unstorable_path(document.path)
    if refused:
        return Source(path=document.path, error=refused)
    return Source(path=document.path, document=document, paragraphs=opened.paragraphs,
                  warnings=[w.message for w in opened.warnings], size=opened.size)


def _unstorable_path(path: str) -> Optional[str]:
    """Why the graph would refuse this path as a document key (a control character in a file
    name, say), or why it should not be shown as a document's name (a direction override or
    zero-width character: it would read as another name), or None."""
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
        return reader.with_progress(source.paragraphs(), progress)

    readable = ((s.document, paragraphs(s)) for s in sources if s.document is not None)
    yield from extractor.extract_documents(readable, n_process=n_process)
