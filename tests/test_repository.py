"""The repository holds source, not what running it leaves behind; installs are portable."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from processes import descendants, reap_descendants

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = re.compile(
    r"(^|/)(control|out|\.venv|__pycache__)/|\.(exchange|mp4|wav|srt|sqlite3|gguf|log|partial)$"
)


def test_no_runtime_artefacts_are_tracked() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert [name for name in tracked if RUNTIME.search(name)] == []


def test_every_compiled_dependency_is_a_portable_wheel() -> None:
    """A wheel built on this machine (tag linux_x86_64, not manylinux) may use this CPU's
    instructions; llama-cpp-python built that way crashed another machine with SIGILL."""
    local = []
    for dist in importlib.metadata.distributions():
        wheel = dist.read_text("WHEEL") or ""
        tags = [
            line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag:")
        ]
        if any(tag.endswith("-linux_x86_64") or tag.endswith("-linux_aarch64") for tag in tags):
            local.append(f"{dist.metadata['Name']} ({', '.join(tags)})")
    assert local == [], "compiled here, not portable: " + "; ".join(local)


def test_processes_left_by_a_test_are_ended() -> None:
    holder = subprocess.Popen(["sh", "-c", "sleep 60 & sleep 60 & wait"])
    try:
        deadline = time.monotonic() + 5
        while len(descendants(holder.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        sleepers = descendants(holder.pid)
        assert len(sleepers) == 2 and holder.pid in descendants(os.getpid())
        assert sorted(reap_descendants(holder.pid, grace_s=2)) == sorted(sleepers)
        assert holder.wait(5) == 0  # its children ended, so its `wait` returned
        assert descendants(holder.pid) == []
    finally:
        holder.kill()
