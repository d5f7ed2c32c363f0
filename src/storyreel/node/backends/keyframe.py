"""Keyframe backends: any KeyframeRenderer (sketch, diffusers) behind the node interface."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from storyreel.contract import KeyframeRequest, KeyframeResult, TaskType
from storyreel.keyframe.base import KeyframeRenderer
from storyreel.keyframe.service import keyframe_render
from storyreel.node.backends.base import Backend, as_request


class RendererKeyframeBackend(Backend):
    """Wraps a renderer; model renderers expose load/unload and a device."""

    stage = TaskType.KEYFRAME

    def __init__(
        self,
        name: str,
        description: str,
        make_renderer: Callable[[], KeyframeRenderer],
        reason: Callable[[], str | None] = lambda: None,
        device: Callable[[], str] = lambda: "cpu",
    ) -> None:
        self.name = name
        self.description = description
        self._make = make_renderer
        self._reason = reason
        self._device = device
        self._renderer: KeyframeRenderer | None = None

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

    def run(self, payload: BaseModel, work: Path) -> KeyframeResult:
        self.load()
        assert self._renderer is not None
        return keyframe_render(
            request=as_request(payload, KeyframeRequest),
            renderer=self._renderer,
            out_path=work / "keyframe.png",
        )
