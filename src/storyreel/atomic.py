"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
from pathlib import Path


def partial_path(path: Path) -> Path:
    """Where a file is written before it takes its name (same folder, so the rename is
    atomic; the process id keeps two writers apart)."""
    return path.with_name(f".{path.name}.{os.getpid()}.partial")


def _umask() -> int:
    try:  # read, not set: os.umask() changes it for every thread while it looks
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def as_created(path: Path) -> None:
    """Give a file made by mkstemp (owner-only, 0600) the mode a new file gets here."""
    path.chmod(0o666 & ~_umask())


def write_text_atomic(path: Path, text: str) -> None:
    """Write text (UTF-8) to path so that it appears whole or not at all."""
    partial = partial_path(path)
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
