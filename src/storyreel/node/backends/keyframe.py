"""Keyframe backends: any KeyframeRenderer (sketch, diffusers) behind the node interface."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from storyreel.contract import KeyframeRequest, KeyframeResult, TaskType
from storyreel.keyframe.base import KeyframeRenderer
from storyreel.keyframe.service import keyframe_render
from storyreel.node.backends.base import ModelBackend, as_request


class RendererKeyframeBackend(ModelBackend[KeyframeRenderer]):
    """A keyframe renderer, made on first use (a diffusers pipeline loads then)."""

    stage = TaskType.KEYFRAME

    def run(self, payload: BaseModel, work: Path) -> KeyframeResult:
        return keyframe_render(
            request=as_request(payload, KeyframeRequest),
            renderer=self.model(),
            out_path=work / "keyframe.png",
        )
