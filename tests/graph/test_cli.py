"""``python -m graph``: query, export, import, stats, delete-doc (documents loaded by ``python -m
treatykg ingest``, whose own tests are in tests/treatykg/test_ingest_cli.py)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from rdflib import Graph

from graph.cli import main
from graph.server import EmbeddedServer
from treatykg.ingest_cli import main as ingest_main

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ("US withdraws from Open Skies Treaty\n\n"
           "WASHINGTON, May 21, 2020. The United States will withdraw from the Open Skies Treaty, "
           "President Donald Trump said. Russia criticized the decision.\n")
OTHER = "Sweden joins NATO\n\nSTOCKHOLM, March 7, 2024. Sweden joined NATO on Thursday.\n"


@pytest.fixture(scope="module")
def env():
    """A data folder whose server stays up for the module (each command reuses it)."""
    folder = Path(tempfile.mkdtemp(prefix="tkg-"))
    server = EmbeddedServer(folder / "g")
    server.acquire()
    docs = folder / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(ARTICLE)
    (docs / "b.txt").write_text(OTHER)
    yield folder
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def run(env, capsys, *args):
    code = main(["--data-dir", str(env / "g"), "--name", "cli", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_query_table_params_and_errors(env, capsys):
    code, out, _ = run(env, capsys, "query", "UNWIND range(1, $n) AS x RETURN x, $name AS name",
                       "--param", "n=3", "--param", "name=Open Skies")
    lines = out.splitlines()
    assert code == 0 and lines[0].split("|")[0].strip() == "x" and lines[-1] == "(3 rows)"
    assert "Open Skies" in lines[2]
    code, out, _ = run(env, capsys, "query", "UNWIND range(1, 10) AS x RETURN x", "--limit", "2")
    assert out.splitlines()[-1] == "(2 rows) (more rows not shown; use --limit)"
    code, out, err = run(env, capsys, "query", "MATC (n) RETURN n")
    assert code == 1 and out == "" and err.startswith("error: Cypher syntax error") and err.count("\n") == 1
    code, _, err = run(env, capsys, "query", "MATCH (n) DETACH DELETE n")
    assert code == 1 and "read-only query refused" in err
    code, _, err = run(env, capsys, "query", "RETURN 1", "--param", "oops")
    assert code == 1 and "NAME=VALUE" in err


def test_export_import_and_delete(env, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(env)
    assert ingest_main(["docs", "--data-dir", str(env / "g"), "--name", "cli", "--quiet"]) == 0
    assert "loaded 2 document(s)" in capsys.readouterr().out
    code, out, _ = run(env, capsys, "export", "--format", "ttl")
    assert code == 0 and len(Graph().parse(data=out, format="turtle")) > 10
    code, _, err = run(env, capsys, "export", "--format", "graphml")
    assert code == 1 and "needs -o" in err
    for fmt, name in (("jsonld", "g.jsonld"), ("graphml", "g.graphml"), ("csv", "csv")):
        code, out, _ = run(env, capsys, "export", "--format", fmt, "-o", str(tmp_path / name))
        assert code == 0 and (tmp_path / name).exists()
    (tmp_path / "g.ttl").write_text(run(env, capsys, "export", "--format", "ttl")[1])
    code, out, err = run(env, capsys, "delete-doc", "docs/b.txt")
    assert code == 0 and out.startswith("deleted ")
    code, _, err = run(env, capsys, "delete-doc", "docs/b.txt")
    assert code == 1 and "no document" in err
    code, _, err = run(env, capsys, "delete-doc", "ab")
    assert code == 1 and "at least 6 characters" in err
    code, out, _ = run(env, capsys, "import", str(tmp_path / "g.ttl"))
    assert code == 0 and "imported 1 document(s)" in out  # b comes back; a is unchanged


def test_bad_urls_and_the_moved_ingest_command(env, capsys):
    code, out, err = run(env, capsys, "ingest", "docs", "--quiet")
    assert code == 2 and out == "" and err == (
        "error: ingest is a command of its own now: python -m treatykg ingest PATH... (same options)\n")
    code = main(["--graph", "http://example.org", "stats"])
    err = capsys.readouterr().err
    assert code == 1 and err == "error: unsupported graph URL scheme 'http': use falkordb:, unix:, bolt:, bolt+s:, bolt+ssc:, neo4j:, neo4j+s:, neo4j+ssc:\n"


def test_module_entry_point_runs_and_stops_its_server(tmp_path):
    folder = Path(tempfile.mkdtemp(prefix="tkg-"))
    try:
        proc = subprocess.run([sys.executable, "-m", "graph", "--data-dir", str(folder), "query", "RETURN 1 AS one"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.splitlines()[-1] == "(1 row)"
        assert not (folder / "falkordb.sock").exists()  # the only user stopped the server on exit
    finally:
        EmbeddedServer(folder).stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_query_refuses_several_statements_and_writing_procedures(env, capsys):
    for args in (["MATCH (n) RETURN count(n) AS n; MATCH (n) DETACH DELETE n"],
                 ["MATCH (n) RETURN count(n) AS n; MATCH (n) DETACH DELETE n", "--write"]):
        code, out, err = run(env, capsys, "query", *args)
        assert code == 1 and out == ""
        assert err.startswith("error: one statement at a time: ") and err.count("\n") == 1
    code, out, err = run(env, capsys, "query", "CALL db.idx.fulltext.createNodeIndex('Entity', 'name')")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("error: read-only query refused: it calls the procedure db.idx.fulltext.createNodeIndex")
    code, out, _ = run(env, capsys, "query", "CALL db.labels() YIELD label RETURN label", "--json")
    assert code == 0 and "label" in out


def test_query_timeout_has_a_default_and_cuts_runaway_paths(env, capsys, monkeypatch):
    """Without --timeout the default applies (lowered here so the test is quick); --timeout sets it."""
    from graph import cli

    assert cli.build_parser().parse_args(["query", "RETURN 1"]).timeout == cli.QUERY_TIMEOUT == 30
    code, _, _ = run(env, capsys, "query", "--write", "UNWIND range(1, 12) AS i CREATE (:Loop {i: i})")
    assert code == 0
    run(env, capsys, "query", "--write", "MATCH (a:Loop), (b:Loop) WHERE a.i < b.i CREATE (a)-[:LINK]->(b)")
    try:
        monkeypatch.setattr(cli, "QUERY_TIMEOUT", 0.5)
        for extra in ([], ["--timeout", "0.3"]):
            started = time.perf_counter()
            code, out, err = run(env, capsys, "query", "MATCH p = (:Loop)-[*]-() RETURN count(p)", *extra)
            assert time.perf_counter() - started < 5
            seconds = extra[-1] if extra else "0.5"
            assert code == 1 and out == "" and err == (
                f"error: query timed out after {seconds} s; bound variable-length paths, e.g. [*..4], "
                "or add LIMIT\n")
    finally:
        run(env, capsys, "query", "--write", "MATCH (n:Loop) DETACH DELETE n")
    code, _, err = run(env, capsys, "query", "RETURN 1", "--timeout", "-1")
    assert code == 1 and err == "error: --timeout must be 0 (no timeout) or a positive number of seconds\n"


def test_query_json_has_a_default_row_limit(env, capsys, monkeypatch):
    from graph import cli

    monkeypatch.setattr(cli, "JSON_LIMIT", 4)
    code, out, err = run(env, capsys, "query", "UNWIND range(1, 10) AS x RETURN x", "--json")
    assert code == 0 and json.loads(out) == [{"x": x} for x in range(1, 5)]
    assert err == "note: only the first 4 rows were printed; use --limit\n"
    code, out, err = run(env, capsys, "query", "UNWIND range(1, 10) AS x RETURN x", "--json", "--limit", "0")
    assert code == 0 and len(json.loads(out)) == 10 and err == ""
    code, out, err = run(env, capsys, "query", "UNWIND range(1, 300) AS x RETURN x", "--limit", "0")
    assert code == 0 and out.splitlines()[-1] == "(300 rows)"


def test_delete_doc_prints_one_line_for_a_path_with_a_line_break(env, capsys):
    from graph.config import resolve
    from graph.loader import Loader
    from graph.engines import open_store
    from ontology.model import load_ontology

    from tests.graph import factory

    result = factory.article_a(path="docs/evil\nname.txt", text="a path with a line break")
    store = open_store(resolve(env={"KG_DATA_DIR": str(env / "g")}, graph_name="cli"))
    try:
        Loader(store, load_ontology()).load([result])
    finally:
        store.close()
    code, out, err = run(env, capsys, "delete-doc", result.document.id)
    assert code == 0 and out == f"deleted {result.document.id} ('docs/evil\\nname.txt')\n"
    code, out, err = run(env, capsys, "delete-doc", "docs/evil\nname.txt")
    assert code == 1 and err == "error: no document 'docs/evil\\nname.txt'\n"


def test_query_too_deeply_nested_is_refused_in_one_line(env, capsys):
    code, out, err = run(env, capsys, "query", "RETURN " + "(" * 26 + "1" + ")" * 26, "--timeout", "5")
    assert code == 1 and err.count("\n") == 1 and "nests 26 levels deep" in err and "more than the 10" in err
