"""``python -m treatykg COMMAND ...``: the first word picks the command line, the rest is its own."""
from __future__ import annotations

import sys
from typing import Callable, Optional, Sequence

USAGE = """usage: python -m treatykg {ingest,ontology} ...

  ingest PATH...     extract documents and load them into the graph (--help for the options)
  ontology COMMAND   show, edit, undo, validate, export and import the ontology (--help)

The commands of one layer: python -m extract (extraction only), python -m graph (query, export,
import, stats, delete-doc)."""


def _ingest(argv: Sequence[str]) -> int:
    from treatykg.ingest_cli import main

    return main(argv)


def _ontology(argv: Sequence[str]) -> int:
    from treatykg.ontology_cli import main

    return main(argv)


#: Command word -> its command line (imported on use: ``ontology show`` need not load spaCy).
COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {"ingest": _ingest, "ontology": _ontology}


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    command = COMMANDS.get(argv[0])
    if command is None:
        print(f"{USAGE}\nerror: unknown command {argv[0]!r}", file=sys.stderr)
        return 2
    return command(argv[1:])
