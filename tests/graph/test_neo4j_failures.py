"""Neo4j unreachable, not Neo4j at all, or wrong credentials: one clear line, no traceback, no password.

The driver is the real one; only the server is faked (tests/graph/fake_bolt.py), because no Neo4j
server can run here. The fake records what it received, so each wrong-password test first proves
the password really went over the wire before checking it never comes back in a message or log.
"""
from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from graph.config import resolve
from graph.errors import ServerError
from graph.engines import open_store
from tests.graph.fake_bolt import HELLO, LOGON, FakeBolt

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "s3cret-pass"
WRONG_LOGIN = "authentication failed for user 'alice': wrong user name or password (NEO4J_USER, NEO4J_PASSWORD)"
NOT_BOLT = "no Bolt handshake from that port: it is not a Neo4j server (check the port, usually 7687)"
HTTP = "that port answers HTTP, not Bolt (Neo4j's Bolt port is usually 7687)"
REFUSED = "connection refused: is Neo4j running and listening on that port?"
ENV = {"NEO4J_USER": "alice", "NEO4J_PASSWORD": PASSWORD}


@pytest.fixture
def fake(request):
    """A fake Bolt endpoint in the mode given by indirect parametrisation (default: wrong login)."""
    with FakeBolt(getattr(request, "param", "auth")) as server:
        yield server


@pytest.fixture
def closed_port() -> int:
    """A local port nobody listens on (bound, then released)."""
    with socket.create_server(("127.0.0.1", 0)) as s:
        return s.getsockname()[1]


def connect_error(url: str, env=ENV) -> ServerError:
    with pytest.raises(ServerError) as info:
        open_store(resolve(url, env=env))
    error = info.value
    assert error.__cause__ is None and error.__suppress_context__  # no driver trace chained on
    return error


def assert_clean(text: str) -> None:
    assert "\n" not in text.strip() and "Traceback" not in text
    assert PASSWORD not in text and "s3cret" not in text


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_wrong_password_is_one_clear_line(fake, scheme, caplog):
    caplog.set_level(logging.DEBUG)
    url = fake.url.replace("bolt", scheme, 1)
    error = connect_error(url)
    assert fake.messages[:2] == [HELLO, LOGON] and PASSWORD.encode() in fake.received  # it was sent
    assert str(error) == f"cannot connect to Neo4j at {url}: {WRONG_LOGIN}"
    assert_clean(str(error))
    assert "C: LOGON" in caplog.text and "Unauthorized" in caplog.text  # the driver's debug log was on
    assert PASSWORD not in caplog.text


def test_password_in_the_url_is_not_echoed(fake):
    url = f"bolt://alice:{PASSWORD}@127.0.0.1:{fake.port}"
    error = connect_error(url, env={})
    assert PASSWORD.encode() in fake.received
    assert str(error) == f"cannot connect to Neo4j at {fake.url}: {WRONG_LOGIN}"


def test_missing_password_is_named(fake):
    error = connect_error(fake.url, env={"NEO4J_USER": "alice"})
    assert fake.messages[:2] == [HELLO, LOGON]
    assert str(error) == f"cannot connect to Neo4j at {fake.url}: authentication failed: NEO4J_PASSWORD is not set"


@pytest.mark.parametrize("fake, reason", [("close", NOT_BOLT), ("garbage", NOT_BOLT), ("http", HTTP)],
                         indirect=["fake"])
@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_not_a_bolt_server(fake, reason, scheme):
    url = fake.url.replace("bolt", scheme, 1)
    error = connect_error(url)
    assert str(error) == f"cannot connect to Neo4j at {url}: {reason}"
    assert PASSWORD.encode() not in fake.received  # nothing past the handshake was sent


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_unreachable(closed_port, scheme):
    url = f"{scheme}://127.0.0.1:{closed_port}"
    assert str(connect_error(url)) == f"cannot connect to Neo4j at {url}: {REFUSED}"
    url = f"{scheme}://no-such-host.invalid:7687"
    assert str(connect_error(url)) == f"cannot connect to Neo4j at {url}: unknown host 'no-such-host.invalid'"


def test_tls_to_a_plain_port(fake):
    url = fake.url.replace("bolt", "bolt+s", 1)
    assert str(connect_error(url)) == (f"cannot connect to Neo4j at {url}: TLS handshake failed "
                                       "(is TLS enabled on the server? bolt:// connects without TLS)")
    assert PASSWORD.encode() not in fake.received


def run_stats(url: str) -> subprocess.CompletedProcess:
    """``python -m graph stats`` in a fresh interpreter, pointed at ``url`` through the environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KG_"))}
    env.update(ENV, KG_GRAPH_URL=url)
    return subprocess.run([sys.executable, "-m", "graph", "stats"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("fake, reason", [("auth", WRONG_LOGIN), ("http", HTTP), ("close", NOT_BOLT)],
                         indirect=["fake"])
@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_cli_prints_one_line(fake, reason, scheme):
    url = fake.url.replace("bolt", scheme, 1)
    proc = run_stats(url)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == f"error: cannot connect to Neo4j at {url}: {reason}\n"  # nothing else, e.g. driver logs
    assert_clean(proc.stderr)
    if reason is WRONG_LOGIN:
        assert PASSWORD.encode() in fake.received


def test_cli_unreachable(closed_port):
    url = f"neo4j://127.0.0.1:{closed_port}"
    proc = run_stats(url)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == f"error: cannot connect to Neo4j at {url}: {REFUSED}\n"


@pytest.mark.parametrize("fake", ["silent"], indirect=True)
def test_silent_port_gives_up_within_the_connect_timeout(fake, monkeypatch):
    """A port that accepts and never answers: a clear line after the connect timeout, not a hang."""
    import time

    from graph.engines import neo4j as neo4j_engine

    monkeypatch.setattr(neo4j_engine, "CONNECT_TIMEOUT", 2.0)
    started = time.monotonic()
    error = connect_error(fake.url)
    assert time.monotonic() - started < 10
    assert str(error).startswith(f"cannot connect to Neo4j at {fake.url}: ")
    assert "handshake" in str(error) or "timed out" in str(error)
    assert_clean(str(error))
