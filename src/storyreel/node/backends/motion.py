"""Motion backends: Ken Burns (default) and Stable Video Diffusion, keyframe in, MP4 out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from storyreel.contract import MotionRequest, MotionResult, TaskType
from storyreel.motion.base import MotionRenderer
from storyreel.node.backends.base import ModelBackend, as_request

InputFetcher = Callable[[str, Path], Path]


class RendererMotionBackend(ModelBackend[MotionRenderer]):
    """A motion renderer; the keyframe is fetched from its URI first."""

    stage = TaskType.MOTION

    def __init__(
        self,
        name: str,
        description: str,
        make_renderer: Callable[[], MotionRenderer],
        fetch_input: InputFetcher,
        reason: Callable[[], str | None] = lambda: None,
        device: Callable[[], str] = lambda: "cpu",
    ) -> None:
        super().__init__(name, description, make_renderer, reason, device)
        self._fetch = fetch_input

    def run(self, payload: BaseModel, work: Path) -> MotionResult:
        request = as_request(payload, MotionRequest)
        image = self._fetch(request.image_uri, work)
        return self.model().render(request, image, work / "motion.mp4")
