"""The motion renderer interface: a keyframe in, a short MP4 clip out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

from storyreel.contract import MotionRequest, MotionResult


class MotionRenderer(ABC):
    """Animates one keyframe, deterministically from the request's seed."""

    name: str

    @abstractmethod
    def render(self, request: MotionRequest, image_path: Path, out_path: Path) -> MotionResult:
        """Write an H.264 MP4 of request.frames frames at request.fps to out_path."""
