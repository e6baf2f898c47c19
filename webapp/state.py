"""Shared resources of the app: the graph store, the effective ontology and the extractor,
opened once per process with ``st.cache_resource``, and cached derived views.

Keys, not globals: the store is cached per resolved graph configuration (the Settings page can
point a session at another graph), the ontology and extractor per content of the ontology
workspace files (an edit made here or with ``python -m treatykg ontology`` gives a new key), derived views
per data fingerprint (:func:`graph.views.fingerprint`) plus a per-session revision bumped after
every write made from this session.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional

import networkx as nx
import streamlit as st

from graph import views
from graph.config import GraphConfig, resolve
from graph.errors import GraphError
from graph.engines import open_store
from graph.store import GraphStore
from ontology.errors import OntologyError
from webapp.config import AppSettings, neo4j_env, read_settings

#: Session key of the graph URL chosen on the Settings page (None: the environment's).
URL_OVERRIDE = "settings.graph_url"
REVISION = "data.revision"


def settings() -> AppSettings:
    return read_settings()


# ----------------------------------------------------------------------------- the graph store

def secrets() -> Mapping[str, Any]:
    """Streamlit secrets, or nothing when there is no secrets file."""
    try:
        return dict(st.secrets)
    except Exception:  # StreamlitSecretNotFoundError, or an unreadable file
        return {}


def graph_config(url: Optional[str] = None) -> GraphConfig:
    """The graph this session uses: ``url``, else the Settings page's choice, else the environment."""
    app = settings()
    if url is None:
        url = st.session_state.get(URL_OVERRIDE) or app.graph_url
    env = neo4j_env(os.environ, secrets())
    return resolve(url, env=env, data_dir=app.data_dir, graph_name=app.graph_name)


def config_key(config: GraphConfig) -> tuple:
    """What identifies a store in the cache (the password only as a digest)."""
    digest = hashlib.sha256((config.password or "").encode()).hexdigest()[:16]
    return (config.engine, config.graph_name, str(config.data_dir), str(config.socket_path), config.url,
            config.user, config.database, digest)


def _close(store: GraphStore) -> None:
    try:
        store.close()
    except GraphError:
        pass


@st.cache_resource(show_spinner="Opening the graph…", max_entries=4, on_release=_close)
def _open_store(key: tuple, _config: GraphConfig) -> GraphStore:
    return open_store(_config)


def store() -> GraphStore:
    """The session's store (raises :class:`GraphError` with a readable message). An embedded
    server that died since the last run is restarted here, and the user is told."""
    config = graph_config()
    current = _open_store(config_key(config), config)
    for notice in current.revive():
        st.warning(f"{notice[0].upper()}{notice[1:]}.", icon=":material/restart_alt:")
    return current


def require_store() -> GraphStore:
    """The store, or an error box and the end of this page's run."""
    try:
        return store()
    except GraphError as exc:
        st.error(f"Cannot open the graph: {exc}. Check the Settings page.")
        st.stop()
        raise  # not reached


def revision() -> int:
    return st.session_state.get(REVISION, 0)


def bump() -> None:
    """Mark the data as changed by this session (derived views are recomputed)."""
    st.session_state[REVISION] = revision() + 1


def data_key(current: GraphStore) -> tuple:
    """Cache key of views derived from the data of ``current``."""
    return (current.description, views.fingerprint(current), revision())


# ----------------------------------------------------------------------------- ontology and extractor

@dataclass(frozen=True)
class OntologyState:
    """The effective ontology and gazetteer of the workspace, with the key they were cached under."""

    ontology: Any
    gazetteer: Any
    key: str
    folder: str


def _workspace_key(folder: str) -> str:
    from ontology.workspace import Workspace

    workspace = Workspace(folder)
    digest = hashlib.sha256()
    for name, text in sorted(workspace.files().items()):
        digest.update(f"{name}\0{text}\0".encode())
    core = workspace.core_path
    digest.update(f"{core}\0{core.stat().st_mtime_ns if core.exists() else 0}".encode())
    return digest.hexdigest()[:24]


@st.cache_resource(show_spinner="Loading the ontology…", max_entries=4)
def _load_ontology(key: str, _folder: str) -> OntologyState:
    """Keyed by content only: workspaces with the same files give the same ontology."""
    from ontology.workspace import Workspace

    workspace = Workspace(_folder)
    onto = workspace.ontology()
    return OntologyState(onto, workspace.gazetteer(onto), key, _folder)


