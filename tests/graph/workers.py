"""Child processes for the tests that need a second process or a process to kill.

    python -m tests.graph.workers load URL GRAPH N_DOCS PER_DOC   # prints "loaded i" per document
    python -m tests.graph.workers bulk URL GRAPH N_DOCS PER_DOC   # one load() call, "loaded i" per unit

URL is a graph URL (unix:///path/falkordb.sock, bolt://host:port), or a bare socket path.
    python -m tests.graph.workers open DATA_DIR                      # opens the embedded store, waits for stdin
"""
from __future__ import annotations

import sys


def main(argv: list[str]) -> None:
    if argv[0] == "load":
        from graph.loader import Loader
        from ontology.model import load_ontology
        from tests.graph import factory

        graph, n_docs, per_doc = argv[2], int(argv[3]), int(argv[4])
        store = _store(argv[1], graph)
        loader = Loader(store, load_ontology(), batch_size=500)
        print("ready", flush=True)
        for i, result in enumerate(factory.synthetic(n_docs, per_doc)):
            loader.load([result])
            print(f"loaded {i}", flush=True)
        store.close()
    elif argv[0] == "bulk":  # one load() call: units written by the loader's helper thread
        from graph.loader import Loader
        from ontology.model import load_ontology
        from tests.graph import factory

        graph, n_docs, per_doc = argv[2], int(argv[3]), int(argv[4])
        store = _store(argv[1], graph)
        loader = Loader(store, load_ontology(), batch_size=2 * per_doc)
        print("ready", flush=True)
        done = [0]

        def progress(n: int) -> None:
            done[0] += n // per_doc
            print(f"loaded {done[0] - 1}", flush=True)

        loader.load(factory.synthetic(n_docs, per_doc), progress=progress)
        store.close()
    elif argv[0] == "open":
        from graph.config import resolve
        from graph.engines import open_store

        store = open_store(resolve(env={"KG_DATA_DIR": argv[1]}))
        pid = store.connection.info("server")["process_id"]
        print(f"pid={pid} started_here={store._server.started_here}", flush=True)
        sys.stdin.readline()
        store.close()
        print("closed", flush=True)


def _store(url: str, graph: str):
    from graph.config import resolve
    from graph.engines import open_store

    url = url if "://" in url else f"unix://{url}"
    return open_store(resolve(url, graph_name=graph))


if __name__ == "__main__":
    main(sys.argv[1:])
