"""The edit history of a workspace: one JSON line per edit, newest last, undone newest first.

Each entry keeps the time, the operation and its arguments, a one-line summary, the workspace
files before and after the edit (exact texts, so undo restores them byte for byte and a crash
between writing the history and the files can be rolled forward), and the inverse store actions
(:mod:`graph.edits`) that undo what the edit did to stored data. An undo is itself an entry
(``op: "undo"``, ``args.edit`` = the entry it undid); undone entries are not undone twice.

The file stays bounded: only the newest :data:`UNDO_DEPTH` edits that can still be undone, and the
newest entry (for the roll-forward), keep their file texts and store actions; the others keep
their number, time, operation, arguments and summary (``compacted``), and only the newest
:data:`MAX_ENTRIES` entries are kept at all; files after an edit that are the next entry's files
before are written once. Full texts for every entry reached 700 KB after
about 100 edits; undo, being newest first, never needs what is dropped before its depth.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from ontology.errors import WorkspaceError
from ontology.files import atomic_write


#: Edits that can be undone in a row (each keeps the workspace files before and after it).
UNDO_DEPTH = 20
#: Entries listed by ``history`` (older ones are dropped).
MAX_ENTRIES = 500
_FULL = ("before", "after", "store")
#: Marks an entry whose files after are the next entry's files before (not written twice).
_AFTER_IS_NEXT = "after_is_next_before"


class History:
    """The ``history.jsonl`` file of a workspace."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def entries(self) -> list[dict]:
        if not self.path.exists():
            return []
        out = []
        with self.path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError:
                    raise WorkspaceError(f"{self.path}:{lineno}: damaged history line") from None
        for entry, following in zip(out, out[1:]):
            if entry.pop(_AFTER_IS_NEXT, False):
                entry["after"] = following["before"]
        return out

    def record(self, op: str, args: dict, summary: str, before: dict, after: dict,
               store: Optional[dict] = None, undoes: Optional[int] = None) -> dict:
        """Append one entry (the whole file is rewritten atomically) and return it."""
        entries = self.entries()
        entry = {
            "n": (entries[-1]["n"] + 1) if entries else 1,
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "op": op, "args": args, "summary": summary,
            "before": before, "after": after, "store": store,
        }
        if undoes is not None:
            entry["args"] = dict(args, edit=undoes)
        kept = _compacted(entries + [entry])
        text = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in kept)
        atomic_write(self.path, text)
        return entry

    def last(self) -> Optional[dict]:
        entries = self.entries()
        return entries[-1] if entries else None

    def has_compacted_edits(self) -> bool:
        """Are there edits not undone whose texts were dropped (older than :data:`UNDO_DEPTH`)?"""
        return any(e.get("compacted") for e in _pending(self.entries()))

    def undoable(self) -> list[dict]:
        """Edits not undone yet that the history still holds in full, newest first."""
        return [e for e in _pending(self.entries()) if not e.get("compacted")]


def _pending(entries: list[dict]) -> list[dict]:
    """Edits not undone yet, newest first."""
    undone = {e["args"].get("edit") for e in entries if e["op"] == "undo"}
    return [e for e in reversed(entries) if e["op"] != "undo" and e["n"] not in undone]


def _compacted(entries: list[dict]) -> list[dict]:
    """The entries to keep: the newest :data:`MAX_ENTRIES`, file texts and store actions only in
    the newest entry and the newest :data:`UNDO_DEPTH` edits not undone, and an entry's files
    after written only when they differ from the next entry's files before (a hand edit)."""
    entries = entries[-MAX_ENTRIES:]
    full = {e["n"] for e in _pending(entries)[:UNDO_DEPTH]} | {entries[-1]["n"]}
    out = []
    for e in entries:
        if e["n"] not in full and not e.get("compacted"):
            e = {k: v for k, v in e.items() if k not in _FULL} | {"compacted": True}
        out.append(e)
    for i, (e, following) in enumerate(zip(out, out[1:])):
        if "after" in e and e["after"] == following.get("before"):  # the usual case: stored once
            out[i] = {k: v for k, v in e.items() if k != "after"} | {_AFTER_IS_NEXT: True}
    return out
