"""The embedded FalkorDB server killed while the app runs: the next page run restarts it from its
append-only file, says so once, and shows the same graph (the app owns its server here, unlike the
other app tests, which share the session's server through a unix:// URL)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import redis
import streamlit as st

from graph import views
from graph.config import resolve
from graph.loader import Loader
from graph.server import SOCKET_NAME, EmbeddedServer
from graph.engines import open_store

from tests.webapp.conftest import graph_data, page


@pytest.fixture
def embedded_app(sample_results, ontology):
    folder = Path(tempfile.mkdtemp(prefix="tkg-"))
    env = {"KG_DATA_DIR": str(folder / "g"), "KG_ONTOLOGY_DIR": str(folder / "ontology"),
           "KG_UPLOAD_DIR": str(folder / "uploads"), "KG_SAMPLE_DIR": "none"}
    with open_store(resolve(env=env)) as store:
        Loader(store, ontology).load(sample_results)
        counts = views.counts(store)
    with pytest.MonkeyPatch.context() as patch:
        for key in ("KG_GRAPH_URL", "KG_GRAPH_NAME", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
            patch.delenv(key, raising=False)
        for key, value in env.items():
            patch.setenv(key, value)
        yield folder / "g", counts
        st.cache_resource.clear()  # closes the app's store, whose last user stops the server
    EmbeddedServer(folder / "g").stop()
    shutil.rmtree(folder, ignore_errors=True)


def _server_pid(data_dir: Path) -> int:
    probe = redis.Redis(unix_socket_path=str(data_dir / SOCKET_NAME))
    try:
        return int(probe.info("server")["process_id"])
    finally:
        probe.close()


def test_killed_server_is_restarted_and_reported_once(embedded_app):
    data_dir, counts = embedded_app
    at = page("explore").run()
    assert not at.exception and not at.warning
    shown = len(graph_data(at)["nodes"])
    assert shown > 0
    pid = _server_pid(data_dir)

    os.kill(pid, 9)
    at.run()
    assert not at.exception and not at.error
    warnings = [w.value for w in at.warning]
    assert any("had stopped and was restarted from its append-only file" in w for w in warnings), warnings
    assert _server_pid(data_dir) != pid
    assert len(graph_data(at)["nodes"]) == shown  # the same graph, nothing lost
    with open_store(resolve(env={"KG_DATA_DIR": str(data_dir)})) as store:
        assert views.counts(store) == counts

    at.run()
    assert not any("restarted" in w.value for w in at.warning)  # said once
