"""The FalkorDB engine under failures: a full disk (nothing reported as stored is lost, reads
still answer, one line everywhere) and a server restarted before a write was sent."""
from __future__ import annotations

import os
import signal

import pytest
import redis

from graph.cli import main
from graph.config import resolve
from graph.errors import LoadError, QueryError
from graph.loader import Loader
from graph.server import EmbeddedServer
from graph.engines import open_store

from tests.graph import factory
from tests.graph.conftest import fill_disk


def _documents(store) -> set[str]:
    return {r["path"] for r in store.run("MATCH (d:Document) RETURN d.path AS path")}


def test_a_full_disk_is_one_line_and_nothing_reported_loaded_is_lost(small_disk, ontology):
    folder = small_disk / "g"
    docs = factory.synthetic(30, 40)
    store = open_store(resolve(env={"KG_DATA_DIR": str(folder)}))
    reported: set[str] = set()
    try:
        loader = Loader(store, ontology, batch_size=200)
        first = set(loader.load(docs[:5]).loaded)
        reported |= {r.document.path for r in docs[:5] if r.document.id in first}
        fill_disk(small_disk)
        with pytest.raises(LoadError) as info:
            for result in docs[5:]:  # document by document, as the app's uploads
                report = loader.load([result])
                reported |= {result.document.path for _ in report.loaded}
        message = str(info.value)
        assert "the store cannot write to disk (No space left on device)" in message, message
        assert f"free space on the disk holding {folder}" in message and "\n" not in message
        # reads still answer, and the app is told why writes fail
        assert _documents(store) >= reported
        [notice] = store.revive()
        assert "cannot write to disk" in notice and "reading works" in notice
        with pytest.raises(QueryError, match="cannot write to disk"):
            store.run("CREATE (:Entity {id: 'x'})", read_only=False)
        # the server stops before space is freed: what was reported loaded is on disk
        os.kill(int(store.connection.info("server")["process_id"]), signal.SIGKILL)
    finally:
        store.close()
    os.unlink(small_disk / "filler")
    again = open_store(resolve(env={"KG_DATA_DIR": str(folder)}))
    try:
        assert _documents(again) >= reported and len(reported) >= 5
    finally:
        again.close()


def test_the_cli_on_a_full_disk_prints_one_line(small_disk, capsys):
    folder = small_disk / "g"
    server = EmbeddedServer(folder)
    server.acquire()
    keeper = redis.Redis(unix_socket_path=str(server.socket_path))  # another user keeps it running
    keeper.ping()
    fill_disk(small_disk)
    args = ["--data-dir", str(folder)]
    try:
        code = main([*args, "query", "CREATE (:Entity {id: 'y'})", "--write"])
        out, err = capsys.readouterr()
        assert code == 1 and err.count("\n") == 1 and err.startswith("error: the store cannot write to disk")
        assert "Traceback" not in err and "MISCONF" not in err
        code = main([*args, "query", "MATCH (n:Entity) RETURN count(n) AS n", "--json"])
        out, err = capsys.readouterr()
        assert code == 0 and err == ""  # reads still answer
    finally:
        keeper.close()
        server.stop()
    # stopped while the disk is full: it cannot start again, and says why at once
    code = main([*args, "stats"])
    out, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1 and f"the disk holding {folder} is full" in err


def test_a_restart_before_anything_was_sent_is_not_a_failure(tmp_path, ontology):
    """The server killed between two loads: the next load finds it gone before it sends its
    transaction, restarts it and loads (before: "this write may not have been applied")."""
    store = open_store(resolve(env={"KG_DATA_DIR": str(tmp_path / "g")}))
    try:
        docs = factory.synthetic(4, 10)
        loader = Loader(store, ontology)
        loader.load(docs[:2])
        os.kill(int(store.connection.info("server")["process_id"]), signal.SIGKILL)
        report = loader.load(docs[2:])
        assert len(report.loaded) == 2
        assert len(_documents(store)) == 4
        assert any("restarted" in notice for notice in store.revive())
    finally:
        store.close()
        EmbeddedServer(tmp_path / "g").stop()
