"""What the diffusers backends share: availability, offline loading, the size they draw at."""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyreel.errors import StoryReelError


def diffusion_unavailable(model_dir: str | None, setting: str, example: str) -> str | None:
    """Why a diffusers model cannot run here (what to install or set), or None."""
    for module in ("torch", "diffusers", "transformers"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed: pip install 'storyreel[diffusion]'"
    if not model_dir:
        return f"no model folder: set {setting} to a local diffusers model (for example {example})"
    if not (Path(model_dir) / "model_index.json").is_file():
        return f"weights not found at {model_dir} (no model_index.json there)"
    return None


def load_pipeline(pipeline_class: Any, model_dir: Path, device: str, what: str) -> Any:
    """A pipeline from a local folder only (no hub), fp16 on CUDA, progress bars off."""
    import diffusers
    import torch
    import transformers

    diffusers.utils.logging.disable_progress_bar()
    transformers.utils.logging.disable_progress_bar()
    dtype = torch.float16 if device.startswith("cuda") else torch.float32
    try:
        pipe = pipeline_class.from_pretrained(str(model_dir), dtype=dtype, local_files_only=True)
    except (OSError, ValueError) as error:
        raise StoryReelError(f"cannot load the {what} model at {model_dir}: {error}") from error
    pipe.set_progress_bar_config(disable=True)
    return pipe.to(device)


@dataclass(frozen=True)
class DrawingGrid:
    """The model's native long side, and the multiple every side must be."""

    native: int
    multiple: int

    @classmethod
    def of(cls, pipe: Any) -> DrawingGrid:
        scale = int(getattr(pipe, "vae_scale_factor", 8))
        downsampling = scale * 2 ** (len(pipe.unet.config.block_out_channels) - 1)
        # Pipelines check sides divide by 8; the UNet needs its full downsampling too.
        return cls(int(pipe.unet.config.sample_size) * scale, math.lcm(8, downsampling))

    def size_for(self, width: int, height: int) -> tuple[int, int]:
        """The size to draw a width x height frame at: native long side, same aspect."""
        long_side = max(width, height)

        def fit(side: int) -> int:
            scaled = round(side * self.native / long_side / self.multiple) * self.multiple
            return max(self.multiple, scaled)

        return fit(width), fit(height)
