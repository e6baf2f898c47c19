"""Hostile user queries against a fresh embedded store: refused, or bounded in time and memory,
with the store answering another client throughout.

    python bench/hostile.py [--attempts 3] [--memory 256mb]   # the "hostile input" table
    python bench/hostile.py --curves                          # parse time against nesting/length

The table: each input sent ``--attempts`` times as a user query (``store.run(..., user=True)``,
what ``graph query`` and the app's Query page do) to a store of ``--memory`` (KG_STORE_MEMORY).
*refused*: stopped before the server with one line; *bounded*: the attempt ended within 15 s
and the server's memory stayed under its limits (2 x memory + 1 GiB of address space);
*responsive*: another client's query answered within 1 s all along and after; *memory peak*:
the largest resident size of the server during the attempts (sampled every 10 ms).

``--curves`` sends nested and long inputs straight to a private server (no gate) in growing
steps, each bounded by a 4 s socket timeout, and stops a family at its first step over 0.5 s:
the figures behind the limits in ``graph/guard.py``. It kills its own server if a step hangs.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import redis  # noqa: E402

from graph.config import resolve, store_memory  # noqa: E402
from graph.errors import GraphError  # noqa: E402
from graph.server import EmbeddedServer  # noqa: E402
from graph.engines import open_store  # noqa: E402

TIME_BOUND = 15.0
RESPONSIVE = 1.0


def _nested(n: int, opening: str, closing: str, inner: str = "1") -> str:
    return "RETURN " + opening * n + inner + closing * n


#: (label, query) of the table: the issue's inputs and their relatives.
HOSTILE = [
    ("26 nested parentheses", _nested(26, "(", ")")),
    ("100 x NOT", "RETURN " + "NOT " * 100 + "true"),
    ("16 nested -(", _nested(16, "-(", ")")),
    ("24 nested lists", _nested(24, "[", "]")),
    ("16 x NOT 1 IN", "RETURN " + "NOT 1 IN " * 16 + "[1]"),
    ("12 nested CASE", _nested(12, "CASE WHEN true THEN ", " END")),
    ("128 siblings of depth 10", "RETURN " + " + ".join(["(" * 10 + "1" + ")" * 10] * 128)),
    ("4,096 chained [0]", "RETURN [1]" + "[0]" * 4096),
    ("UNWIND range(1, 2e9) count", "UNWIND range(1, 2000000000) AS x RETURN count(x)"),
    ("the same, bound computed", "UNWIND range(1, toInteger('2000000000')) AS x RETURN count(x)"),
    ("collect over range(1, 1e8)", "UNWIND range(1, 100000000) AS x RETURN size(collect(x))"),
    ("collect(range(1, 1e8))", "RETURN size(collect(range(1, 100000000)))"),
    ("collect over a computed range(1, 1e8)",
     "UNWIND range(1, toInteger('100000000')) AS x RETURN size(collect(x))"),
    ("collect over range(1, 1e7)", "UNWIND range(1, 10000000) AS x RETURN size(collect(x))"),
    ("string doubling reduce", "RETURN size(reduce(s = 'xx', i IN range(1, 40) | s + s))"),
    ("unbounded path count", "MATCH p = (a)-[*]-(b) RETURN count(p)"),
]


class Sampler(threading.Thread):
    """Peak resident size of whichever process serves the socket, and the worst latency of a
    second client's small query, while the attempts run."""

    def __init__(self, socket_path: Path, graph: str) -> None:
        super().__init__(daemon=True)
        self.socket_path, self.graph = socket_path, graph
        self.peak_kb = 0
        self.worst = 0.0
        self.failures = 0
        self.running = True
        self.sampled = threading.Event()

    def run(self) -> None:
        client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=5)
        last_probe = 0.0
        while self.running:
            with contextlib.suppress(Exception):
                pid = int(client.info("server")["process_id"])
                with open(f"/proc/{pid}/status") as handle:
                    for line in handle:
                        if line.startswith("VmRSS"):
                            self.peak_kb = max(self.peak_kb, int(line.split()[1]))
            self.sampled.set()
            if time.monotonic() - last_probe > 0.1:
                last_probe = time.monotonic()
                started = time.perf_counter()
                try:
                    client.execute_command("GRAPH.RO_QUERY", self.graph, "MATCH (n:Entity) RETURN count(n)")
                    self.worst = max(self.worst, time.perf_counter() - started)
                except redis.ConnectionError:
                    self.failures += 1  # the server stopped (and is being restarted)
                    time.sleep(0.05)
                except redis.RedisError:
                    self.worst = max(self.worst, time.perf_counter() - started)
            time.sleep(0.01)
        client.close()


