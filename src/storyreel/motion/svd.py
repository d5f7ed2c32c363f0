"""Image-to-video with Stable Video Diffusion through diffusers.

Any local SVD model folder works (`model_index.json` inside), loaded offline only, fp16 on
CUDA. The keyframe is resized to the model's native size in the shot's aspect ratio, and the
frames are resized back to the requested size before encoding.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import Any

from PIL import Image

from storyreel.contract import MotionRequest, MotionResult
from storyreel.errors import StoryReelError
from storyreel.media.frames import write_frames_mp4
from storyreel.motion.base import MotionRenderer


def svd_unavailable(model_dir: str | None) -> str | None:
    """Why Stable Video Diffusion cannot run (what to install or set), or None."""
    import importlib.util

    for module in ("torch", "diffusers", "transformers"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed: pip install 'storyreel[diffusion]'"
    if not model_dir:
        return (
            "no model folder: set STORYREEL_SVD_MODEL to a local Stable Video Diffusion model "
            "(for example a copy of stabilityai/stable-video-diffusion-img2vid)"
        )
    if not (Path(model_dir) / "model_index.json").is_file():
        return f"weights not found at {model_dir} (no model_index.json there)"
    return None


class SvdMotion(MotionRenderer):
    """Stable Video Diffusion: a keyframe in, `frames` generated frames out."""

    name = "svd"

    def __init__(
        self, model_dir: Path, device: str = "cpu", steps: int = 25, ffmpeg: str = "bundled"
    ) -> None:
        reason = svd_unavailable(str(model_dir))
        if reason is not None:
            raise StoryReelError(f"Stable Video Diffusion unavailable: {reason}")
        import diffusers
        import torch
        import transformers
        from diffusers import StableVideoDiffusionPipeline

        diffusers.utils.logging.disable_progress_bar()
        transformers.utils.logging.disable_progress_bar()
        dtype = torch.float16 if device.startswith("cuda") else torch.float32
        try:
            pipe: Any = StableVideoDiffusionPipeline.from_pretrained(
                str(model_dir), dtype=dtype, local_files_only=True
            )
        except (OSError, ValueError) as error:
            raise StoryReelError(f"cannot load the SVD model at {model_dir}: {error}") from error
        pipe.set_progress_bar_config(disable=True)
        self._pipe = pipe.to(device)
        self._torch = torch
        self._ffmpeg = ffmpeg
        self.steps = steps
        self._lock = threading.Lock()
        scale = int(getattr(pipe, "vae_scale_factor", 8))
        self._native = int(pipe.unet.config.sample_size) * scale
        self._multiple = math.lcm(8, scale * 2 ** (len(pipe.unet.config.block_out_channels) - 1))

    def generation_size(self, width: int, height: int) -> tuple[int, int]:
        long_side = max(width, height)

        def fit(side: int) -> int:
            scaled = round(side * self._native / long_side / self._multiple) * self._multiple
            return max(self._multiple, scaled)

        return fit(width), fit(height)

    def render(self, request: MotionRequest, image_path: Path, out_path: Path) -> MotionResult:
        try:
            keyframe = Image.open(image_path).convert("RGB")
        except OSError as error:
            raise StoryReelError(f"the keyframe {request.image_uri} is not an image") from error
        width, height = request.width // 2 * 2, request.height // 2 * 2
        gen_w, gen_h = self.generation_size(width, height)
        torch = self._torch
        generator = torch.Generator("cpu").manual_seed(request.seed)
        with self._lock, torch.inference_mode():
            output = self._pipe(
                keyframe.resize((gen_w, gen_h), Image.Resampling.LANCZOS),
                width=gen_w,
                height=gen_h,
                num_frames=request.frames,
                num_inference_steps=self.steps,
                fps=request.fps,
                motion_bucket_id=request.motion_bucket_id,
                decode_chunk_size=8,
                generator=generator,
                output_type="pil",
            )
        frames = [
            frame.resize((width, height), Image.Resampling.LANCZOS) for frame in output.frames[0]
        ]
        write_frames_mp4(frames, request.fps, out_path, self._ffmpeg)
        return MotionResult(
            uri=str(out_path),
            frames=len(frames),
            fps=request.fps,
            width=width,
            height=height,
            backend=self.name,
        )
