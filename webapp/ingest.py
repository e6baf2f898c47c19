"""The app's rules for getting documents in: which uploads are accepted and where they are kept,
and whether the sample corpus is loaded on first run. The ingest itself is the one of
:mod:`services.ingest`. No Streamlit here, so the same functions are tested directly and
through the pages.

An upload is written to a temporary file in the upload folder, checked and extracted from there,
loaded, and only then moved to its final name: a refused or failed upload leaves the stored
document and its file as they were.
"""
from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import Optional

from extract.formats import registry
from extract.formats.fetch import FetchError, fetch
from extract.timeline import user_date
from graph.store import GraphStore
from ontology.errors import shown_text
from services.ingest import IngestRefused, IngestReport, ingest_file
from services.sources import normalise_path

#: File endings the upload widget accepts: those of the input formats (extract.formats.registry).
ALLOWED_SUFFIXES = registry.suffixes()
#: Longest stored file name in UTF-8 bytes (file systems allow 255; the temporary name adds some).
MAX_NAME_BYTES = 120
#: Marker file in the embedded data folder: the sample corpus was loaded once (never again).
SAMPLE_MARKER = "sample-loaded"
_SAFE_NAME = re.compile(r"[^\w.\- ]+")


class UploadRefused(ValueError):
    """An upload that is not stored, with the reason for the user."""


# ----------------------------------------------------------------------------- first run

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
        raise UploadRefused(f"{shown}: {kind} files are not accepted; upload {registry.described('or')} documents")
    if size > limit:
        raise UploadRefused(f"{shown}: {_size(size)} is over the {_size(limit)} limit for one document")
    if size == 0:
        raise UploadRefused(f"{shown}: the file is empty")
    return clean


def ingest_upload(store: GraphStore, ontology, extractor, folder: Path, name: str, data: bytes,
                  limit: int, date: Optional[str] = None) -> IngestReport:
    """Check, extract and load one uploaded document, then keep its file in ``folder``
    (``date``: the document's date as the user gave it, YYYY[-MM[-DD]])."""
    clean = check_upload(name, len(data), limit)
    if date:
        try:
            user_date(date)
        except ValueError as exc:
            raise UploadRefused(f"{shown_text(name)}: date {exc}") from None
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / clean
    handle, tmp = tempfile.mkstemp(prefix=".upload-", suffix=Path(clean).suffix.lower(), dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        try:
            report = ingest_file(store, ontology, extractor, tmp, stored_as=normalise_path(final), date=date)
        except IngestRefused as refused:
            raise UploadRefused(f"{shown_text(name)}: {refused}") from None
        os.replace(tmp, final)
        return report
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def ingest_url(store: GraphStore, ontology, extractor, folder: Path, url: str,
               limit: int, date: Optional[str] = None) -> tuple[str, IngestReport]:
    """Fetch a web page or PDF (timeout, ``limit`` bytes) and ingest it as an upload of the
    name its URL gives (kept in ``folder``, so it can be extracted again); that name and what
    was done. A page that cannot be fetched is refused with the reason."""
    try:
        page = fetch(url, limit=limit)
    except FetchError as exc:
        raise UploadRefused(f"{shown_text(url.strip())}: {exc}") from None
    return page.name, ingest_upload(store, ontology, extractor, folder, page.name, page.data, limit, date=date)


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"
