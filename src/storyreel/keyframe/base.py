"""The keyframe renderer interface that every backend (sketch, diffusers) implements."""

from __future__ import annotations

from abc import ABC, abstractmethod

from PIL import Image

from storyreel.contract import KeyframeRequest


class KeyframeRenderer(ABC):
    """Turns a shot's visual prompt into an image, deterministically from (prompt, seed)."""

    name: str
    batch_size: int = 1  # shots worth rendering together (a GPU model draws several at once)

    @abstractmethod
    def render(self, request: KeyframeRequest) -> Image.Image:
        """Render one RGB image of request.width x request.height."""

    def render_batch(self, requests: list[KeyframeRequest]) -> list[Image.Image]:
        """Render several shots; backends that batch on a GPU override this."""
        return [self.render(request) for request in requests]
