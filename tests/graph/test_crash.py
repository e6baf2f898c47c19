"""A document is all or nothing, also when the loading process or the server is killed (kill -9),
and re-running the ingest completes the graph."""
from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from graph.engines.falkordb import FalkorDBStore
from graph.loader import Loader
from graph.server import EmbeddedServer

from tests.graph import factory
from tests.graph.snapshot import direct

ROOT = Path(__file__).resolve().parents[2]
N_DOCS, PER_DOC = 30, 600
_COUNTER = itertools.count()


def _start_loader(store, mode: str = "load") -> subprocess.Popen:
    """A loader process on ``store``'s graph (FalkorDB: its graph key; Neo4j: its database)."""
    where = getattr(store, "url", None) or f"unix://{store.socket_path}"
    graph = getattr(store, "graph_name", "unused")
    proc = subprocess.Popen([sys.executable, "-m", "tests.graph.workers", mode, where, graph,
                             str(N_DOCS), str(PER_DOC)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _wait_for(proc: subprocess.Popen, line: str) -> None:
    for got in proc.stdout:
        if got.strip() == line:
            return
    raise AssertionError(f"worker ended before printing {line!r}")


def assert_consistent(store) -> set[str]:
    """Every visible document is complete and the direct relationships match the statements."""
    docs = store.run("MATCH (d:Document) OPTIONAL MATCH (d)<-[:FROM]-(st:Statement) "
                     "RETURN d.path AS path, count(st) AS n")
    assert all(r["n"] == PER_DOC for r in docs), [r for r in docs if r["n"] != PER_DOC]
    orphans = store.run("MATCH (st:Statement) OPTIONAL MATCH (st)-[:FROM]->(d:Document) "
                        "WITH st, count(d) AS n WHERE n = 0 RETURN count(st) AS n")
    assert orphans == [{"n": 0}]
    total = store.run("MATCH (:Entity)-[r]->(:Entity) RETURN sum(r.count) AS n")[0]["n"] or 0
    assert total == len(docs) * PER_DOC
    return {r["path"] for r in docs}


def _complete_and_compare(store, ontology, loaded: set[str]) -> None:
    """Load the rest; the graph then equals one loaded in one go (into the same store, wiped)."""
    results = factory.synthetic(N_DOCS, PER_DOC)
    report = Loader(store, ontology, batch_size=500).load(results)
    assert {r.document.path for r in results if r.document.id in report.unchanged} == loaded
    assert len(report.loaded) == N_DOCS - len(loaded)
    completed = _fingerprint(store)
    store.clear()
    Loader(store, ontology).load(results)
    assert completed == _fingerprint(store)


def _fingerprint(store) -> tuple:
    """Which statement hangs off which document, and every direct relationship (a full snapshot
    of tens of thousands of nodes would take seconds to fetch)."""
    rows = store.run("MATCH (st:Statement)-[:FROM]->(d:Document) RETURN st.id AS s, d.id AS d")
    return sorted((r["s"], r["d"]) for r in rows), direct(store)


def test_killed_loader_leaves_no_half_loaded_document(store, ontology):
    """FalkorDB: MULTI/EXEC never reaches EXEC; Neo4j: the server rolls back the open
    transaction of a connection that went away."""
    proc = _start_loader(store)
    try:
        _wait_for(proc, "loaded 2")
        time.sleep(0.03)  # somewhere inside the next document's load
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    loaded = assert_consistent(store)
    assert 3 <= len(loaded) < N_DOCS
    _complete_and_compare(store, ontology, loaded)


def test_killed_bulk_load_leaves_no_half_loaded_document(store, ontology):
    """One load() call: units are written by a helper thread while the next is prepared."""
    proc = _start_loader(store, mode="bulk")
    try:
        _wait_for(proc, "loaded 3")
        time.sleep(0.03)  # somewhere inside the next unit's transaction (or preparing it)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    loaded = assert_consistent(store)
    assert 4 <= len(loaded) < N_DOCS
    _complete_and_compare(store, ontology, loaded)


@pytest.fixture
def own_server():
    folder = Path(tempfile.mkdtemp(prefix="tkg-"))
    server = EmbeddedServer(folder)
    server.acquire()
    yield server
    EmbeddedServer(folder).stop()
    shutil.rmtree(folder, ignore_errors=True)


def test_killed_server_restarts_from_the_append_only_file_without_partial_documents(own_server, ontology):
    store = FalkorDBStore(own_server.socket_path, "g")
    store.ensure_schema()
    server_pid = int(store.connection.info("server")["process_id"])
    store.close()
    proc = _start_loader(store)
    try:
        _wait_for(proc, "loaded 4")
        time.sleep(0.03)
        os.kill(server_pid, signal.SIGKILL)  # the server dies first, mid-load
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    time.sleep(1.1)  # appendfsync everysec: what was written before the kill is on disk
    restarted = EmbeddedServer(own_server.data_dir)
    restarted.acquire()
    store = FalkorDBStore(restarted.socket_path, "g")
    try:
        assert int(store.connection.info("server")["process_id"]) != server_pid
        loaded = assert_consistent(store)
        assert len(loaded) >= 5
        _complete_and_compare(store, ontology, loaded)
    finally:
        store.close()


def test_torn_append_only_file_drops_the_incomplete_document(own_server, ontology):
    store = FalkorDBStore(own_server.socket_path, "g")
    store.ensure_schema()
    first, second = factory.synthetic(2, PER_DOC)
    Loader(store, ontology).load([first])
    Loader(store, ontology).load([second])
    store.close()
    own_server.stop()
    aof = max((own_server.data_dir / "appendonlydir").glob("*.incr.aof"), key=lambda p: p.stat().st_mtime)
    data = aof.read_bytes()
    multi = data.rindex(b"*1\r\n$5\r\nMULTI\r\n")
    exec_ = data.rindex(b"*1\r\n$4\r\nEXEC\r\n")
    assert multi < exec_
    aof.write_bytes(data[: (multi + exec_) // 2])  # power cut in the middle of the last document
    server = EmbeddedServer(own_server.data_dir)
    server.acquire()
    store = FalkorDBStore(server.socket_path, "g")
    try:
        loaded = assert_consistent(store)
        assert loaded == {first.document.path}
    finally:
        store.close()
