"""Ken Burns clips: the compositor's pan and zoom, rendered on its own as an MP4."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from storyreel.contract import MotionRequest, MotionResult
from storyreel.media.ffmpeg import X264, ffmpeg_executable, run_ffmpeg
from storyreel.media.motion import ken_burns_for
from storyreel.motion.base import MotionRenderer


class KenBurnsMotion(MotionRenderer):
    """The default motion: no model, a slow zoom and drift chosen by seed and shot size."""

    name = "kenburns"

    def __init__(self, ffmpeg: str = "bundled") -> None:
        self._ffmpeg = ffmpeg

    def render(self, request: MotionRequest, image_path: Path, out_path: Path) -> MotionResult:
        width, height = request.width // 2 * 2, request.height // 2 * 2
        motion = ken_burns_for(request.seed, request.shot_size)
        chain = motion.chain(request.frames, 0, request.frames, width, height, request.fps)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=out_path.parent, prefix=".motion-") as work_name:
            work = Path(work_name)
            shutil.copyfile(image_path, work / "key.png")  # a plain name: no pattern parsing
            run_ffmpeg(
                ffmpeg_executable(self._ffmpeg),
                [
                    "-i",
                    "key.png",
                    "-vf",
                    chain,
                    "-frames:v",
                    str(request.frames),
                    *X264,
                    "-r",
                    str(request.fps),
                    "clip.mp4",
                ],
                cwd=work,
            )
            os.replace(work / "clip.mp4", out_path)
        return MotionResult(
            uri=str(out_path),
            frames=request.frames,
            fps=request.fps,
            width=width,
            height=height,
            backend=self.name,
        )
