"""Fixtures: one real FalkorDB server per test session (in a short temporary folder), one graph
per test; the same contract tests also run on Neo4j when NEO4J_URI is set."""
from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from graph.config import resolve
from graph.engines.falkordb import FalkorDBStore
from graph.server import EmbeddedServer
from ontology.model import load_ontology

from tests.graph import factory

_COUNTER = itertools.count()


@pytest.fixture(scope="session")
def ontology():
    return load_ontology()


@pytest.fixture(scope="session")
def falkordb_server():
    """A FalkorDB server started for the session in a folder short enough for a unix socket."""
    folder = Path(tempfile.mkdtemp(prefix="tkg-"))
    server = EmbeddedServer(folder)
    server.acquire()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def _engines():
    engines = ["falkordb"]
    if os.environ.get("NEO4J_URI"):
        engines.append("neo4j")
    return engines


@pytest.fixture(params=_engines())
def store(request, falkordb_server):
    """An empty graph: a fresh FalkorDB graph key, or the wiped NEO4J_DATABASE."""
    if request.param == "falkordb":
        st = FalkorDBStore(falkordb_server.socket_path, f"t{os.getpid()}_{next(_COUNTER)}")
        st.ensure_schema()
        yield st
        st.drop()
        st.close()
    else:
        from graph.engines.neo4j import Neo4jStore

        config = resolve(os.environ["NEO4J_URI"])
        st = Neo4jStore.from_config(config)
        st.clear()
        st.ensure_schema()
        yield st
        st.clear()
        st.close()


@pytest.fixture
def falkor_store(falkordb_server):
    """A FalkorDB-only graph, for tests of FalkorDB specifics."""
    st = FalkorDBStore(falkordb_server.socket_path, f"f{os.getpid()}_{next(_COUNTER)}")
    st.ensure_schema()
    yield st
    st.drop()
    st.close()


@pytest.fixture
def loader(store, ontology):
    from graph.loader import Loader

    return Loader(store, ontology, batch_size=50)


@pytest.fixture
def make():
    return factory


@pytest.fixture
def small_disk():
    """A 2 MB tmpfs (root only; skipped elsewhere), unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mount = Path(tempfile.mkdtemp(prefix="tkd-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        os.rmdir(mount)
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    yield mount
    EmbeddedServer(mount / "g").stop()
    subprocess.run(["umount", "-l", str(mount)], check=False)
    os.rmdir(mount)


def fill_disk(folder: Path) -> None:
    """Take every free byte of the file system holding ``folder``."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
