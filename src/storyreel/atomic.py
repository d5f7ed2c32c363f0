"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
from pathlib import Path


def partial_path(path: Path) -> Path:
    """Where a file is written before it takes its name (same folder, so the rename is
    atomic; the process id keeps two writers apart)."""
    return path.with_name(f".{path.name}.{os.getpid()}.partial")


def write_text_atomic(path: Path, text: str) -> None:
    """Write text (UTF-8) to path so that it appears whole or not at all."""
    partial = partial_path(path)
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
