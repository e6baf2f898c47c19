"""``python -m treatykg ingest`` with the real extractor and an embedded FalkorDB (moved here from
``python -m graph ingest``), and the ``python -m treatykg`` entry point."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from graph.cli import main as graph_main
from graph.server import EmbeddedServer
# The same module-wide data folder and articles as the graph command line's tests.
from tests.graph.test_cli import ARTICLE, OTHER, ROOT, env  # noqa: F401  (fixture reused)
from treatykg.cli import main as treatykg_main
from treatykg.ingest_cli import main



def run(env, capsys, *args, name="ingest_cli"):
    code = main([*args, "--data-dir", str(env / "g"), "--name", name])
    out, err = capsys.readouterr()
    return code, out, err


def graph(env, capsys, *args, name="ingest_cli"):
    code = graph_main(["--data-dir", str(env / "g"), "--name", name, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_is_idempotent_and_replaces_changed_files(env, capsys, monkeypatch):
    monkeypatch.chdir(env)
    code, out, err = run(env, capsys, "docs", "--quiet")
    assert code == 0 and "loaded 2 document(s)" in out
    code, out, _ = run(env, capsys, "docs/a.txt", "./docs/b.txt", "--quiet")
    assert code == 0 and "loaded 0 document(s)" in out and "2 unchanged" in out
    (env / "docs" / "a.txt").write_text(ARTICLE.replace("Russia criticized", "Moscow condemned"))
    code, out, _ = run(env, capsys, "docs", "--quiet")
    assert "loaded 1 document(s)" in out and "1 older version(s) replaced" in out
    code, out, _ = graph(env, capsys, "stats", "--json")
    stats = json.loads(out)
    assert stats["documents"] == 2 and stats["entities"].get("State", 0) >= 1
    code, out, _ = graph(env, capsys, "query", "MATCH (d:Document) RETURN d.path AS path ORDER BY path", "--json")
    assert json.loads(out) == [{"path": "docs/a.txt"}, {"path": "docs/b.txt"}]


def test_bad_paths_and_options(env, capsys):
    code, out, err = run(env, capsys, str(env / "nope.txt"), "--quiet")
    assert code == 1 and "skipped" in err and "no such file" in err
    code, out, err = run(env, capsys, str(env / "docs"), "--quiet", "--batch-size", "0")
    assert code == 1 and err == "error: --batch-size must be at least 1\n"
    code = main(["docs", "--graph", "http://example.org"])
    err = capsys.readouterr().err
    assert code == 1 and err == "error: unsupported graph URL scheme 'http': use falkordb:, unix:, bolt:, bolt+s:, bolt+ssc:, neo4j:, neo4j+s:, neo4j+ssc:\n"


@pytest.mark.parametrize("char, escaped, reason", [("\x01", "\\x01", "control character"),
                                                   ("\u202e", "\\u202e", "invisible formatting character")])
def test_a_bad_file_name_is_skipped_and_the_rest_loads(env, capsys, monkeypatch, tmp_path, char, escaped, reason):
    """A name with U+0001 among three good files: one line names it (escaped), the three load
    (before, the whole ingest stopped on it and loaded 0). A right-to-left override in a name
    (it would read as another name) is skipped the same way."""
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "mixed"
    docs.mkdir()
    for i, text in enumerate((ARTICLE, OTHER, ARTICLE.replace("Russia", "China"))):
        (docs / f"good{i}.txt").write_text(text)
    (docs / f"bad{char}name.txt").write_text(OTHER.replace("Sweden", "Finland"))
    code, out, err = run(env, capsys, "mixed", "--quiet", name=f"badname{ord(char)}")
    assert "loaded 3 document(s)" in out, (out, err)
    lines = [line for line in err.splitlines() if "bad" in line]
    assert len(lines) == 1 and char not in err and escaped in lines[0], err
    assert reason in lines[0]
    assert code == 1  # the others are loaded; the status says one was not


def test_ingest_passes_on_the_invalid_utf8_warning_and_shows_progress(env, capsys, monkeypatch, tmp_path):
    """``python -m extract`` warns about invalid UTF-8; ingest dropped the warning once.
    The bar counts characters, so a single large file moves it too."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "latin.txt").write_bytes(b"Talks in Gen\xe8ve\n\nNATO met Russia in Geneva.\n")
    code, out, err = run(env, capsys, "latin.txt", name="utf8")
    assert code == 0 and "loaded 1 document(s)" in out, (out, err)
    assert f"warning: latin.txt: invalid UTF-8 at byte {len('Talks in Gen')}; decoded with replacement" in err, err
    assert "char" in err and "documents=1/1" in err, err


def test_treatykg_dispatches_to_its_commands(capsys):
    assert treatykg_main(["--help"]) == 0
    assert "ingest PATH..." in capsys.readouterr().out
    assert treatykg_main(["frobnicate"]) == 2
    assert "error: unknown command 'frobnicate'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        treatykg_main(["ingest"])  # argparse: PATH is required
    assert usage.value.code == 2 and "python -m treatykg ingest" in capsys.readouterr().err


def test_module_entry_point_ingests_and_stops_its_server(tmp_path):
    (tmp_path / "a.txt").write_text(OTHER)
    folder = Path(tempfile.mkdtemp(prefix="tkg-"))
    try:
        proc = subprocess.run([sys.executable, "-m", "treatykg", "ingest", str(tmp_path / "a.txt"), "--quiet",
                               "--data-dir", str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=180)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.splitlines()[-1].startswith("loaded 1 document(s) with ")
        assert not (folder / "falkordb.sock").exists()  # the only user stopped the server on exit
    finally:
        EmbeddedServer(folder).stop()
        shutil.rmtree(folder, ignore_errors=True)
