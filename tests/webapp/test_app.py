"""The whole app (app.py): a fresh embedded graph gets the sample corpus on the first run, with a
progress bar, before the Explore page draws it; the embedded server stops with the app."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph.server import EmbeddedServer
from webapp.ingest import SAMPLE_MARKER
from tests.webapp.conftest import REPO, TIMEOUT, graph_data, texts


@pytest.fixture
def fresh(monkeypatch):
    folder = Path(tempfile.mkdtemp(prefix="tkg-"))  # short: the socket path must fit
    for key in ("KG_GRAPH_URL", "KG_GRAPH_NAME", "KG_SAMPLE_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("KG_DATA_DIR", str(folder / "g"))
    monkeypatch.setenv("KG_ONTOLOGY_DIR", str(folder / "o"))
    monkeypatch.setenv("KG_UPLOAD_DIR", str(folder / "u"))
    yield folder
    st.cache_resource.clear()
    server = EmbeddedServer(folder / "g")
    stopped = not server._answers()
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)
    assert stopped, "closing the app's store must stop the embedded FalkorDB it started"


def test_first_run_loads_the_sample_then_shows_the_graph(fresh):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "loading the sample corpus" in at.info[0].value
    bar = at.get("progress")[0].proto
    assert bar.value == 100 and "done, 10 document(s) loaded" in bar.text
    assert at.title[0].value == "Explore"
    nodes = graph_data(at)["nodes"]
    assert len(nodes) > 40 and {"russia", "nato", "open_skies_treaty"} <= {n["id"] for n in nodes}
    assert (fresh / "g" / SAMPLE_MARKER).exists()
    at.run()  # later runs do not load it again
    assert not at.get("progress") and "Welcome" not in texts(at)


def test_emptied_graph_is_not_refilled(fresh):
    (fresh / "g").mkdir(parents=True)
    (fresh / "g" / SAMPLE_MARKER).write_text("loaded before")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception and not at.get("progress")
    assert "The graph is empty" in at.info[0].value
    at.button(key="explore.sample").click().run()  # unless the user asks for it
    assert not at.exception and graph_data(at)["nodes"]
