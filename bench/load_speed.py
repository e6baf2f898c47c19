"""Load speed and neighbourhood latency of the graph layer, in one run.

    python bench/load_speed.py                    # embedded FalkorDB in a temporary folder
    python bench/load_speed.py --engine both      # FalkorDB, then Neo4j 5.26 from tools/neo4j-server
    python bench/load_speed.py --engine neo4j --graph bolt://...  # a given store (the database is wiped!)

Measures, on synthetic records (no extraction involved):

1. batched load: ``--statements`` (100k) statements in documents of ``--per-doc`` statements,
   loaded by one ``Loader.load`` call (``--batch-size`` statements per transaction / UNWIND);
2. one by one: ``--single`` statements, each in its own ``load`` call (one transaction and one
   row per UNWIND, the naive way of writing statements as they come);
3. the 2-hop neighbourhood query (distinct entities two direct relationships away) from random
   entities on the graph of step 1 (about 100k direct relationships), client-side latency.

Beside each load figure, a raw ``UNWIND ... CREATE`` of the same statement records as bare nodes on
the same engine (``queries.BENCH_RAW_CREATE``), batched alike: the table shows the loader as a
ratio of what the engine itself takes.

Targets (embedded): >= 20k statements/s batched, batched >= 20x one by one, 2-hop p50 < 5 ms.

The machine is shared: the load average when the batched load starts and the CPU time the client
(this process) and the embedded server spent on it are printed too, so that a slow figure can be
told from a busy machine (on 2 cores, a load average of 2 or more leaves the load less than its share).
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph import engines, queries  # noqa: E402
from graph.config import resolve  # noqa: E402
from graph.loader import Loader  # noqa: E402
from graph.engines import open_store  # noqa: E402
from ontology.model import load_ontology  # noqa: E402
from ontology.records import Document, Entity, ExtractionResult, Statement  # noqa: E402

MODALITIES = ("asserted", "negated", "intended", "possible", "alleged")


def synthetic(n_statements: int, per_doc: int, n_entities: int, predicates: list[str], seed: int,
              prefix: str) -> list[ExtractionResult]:
    """Random statements between states, spread over documents; reproducible by ``seed``."""
    rng = random.Random(seed)
    entities = [Entity(f"e{i}", f"Entity {i}", "State") for i in range(n_entities)]
    results = []
    for d in range(0, n_statements, per_doc):
        doc = Document(id=f"{prefix}{d:08d}".ljust(64, "0"), path=f"{prefix}/{d}.txt", title=f"doc {d}",
                       date="2024-01-01")
        statements = []
        for i in range(min(per_doc, n_statements - d)):
            s, o = rng.sample(entities, 2)
            statements.append(Statement(
                doc=doc.name, subject=s, predicate=rng.choice(predicates), object=o,
                modality=rng.choice(MODALITIES), date=f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                sentence=f"Entity {s.id} and entity {o.id} in sentence {i}.", start=i * 80, end=i * 80 + 60,
                confidence=0.8, rule="bench", doc_id=doc.id))
        results.append(ExtractionResult(document=doc, statements=statements))
    return results


def _load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def _server_cpu(store):
    """A function giving the CPU seconds the embedded server has used since now, or None (not
    embedded, or no /proc)."""
    try:
        pid = int(store.connection.info("server")["process_id"])
    except Exception:  # not FalkorDB
        return None

    def used() -> float:
        total = 0
        for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
            try:
                total += int(stat.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pass
        return total / 1e9

    start = used()
    if not start:
        return None
    return lambda: used() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def raw_rows(results: list[ExtractionResult]) -> list[dict]:
    """The statement records as flat rows for the raw ``UNWIND ... CREATE`` baseline."""
    return [{"id": f"{r.document.id}:{i}", "doc": r.document.id, "subject": st.subject.id, "predicate": st.predicate,
             "object": st.object.id, "modality": st.modality, "date": st.date, "sentence": st.sentence,
             "start": st.start, "end": st.end, "confidence": st.confidence, "rule": st.rule}
            for r in results for i, st in enumerate(r.statements)]


def raw_load(store, rows: list[dict], batch: int) -> float:
    """Seconds to CREATE ``rows`` as bare nodes, ``batch`` rows per query (and transaction)."""
    t0 = time.perf_counter()
    for i in range(0, len(rows), batch):
        store.run(queries.BENCH_RAW_CREATE, {"rows": rows[i:i + batch]}, read_only=False)
    elapsed = time.perf_counter() - t0
    while store.run(queries.BENCH_RAW_DELETE, read_only=False)[0]["n"]:
        pass
    return elapsed


def measure(store, ontology, args) -> dict:
    """One engine's figures: loader and raw statements/s batched and one by one, 2-hop latency."""
    predicates = sorted(ontology.predicates)
    store.clear()
    out = {"engine": store.engine, "where": store.description}
    batched = synthetic(args.statements, args.per_doc, args.entities, predicates, args.seed, "b")
    loader = Loader(store, ontology, batch_size=args.batch_size)
    out["load average"] = _load_average()
    server_cpu = _server_cpu(store)
    cpu0, t0 = time.process_time(), time.perf_counter()
    report = loader.load(batched)
    out["batched s"] = time.perf_counter() - t0
    out["client cpu"] = time.process_time() - cpu0
    out["server cpu"] = server_cpu() if server_cpu else None
    assert report.statements == args.statements, report.statements
    out["batched"] = args.statements / out["batched s"]
    out["direct"] = sum(r["n"] for r in store.run(queries.COUNT_DIRECT_BY_TYPE))
    out["raw batched"] = args.statements / raw_load(store, raw_rows(batched), args.batch_size)

    singles = synthetic(args.single, 1, args.entities, predicates, args.seed + 1, "s")
    one = Loader(store, ontology, batch_size=1)
    t0 = time.perf_counter()
    for result in singles:
        one.load([result])
    out["single"] = args.single / (time.perf_counter() - t0)
    single_rows = raw_rows(synthetic(args.single, 1, args.entities, predicates, args.seed + 2, "r"))
    out["raw single"] = args.single / raw_load(store, single_rows, 1)

    rng = random.Random(args.seed)
    ids = [f"e{rng.randrange(args.entities)}" for _ in range(args.queries)]
    for key in ids[:20]:  # warm-up (query cache, page cache)
        store.run(queries.TWO_HOP, {"id": key})
    latencies, sizes = [], []
    for key in ids:
        t0 = time.perf_counter()
        rows = store.run(queries.TWO_HOP, {"id": key})
        latencies.append((time.perf_counter() - t0) * 1000)
        sizes.append(rows[0]["n"])
    out["p50"], out["p95"] = percentile(latencies, 0.50), percentile(latencies, 0.95)
    out["reached"] = statistics.mean(sizes)
    store.clear()
    return out


