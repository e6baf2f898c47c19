"""The tests' Neo4j server: ``NEO4J_URI`` when set, else tools/neo4j-server started once for the
session (stopped by closing its standard input, so it cannot outlive pytest)."""
from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest

REPO = Path(__file__).resolve().parents[1]
LAUNCHER = REPO / "tools" / "neo4j-server" / "run"
BUILT = REPO / "tools" / "neo4j-server" / "target" / "classpath.txt"
ENABLE = ("to run the Neo4j cases, build the test server with `mvn -q -f tools/neo4j-server package` "
          "(Java 17 and Maven; .ci/run does it) or point NEO4J_URI at a Neo4j 5 server")
START_TIMEOUT = 180.0
STOP_TIMEOUT = 90.0


def unavailable() -> str | None:
    """Why there is no Neo4j for the tests, or None."""
    if os.environ.get("NEO4J_URI"):
        return None
    if shutil.which("java") is None:
        return "no Java on PATH; " + ENABLE
    if not BUILT.exists():
        return "tools/neo4j-server is not built; " + ENABLE
    return None


def serve() -> Iterator[str]:
    """Yield the URL of a Neo4j server for the session; skip (saying how to enable) without one."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    log = tempfile.NamedTemporaryFile(prefix="tkg-neo4j-", suffix=".log", delete=False)
    proc = subprocess.Popen([str(LAUNCHER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                            cwd=REPO)
    try:
        url = _first_line(proc, START_TIMEOUT)
        if not url.startswith("bolt://"):
            log.flush()
            tail = Path(log.name).read_text(errors="replace")[-2000:]
            pytest.fail(f"tools/neo4j-server/run did not start (first line {url!r}); its log ends:\n{tail}")
        yield url
    finally:
        proc.stdin.close()
        try:
            proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise AssertionError(f"the Neo4j test server did not stop within {STOP_TIMEOUT:g} s of its "
                                 "standard input closing; killed")
        finally:
            log.close()
            os.unlink(log.name)


def _first_line(proc: subprocess.Popen, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if sel.select(0.5):
                return proc.stdout.readline().decode().strip()
            if proc.poll() is not None:
                return ""
    return ""
