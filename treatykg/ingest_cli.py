"""``python -m treatykg ingest PATH...``: extract documents and load them, with a progress bar.

The command line of :func:`services.ingest.ingest` (the one ingest the app uses too). Errors print
one line to stderr (``error: ...``) and exit with status 1; usage errors exit 2; a run in which
every file was unreadable exits 1.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from typing import Optional, Sequence

from extract.timeline import user_date, with_user_date
from graph.config import resolve
from graph.errors import GraphError
from graph.loader import DEFAULT_BATCH
from graph.engines import open_store
from ontology.errors import OntologyError, shown_text
from services.ingest import Progress, ingest
from services.sources import find_sources

#: Above this many documents the parse runs in two processes (when there are two cores).
PARALLEL_ABOVE = 50


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m treatykg ingest",
                                     description="Extract documents and load them into the graph.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help=_accepted())
    parser.add_argument("--graph", default=None, metavar="URL",
                        help="store URL (default: KG_GRAPH_URL, else embedded FalkorDB in KG_DATA_DIR)")
    parser.add_argument("--data-dir", default=None, metavar="DIR",
                        help="embedded FalkorDB folder (default: KG_DATA_DIR or ./data/graph)")
    parser.add_argument("--name", default=None, metavar="GRAPH", help="graph name (default: KG_GRAPH_NAME or treatykg)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, help="statements per write transaction")
    parser.add_argument("--processes", type=int, default=0,
                        help=f"parsing processes (default: 2 for more than {PARALLEL_ABOVE} documents on 2+ cores, else 1)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--date", metavar="YYYY[-MM[-DD]]", default=None,
                        help="the documents' date (when they were published), against which relative dates "
                             "are resolved and which dates the statements whose sentence gives none "
                             "(default: a date found in each document)")
    return parser


def _accepted() -> str:
    from extract.formats import registry

    return f"files or folders ({' '.join(registry.suffixes())}), or http(s):// URLs of pages or PDFs"


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.batch_size < 1:
            raise GraphError("--batch-size must be at least 1")
        if args.date is not None:  # a bad --date is refused before the graph is opened
            try:
                args.date = user_date(args.date)
            except ValueError as exc:
                raise GraphError(f"--date {exc}") from None
        config = resolve(args.graph, data_dir=args.data_dir, graph_name=args.name)
        with open_store(config) as store:
            return run(store, args)
    except (GraphError, OntologyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def run(store, args: argparse.Namespace) -> int:
    sources = find_sources(args.paths)
    if args.date:
        sources = [dataclasses.replace(s, document=with_user_date(s.document, args.date)) if s.document else s
                   for s in sources]
    readable = [s for s in sources if not s.error]
    for source in readable:
        for warning in source.warnings:
            print(f"warning: {shown_text(source.path)}: {warning}", file=sys.stderr)
    ontology = extractor = None
    if readable:
        from extract.pipeline import Extractor  # spaCy loads only when there is something to extract
        from ontology.workspace import load_effective

        ontology, gazetteer = load_effective()  # core + the edits of KG_ONTOLOGY_DIR, if any
        extractor = Extractor(ontology=ontology, gazetteer=gazetteer)
    with _Bar(args.quiet) as bar:
        report = ingest(store, ontology, extractor, sources, processes=_processes(args.processes, len(readable)),
                        batch_size=args.batch_size, progress=bar)
    print(f"loaded {report.loaded} document(s) with {report.statements} statement(s); "
          f"{report.unchanged} unchanged; {report.replaced} older version(s) replaced")
    for error in report.errors:
        print(f"skipped {error}", file=sys.stderr)
    # Like python -m extract: the rest is loaded, and the status tells a script that something was not.
    return 1 if report.errors else 0


def _processes(asked: int, documents: int) -> int:
    """Parsing processes: as asked, else two when the corpus is big enough to repay the start-up."""
    if asked:
        return max(1, asked)
    return 2 if documents > PARALLEL_ABOVE and (os.cpu_count() or 1) >= 2 else 1


class _Bar(Progress):
    """A tqdm bar in characters read (so that one large file moves it too) on stderr."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar = None

    def start(self, documents: int, characters: int) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=characters, unit="char", unit_scale=True, desc="ingest", disable=self.quiet,
                        file=sys.stderr)

    def read(self, characters: int) -> None:
        self.bar.update(characters)

    def documents(self, done: int, total: int, statements: int, upcoming: str) -> None:
        if done:
            self.bar.set_postfix(documents=f"{done}/{total}", statements=statements)

    def __enter__(self) -> "_Bar":
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()
