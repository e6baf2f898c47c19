"""Settings: which engine and graph this session uses, the folders the app keeps its data in, and
connecting to Neo4j by URI (credentials from the environment or Streamlit secrets, never typed
into the page) with a connection test."""
from __future__ import annotations

import os
from pathlib import Path
import streamlit as st

from graph import views
from graph import engines
from graph.errors import GraphError
from graph.engines import open_store
from webapp import state
from webapp.config import NEO4J_KEYS

URL_INPUT = "settings.url"


def test_connection(url: str) -> tuple[bool, str]:
    """Open the graph at ``url``, count its documents, close it: (success, message)."""
    url = (url or "").strip()
    if not url:
        return False, "Enter a graph URL, e.g. bolt://localhost:7687"
    try:
        config = state.graph_config(url)
        with open_store(config) as store:
            n = views.counts(store)["documents"]
        return True, f"Connected to {config.redacted_url}: {n} document(s) stored."
    except GraphError as exc:
        return False, f"Connection failed: {exc}"


def credential_sources() -> dict[str, str]:
    """Where each Neo4j setting comes from (values never shown)."""
    secrets = state.secrets()
    table = secrets.get("neo4j", {}) if isinstance(secrets.get("neo4j", {}), dict) else {}
    out = {}
    for key in NEO4J_KEYS:
        short = key.removeprefix("NEO4J_").lower()
        if os.environ.get(key):
            out[key] = "set in the environment"
        elif secrets.get(key) or table.get(short):
            out[key] = "set in Streamlit secrets"
        else:
            out[key] = "not set"
    return out


def render() -> None:
    st.title("Settings", anchor=False)
    app = state.settings()
    override = st.session_state.get(state.URL_OVERRIDE)
    st.subheader("Graph in use", anchor=False)
    try:
        config = state.graph_config()
        store = state.store()
        counts = views.counts(store)
        st.success(f"**{engines.label(config)}** · {store.description}")
        st.caption(f"Graph name `{config.graph_name}` · {counts['documents']} documents, {counts['entities']} "
                   f"entities, {counts['statements']} statements, {counts['relationships']} relationships")
    except GraphError as exc:
        config = None
        st.error(f"Cannot open the graph: {exc}")
    if override:
        st.info(f"This browser session uses {override} (chosen below); other sessions use the default.")
        if st.button("Back to the default graph", key="settings.default"):
            st.session_state.pop(state.URL_OVERRIDE, None)
            st.rerun()

    st.subheader("Folders", anchor=False)
    data_dir = config.data_dir if config is not None and config.data_dir is not None else None
    rows = [("Embedded graph data (KG_DATA_DIR)", data_dir),
            ("Uploaded documents (KG_UPLOAD_DIR)", app.upload_dir),
            ("Ontology edits (KG_ONTOLOGY_DIR)", app.ontology_dir),
            ("Sample corpus (KG_SAMPLE_DIR)", app.sample_dir)]
    for label, path in rows:
        st.markdown(f"**{label}:** " + (f"`{Path(path).resolve()}` ({_size(Path(path))})" if path else "—"))

    st.subheader("Connect to Neo4j", anchor=False)
    st.caption("Credentials come from the environment (NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) or from "
               "`.streamlit/secrets.toml` (a `[neo4j]` table with `user`, `password`, `database`); the "
               "environment wins. The URL may also be given to the app as KG_GRAPH_URL.")
    sources = credential_sources()
    st.markdown(" · ".join(f"`{k}`: {v}" for k, v in sources.items()))
    servers = [e for e in engines.ENGINES.values() if e.name != engines.DEFAULT]
    st.caption("Engines: " + " · ".join(f"{e.label} ({', '.join(s + ':' for s in e.schemes)})"
                                        for e in engines.ENGINES.values()))
    default = override or (app.graph_url if app.graph_url and app.graph_url.split(":")[0] in engines.schemes(True)
                           else servers[0].example)
    st.session_state.setdefault(URL_INPUT, default)
    url = st.text_input("Neo4j URI", key=URL_INPUT, help=", ".join(f"{s}://" for s in engines.schemes(True)))
    cols = st.columns([1, 1, 3])
    if cols[0].button("Test the connection", key="settings.test"):
        ok, message = test_connection(url)
        (st.success if ok else st.error)(message)
    if cols[1].button("Use this graph", key="settings.use"):
        ok, message = test_connection(url)
        if ok:
            st.session_state[state.URL_OVERRIDE] = url.strip()
            st.rerun()
        st.error(message)


def _size(path: Path) -> str:
    if not path.exists():
        return "not created yet"
    if path.is_file():
        total = path.stat().st_size
    else:
        total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_socket())
    for unit in ("bytes", "KB", "MB", "GB"):
        if total < 1024 or unit == "GB":
            return f"{total:.0f} {unit}" if unit == "bytes" else f"{total:.1f} {unit}"
        total /= 1024
    return ""
