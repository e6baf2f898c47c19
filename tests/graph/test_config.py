"""Choosing the engine from KG_GRAPH_URL / --graph, and keeping credentials out of messages and logs."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from graph.config import resolve
from graph.errors import ConfigError, GraphError
from graph.engines import open_store


def test_embedded_is_the_default(tmp_path):
    config = resolve(env={})
    assert config.engine == "falkordb" and config.data_dir == Path("./data/graph").resolve()
    config = resolve(env={"KG_DATA_DIR": str(tmp_path)})
    assert config.data_dir == tmp_path
    assert resolve("falkordb:///srv/kg", env={}).data_dir == Path("/srv/kg")
    assert resolve("unix:///tmp/x.sock", env={}).socket_path == Path("/tmp/x.sock")


def test_neo4j_settings_from_url_and_environment():
    env = {"NEO4J_USER": "alice", "NEO4J_PASSWORD": "pw", "NEO4J_DATABASE": "news"}
    config = resolve("neo4j://db.example:7687", env=env)
    assert (config.engine, config.url, config.user, config.password, config.database) == (
        "neo4j", "neo4j://db.example:7687", "alice", "pw", "news")
    config = resolve(env={"KG_GRAPH_URL": "bolt://bob:se%2Fcret@h:7687"})
    assert (config.url, config.user, config.password) == ("bolt://h:7687", "bob", "se/cret")


@pytest.mark.parametrize("url, message", [
    ("http://localhost:7474", "unsupported graph URL scheme 'http'"),
    ("bolt://", "needs a host"),
    ("unix://", "needs a socket path"),
])
def test_bad_urls_give_one_line(url, message):
    with pytest.raises(ConfigError, match=message) as info:
        resolve(url, env={})
    assert "\n" not in str(info.value)


def test_bad_graph_name():
    with pytest.raises(ConfigError, match="invalid graph name"):
        resolve(env={"KG_GRAPH_NAME": "a b"})


SECRET = "Sup3r-S3cret!pw"


@pytest.mark.parametrize("url, env", [
    (f"bolt://neo4j:{SECRET}@127.0.0.1:1", {}),
    ("neo4j://127.0.0.1:1", {"NEO4J_USER": "neo4j", "NEO4J_PASSWORD": SECRET}),
])
def test_credentials_never_reach_messages_or_logs(url, env, caplog):
    caplog.set_level(logging.DEBUG)
    config = resolve(url, env=env)
    assert SECRET not in repr(config) and SECRET not in config.redacted_url
    with pytest.raises(GraphError) as info:
        open_store(config)  # nothing listens on port 1
    text = str(info.value)
    assert "cannot connect to Neo4j at" in text and "\n" not in text
    assert SECRET not in text and "S3cret" not in text
    assert SECRET not in caplog.text
    assert info.value.__cause__ is None and info.value.__suppress_context__
