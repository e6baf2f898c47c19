"""Fetching a web page (or a PDF) by URL: http and https only, with a timeout for the whole
transfer and a size limit, and one-line errors a user can act on.

The bytes are kept as served, except that a text page in another declared charset is
re-encoded as UTF-8 (the formats read UTF-8). Its format comes from the Content-Type (else
from the content), and its name (for the file name and the document's name) from the URL's
last path part, given the format's ending when it lacks it.
"""
from __future__ import annotations

import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message

from extract.formats import registry
from extract.formats.base import Format

TIMEOUT = 20.0
MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = "treatykg/1.0 (+knowledge graph of international politics)"
_UNSAFE = re.compile(r"[^\w.\-]+")


class FetchError(Exception):
    """A URL that could not be fetched; the message is one line, the URL not repeated."""


@dataclass(frozen=True)
class Fetched:
    url: str
    data: bytes = field(repr=False)
    name: str
    content_type: str
    format: Format


def is_url(text: str) -> bool:
    """Does ``text`` look like a URL (any scheme), as opposed to a file path?"""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text.strip()))


def fetch(url: str, timeout: float = TIMEOUT, limit: int = MAX_BYTES) -> Fetched:
    """The page at ``url``; raise :class:`FetchError` for anything that keeps it from being read."""
    url = url.strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http:// and https:// URLs can be fetched, not {parts.scheme or 'this'}://")
    if not parts.hostname:
        raise FetchError("no host name in this URL")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": ", ".join(registry.media_types())})
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            headers: Message = response.headers
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(f"too large: {_size(int(declared))} is over the {_size(limit)} limit")
            data = _read(response, deadline, limit, timeout)
            final_url = response.geturl() or url
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP error {exc.code} {exc.reason}".rstrip()) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (socket.timeout, TimeoutError)):
            raise FetchError(f"timed out after {timeout:g} s") from None
        raise FetchError(f"cannot connect: {_words(exc.reason)}") from None
    except (socket.timeout, TimeoutError):
        raise FetchError(f"timed out after {timeout:g} s") from None
    except OSError as exc:
        raise FetchError(f"cannot fetch: {_words(exc)}") from None
    content_type = headers.get_content_type() if headers.get("Content-Type") else ""
    fmt = registry.by_media_type(content_type) if content_type else None
    if fmt is None and content_type in ("", "application/octet-stream"):
        fmt = registry.by_content(data[:8192]) or registry.by_suffix(urllib.parse.urlsplit(final_url).path)
    if fmt is None:
        raise FetchError(f"not a web page or PDF (content type {content_type}); "
                         f"accepted: {', '.join(registry.media_types())}")
    charset = headers.get_content_charset()
    if fmt.textual and charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
        try:
            data = data.decode(charset, errors="replace").encode("utf-8")
        except LookupError:
            pass  # an unknown charset: read as UTF-8, with a warning for any bad byte
    return Fetched(url=url, data=data, name=page_name(final_url, fmt), content_type=content_type, format=fmt)


def _read(response, deadline: float, limit: int, timeout: float) -> bytes:
    chunks, total = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {timeout:g} s")
        chunk = response.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise FetchError(f"too large: over the {_size(limit)} limit")
        chunks.append(chunk)


def page_name(url: str, fmt: Format) -> str:
    """A file name for the page: the URL's last path part (else its host), with the format's ending."""
    parts = urllib.parse.urlsplit(url)
    last = urllib.parse.unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) or (parts.hostname or "page")
    stem = _UNSAFE.sub("_", last).strip("._")[:100] or "page"
    if not any(stem.lower().endswith(s) for s in fmt.suffixes):
        stem += fmt.suffixes[0]
    return stem


def _words(reason) -> str:
    text = " ".join(str(getattr(reason, "strerror", None) or reason).split())
    return text[:160] or "unknown error"


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"
