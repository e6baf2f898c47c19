"""The graph engines by name: adding one is one module in this package and one entry in ENGINES.

As with networkx's backends, an entry maps a name to the module holding the engine's code, and
that module is imported only when it is used: :mod:`graph.store` (the interface) imports no
engine, and a driver loads only when its engine is chosen. Every other layer (configuration, the
app's Settings page, the command lines, the benchmarks) asks this registry which engines there
are, which URL schemes select them and what to call them, rather than testing engine names.

An engine module defines:

* ``Store``: its :class:`graph.store.GraphStore` subclass, with ``Store.from_config(config,
  query_log=...)``;
* ``configure(parts, env, graph_name, data_dir, memory)``: the :class:`graph.config.GraphConfig`
  for a URL with one of the entry's schemes (``parts`` from :func:`urllib.parse.urlsplit`).
"""
from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Callable, Mapping, Optional

from graph.errors import ConfigError

if TYPE_CHECKING:
    from graph.config import GraphConfig
    from graph.store import GraphStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Engine:
    """One registry entry: what users call the engine, which URL schemes pick it, where its code is."""

    name: str
    label: str
    module: str
    schemes: tuple[str, ...]
    #: Example URL, for help texts and messages.
    example: str

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)

    def configure(self, parts, env: Mapping[str, str], graph_name: str, data_dir: Optional[str],
                  memory: int) -> "GraphConfig":
        return self.load().configure(parts, env, graph_name, data_dir, memory)

    def store_class(self) -> type:
        return self.load().Store


#: name -> engine; the first is the default (``KG_GRAPH_URL`` unset or ``embedded``).
ENGINES: Mapping[str, Engine] = MappingProxyType({e.name: e for e in (
    Engine("falkordb", "FalkorDB", "graph.engines.falkordb", ("falkordb", "unix"), "unix:///tmp/falkordb.sock"),
    Engine("neo4j", "Neo4j", "graph.engines.neo4j",
           ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"), "bolt://localhost:7687"),
)})
DEFAULT = next(iter(ENGINES))


def names() -> list[str]:
    """Every engine's name, the default first."""
    return list(ENGINES)


def get(name: str) -> Engine:
    try:
        return ENGINES[name]
    except KeyError:
        raise ConfigError(f"unknown graph engine {name!r}: use one of {', '.join(ENGINES)}") from None


def for_scheme(scheme: str) -> Optional[Engine]:
    """The engine a URL scheme selects, or None."""
    return next((e for e in ENGINES.values() if scheme.lower() in e.schemes), None)


def schemes(server_only: bool = False) -> list[str]:
    """Every URL scheme some engine takes (``server_only``: those of engines other than the
    default, i.e. the ones a user connects to by URL in the app's Settings)."""
    return [s for e in ENGINES.values() if not (server_only and e.name == DEFAULT) for s in e.schemes]


def label(config: "GraphConfig") -> str:
    """What to call the engine a configuration uses, for people."""
    engine = get(config.engine)
    if config.data_dir is not None:
        return f"Embedded {engine.label}"
    if config.socket_path is not None:
        return f"{engine.label} server on a unix socket"
    return engine.label


def open_store(config: "GraphConfig", query_log: Optional[Callable[[str], None]] = None) -> "GraphStore":
    """Open the store a :class:`GraphConfig` describes (starting the embedded server if needed),
    with the loader's indexes and constraints in place."""
    store = get(config.engine).store_class().from_config(config, query_log=query_log)
    try:
        store.ensure_schema()
    except BaseException:
        store.close()
        raise
    log.debug("opened graph store %s", store.description)
    return store
