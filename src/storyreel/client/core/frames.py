"""Frames out of a video file (PyAV): the Preview page's "save this frame"."""

from __future__ import annotations

from pathlib import Path

import av

from storyreel.errors import StoryReelError


def save_frame(video: Path, seconds: float, target: Path) -> Path:
    """The frame shown at `seconds` (clamped to the video) as a PNG at `target`."""
    try:
        with av.open(str(video)) as container:
            stream = container.streams.video[0]
            duration = float(container.duration or 0) / 1_000_000
            wanted = min(max(0.0, seconds), max(0.0, duration - 0.05))
            container.seek(int(wanted * 1_000_000), any_frame=False, backward=True)
            chosen = None
            for frame in container.decode(stream):
                chosen = frame
                if frame.time is not None and frame.time >= wanted:
                    break
    except (av.error.FFmpegError, IndexError) as error:
        raise StoryReelError(f"cannot read a frame from {video.name}: {error}") from error
    if chosen is None:
        raise StoryReelError(f"{video.name} has no frame at {seconds:.2f} s")
    partial = target.with_name(f".{target.name}.partial")
    chosen.to_image().save(partial, format="PNG")
    partial.replace(target)
    return target
