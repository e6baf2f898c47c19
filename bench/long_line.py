"""Peak memory and time of ``python -m extract`` on one large file with no paragraph break.

    python bench/long_line.py                 # 1 MB, as one line and as paragraphs
    python bench/long_line.py --mb 2 --one-line-only --cap-mb 4000

The text is synthetic news (``bench/synthetic.py``): the same sentences once joined by spaces
into a single line and once separated by blank lines. Each variant runs as a child process;
its peak RSS (the child and any children) is polled from /proc every 50 ms, and the child is
killed when it passes ``--cap-mb`` so that a regression cannot eat a shared machine's memory.
Prints a Markdown table; figures are from one run on a shared machine.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import generate  # noqa: E402


def make_text(size: int, one_line: bool) -> str:
    """About ``size`` bytes of synthetic sentences, as one line or as paragraphs."""
    parts, total, count = [], 0, 200
    while total < size:
        for doc in generate(count, seed=count):
            for paragraph in doc.text.split("\n\n"):
                paragraph = paragraph.strip()
                if paragraph and paragraph[-1] in ".!?":  # skip headlines: they have no sentence end
                    parts.append(paragraph)
                    total += len(paragraph) + 2
                    if total >= size:
                        break
            if total >= size:
                break
        count += 1
    return (" " if one_line else "\n\n").join(parts) + "\n"


def measure(path: Path, cap_mb: float) -> dict:
    """Run the extractor on ``path``; peak RSS (MB), seconds, statements, and whether it was capped."""
    cmd = [sys.executable, "-m", "extract", str(path), "--out", str(path) + ".jsonl"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, capped = 0.0, False
    watched = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = sum(p.memory_info().rss for p in [watched, *watched.children(recursive=True)])
        except psutil.Error:
            rss = 0
        peak = max(peak, rss / 1e6)
        if peak > cap_mb:
            capped = True
            proc.kill()
            break
        time.sleep(0.05)
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    out = Path(str(path) + ".jsonl")
    statements = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
    out.unlink(missing_ok=True)
    return {"peak_mb": peak, "seconds": seconds, "statements": statements, "capped": capped,
            "rc": proc.returncode, "err": err.decode("utf-8", "replace")[-500:]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="text size in MB (default 1)")
    parser.add_argument("--cap-mb", type=float, default=6000.0, help="kill a run whose RSS passes this")
    parser.add_argument("--one-line-only", action="store_true", help="skip the paragraphs run")
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print("| text | size (MB) | peak RSS (MB) | seconds | statements |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="tkg-long-") as tmp:
        for label, one_line in (("one line", True), ("paragraphs", False))[:1 if args.one_line_only else 2]:
            path = Path(tmp) / f"{label.replace(' ', '_')}.txt"
            path.write_text(make_text(size, one_line), encoding="utf-8")
            r = measure(path, args.cap_mb)
            peak = f"> {args.cap_mb:.0f} (killed)" if r["capped"] else f"{r['peak_mb']:.0f}"
            print(f"| {label} | {path.stat().st_size / 1e6:.2f} | {peak} | {r['seconds']:.1f} | {r['statements']} |",
                  flush=True)
            if r["rc"] not in (0, None) and not r["capped"]:
                print(f"  (exit {r['rc']}: {r['err'].strip()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
