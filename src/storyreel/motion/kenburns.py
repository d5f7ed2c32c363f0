"""Ken Burns clips: the compositor's pan and zoom, rendered on its own as an MP4."""

from __future__ import annotations

from pathlib import Path

from storyreel.contract import MotionRequest, MotionResult
from storyreel.media.ffmpeg import X264, ffmpeg_executable
from storyreel.media.motion import ken_burns_for
from storyreel.media.picture import motion_clip
from storyreel.motion.base import MotionRenderer


class KenBurnsMotion(MotionRenderer):
    """The default motion: no model, a slow zoom and drift chosen by seed and shot size."""

    name = "kenburns"

    def __init__(self, ffmpeg: str = "bundled") -> None:
        self._ffmpeg = ffmpeg

    def render(self, request: MotionRequest, image_path: Path, out_path: Path) -> MotionResult:
        width, height = request.width // 2 * 2, request.height // 2 * 2
        motion_clip(
            ffmpeg_executable(self._ffmpeg),
            image_path,
            ken_burns_for(request.seed, request.shot_size),
            request.frames,
            width,
            height,
            request.fps,
            X264,
            out_path,
        )
        return MotionResult(
            uri=str(out_path),
            frames=request.frames,
            fps=request.fps,
            width=width,
            height=height,
            backend=self.name,
        )