def table(attempts: int, memory: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tkh-"))
    limit_kb = (2 * store_memory(memory) + 1024 ** 3) // 1024
    print(f"store: KG_STORE_MEMORY={memory}, {attempts} attempt(s) each, load average "
          f"{os.getloadavg()[0]:.2f}\n")
    print("| input | attempts | refused | bounded | store still responsive | memory peak (MB) | outcome |")
    print("|---|---:|---:|---:|---|---:|---|")
    try:
        store = open_store(resolve(env={"KG_DATA_DIR": str(folder), "KG_STORE_MEMORY": memory}))
        store.run("UNWIND range(1, 50) AS i CREATE (:Entity {id: toString(i)})", read_only=False)
        try:
            for label, query in HOSTILE:
                sampler = Sampler(store.socket_path, store.graph_name)
                sampler.start()
                sampler.sampled.wait(5)
                refused = bounded = 0
                outcome = ""
                for _ in range(attempts):
                    started = time.perf_counter()
                    try:
                        store.run(query, user=True, timeout=5)
                        outcome = "ran"
                    except GraphError as exc:
                        outcome = str(exc)
                        refused += outcome.startswith("query refused")
                    elapsed = time.perf_counter() - started
                    bounded += elapsed < TIME_BOUND and sampler.peak_kb < limit_kb
                    outcome = f"{elapsed:.2f} s: {outcome}"
                try:
                    after = store.run("MATCH (n:Entity) RETURN count(n) AS n") == [{"n": 50}]
                except GraphError:
                    after = False
                sampler.running = False
                sampler.join()
                responsive = after and sampler.worst < RESPONSIVE
                detail = f"yes (worst {sampler.worst * 1000:.0f} ms)" if responsive else \
                    f"no (worst {sampler.worst * 1000:.0f} ms, after: {after})"
                if sampler.failures:
                    detail += ", restarted"
                shown = outcome if len(outcome) <= 110 else outcome[:109] + "…"
                print(f"| {label} | {attempts} | {refused} | {bounded} | {detail} | "
                      f"{sampler.peak_kb / 1024:.0f} | {shown.replace('|', '/')} |", flush=True)
        finally:
            store.close()
    finally:
        EmbeddedServer(folder).stop()
        shutil.rmtree(folder, ignore_errors=True)


#: Families of ``--curves``: n -> query text.
CURVES = {
    "parentheses": lambda n: _nested(n, "(", ")"),
    "NOT": lambda n: "RETURN " + "NOT " * n + "true",
    "lists": lambda n: _nested(n, "[", "]"),
    "maps": lambda n: _nested(n, "{a:", "}"),
    "signs": lambda n: "RETURN " + "- " * n + "1",
    "-(": lambda n: _nested(n, "-(", ")"),
    "CASE": lambda n: _nested(n, "CASE WHEN true THEN ", " END"),
    "functions": lambda n: _nested(n, "abs(", ")"),
    "NOT 1 IN": lambda n: "RETURN " + "NOT 1 IN " * n + "[1]",
    "siblings of depth 8": lambda n: "RETURN " + " + ".join(["(" * 8 + "1" + ")" * 8] * n),
    "chained [0]": lambda n: "RETURN [1]" + "[0]" * n,
    "path hops": lambda n: "MATCH (a0)" + "".join(f"-->(a{i + 1})" for i in range(n)) + " RETURN 1",
    "+ 1 terms": lambda n: "RETURN 1" + " + 1" * n,
}
DEEP = {"parentheses", "NOT", "lists", "maps", "signs", "-(", "CASE", "functions", "NOT 1 IN"}


def curves(families: list[str]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tkc-"))
    server = EmbeddedServer(folder, memory=store_memory("256mb"))

    def connect() -> redis.Redis:
        server.acquire()
        client = redis.Redis(unix_socket_path=str(server.socket_path), socket_timeout=4)
        client.execute_command("GRAPH.QUERY", "g", "CREATE (:X)")
        return client

    client = connect()
    print(f"load average {os.getloadavg()[0]:.2f}; n: milliseconds to parse and run\n")
    try:
        for name, build in CURVES.items():
            if families and name not in families:
                continue
            steps = []
            n = 2
            while n <= 1 << 16:
                query = build(n)
                started = time.perf_counter()
                try:
                    client.execute_command("GRAPH.RO_QUERY", "g", query, "timeout", 2000)
                except (redis.TimeoutError, redis.ConnectionError) as exc:
                    crashed = isinstance(exc, redis.ConnectionError)
                    steps.append(f"{n} ({len(query):,} chars): " +
                                 ("the server crashed" if crashed else ">4000 (server killed)"))
                    if server._process is not None:  # ours: stop the parse that holds it
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(server._process.pid, signal.SIGKILL)
                        server._process.wait()
                        server._process = None
                    client = connect()
                    break
                except redis.ResponseError:
                    pass  # a type error after parsing still measures the parse
                elapsed = time.perf_counter() - started
                steps.append(f"{n} ({len(query):,} chars): {elapsed * 1000:.0f}")
                if elapsed > 0.5:
                    break
                n = n + 2 if name in DEEP else n * 2
            print(f"{name}: " + "; ".join(steps), flush=True)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=3)
    parser.add_argument("--memory", default="256mb", help="KG_STORE_MEMORY of the store under test")
    parser.add_argument("--curves", action="store_true", help="parse-time curves instead of the table")
    parser.add_argument("family", nargs="*", help=f"with --curves, only these: {', '.join(CURVES)}")
    args = parser.parse_args()
    if args.curves:
        curves(args.family)
    else:
        table(args.attempts, args.memory)


if __name__ == "__main__":
    main()
