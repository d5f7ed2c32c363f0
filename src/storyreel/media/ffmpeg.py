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


# Every H.264 StoryReel writes: HD players decode with BT.709, so RGB is converted with the
# BT.709 matrix into limited range (TO_BT709, once per chain) and the stream says
# so; swscale's default BT.601 turned a green (40,160,60) into (29,141,57) on playback.
# The frames say so too: ffmpeg takes a frame's colour properties over the encoder's.
BT709_TAGS = "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv"
BT709_OUT = "out_color_matrix=bt709:out_range=tv"  # options of a scale filter
TO_BT709 = f"scale={BT709_OUT},format=yuv420p,{BT709_TAGS}"
X264 = [
    "-c:v", "libx264", "-preset", "superfast", "-crf", "21", "-pix_fmt", "yuv420p",
    "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
    "-color_range", "tv",
]  # fmt: skip


def ffmpeg_report(executable: str, args: list[str], cwd: Path | None = None) -> str:
    """Run ffmpeg for what it prints (a filter's measurements) and return its stderr."""
    command = [executable, "-hide_banner", "-nostdin", "-loglevel", "info", "-y", *args]
    completed = subprocess.run(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    text = completed.stderr.decode("utf-8", "replace")
    if completed.returncode != 0:
        raise _failure(text, completed.returncode)
    return text


def _failure(stderr: str, code: int) -> MediaToolError:
    tail = stderr.strip().splitlines()[-3:]
    return MediaToolError("ffmpeg failed: " + (" | ".join(tail) or f"exit {code}"))


def run_ffmpeg(
    executable: str, args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> None:
    """Run ffmpeg quietly; on failure raise with the last lines it printed."""
    command = [executable, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args]
    completed = subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    if completed.returncode != 0:
        raise _failure(completed.stderr.decode("utf-8", "replace"), completed.returncode)


def run_ffmpeg_output(executable: str, args: list[str]) -> bytes:
    """Run ffmpeg for what it writes to stdout (raw samples); raise as run_ffmpeg does."""
    command = [executable, "-hide_banner", "-nostdin", "-loglevel", "error", *args]
    completed = subprocess.run(command, capture_output=True, check=False)
    if completed.returncode != 0:
        raise _failure(completed.stderr.decode("utf-8", "replace"), completed.returncode)
    return completed.stdout
