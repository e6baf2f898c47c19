"""``python -m extract`` as a user runs it: exit codes, one-line messages, output files."""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from extract.reader import read_text
from extract.writers import FIELDS

REPO = Path(__file__).resolve().parents[2]

# Text written for these tests (no sentences from the seed articles).
GOOD = ("Allies weigh the treaty\n\n"
        "The United States withdrew from the Open Skies Treaty on Friday, officials said.\n\n"
        "Russia criticized the decision and said it would consider its own response.\n")
OTHER = "Second note\n\nTurkey and Sweden held talks with NATO about membership.\n"


def run(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([*prefix, sys.executable, "-m", "extract", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def assert_clean(stderr: str) -> None:
    assert "Traceback" not in stderr


# ----------------------------------------------------------------------------- usage

@pytest.mark.parametrize("args, message", [
    ((), "the following arguments are required: PATH"),
    (("x.txt", "--format", "xml"), "invalid choice: 'xml'"),
    (("x.txt", "--out", "/nonexistent-folder/out.jsonl"), "does not exist"),
    (("x.txt", "--out", "/tmp"), "is a directory"),
])
def test_usage_errors_exit_2(args, message):
    proc = run(*args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert_clean(proc.stderr)


# ----------------------------------------------------------------------------- bad input

def test_bad_files_each_get_one_line_and_the_others_are_processed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text(" \n\n \t\n", encoding="utf-8")
    (folder / "archive.txt").write_bytes(b"PK\x03\x04" + bytes(range(256)))
    latin_ok = "Caf\u00e9 talks\n\nNATO met ".encode()
    (folder / "latin.txt").write_bytes(latin_ok + b"\xe9 today.\n")
    (folder / "skipped.docx").write_bytes(b"PK\x03\x04")
    explicit = tmp_path / "report.docx"
    explicit.write_bytes(b"PK\x03\x04")
    missing = tmp_path / "missing.txt"

    proc = run(str(folder), str(missing), str(explicit))
    assert proc.returncode == 1
    assert_clean(proc.stderr)
    lines = [line for line in proc.stderr.splitlines() if line.startswith(("error:", "warning:"))]
    expected = [
        f"error: {missing}: no such file or directory",
        f"error: {explicit}: unsupported file type '.docx' (expected .txt, .md, .html, .htm or .pdf)",
        f"error: {folder / 'archive.txt'}: binary file (zip archive), not text",
        f"error: {folder / 'blank.md'}: file contains only whitespace",
        f"error: {folder / 'empty.txt'}: empty file",
        f"warning: {folder / 'latin.txt'}: invalid UTF-8 at byte {len(latin_ok)}; "
        "decoded with replacement characters",
    ]
    for line in expected:
        assert any(l.endswith(line) for l in lines), (line, proc.stderr)
    assert not any("skipped.docx" in l for l in lines)
    assert "5/5" in proc.stderr  # the progress bar counted the five candidate files
    for record in records(proc.stdout):
        assert list(record) == list(FIELDS)
        assert record["doc"] in {"good.txt", "latin.txt"}


def test_only_bad_input_exits_1_without_loading_anything(tmp_path):
    proc = run(str(tmp_path / "nothing.txt"))
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"error: {tmp_path / 'nothing.txt'}: no such file or directory"
    assert proc.stdout == ""


def test_unreadable_file_is_an_error(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text(OTHER, encoding="utf-8")
    secret.chmod(0)
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:  # root reads anything: drop the capabilities that let it
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv to drop file-access capabilities")
        caps = "-dac_override,-dac_read_search"
        prefix = ("setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", "--")
    proc = run(str(good), str(secret), prefix=prefix)
    assert_clean(proc.stderr)
    assert proc.returncode == 1, proc.stderr
    assert f"error: {secret}: permission denied" in proc.stderr


# ----------------------------------------------------------------------------- good input

def test_one_good_file_exits_0_with_contract_lines_and_no_progress_bar(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(GOOD, encoding="utf-8")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"Talks in Gen\xe8ve\n\nNATO met Russia.\n")

    proc = run(str(path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    text = read_text(path)
    for record in records(proc.stdout):
        assert list(record) == list(FIELDS)
        assert record["doc"] == "story.txt"
        # Offsets index the document (the sentence field may have its whitespace collapsed).
        assert text[record["start"]:record["end"]].split() == record["sentence"].split()

    warned = run(str(latin))
    assert warned.returncode == 0
    assert warned.stderr.strip() == (f"warning: {latin}: invalid UTF-8 at byte {len('Talks in Gen')}; "
                                     "decoded with replacement characters")


def test_progress_bar_on_stderr_for_several_files(tmp_path):
    for i, content in enumerate((GOOD, OTHER, "<html><body><p>NATO allies met.</p></body></html>")):
        (tmp_path / f"doc{i}.{'html' if i == 2 else 'txt'}").write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run(str(tmp_path), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "3/3" in proc.stderr and "file" in proc.stderr
    assert proc.stdout == ""
    assert all(list(r) == list(FIELDS) for r in records(out.read_text(encoding="utf-8")))


# ----------------------------------------------------------------------------- output files

def test_out_is_replaced_atomically_and_kept_when_nothing_could_be_read(tmp_path):
    out = tmp_path / "result.csv"
    out.write_text("previous results\n", encoding="utf-8")
    out.chmod(0o640)

    failed = run(str(tmp_path / "missing.txt"), "--format", "csv", "--out", str(out))
    assert failed.returncode == 1
    assert out.read_text(encoding="utf-8") == "previous results\n"

    good = tmp_path / "story.txt"
    good.write_text(GOOD, encoding="utf-8")
    proc = run(str(good), "--format", "csv", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(FIELDS)
    assert oct(out.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.csv", "story.txt"]  # no temp files left


def test_turtle_output_parses(tmp_path):
    good = tmp_path / "story.md"
    good.write_text("# Allies weigh the treaty\n\n" + GOOD.split("\n\n", 1)[1], encoding="utf-8")
    out = tmp_path / "graph.ttl"
    proc = run(str(good), "--format", "ttl", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    graph = Graph().parse(out, format="turtle")
    assert len(graph) > 0  # at least the document node


# ----------------------------------------------------------------------------- large files (issue 11, item 8)

def _large(path: Path, size: int) -> Path:
    """Prose of about ``size`` characters, in paragraphs."""
    paragraph = ("The United States withdrew from the Open Skies Treaty, officials said. "
                 "Russia criticized the decision and said it would respond.\n\n")
    path.write_text(paragraph * (size // len(paragraph) + 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_stopped_run_leaves_no_temporary_file(tmp_path, sig):
    """``--out`` writes a temporary file; SIGTERM or SIGHUP (a closed terminal, a service stop)
    killed the process by default and left it behind."""
    big = _large(tmp_path / "big.txt", 400_000)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "extract", str(big), "--out", str(out)], cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob(".out.jsonl.*.tmp")):
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
            time.sleep(0.05)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 128 + sig, err
    assert "error: stopped by a signal" in err and "Traceback" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt"]


def test_a_large_single_file_shows_progress_in_characters(tmp_path):
    big = _large(tmp_path / "big.txt", 150_000)
    proc = run(str(big), "--out", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 0, proc.stderr
    assert "big.txt" in proc.stderr and "char" in proc.stderr, proc.stderr
