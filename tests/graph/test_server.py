"""The embedded server: started as a child on a unix socket, shared between processes, stopped by
its last user, adopted after a crash."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import redis

from graph.config import resolve
from graph.errors import QueryError, ServerError
from graph.server import EmbeddedServer
from graph.engines import open_store

from tests.graph.conftest import fill_disk

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir():
    folder = Path(tempfile.mkdtemp(prefix="tkg-"))
    yield folder
    EmbeddedServer(folder).stop()
    shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie of ours counts as gone
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().split()[2] != "Z"


def _worker_open(folder: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "tests.graph.workers", "open", str(folder)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return proc


def test_embedded_server_runs_on_a_private_socket_with_append_only_file(data_dir):
    store = open_store(resolve(env={"KG_DATA_DIR": str(data_dir)}))
    try:
        conn = store.connection
        assert conn.config_get("port")["port"] == "0"  # no TCP port
        assert conn.config_get("appendonly")["appendonly"] == "yes"
        assert Path(conn.config_get("dir")["dir"]) == data_dir
        sock = data_dir / "falkordb.sock"
        assert stat.S_ISSOCK(sock.stat().st_mode) and stat.S_IMODE(sock.stat().st_mode) == 0o700
        assert "graph" in {m["name"] for m in conn.module_list()}
        assert store._server.started_here
        pid = conn.info("server")["process_id"]
    finally:
        store.close()
    assert not _alive(pid), "the last user must stop the server"
    assert (data_dir / "appendonlydir").is_dir()


def test_second_process_reuses_the_running_server_and_last_user_stops_it(data_dir):
    store = open_store(resolve(env={"KG_DATA_DIR": str(data_dir)}))
    pid = store.connection.info("server")["process_id"]
    other = _worker_open(data_dir)
    try:
        line = other.stdout.readline().strip()
        assert line == f"pid={pid} started_here=False"
        store.close()  # the starter leaves first: the other process still uses the server
        assert _alive(pid)
        assert redis.Redis(unix_socket_path=str(data_dir / "falkordb.sock")).ping()
        other.stdin.write("\n")
        other.stdin.flush()
        assert other.stdout.readline().strip() == "closed"
        assert other.wait(timeout=30) == 0
    finally:
        if other.poll() is None:
            other.kill()
    assert not _alive(pid)


def test_server_of_a_killed_process_is_adopted_and_data_survives(data_dir):
    other = _worker_open(data_dir)
    pid = int(other.stdout.readline().split()[0].split("=")[1])
    store = open_store(resolve(env={"KG_DATA_DIR": str(data_dir)}))
    store.run("CREATE (:Entity {id: 'kept'})", read_only=False)
    store.close()  # another client (the worker) is connected: keep running
    other.kill()
    other.wait()
    assert _alive(pid)
    again = open_store(resolve(env={"KG_DATA_DIR": str(data_dir)}))
    assert again.connection.info("server")["process_id"] == pid  # adopted, not restarted
    again.close()
    assert not _alive(pid)
    # after a full stop the data comes back from the append-only file
    third = open_store(resolve(env={"KG_DATA_DIR": str(data_dir)}))
    try:
        assert third.run("MATCH (n:Entity) RETURN n.id AS id") == [{"id": "kept"}]
    finally:
        third.close()


def test_stale_socket_file_is_replaced(data_dir):
    (data_dir / "falkordb.sock").write_text("left over")
    store = open_store(resolve(env={"KG_DATA_DIR": str(data_dir)}))
    try:
        assert store.run("RETURN 1 AS one") == [{"one": 1}]
    finally:
        store.close()


def test_too_long_data_folder_is_refused_with_a_clear_message(tmp_path):
    deep = tmp_path / ("x" * 120)
    with pytest.raises(ServerError, match="too long for a unix socket"):
        EmbeddedServer(deep)


def test_killed_server_is_restarted_by_its_user_and_acknowledged_writes_survive(data_dir):
    """kill -9 of the server under a running client: the next read restarts it from the
    append-only file (every write it acknowledged is back), a write in flight is reported, not
    repeated, and the restart is handed out once as a notice for the user."""
    store = open_store(resolve(env={"KG_DATA_DIR": str(data_dir)}))
    try:
        store.run("UNWIND range(1, 500) AS i CREATE (:Entity {id: 'e' + toString(i)})", read_only=False)
        pid = store.connection.info("server")["process_id"]
        os.kill(pid, 9)
        rows = store.run("MATCH (n:Entity) RETURN count(n) AS n")  # restarts, then reads again
        assert rows == [{"n": 500}]
        new_pid = store.connection.info("server")["process_id"]
        assert new_pid != pid and not _alive(pid)  # the dead child was reaped, no zombie left
        [notice] = store.revive()
        assert "had stopped and was restarted" in notice and str(data_dir) in notice
        assert store.revive() == []  # handed out once

        os.kill(new_pid, 9)
        with pytest.raises(QueryError, match="restarted .* this write may not have been applied"):
            store.run("CREATE (:Entity {id: 'maybe'})", read_only=False)
        store.run("MERGE (:Entity {id: 'maybe'})", read_only=False)
        assert store.run("MATCH (n:Entity) RETURN count(n) AS n") == [{"n": 501}]

        os.kill(store.connection.info("server")["process_id"], 9)
        assert len(store.revive()) == 2  # the write's restart and the one found by the check
        assert store.run("MATCH (n:Entity {id: 'maybe'}) RETURN count(n) AS n") == [{"n": 1}]
    finally:
        store.close()


def test_external_server_is_not_restarted(data_dir):
    """A FalkorDB the user runs (unix:// URL) is not ours to start: a clear error instead."""
    server = EmbeddedServer(data_dir)
    socket = server.acquire()
    store = open_store(resolve(f"unix://{socket}", env={}))
    try:
        server.stop()
        with pytest.raises(QueryError, match="lost the connection to FalkorDB"):
            store.run("RETURN 1 AS x")
        with pytest.raises(ServerError, match="does not answer"):
            store.revive()
    finally:
        store.close()


# ----------------------------------------------------------------------------- memory

def _server_pid(store) -> int:
    return int(store.connection.info("server")["process_id"])


def test_server_memory_is_capped_per_query_and_in_total(data_dir):
    store = open_store(resolve(env={"KG_DATA_DIR": str(data_dir), "KG_STORE_MEMORY": "64mb"}))
    try:
        conn = store.connection
        assert int(conn.config_get("maxmemory")["maxmemory"]) == 64 * 1024 ** 2
        assert conn.config_get("maxmemory-policy")["maxmemory-policy"] == "noeviction"
        assert conn.execute_command("GRAPH.CONFIG", "GET", "QUERY_MEM_CAPACITY")[1] == 16 * 1024 ** 2
        with open(f"/proc/{_server_pid(store)}/limits") as handle:
            limits = handle.read()
        address_space = [line for line in limits.splitlines() if line.startswith("Max address space")][0]
        assert address_space.split()[3] == str(2 * 64 * 1024 ** 2 + 1024 ** 3)
        store.run("CREATE (:Entity {id: 'x'})", read_only=False)
        with pytest.raises(QueryError, match="more memory than one query may use") as info:
            store.run("UNWIND range(1, 3000000) AS x RETURN size(collect(x)) AS n", user=True)
        assert "\n" not in str(info.value)
        assert store.run("MATCH (n:Entity) RETURN count(n) AS n") == [{"n": 1}]
    finally:
        store.close()


def test_bad_store_memory_setting_is_one_clear_line():
    from graph.errors import ConfigError

    with pytest.raises(ConfigError, match="KG_STORE_MEMORY 'lots' is not a size"):
        resolve(env={"KG_STORE_MEMORY": "lots"})


def test_a_user_query_that_stops_the_server_is_not_sent_again(data_dir):
    """``range(1, 2000000000)`` asks for 32 GB at once, which no per-query cap sees (the guard
    refuses it written with literal bounds; computed, it reaches the server): the address-space
    limit makes the allocation fail, so the server stops at once instead of taking the machine's
    memory; the client restarts it once and says why, and does not send the query to the new
    server (before, it did, and the second server grew to 24 GB)."""
    store = open_store(resolve(env={"KG_DATA_DIR": str(data_dir), "KG_STORE_MEMORY": "64mb"}))
    try:
        store.run("CREATE (:Entity {id: 'kept'})", read_only=False)
        first = _server_pid(store)
        with pytest.raises(QueryError) as info:
            store.run("UNWIND range(1, toInteger('2000000000')) AS x RETURN count(x) AS n", user=True,
                      timeout=10)
        message = str(info.value)
        assert "stopped while running this query" in message and "ran out of memory" in message
        assert "not run again" in message and "\n" not in message
        log = (data_dir / "falkordb.log").read_text(errors="replace")
        assert log.count("Redis is starting") == 2  # the first server and one restart: not sent again
        assert _server_pid(store) != first
        assert store.run("MATCH (n:Entity) RETURN n.id AS id") == [{"id": "kept"}]
    finally:
        store.close()


# ----------------------------------------------------------------------------- privacy

def test_data_folder_and_files_are_private(tmp_path):
    folder = tmp_path / "g"
    folder.mkdir(mode=0o755)
    (folder / "server.lock").touch(mode=0o644)  # made by an older version: tightened
    os.chmod(folder / "server.lock", 0o644)
    store = open_store(resolve(env={"KG_DATA_DIR": str(folder)}))
    try:
        store.run("CREATE (:Entity {id: 'secret'})", read_only=False)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        files = [p for p in folder.rglob("*") if not p.is_socket()]
        assert {p.name for p in files} >= {"server.lock", "falkordb.log", "appendonlydir"}
        for path in files:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    finally:
        store.close()
        EmbeddedServer(folder).stop()


def test_a_new_data_folder_is_private(tmp_path):
    folder = tmp_path / "new" / "g"
    server = EmbeddedServer(folder)
    try:
        server.acquire()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE((folder / "server.lock").stat().st_mode) == 0o600
    finally:
        server.stop()


# ----------------------------------------------------------------------------- full disk

def test_a_full_disk_before_start_says_so(small_disk):
    (small_disk / "g").mkdir()
    fill_disk(small_disk)
    with pytest.raises(ServerError) as info:
        open_store(resolve(env={"KG_DATA_DIR": str(small_disk / "g")}))
    message = str(info.value)
    assert "cannot start FalkorDB" in message and f"the disk holding {small_disk / 'g'} is full" in message
    assert "\n" not in message
