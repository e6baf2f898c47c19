"""Fixtures for the app's AppTest tests: the sample corpus extracted once per session (real spaCy)
and loaded into a graph of its own per test module on the session's real FalkorDB server
(tests/graph/conftest.py), or into the session's Neo4j server for modules that ask for both engines; the app is pointed at it and at temporary folders through the
environment, and every store the app opened is closed when the module ends."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph.engines.falkordb import FalkorDBStore
from graph.loader import Loader
from services.sources import extract_sources, find_sources
from graph import engines
from tests.graph.conftest import falkordb_server, neo4j_url, ontology, open_neo4j  # noqa: F401  (fixtures reused)

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"
TIMEOUT = 120


@pytest.fixture(scope="session")
def sample_results(extractor):
    """The sample corpus extracted once for the whole session."""
    return list(extract_sources(find_sources([SAMPLE]), extractor))


def pytest_generate_tests(metafunc):
    """Modules that set ``BOTH_ENGINES = True`` run their app tests on every engine (those whose
    pages exercise the store: documents, explore, insights, ontology edits, query)."""
    if "app_env" in metafunc.fixturenames and getattr(metafunc.module, "BOTH_ENGINES", False):
        metafunc.parametrize("app_engine", engines.names(), indirect=True, scope="module")


@pytest.fixture(scope="module")
def app_engine(request):
    """The engine of this module's graph: the default unless the module asks for both."""
    return getattr(request, "param", engines.DEFAULT)


@pytest.fixture(scope="module")
def app_results(sample_results):
    """What a module's graph is loaded with: the sample corpus, unless the module overrides this
    fixture with documents of its own."""
    return sample_results


@pytest.fixture(scope="module")
def app_env(request, app_engine, falkordb_server, app_results, ontology):
    """A graph with the module's documents (:func:`app_results`), and the app's environment
    pointing at it."""
    name = "app_" + request.module.__name__.rsplit(".", 1)[-1]
    if app_engine == engines.DEFAULT:
        store = FalkorDBStore(falkordb_server.socket_path, name)
        store.drop()
        store.ensure_schema()
        url = f"unix://{falkordb_server.socket_path}"
    else:
        url = request.getfixturevalue("neo4j_url")
        store = open_neo4j(url)
    Loader(store, ontology).load(app_results)
    folder = Path(tempfile.mkdtemp(prefix="tkg-app-"))
    env = {"KG_GRAPH_URL": url, "KG_GRAPH_NAME": name,
           "KG_ONTOLOGY_DIR": str(folder / "ontology"), "KG_UPLOAD_DIR": str(folder / "uploads"),
           "KG_SAMPLE_DIR": "none"}
    with pytest.MonkeyPatch.context() as patch:
        for key in ("KG_DATA_DIR", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
            patch.delenv(key, raising=False)
        for key, value in env.items():
            patch.setenv(key, value)
        yield SimpleNamespace(store=store, folder=folder, env=env, name=name)
        st.cache_resource.clear()  # closes the stores the app opened (on_release)
    store.drop()
    store.close()
    shutil.rmtree(folder, ignore_errors=True)


def page(name: str) -> AppTest:
    """One page of the app, run on its own (the navigation is tested with app.py)."""
    return AppTest.from_string(f"from webapp.pages.{name} import render\nrender()\n", default_timeout=TIMEOUT)


def widget_data(at: AppTest, index: int = 0) -> dict:
    """What the ``index``-th neo4j-viz widget sends to the browser (nodes, relationships, legend),
    ids as the widget has them (with Explore's layout token)."""
    widgets = [e for e in at.main if type(e).__name__ == "UnknownElement"
               and getattr(e.proto, "component_name", "") == "neo4j_viz_graph"]
    return json.loads(widgets[index].proto.json)


def graph_data(at: AppTest, index: int = 0) -> dict:
    """:func:`widget_data` with plain ids: entity ids, and relationship ids "subject|TYPE|object"."""
    from webapp.viz import plain_id

    data = widget_data(at, index)
    data["nodes"] = [dict(n, id=plain_id(n["id"])) for n in data["nodes"]]
    data["relationships"] = [dict(r, id=plain_id(r["id"]), **{"from": plain_id(r["from"]), "to": plain_id(r["to"])})
                             for r in data["relationships"]]
    return data


def widget_id(at: AppTest, entity: str) -> str:
    """The id the widget has for an entity or relationship drawn (what a click in it reports)."""
    from webapp.viz import plain_id

    data = widget_data(at)
    return next(item["id"] for item in data["nodes"] + data["relationships"] if plain_id(item["id"]) == entity)


def texts(at: AppTest) -> str:
    """Everything written as markdown, captions, headings and alerts, in one string."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def unescape(text: str) -> str:
    from webapp.text import plain

    return plain(text)
