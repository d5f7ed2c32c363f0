"""Image-to-video with Stable Video Diffusion through diffusers.

Any local SVD model folder works (`model_index.json` inside), loaded offline only, fp16 on
CUDA. The keyframe is resized to the model's native size in the shot's aspect ratio, and the
frames are resized back to the requested size before encoding.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PIL import Image

from storyreel.contract import MotionRequest, MotionResult
from storyreel.diffusion import DrawingGrid, diffusion_unavailable, load_pipeline
from storyreel.errors import StoryReelError
from storyreel.media.frames import write_frames_mp4
from storyreel.motion.base import MotionRenderer


def svd_unavailable(model_dir: str | None) -> str | None:
    """Why Stable Video Diffusion cannot run (what to install or set), or None."""
    return diffusion_unavailable(
        model_dir, "STORYREEL_SVD_MODEL", "a copy of stabilityai/stable-video-diffusion-img2vid"
    )


class SvdMotion(MotionRenderer):
    """Stable Video Diffusion: a keyframe in, `frames` generated frames out."""

    name = "svd"

    def __init__(
        self, model_dir: Path, device: str = "cpu", steps: int = 25, ffmpeg: str = "bundled"
    ) -> None:
        reason = svd_unavailable(str(model_dir))
        if reason is not None:
            raise StoryReelError(f"Stable Video Diffusion unavailable: {reason}")
        import torch
        from diffusers import StableVideoDiffusionPipeline

        self._pipe = load_pipeline(StableVideoDiffusionPipeline, model_dir, device, "SVD")
        self._torch = torch
        self._ffmpeg = ffmpeg
        self.steps = steps
        self._lock = threading.Lock()
        self.grid = DrawingGrid.of(self._pipe)

    def render(self, request: MotionRequest, image_path: Path, out_path: Path) -> MotionResult:
        try:
            keyframe = Image.open(image_path).convert("RGB")
        except OSError as error:
            raise StoryReelError(f"the keyframe {request.image_uri} is not an image") from error
        width, height = request.width // 2 * 2, request.height // 2 * 2
        gen_w, gen_h = self.grid.size_for(width, height)
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
