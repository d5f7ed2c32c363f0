"""Write a list of frames as an H.264 MP4 with ffmpeg."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PIL import Image

from storyreel.media.ffmpeg import TO_BT709, X264, ffmpeg_executable, run_ffmpeg


def write_frames_mp4(
    frames: list[Image.Image], fps: int, out_path: Path, ffmpeg: str = "bundled"
) -> None:
    """Encode frames (all one size) to out_path atomically; odd sizes are cropped to even."""
    if not frames:
        raise ValueError("no frames to write")
    width, height = frames[0].size
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_path.parent, prefix=".frames-") as work_name:
        work = Path(work_name)
        for index, frame in enumerate(frames):
            frame.convert("RGB").save(work / f"f{index:05d}.png", compress_level=1)
        run_ffmpeg(
            ffmpeg_executable(ffmpeg),
            [
                "-framerate",
                str(fps),
                "-i",
                "f%05d.png",
                "-vf",
                f"crop={width // 2 * 2}:{height // 2 * 2}:0:0,{TO_BT709}",
                *X264,
                "clip.mp4",
            ],
            cwd=work,
        )
        os.replace(work / "clip.mp4", out_path)
