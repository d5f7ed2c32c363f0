"""Keyframes from a diffusers text-to-image pipeline (SD-Turbo settings by default).

Any local diffusers model folder works (`model_index.json` inside). Loads offline only
(`local_files_only`), in fp16 on CUDA and fp32 on the CPU. Images are generated at the
model's native size in the shot's aspect ratio, then resized to the requested frame.

The cast stays alike from shot to shot: a shot whose prompt gives a cast member's look
("Mei (a girl of about twelve, ... red coat)") starts from that person's noise (a seed from
their look), not the shot's, so every shot of Mei starts from the same noise. With
classifier-free guidance (guidance > 1; SD-Turbo runs without it) a negative prompt steers
away from text, watermarks and broken anatomy.
"""

from __future__ import annotations

import threading
import zlib
from pathlib import Path

from PIL import Image

from storyreel.contract import KeyframeRequest
from storyreel.diffusion import DrawingGrid, diffusion_unavailable, load_pipeline
from storyreel.errors import StoryReelError
from storyreel.keyframe.base import KeyframeRenderer
from storyreel.keyframe.sketch import look_texts

_MAX_BATCH = 4
NEGATIVE_PROMPT = (
    "text, watermark, signature, logo, blurry, lowres, jpeg artifacts, deformed, "
    "bad anatomy, extra limbs, extra fingers, duplicate, cropped face"
)


def noise_seed(request: KeyframeRequest) -> int:
    """The seed of a shot's starting noise: its lead's (the first look its prompt gives),
    the same in every shot of that person; else the shot's own."""
    looks = look_texts(request.prompt)
    if not looks:
        return request.seed
    return zlib.crc32(looks[0].encode("utf-8"))


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
        self,
        model_dir: Path,
        device: str = "cpu",
        steps: int = 1,
        guidance: float = 0.0,
        negative_prompt: str = NEGATIVE_PROMPT,
    ) -> None:
        reason = diffusers_unavailable(str(model_dir))
        if reason is not None:
            raise StoryReelError(f"diffusers keyframes unavailable: {reason}")
        import torch
        from diffusers import AutoPipelineForText2Image

        self.device = device
        self.steps = steps
        self.guidance = guidance
        self.negative_prompt = negative_prompt
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
        generators = [torch.Generator("cpu").manual_seed(noise_seed(r)) for r in requests]
        # a negative prompt only acts through classifier-free guidance (guidance > 1)
        negative = (
            {"negative_prompt": [self.negative_prompt] * len(requests)}
            if self.guidance > 1 and self.negative_prompt
            else {}
        )
        with self._lock, torch.inference_mode():
            output = self._pipe(
                prompt=[r.prompt for r in requests],
                **negative,
                width=width,
                height=height,
                num_inference_steps=self.steps,
                guidance_scale=self.guidance,
                generator=generators,
                output_type="pil",
            )
        return [image.convert("RGB") for image in output.images]
