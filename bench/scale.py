"""How ingest cost grows with the corpus: documents/s, statements/s, peak RSS and store size at
several corpus sizes, then the app's own queries timed on the largest store.

    python bench/scale.py                  # 100 and 1,000 documents
    python bench/scale.py --sizes 100 1000 10000

Each size runs `python -m treatykg ingest` as a child process on a fresh embedded store in a
temporary folder, over documents from `bench/synthetic.py`; the peak RSS is that of the largest
process of the run (the ingest itself, a parsing worker or the FalkorDB server), read from
`getrusage(RUSAGE_CHILDREN)` in a wrapper process so that sizes do not mix. Prints a Markdown
table; numbers come from one run on a shared machine, so compare ratios, not absolutes.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import write  # noqa: E402

WRAPPER = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(json.dumps({'seconds': time.perf_counter() - t, 'rc': p.returncode, 'out': p.stdout, "
    "'err': p.stderr[-2000:], 'maxrss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
)


def ingest(corpus: Path, data_dir: Path, processes: int) -> dict:
    env = dict(os.environ, KG_DATA_DIR=str(data_dir), KG_GRAPH_URL="")
    cmd = [sys.executable, "-c", WRAPPER, sys.executable, "-m", "treatykg", "ingest", str(corpus), "--quiet"]
    if processes:
        cmd += ["--processes", str(processes)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        raise SystemExit(f"ingest failed: {result['err']}")
    words = result["out"].split()
    result["statements"] = int(words[words.index("with") + 1])
    return result


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def time_queries(data_dir: Path, samples: int, seed: int) -> list[tuple[str, float, float]]:
    """p50 / p95 in ms of the app's queries on the store in ``data_dir``."""
    os.environ["KG_DATA_DIR"] = str(data_dir)
    from graph import analytics, views
    from graph.config import resolve
    from graph.engines import open_store
    from ontology.model import load_ontology

    ontology = load_ontology()
    rng = random.Random(seed)
    store = open_store(resolve(data_dir=str(data_dir)))
    try:
        start = time.perf_counter()
        graph = analytics.entity_graph(store, ontology)
        load_ms = (time.perf_counter() - start) * 1000
        nodes = [n for n in graph.nodes if graph.degree(n) > 0]
        timings: dict[str, list[float]] = {"entity details": [], "neighbourhood (ego, depth 1)": [],
                                           "stance matrix": [], "path between two entities": []}
        for _ in range(samples):
            a, b = rng.sample(nodes, 2)
            for name, call in (
                ("entity details", lambda: views.entity_statements(store, a)),
                ("neighbourhood (ego, depth 1)", lambda: analytics.ego_network(graph, a, depth=1)),
                ("stance matrix", lambda: analytics.stance_matrix(
                    analytics.entity_graph(store, ontology, predicates=list(ontology.stances())),
                    ontology.stances())),
                ("path between two entities", lambda: analytics.shortest_path(graph, a, b)),
            ):
                t = time.perf_counter()
                try:
                    call()
                except Exception:  # no path between a and b is an answer too
                    pass
                timings[name].append((time.perf_counter() - t) * 1000)
        rows = [("whole entity graph (load once)", load_ms, load_ms)]
        for name, values in timings.items():
            values.sort()
            rows.append((name, statistics.median(values), values[int(0.95 * (len(values) - 1))]))
        return rows
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--processes", type=int, default=0, help="parsing processes (default: graph's choice)")
    parser.add_argument("--samples", type=int, default=30, help="query samples on the largest store")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    print("| documents | seconds | documents/s | statements | statements/s | peak RSS (MB) | store on disk (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="kgscale") as tmp:
        last_store = None
        for size in args.sizes:
            corpus = Path(tmp) / f"corpus{size}"
            write(size, corpus, seed=args.seed)
            data_dir = Path(tmp) / f"g{size}"
            r = ingest(corpus, data_dir, args.processes)
            print(f"| {size} | {r['seconds']:.1f} | {size / r['seconds']:.1f} | {r['statements']} | "
                  f"{r['statements'] / r['seconds']:.0f} | {r['maxrss_kb'] / 1024:.0f} | "
                  f"{folder_size(data_dir) / 1e6:.1f} |", flush=True)
            last_store = data_dir
        if last_store is not None:
            print(f"\nQuery latency at {args.sizes[-1]} documents ({args.samples} samples each):\n")
            print("| query | p50 ms | p95 ms |")
            print("|---|---:|---:|")
            for name, p50, p95 in time_queries(last_store, args.samples, args.seed):
                print(f"| {name} | {p50:.1f} | {p95:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
