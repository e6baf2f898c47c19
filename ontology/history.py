"""The edit history of a workspace: one JSON line per edit, newest last, undone newest first.

Each entry keeps the time, the operation and its arguments, a one-line summary, the workspace
files before and after the edit (exact texts, so undo restores them byte for byte and a crash
between writing the history and the files can be rolled forward), and the inverse store actions
(:mod:`graph.edits`) that undo what the edit did to stored data. An undo is itself an entry
(``op: "undo"``, ``args.edit`` = the entry it undid); undone entries are not undone twice.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from ontology.errors import WorkspaceError
from ontology.files import atomic_write


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
        text = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in entries + [entry])
        atomic_write(self.path, text)
        return entry

    def last(self) -> Optional[dict]:
        entries = self.entries()
        return entries[-1] if entries else None

    def undoable(self) -> list[dict]:
        """Edits not undone yet, newest first."""
        entries = self.entries()
        undone = {e["args"].get("edit") for e in entries if e["op"] == "undo"}
        return [e for e in reversed(entries) if e["op"] != "undo" and e["n"] not in undone]