def ontology_state() -> OntologyState:
    """The effective ontology (raises :class:`OntologyError` if the workspace is damaged)."""
    folder = str(settings().ontology_dir)
    return _load_ontology(_workspace_key(folder), folder)


def require_ontology() -> OntologyState:
    try:
        return ontology_state()
    except OntologyError as exc:
        st.error(f"The ontology workspace cannot be read: {exc}. Undo the last edit on the Ontology page.")
        st.stop()
        raise  # not reached


@st.cache_resource(show_spinner="Loading the language model…", max_entries=1)
def _extractor(key: str, _loaded: OntologyState):
    from extract.pipeline import Extractor

    return Extractor(ontology=_loaded.ontology, gazetteer=_loaded.gazetteer)


def extractor():
    """The extractor for the current ontology (loads spaCy the first time: a few seconds)."""
    current = ontology_state()
    return _extractor(current.key, current)


# ----------------------------------------------------------------------------- derived views

@st.cache_resource(show_spinner=False, max_entries=16)
def _entity_graph(data: tuple, onto_key: str, filters: tuple, _store: GraphStore, _ontology) -> nx.MultiDiGraph:
    documents, types, predicates, modalities, since, until = filters
    return views.entity_graph(_store, _ontology, documents=documents, types=types, predicates=predicates,
                              modalities=modalities, since=since, until=until)


def entity_graph(current: GraphStore, onto: OntologyState, filters: tuple, data: tuple) -> nx.MultiDiGraph:
    """The (filtered) entity graph for ``data`` = :func:`data_key`, shared between sessions: do
    not modify it."""
    return _entity_graph(data, onto.key, filters, current, onto.ontology)


@st.cache_resource(show_spinner=False, max_entries=8)
def _entities(data: tuple, _store: GraphStore) -> list[dict]:
    return views.entities(_store)


def entities(current: GraphStore, data: tuple) -> list[dict]:
    """Every entity with its aliases (cached per data version; do not modify)."""
    return _entities(data, current)


@st.cache_resource(show_spinner=False, max_entries=8)
def _documents(data: tuple, _store: GraphStore) -> list[dict]:
    return views.documents(_store)


def documents(current: GraphStore, data: tuple) -> list[dict]:
    """Every document (id, title, path...), cached per data version (do not modify)."""
    return _documents(data, current)


@st.cache_resource(show_spinner=False, max_entries=16)
def _communities(data: tuple, onto_key: str, filters: tuple, _graph: nx.MultiDiGraph) -> dict[str, int]:
    from graph.analytics import communities

    return {node: number for number, members in enumerate(communities(_graph), 1) for node in members}


def communities(current: GraphStore, onto: OntologyState, filters: tuple, data: tuple) -> dict[str, int]:
    """Louvain community number (1 = largest) of every entity of the filtered graph."""
    return _communities(data, onto.key, filters, entity_graph(current, onto, filters, data))


@st.cache_resource(show_spinner=False, max_entries=4)
def _statement_dates(data: tuple, _store: GraphStore) -> list[dict]:
    return views.statement_dates(_store)


@st.cache_resource(show_spinner=False, max_entries=16)
def _dated(data: tuple, onto_key: str, filters: tuple, _store: GraphStore, _graph: nx.MultiDiGraph) -> tuple:
    from webapp import timeslice

    documents, _types, _predicates, modalities, _since, _until = filters
    dated = timeslice.in_view(_graph, _statement_dates(data, _store), documents, modalities)
    return dated, sorted({row["date"] for _, row in dated})


def dated(current: GraphStore, onto: OntologyState, filters: tuple, data: tuple, graph: nx.MultiDiGraph) -> tuple:
    """(statements, dates): the dated statements behind the filtered graph's relationships, each
    with its edge, and their distinct dates; cached so that a step of the time slider reads
    nothing from the store (do not modify)."""
    return _dated(data, onto.key, filters, current, graph)


@st.cache_resource(show_spinner=False, max_entries=8)  # a view of 2,000 entities holds some MB
def _drawing(signature: str, _build: Callable[[], Any]) -> Any:
    return _build()


def drawing(signature: tuple, build: Callable[[], Any]) -> Any:
    """What the graph widget is sent for one view (``build()``: a :class:`webapp.viz.Shown`),
    made once for ``signature`` (data key, filters, window, entities drawn, colours...) and shared
    between sessions and reruns: laying out and serialising a view is most of a view change, and
    going back to a view drawn before (a filter removed, the whole graph again) costs nothing. Do
    not modify it."""
    return _drawing(hashlib.sha256(repr(signature).encode()).hexdigest(), build)
