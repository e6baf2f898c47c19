"""tools/neo4j-server/run: prints its Bolt URL once the server answers, keeps its data in a
temporary folder, and on SIGTERM stops and removes that folder (closing its standard input does
the same: the session fixture's teardown checks that one on every run)."""
from __future__ import annotations

import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests import neo4j_server


def _folders() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("tkg-neo4j-*"))


def test_sigterm_stops_the_server_and_removes_its_data():
    reason = neo4j_server.unavailable()
    if reason or neo4j_server.os.environ.get("NEO4J_URI"):
        pytest.skip(reason or "NEO4J_URI is set: the launcher is not used")
    from neo4j import GraphDatabase

    before = _folders()
    proc = subprocess.Popen([str(neo4j_server.LAUNCHER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        url = neo4j_server._first_line(proc, neo4j_server.START_TIMEOUT)
        assert url.startswith("bolt://127.0.0.1:"), url
        created = _folders() - before
        assert len(created) == 1 and (next(iter(created)) / "data").is_dir()
        with GraphDatabase.driver(url, auth=None) as driver:
            records = driver.execute_query("CALL dbms.components() YIELD versions, edition "
                                           "RETURN versions[0] AS v, edition").records
        assert (records[0]["v"], records[0]["edition"]) == ("5.26.0", "community")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(neo4j_server.STOP_TIMEOUT) == 0
        assert not (_folders() - before)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