def report(figures: dict, args) -> None:
    f = figures
    print(f"{f['engine']}: {f['where']}")
    print(f"  batched:    {f['batched']:>9,.0f} statements/s ({args.statements:,} in {f['batched s']:.1f} s, batch "
          f"{args.batch_size}); raw UNWIND ... CREATE {f['raw batched']:,.0f}/s; loader = "
          f"{f['batched'] / f['raw batched']:.2f} x raw")
    print(f"  one by one: {f['single']:>9,.0f} statements/s; raw {f['raw single']:,.0f}/s; loader = "
          f"{f['single'] / f['raw single']:.2f} x raw; batched / one by one {f['batched'] / f['single']:.1f}x")
    print(f"  2-hop at {f['direct']:,} direct relationships: p50 {f['p50']:.2f} ms, p95 {f['p95']:.2f} ms "
          f"({f['reached']:.0f} entities reached on average, {args.queries} queries)")
    print(f"  machine: {os.cpu_count()} cores, load average {f['load average']} at the start; CPU time of the "
          f"batched load: client {f['client cpu']:.2f} s"
          + (f", server {f['server cpu']:.2f} s" if f['server cpu'] is not None else ""))


def table(all_figures: list[dict]) -> str:
    """The Markdown table for bench/README.md."""
    lines = ["| engine | batched st/s | raw batched st/s | loader / raw | one by one st/s | raw one by one st/s "
             "| loader / raw | batched / one by one | 2-hop p50 ms | 2-hop p95 ms |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for f in all_figures:
        lines.append(f"| {engines.get(f['engine']).label} | {f['batched']:,.0f} | {f['raw batched']:,.0f} | "
                     f"{f['batched'] / f['raw batched']:.2f} | {f['single']:,.0f} | {f['raw single']:,.0f} | "
                     f"{f['single'] / f['raw single']:.2f} | {f['batched'] / f['single']:.1f} | {f['p50']:.2f} | "
                     f"{f['p95']:.2f} |")
    return "\n".join(lines)


@contextlib.contextmanager
def neo4j_server():
    """The tests' Neo4j server (tools/neo4j-server/run, built when needed), stopped on exit."""
    proc = subprocess.Popen([str(ROOT / "tools" / "neo4j-server" / "run")], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = proc.stdout.readline().strip()
        if not url.startswith("bolt://"):
            raise SystemExit("tools/neo4j-server/run did not start (needs Java 17 and Maven)")
        yield url
    finally:
        proc.stdin.close()
        proc.wait()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=[*engines.names(), "both"], default=engines.DEFAULT,
                        help="engine(s) to measure in this run (default: %(default)s)")
    parser.add_argument("--graph", default=None,
                        help="store URL for a single engine (default: embedded FalkorDB in a temp folder, "
                             "Neo4j from tools/neo4j-server); the database is wiped!")
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--per-doc", type=int, default=100)
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--single", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    chosen = engines.names() if args.engine == "both" else [args.engine]
    if args.graph and len(chosen) > 1:
        parser.error("--graph names one store: use it with one --engine")

    ontology = load_ontology()
    figures = []
    with contextlib.ExitStack() as stack:
        for name in chosen:
            if args.graph:
                config = resolve(args.graph, graph_name="bench")
            elif name == engines.DEFAULT:
                folder = Path(tempfile.mkdtemp(prefix="tkg-bench-"))
                stack.callback(shutil.rmtree, folder, ignore_errors=True)
                config = resolve(f"{name}://{folder}", env={}, graph_name="bench")
            else:
                config = resolve(stack.enter_context(neo4j_server()), env={}, graph_name="bench")
            with open_store(config) as store:
                figures.append(measure(store, ontology, args))
            report(figures[-1], args)
    print()
    print(table(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
