"""Which store to open: read once from the environment / CLI into an immutable value.

``KG_GRAPH_URL`` (or ``--graph``) chooses the engine by its scheme (:mod:`graph.engines`):

* unset, ``embedded`` or ``falkordb:`` -> embedded FalkorDB in ``KG_DATA_DIR`` (default ``./data/graph``);
  ``falkordb:///abs/dir`` names the data folder explicitly;
* ``unix:///path/to/falkordb.sock`` -> a FalkorDB server someone else runs;
* ``bolt://``, ``bolt+s://``, ``neo4j://``, ``neo4j+s://`` ... -> Neo4j 5 with ``NEO4J_USER``,
  ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``.

Credentials may also sit in the URL (``bolt://user:secret@host``); they are split off here and only
``redacted_url`` ever reaches a message.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import urlsplit

from graph import engines
from graph.errors import ConfigError

DEFAULT_DATA_DIR = "./data/graph"
#: The embedded server's memory (``KG_STORE_MEMORY``): its ``maxmemory``; a quarter of it is
#: what one query may use (see :mod:`graph.server`).
DEFAULT_STORE_MEMORY = 2 * 1024 ** 3
MIN_STORE_MEMORY = 32 * 1024 ** 2
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.I)
DEFAULT_GRAPH_NAME = "treatykg"
_GRAPH_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{0,62}$")


@dataclass(frozen=True)
class GraphConfig:
    """Resolved settings; ``password`` is excluded from ``repr`` so it cannot leak into logs."""

    engine: str  # a name in graph.engines.ENGINES
    graph_name: str = DEFAULT_GRAPH_NAME
    data_dir: Optional[Path] = None  # embedded FalkorDB: the server's folder
    socket_path: Optional[Path] = None  # external FalkorDB on a unix socket
    url: Optional[str] = None  # Neo4j URL without credentials
    user: Optional[str] = None
    password: Optional[str] = field(default=None, repr=False)
    database: Optional[str] = None
    store_memory: int = DEFAULT_STORE_MEMORY  # embedded FalkorDB: bytes (KG_STORE_MEMORY)

    @property
    def redacted_url(self) -> str:
        """What may be shown to users."""
        if self.url is not None:
            return self.url
        if self.socket_path is not None:
            return f"unix://{self.socket_path}"
        return f"{self.engine}://{self.data_dir}"

    def secrets(self) -> list[str]:
        """Strings that must never appear in a message (used by the redaction of errors)."""
        return [s for s in (self.password,) if s]


def resolve(url: Optional[str] = None, env: Optional[Mapping[str, str]] = None,
            data_dir: Optional[str] = None, graph_name: Optional[str] = None) -> GraphConfig:
    """Build a :class:`GraphConfig` from an explicit URL (``--graph``) or the environment."""
    env = os.environ if env is None else env
    url = (url or env.get("KG_GRAPH_URL") or "").strip()
    name = graph_name or env.get("KG_GRAPH_NAME") or DEFAULT_GRAPH_NAME
    if not _GRAPH_NAME_RE.match(name):
        raise ConfigError(f"invalid graph name {name!r}: use letters, digits, '_' or '-'")
    memory = store_memory(env.get("KG_STORE_MEMORY"))
    if url in ("", "embedded"):
        return engines.get(engines.DEFAULT).configure(urlsplit(""), env, name, data_dir, memory)
    try:
        parts = urlsplit(url)
    except ValueError:
        raise ConfigError("KG_GRAPH_URL is not a valid URL") from None
    scheme = parts.scheme.lower()
    engine = engines.for_scheme(scheme)
    if engine is None:
        shown = scheme or url.split(":", 1)[0][:20]
        raise ConfigError(f"unsupported graph URL scheme {shown!r}: use "
                          + ", ".join(f"{s}:" for s in engines.schemes()))
    return engine.configure(parts, env, name, data_dir, memory)


def store_memory(text: Optional[str]) -> int:
    """Bytes from ``KG_STORE_MEMORY`` (``2gb``, ``512mb``, ``1073741824``; binary units), the
    default when unset."""
    if text is None or not text.strip():
        return DEFAULT_STORE_MEMORY
    match = _SIZE.match(text)
    if not match:
        raise ConfigError(f"KG_STORE_MEMORY {text.strip()[:40]!r} is not a size: use e.g. 2gb or 512mb")
    size = int(float(match.group(1)) * 1024 ** " kmgt".index(match.group(2).lower() or " "))
    if size < MIN_STORE_MEMORY:
        raise ConfigError(f"KG_STORE_MEMORY {text.strip()!r} is too small: at least 32mb")
    return size
