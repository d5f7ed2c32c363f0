"""Motion backends: Ken Burns (default) and Stable Video Diffusion, keyframe in, MP4 out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from storyreel.contract import MotionRequest, MotionResult, TaskType
from storyreel.motion.base import MotionRenderer
from storyreel.node.backends.base import Backend, as_request

InputFetcher = Callable[[str, Path], Path]


class RendererMotionBackend(Backend):
    """Wraps a MotionRenderer; the keyframe is fetched from its URI first."""

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
        self.name = name
        self.description = description
        self._make = make_renderer
        self._fetch = fetch_input
        self._reason = reason
        self._device = device
        self._renderer: MotionRenderer | None = None

    @property
    def device(self) -> str:
        return self._device()

    def unavailable_reason(self) -> str | None:
        return self._reason()

    @property
    def loaded(self) -> bool:
        return self._renderer is not None

    def load(self) -> None:
        if self._renderer is None:
            self._renderer = self._make()

    def unload(self) -> None:
        self._renderer = None

    def run(self, payload: BaseModel, work: Path) -> MotionResult:
        request = as_request(payload, MotionRequest)
        image = self._fetch(request.image_uri, work)
        self.load()
        assert self._renderer is not None
        return self._renderer.render(request, image, work / "motion.mp4")
