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
class Settings:
    """Run-time configuration. Every field has an environment variable."""

    max_story_chars: int = DEFAULT_MAX_STORY_CHARS  # STORYREEL_MAX_STORY_CHARS
    # "bundled" (imageio-ffmpeg's binary), "system" (ffmpeg on PATH) or a path to a binary.
    ffmpeg: str = "bundled"  # STORYREEL_FFMPEG
    cache_dir: Path = field(default_factory=_default_cache_dir)  # STORYREEL_CACHE_DIR
    # Worker processes for segment encoding; 0 means one per CPU core.
    export_jobs: int = 0  # STORYREEL_EXPORT_JOBS
    # "production" makes the server and the node refuse to start without their secrets.
    env: str = "development"  # STORYREEL_ENV
    # Sample rate of CosyVoice's raw PCM when its server does not say (300M: 22050).
    cosyvoice_sample_rate: int = 22050  # STORYREEL_COSYVOICE_SAMPLE_RATE
    # Where the desktop client keeps its cache (default: <XDG cache>/storyreel-client).
    client_cache_dir: Path = field(default_factory=lambda: _cache_home() / "storyreel-client")

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
            env=env.get("STORYREEL_ENV", defaults.env),
            cosyvoice_sample_rate=int(
                env.get("STORYREEL_COSYVOICE_SAMPLE_RATE", defaults.cosyvoice_sample_rate)
            ),
            client_cache_dir=Path(env["STORYREEL_CLIENT_CACHE"])
            if env.get("STORYREEL_CLIENT_CACHE")
            else defaults.client_cache_dir,
        )
