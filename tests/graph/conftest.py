"""Fixtures: one real FalkorDB server per test session (in a short temporary folder), one graph
per test; and one real Neo4j 5.26 server per session (tests/neo4j_server.py; NEO4J_URI instead
when set), its database wiped around each test. ``store`` runs every test on both engines."""
from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from graph import engines
from graph.config import resolve
from graph.engines.falkordb import FalkorDBStore
from graph.server import EmbeddedServer
from ontology.model import load_ontology

from tests import neo4j_server
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


@pytest.fixture(scope="session")
def neo4j_url():
    """bolt:// URL of the session's Neo4j server (skips, saying how to enable it, without one)."""
    yield from neo4j_server.serve()


def open_neo4j(url: str):
    """An empty Neo4j store at ``url`` with the schema in place (credentials from NEO4J_USER /
    NEO4J_PASSWORD for an external server)."""
    config = resolve(url)
    st = engines.get(config.engine).store_class().from_config(config)
    st.clear()
    st.ensure_schema()
    return st


@pytest.fixture(params=engines.names())
def store(request, falkordb_server):
    """An empty graph on each engine: a fresh FalkorDB graph key, or the wiped Neo4j database."""
    if request.param == "falkordb":
        st = FalkorDBStore(falkordb_server.socket_path, f"t{os.getpid()}_{next(_COUNTER)}")
        st.ensure_schema()
        yield st
        st.drop()
        st.close()
    else:
        st = open_neo4j(request.getfixturevalue("neo4j_url"))
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
