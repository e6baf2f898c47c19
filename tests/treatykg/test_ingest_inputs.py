"""``python -m treatykg ingest`` of a PDF and of a web page by URL, with the real extractor, into
the real embedded FalkorDB; the page is served from 127.0.0.1 with its boilerplate."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from graph.cli import main as graph_main
from treatykg.ingest_cli import main as ingest_main
from graph.server import EmbeddedServer
from tests.extract.formats.samples import COOKIE, SHARE, article_page, make_pdf, serve


@pytest.fixture(scope="module")
def env():
    folder = Path(tempfile.mkdtemp(prefix="tkg-in-"))
    server = EmbeddedServer(folder / "g")
    server.acquire()
    make_pdf(folder / "baltic.pdf")
    yield folder
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def run(env, capsys, command, *args):
    main = ingest_main if command == "ingest" else lambda argv: graph_main([command, *argv])
    code = main(["--data-dir", str(env / "g"), "--name", "inputs", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(env, capsys, cypher):
    code, out, err = run(env, capsys, "query", cypher, "--json")
    assert code == 0, err
    return json.loads(out)


def test_pdf_and_url_ingest(env, capsys, monkeypatch):
    monkeypatch.chdir(env)
    routes = {"/world/sweden-joins": (200, "text/html; charset=utf-8", article_page().encode()),
              "/gone": (404, "text/html", b"")}
    with serve(routes) as base:
        url = f"{base}/world/sweden-joins"
        code, out, err = run(env, capsys, "ingest", "baltic.pdf", url, f"{base}/gone", "--quiet")
    assert code == 1 and "loaded 2 document(s)" in out  # the 404 is reported (status 1), the others loaded
    assert f"skipped {base}/gone: HTTP error 404 Not Found\n" in err
    documents = rows(env, capsys, "MATCH (d:Document) RETURN d.path AS path, d.title AS title, d.date AS date "
                                  "ORDER BY path")
    assert documents == [{"path": "baltic.pdf", "title": "Baltic security", "date": None},
                         {"path": url, "title": "Sweden joins the alliance", "date": "2024-03-07"}]
    sentences = rows(env, capsys, "MATCH (d:Document)<-[:FROM]-(st:Statement) RETURN d.path AS path, "
                                  "st.sentence AS sentence")
    assert any(r["path"] == "baltic.pdf" and r["sentence"].startswith("Estonia signed") for r in sentences)
    assert any(r["path"] == url and "Sweden formally joined NATO" in r["sentence"] for r in sentences)
    assert not any(COOKIE in r["sentence"] or SHARE in r["sentence"] for r in sentences)
