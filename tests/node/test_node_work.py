"""A node's scratch space: what a node killed mid-job left there goes when a node starts."""

from __future__ import annotations

import os
import time
from pathlib import Path

from storyreel.node.backends.registry import BackendRegistry, work_root
from storyreel.node.service import STALE_WORK_S, NodeService
from storyreel.node.settings import NodeSettings


def test_a_starting_node_removes_what_a_killed_one_left(tmp_path: Path) -> None:
    settings = NodeSettings.from_env(
        {"STORYREEL_CACHE_DIR": str(tmp_path), "STORYREEL_NODE_TOKEN": "t"}
    )
    root = work_root(settings)
    root.mkdir(parents=True)
    left_dir = root / "tmpabc123"  # a job's folder
    left_dir.mkdir()
    (left_dir / "keyframe.png").write_bytes(b"png")
    left_result = root / "result-0123.wav"  # a result that was never sent
    left_result.write_bytes(b"wav")
    running = root / "tmpfresh"  # another node's job in flight
    running.mkdir()
    (running / "clip.mp4").write_bytes(b"mp4")
    old = time.time() - STALE_WORK_S - 60
    for path in (left_dir / "keyframe.png", left_dir, left_result):
        os.utime(path, (old, old))

    NodeService(settings, registry=BackendRegistry([], {}))

    assert sorted(p.name for p in root.iterdir()) == ["tmpfresh"]
    assert (running / "clip.mp4").read_bytes() == b"mp4"
