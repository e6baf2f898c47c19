"""Settings page: the engine and folders in use, Neo4j credentials from the environment or
secrets, the connection test and switching this session to another graph."""
from __future__ import annotations

import pytest

from webapp.config import neo4j_env, read_settings
from tests.graph.fake_bolt import FakeBolt
from tests.webapp.conftest import page, texts


@pytest.fixture
def at(app_env):
    return page("settings").run()


def test_engine_counts_and_folders(at, app_env):
    assert not at.exception
    shown = texts(at)
    assert "FalkorDB server on a unix socket" in shown and app_env.name in shown
    assert "10 documents" in shown
    assert str(app_env.folder / "uploads") in shown and "KG_ONTOLOGY_DIR" in shown


def test_connection_failures_are_readable(at):
    at.text_input(key="settings.url").input("bolt://127.0.0.1:1")
    at.button(key="settings.test").click().run()
    assert at.error[0].value.startswith("Connection failed: cannot connect to Neo4j at bolt://127.0.0.1:1")
    at.text_input(key="settings.url").input("http://example.org")
    at.button(key="settings.use").click().run()
    assert "unsupported graph URL scheme 'http'" in at.error[0].value
    assert "settings.graph_url" not in at.session_state


def test_switch_graph_and_back(at, app_env, falkordb_server):
    at.text_input(key="settings.url").input(f"unix://{falkordb_server.socket_path}")
    at.button(key="settings.test").click().run()
    assert at.success[-1].value.startswith("Connected to unix://")
    at.button(key="settings.use").click().run()
    assert at.session_state["settings.graph_url"] == f"unix://{falkordb_server.socket_path}"
    assert "This browser session uses unix://" in texts(at)
    at.button(key="settings.default").click().run()
    assert "settings.graph_url" not in at.session_state


def test_password_never_shown(app_env, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw")
    at = page("settings").run()
    at.text_input(key="settings.url").input("bolt://127.0.0.1:1")
    at.button(key="settings.test").click().run()
    assert "s3cret-pw" not in texts(at)
    assert "`NEO4J_PASSWORD`: set in the environment" in texts(at)


def test_wrong_password_is_one_readable_error(app_env, monkeypatch):
    """Against the fake Bolt server (no Neo4j can run here), which proves the password was sent."""
    monkeypatch.setenv("NEO4J_USER", "alice")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw")
    with FakeBolt("auth") as fake:
        at = page("settings").run()
        at.text_input(key="settings.url").input(fake.url)
        at.button(key="settings.test").click().run()
    assert b"s3cret-pw" in fake.received
    assert not at.exception
    assert [e.value for e in at.error] == [
        f"Connection failed: cannot connect to Neo4j at {fake.url}: authentication failed for user 'alice': "
        "wrong user name or password (NEO4J_USER, NEO4J_PASSWORD)"]
    assert "s3cret" not in texts(at) and "Traceback" not in texts(at)


def test_credentials_from_secrets_unless_the_environment_has_them():
    secrets = {"neo4j": {"user": "reader", "password": "from-secrets"}, "NEO4J_DATABASE": "news"}
    merged = neo4j_env({"NEO4J_PASSWORD": "from-env"}, secrets)
    assert merged["NEO4J_USER"] == "reader" and merged["NEO4J_PASSWORD"] == "from-env"
    assert merged["NEO4J_DATABASE"] == "news"


def test_settings_from_the_environment(tmp_path):
    app = read_settings({"KG_SAMPLE_DIR": "none", "KG_UPLOAD_DIR": str(tmp_path), "KG_MAX_UPLOAD_MB": "0.5"})
    assert app.sample_dir is None and app.upload_dir == tmp_path and app.max_upload_bytes == 512 * 1024
    assert read_settings({}).sample_dir.name == "sample"
