"""Load speed and neighbourhood latency of the graph layer, in one run.

    python bench/load_speed.py                    # embedded FalkorDB in a temporary folder
    python bench/load_speed.py --graph bolt://... # any store URL (the database is wiped!)

Measures, on synthetic records (no extraction involved):

1. batched load: ``--statements`` (100k) statements in documents of ``--per-doc`` statements,
   loaded by one ``Loader.load`` call (``--batch-size`` statements per transaction / UNWIND);
2. one by one: ``--single`` statements, each in its own ``load`` call (one transaction and one
   row per UNWIND, the naive way of writing statements as they come);
3. the 2-hop neighbourhood query (distinct entities two direct relationships away) from random
   entities on the graph of step 1 (about 100k direct relationships), client-side latency.

Targets (embedded): >= 20k statements/s batched, batched >= 20x one by one, 2-hop p50 < 5 ms.

The machine is shared: the load average when the batched load starts and the CPU time the client
(this process) and the embedded server spent on it are printed too, so that a slow figure can be
told from a busy machine (on 2 cores, a load average of 2 or more leaves the load less than its share).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph import queries  # noqa: E402
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", default=None, help="store URL (default: embedded FalkorDB in a temp folder)")
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--per-doc", type=int, default=100)
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--single", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    ontology = load_ontology()
    predicates = sorted(ontology.predicates)
    folder = None
    if args.graph is None:
        folder = Path(tempfile.mkdtemp(prefix="tkg-bench-"))
        config = resolve("falkordb://" + str(folder), env={}, graph_name="bench")
    else:
        config = resolve(args.graph, graph_name="bench")
    try:
        with open_store(config) as store:
            store.clear()
            print(f"store: {store.description}")
            batched = synthetic(args.statements, args.per_doc, args.entities, predicates, args.seed, "b")
            loader = Loader(store, ontology, batch_size=args.batch_size)
            load_before = _load_average()
            server_cpu = _server_cpu(store)
            cpu0, t0 = time.process_time(), time.perf_counter()
            report = loader.load(batched)
            batch_time = time.perf_counter() - t0
            client_cpu = time.process_time() - cpu0
            server_cpu = server_cpu() if server_cpu else None
            assert report.statements == args.statements, report.statements
            batch_rate = args.statements / batch_time
            direct = sum(r["n"] for r in store.run(queries.COUNT_DIRECT_BY_TYPE))
            print(f"batched:    {args.statements:>7,} statements in {batch_time:6.2f} s = {batch_rate:>9,.0f} statements/s "
                  f"(batch {args.batch_size}, {len(batched)} documents)")
            print(f"            machine: {os.cpu_count()} cores, load average {load_before} at the start; CPU time: "
                  f"client {client_cpu:.2f} s" + (f", server {server_cpu:.2f} s" if server_cpu is not None else ""))

            singles = synthetic(args.single, 1, args.entities, predicates, args.seed + 1, "s")
            one = Loader(store, ontology, batch_size=1)
            t0 = time.perf_counter()
            for result in singles:
                one.load([result])
            single_time = time.perf_counter() - t0
            single_rate = args.single / single_time
            print(f"one by one: {args.single:>7,} statements in {single_time:6.2f} s = {single_rate:>9,.0f} statements/s "
                  "(one load() call and transaction per statement)")
            ratio = batch_rate / single_rate
            print(f"ratio batched / one by one: {ratio:.1f}x")

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
            p50, p95 = percentile(latencies, 0.50), percentile(latencies, 0.95)
            print(f"2-hop neighbourhood at {direct:,} direct relationships ({store.engine}): "
                  f"p50 {p50:.2f} ms, p95 {p95:.2f} ms, mean {statistics.mean(sizes):.0f} entities reached, "
                  f"{args.queries} queries")
            checks = [
                ("batched >= 20k statements/s", batch_rate >= 20_000),
                ("batched >= 20x one by one", ratio >= 20),
                ("2-hop p50 < 5 ms", p50 < 5),
            ]
            print("targets: " + "; ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in checks))
            store.clear()
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
