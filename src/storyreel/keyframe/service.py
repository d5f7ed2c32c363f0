"""Keyframe services: render a shot's keyframe to a file."""

from __future__ import annotations

import os
from pathlib import Path

from storyreel.contract import KeyframeRequest, KeyframeResult
from storyreel.keyframe.base import KeyframeRenderer


def keyframe_render(
    *, request: KeyframeRequest, renderer: KeyframeRenderer, out_path: Path
) -> KeyframeResult:
    """Render a keyframe and write it as PNG atomically (no half-written image on failure)."""
    return keyframe_render_batch(requests=[request], renderer=renderer, out_paths=[out_path])[0]


def keyframe_render_batch(
    *, requests: list[KeyframeRequest], renderer: KeyframeRenderer, out_paths: list[Path]
) -> list[KeyframeResult]:
    """Render several keyframes in one call (one forward pass on a diffusers model)."""
    results = []
    for image, out_path in zip(renderer.render_batch(requests), out_paths, strict=True):
        out_path.parent.mkdir(parents=True, exist_ok=True)
        partial = out_path.with_name(out_path.name + ".partial")
        image.save(partial, format="PNG", compress_level=1)
        os.replace(partial, out_path)
        results.append(
            KeyframeResult(
                uri=str(out_path), width=image.width, height=image.height, backend=renderer.name
            )
        )
    return results
