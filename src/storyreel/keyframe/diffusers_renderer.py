"""Keyframes from a diffusers text-to-image pipeline (SD-Turbo settings by default).

Any local diffusers model folder works (`model_index.json` inside). Loads offline only
(`local_files_only`), in fp16 on CUDA and fp32 on the CPU. Images are generated at the
model's native size in the shot's aspect ratio, then resized to the requested frame.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PIL import Image

from storyreel.contract import KeyframeRequest
from storyreel.diffusion import DrawingGrid, diffusion_unavailable, load_pipeline
from storyreel.errors import StoryReelError
from storyreel.keyframe.base import KeyframeRenderer

_MAX_BATCH = 4


def diffusers_unavailable(model_dir: str | None) -> str | None:
    """Why the diffusers backend cannot run (what to install or set), or None."""
    return diffusion_unavailable(
        model_dir, "STORYREEL_DIFFUSERS_MODEL", "a copy of stabilityai/sd-turbo"
    )


class DiffusersRenderer(KeyframeRenderer):
    """Text-to-image with diffusers; deterministic from (prompt, seed) on a given device."""

    name = "diffusers"
    batch_size = _MAX_BATCH

    def __init__(
        self, model_dir: Path, device: str = "cpu", steps: int = 1, guidance: float = 0.0
    ) -> None:
        reason = diffusers_unavailable(str(model_dir))
        if reason is not None:
            raise StoryReelError(f"diffusers keyframes unavailable: {reason}")
        import torch
        from diffusers import AutoPipelineForText2Image

        self.device = device
        self.steps = steps
        self.guidance = guidance
        self._torch = torch
        self._pipe = load_pipeline(AutoPipelineForText2Image, model_dir, device, "diffusers")
        self._lock = threading.Lock()
        self.grid = DrawingGrid.of(self._pipe)

    def render(self, request: KeyframeRequest) -> Image.Image:
        return self.render_batch([request])[0]

    def render_batch(self, requests: list[KeyframeRequest]) -> list[Image.Image]:
        """Several shots per forward pass (same frame size), each with its own seed."""
        images: list[Image.Image | None] = [None] * len(requests)
        groups: dict[tuple[int, int], list[int]] = {}
        for position, request in enumerate(requests):
            groups.setdefault((request.width, request.height), []).append(position)
        for (width, height), positions in groups.items():
            gen_w, gen_h = self.grid.size_for(width, height)
            for start in range(0, len(positions), _MAX_BATCH):
                chunk = positions[start : start + _MAX_BATCH]
                drawn = self._draw([requests[p] for p in chunk], gen_w, gen_h)
                for position, image in zip(chunk, drawn):
                    if image.size != (width, height):
                        image = image.resize((width, height), Image.Resampling.LANCZOS)
                    images[position] = image
        return [image for image in images if image is not None]

    def _draw(self, requests: list[KeyframeRequest], width: int, height: int) -> list[Image.Image]:
        torch = self._torch
        # The generator lives on the CPU so a seed gives the same noise on any device.
        generators = [torch.Generator("cpu").manual_seed(r.seed) for r in requests]
        with self._lock, torch.inference_mode():
            output = self._pipe(
                prompt=[r.prompt for r in requests],
                width=width,
                height=height,
                num_inference_steps=self.steps,
                guidance_scale=self.guidance,
                generator=generators,
                output_type="pil",
            )
        return [image.convert("RGB") for image in output.images]
