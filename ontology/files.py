"""Atomic file replacement: a crash leaves the old file or the new one, never a torn one."""
from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import Optional


def atomic_write(path: Path, text: Optional[str]) -> None:
    """Replace ``path`` with ``text`` (``None`` removes it): temp file, fsync, rename, fsync folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        _sync_dir(path.parent)
        return
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _sync_dir(path.parent)


def read_text(path: Path) -> Optional[str]:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
