"""One settings object, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from storyreel.contract.stages import DEFAULT_MAX_STORY_CHARS


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storyreel"


@dataclass(frozen=True)
class Settings:
    """Run-time configuration. Every field has an environment variable."""

    max_story_chars: int = DEFAULT_MAX_STORY_CHARS  # STORYREEL_MAX_STORY_CHARS
    # "bundled" (imageio-ffmpeg's binary), "system" (ffmpeg on PATH) or a path to a binary.
    ffmpeg: str = "bundled"  # STORYREEL_FFMPEG
    cache_dir: Path = field(default_factory=_default_cache_dir)  # STORYREEL_CACHE_DIR
    # Worker processes for segment encoding; 0 means one per CPU core.
    export_jobs: int = 0  # STORYREEL_EXPORT_JOBS

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
        )
