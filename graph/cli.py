"""``python -m graph``: query, export, import, stats, delete-doc.

Errors print one line to stderr (``error: ...``) and exit with status 1; usage errors exit 2.
Ingest (files -> extractor -> graph) is a use case above this layer: ``python -m treatykg ingest``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional, Sequence

from graph import queries
from graph.config import resolve
from graph.errors import GraphError
from graph.export import FORMATS, dumps_rows, export, to_jsonld, to_turtle
from graph import engines
from graph.engines import open_store
from graph.store import GraphStore
from ontology.errors import shown_text

TABLE_LIMIT = 200
#: Rows ``query --json`` prints unless ``--limit`` says otherwise.
JSON_LIMIT = 100_000
#: Seconds before the server stops a query unless ``--timeout`` says otherwise.
QUERY_TIMEOUT = 30.0
CELL_WIDTH = 60
MOVED = "ingest is a command of its own now: python -m treatykg ingest PATH... (same options)"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--graph", default=argparse.SUPPRESS, metavar="URL",
                        help="store URL: " + ", ".join(f"{s}:" for s in engines.schemes())
                        + " (default: KG_GRAPH_URL, else embedded FalkorDB in KG_DATA_DIR)")
    common.add_argument("--data-dir", default=argparse.SUPPRESS, metavar="DIR",
                        help="embedded FalkorDB folder (default: KG_DATA_DIR or ./data/graph)")
    common.add_argument("--name", default=argparse.SUPPRESS, metavar="GRAPH",
                        help="graph name (default: KG_GRAPH_NAME or treatykg)")
    parser = argparse.ArgumentParser(prog="python -m graph", parents=[common],
                                     description="Load, query and export the treatykg knowledge graph.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="moved: python -m treatykg ingest PATH...")
    p.add_argument("rest", nargs=argparse.REMAINDER)

    p = sub.add_parser("query", parents=[common], help="run a Cypher query")
    p.add_argument("cypher")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="query parameter (VALUE read as JSON if it parses, else as a string)")
    p.add_argument("--json", action="store_true", help="rows as JSON")
    p.add_argument("--write", action="store_true", help="allow writing clauses")
    p.add_argument("--limit", type=int, default=None, metavar="ROWS",
                   help=f"max rows (default {TABLE_LIMIT} as a table, {JSON_LIMIT} as JSON; 0: no limit)")
    p.add_argument("--timeout", type=float, default=QUERY_TIMEOUT, metavar="SECONDS",
                   help=f"stop the query after this long (default {QUERY_TIMEOUT:g}; 0: no timeout)")

    p = sub.add_parser("export", parents=[common], help="export the graph")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("-o", "--output", default=None,
                   help="file (folder for csv); ttl and jsonld go to stdout without it")

    p = sub.add_parser("import", parents=[common], help="load an RDF export (Turtle or JSON-LD)")
    p.add_argument("file")
    p.add_argument("--format", choices=("ttl", "jsonld"), default="ttl")

    p = sub.add_parser("stats", parents=[common], help="what the graph holds")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("delete-doc", parents=[common], help="remove a document and its statements")
    p.add_argument("doc", metavar="ID", help="document id, a unique id prefix (6+ characters), or its path")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "ingest":
        print(f"error: {MOVED}", file=sys.stderr)
        return 2
    try:
        config = resolve(getattr(args, "graph", None), data_dir=getattr(args, "data_dir", None),
                         graph_name=getattr(args, "name", None))
        with open_store(config) as store:
            return COMMANDS[args.command](store, args)
    except GraphError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


# ----------------------------------------------------------------------------- commands

def _ontology():
    """The effective ontology: the core plus the edits of the ontology workspace (KG_ONTOLOGY_DIR)."""
    from ontology.workspace import Workspace

    return Workspace().ontology()


def cmd_query(store: GraphStore, args) -> int:
    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise GraphError(f"--param needs NAME=VALUE, got {item!r}")
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError:
            params[name] = value
    if args.limit is not None and args.limit < 0:
        raise GraphError("--limit must be 0 (no limit) or a positive number of rows")
    if args.timeout < 0:
        raise GraphError("--timeout must be 0 (no timeout) or a positive number of seconds")
    limit = args.limit if args.limit is not None else (JSON_LIMIT if args.json else TABLE_LIMIT)
    rows = store.run(args.cypher, params, read_only=not args.write, timeout=args.timeout or None,
                     limit=limit or None, user=True)
    if args.json:
        print(dumps_rows(list(rows)))
        if rows.truncated:
            print(f"note: only the first {len(rows)} rows were printed; use --limit", file=sys.stderr)
    else:
        print(format_table(rows.columns, rows))
        more = " (more rows not shown; use --limit)" if rows.truncated else ""
        print(f"({len(rows)} row{'s' if len(rows) != 1 else ''}){more}")
    return 0


def cmd_export(store: GraphStore, args) -> int:
    if args.output is None:
        if args.format == "ttl":
            sys.stdout.write(to_turtle(store))
            return 0
        if args.format == "jsonld":
            sys.stdout.write(to_jsonld(store) + "\n")
            return 0
        raise GraphError(f"--format {args.format} needs -o/--output")
    files = export(store, _ontology(), args.format, Path(args.output))
    print("wrote " + ", ".join(str(f) for f in files))
    return 0


def cmd_import(store: GraphStore, args) -> int:
    from graph.rdf import import_rdf

    if not Path(args.file).is_file():
        raise GraphError(f"no such file: {args.file}")
    report = import_rdf(store, _ontology(), args.file, format="json-ld" if args.format == "jsonld" else "turtle")
    print(f"imported {len(report.loaded)} document(s) with {report.statements} statement(s); "
          f"{len(report.unchanged)} unchanged")
    return 0


def cmd_stats(store: GraphStore, args) -> int:
    stats = {
        "store": store.description,
        "documents": store.run(queries.COUNT_DOCUMENTS)[0]["n"],
        "entities": {r["type"]: r["n"] for r in store.run(queries.COUNT_ENTITIES_BY_TYPE)},
        "statements": {r["predicate"]: r["n"] for r in store.run(queries.COUNT_STATEMENTS_BY_PREDICATE)},
        "relationships": {r["type"]: r["n"] for r in store.run(queries.COUNT_DIRECT_BY_TYPE)},
    }
    if args.json:
        print(json.dumps(stats, indent=2))
        return 0
    print(stats["store"])
    print(f"documents      {stats['documents']}")
    for title in ("entities", "statements", "relationships"):
        print(f"{title:<14} {sum(stats[title].values())}")
        for name, n in stats[title].items():
            print(f"  {name:<28} {n}")
    return 0


def cmd_delete_doc(store: GraphStore, args) -> int:
    from graph.loader import Loader

    key = args.doc.strip()
    if not key:
        raise GraphError("empty document id")
    rows = store.run(queries.FIND_DOCUMENTS, {"key": key})
    exact = [r for r in rows if r["id"] == key or r["path"] == key]
    if not exact and len(key) < 6:
        raise GraphError("give the full document id, its path, or at least 6 characters of the id")
    matches = exact or rows
    if not matches:
        raise GraphError(f"no document {shown_text(key, 120)}")
    if len(matches) > 1:
        listed = ", ".join(f"{r['id'][:12]} ({shown_text(r['path'], 120)})" for r in matches[:5])
        raise GraphError(f"{shown_text(key, 120)} matches {len(matches)} documents: {listed}")
    Loader(store, _ontology()).delete_document(matches[0]["id"])
    # Paths are shown escaped: a stored path may hold a line break or other control characters.
    print(f"deleted {matches[0]['id']} ({shown_text(matches[0]['path'], 300)})")
    return 0


COMMANDS = {"query": cmd_query, "export": cmd_export, "import": cmd_import,
            "stats": cmd_stats, "delete-doc": cmd_delete_doc}


def format_table(columns: Sequence[str], rows: Sequence[dict]) -> str:
    """A plain-text table; nested values as compact JSON, long cells cut."""
    def cell(value) -> str:
        if value is None:
            text = ""
        elif isinstance(value, (dict, list)):
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        else:
            text = str(value)
        text = " ".join(text.split())
        return text if len(text) <= CELL_WIDTH else text[:CELL_WIDTH - 1] + "…"

    body = [[cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(line[i]) for line in body]) for i, c in enumerate(columns)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(columns, widths)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(v.ljust(w) for v, w in zip(line, widths)) for line in body]
    return "\n".join(lines)
