"""Running the ffmpeg command line: the imageio-ffmpeg binary by default, or the system one."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from storyreel.errors import MediaToolError


@lru_cache(maxsize=4)
def ffmpeg_executable(choice: str = "bundled") -> str:
    """Resolve "bundled", "system" or an explicit path to an ffmpeg binary."""
    if choice == "bundled":
        try:
            import imageio_ffmpeg
        except ImportError as error:
            raise MediaToolError("imageio-ffmpeg is not installed: reinstall storyreel") from error
        return str(imageio_ffmpeg.get_ffmpeg_exe())
    if choice == "system":
        found = shutil.which("ffmpeg")
        if found is None:
            raise MediaToolError("STORYREEL_FFMPEG=system but no ffmpeg is on PATH")
        return found
    if not Path(choice).is_file():
        raise MediaToolError(f"STORYREEL_FFMPEG points to {choice}, which does not exist")
    return choice


@lru_cache(maxsize=4)
def ffmpeg_fingerprint(executable: str) -> str:
    """Identifies the binary (path, size, mtime) so cached segments follow an ffmpeg change."""
    stat = Path(executable).stat()
    return hashlib.sha256(f"{executable}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[
        :16
    ]


def run_ffmpeg(
    executable: str, args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> None:
    """Run ffmpeg quietly; on failure raise with the last lines it printed."""
    command = [executable, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args]
    completed = subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    if completed.returncode != 0:
        tail = completed.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise MediaToolError(
            "ffmpeg failed: " + (" | ".join(tail) or f"exit {completed.returncode}")
        )
