"""Sketch keyframe throughput at 1280x720 on one core (frames per second, and vs. the target).

Run: .venv/bin/python bench/keyframe_bench.py
"""

from __future__ import annotations

import os
import time

from storyreel.contract import KeyframeRequest, Language, StoryboardRequest
from storyreel.keyframe.sketch import SketchRenderer
from storyreel.samples import sample_story
from storyreel.storyboard.planner import plan_storyboard

TARGET_FPS = 20.0


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    shots = [
        shot
        for language in Language
        for shot in plan_storyboard(
            StoryboardRequest(story=sample_story(language))
        ).storyboard.shots
    ]
    renderer = SketchRenderer()
    requests = [
        KeyframeRequest(
            prompt=s.prompt, seed=s.seed + k, width=1280, height=720, shot_size=s.shot_size
        )
        for k in range(4)
        for s in shots
    ]
    renderer.render(requests[0])  # warm caches (gradients, masks)
    started = time.perf_counter()
    for request in requests:
        renderer.render(request)
    fps = len(requests) / (time.perf_counter() - started)
    print(f"sketch keyframes: {len(requests)} frames at 1280x720, {fps:.1f} frames/s on one core")
    print(f"RATIO keyframe fps / target {TARGET_FPS:.0f}: {fps / TARGET_FPS:.2f}  (target >= 1)")


if __name__ == "__main__":
    main()
