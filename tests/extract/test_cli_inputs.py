"""``python -m extract`` on a PDF and on a URL served from 127.0.0.1: statements with their
page (PDF) and without the page's boilerplate (URL)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.extract.formats.samples import COOKIE, SHARE, article_page, make_pdf, serve

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "extract", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_pdf_and_url(tmp_path):
    pdf = make_pdf(tmp_path / "baltic.pdf")
    with serve({"/news/sweden": (200, "text/html", article_page().encode()),
                "/photo": (200, "image/jpeg", b"\xff\xd8\xff")}) as base:
        proc = run(str(pdf), f"{base}/news/sweden", f"{base}/photo", "ftp://127.0.0.1/x")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {base}/photo: not a web page or PDF (content type image/jpeg); "
                      "accepted: text/plain, text/markdown, text/x-markdown, text/html, application/xhtml+xml, "
                      "application/pdf",
                      "error: ftp://127.0.0.1/x: only http:// and https:// URLs can be fetched, not ftp://"]
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    estonia = next(r for r in records if r["doc"] == "baltic.pdf" and r["sentence"].startswith("Estonia signed"))
    assert estonia["page"] == 2
    page = [r for r in records if r["doc"] == "sweden"]
    assert page and all("page" not in r for r in page)
    assert any("Sweden formally joined NATO" in r["sentence"] for r in page)
    assert not any(COOKIE in r["sentence"] or SHARE in r["sentence"] for r in records)
