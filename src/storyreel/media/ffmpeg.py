"""Running the ffmpeg command line: the imageio-ffmpeg binary by default, or the system one."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO

from storyreel.errors import MediaToolError

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None  # type: ignore[assignment]


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


def raw_video_input(width: int, height: int, fps: int) -> list[str]:
    """ffmpeg's input options for raw BT.709 yuv420p frames on its standard input."""
    return [
        "-f", "rawvideo", "-pix_fmt", "yuv420p", "-video_size", f"{width}x{height}",
        "-framerate", str(fps), "-color_range", "tv", "-colorspace", "bt709",
        "-color_primaries", "bt709", "-color_trc", "bt709", "-i", "pipe:0",
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


PIPE_BYTES = 1 << 20  # Linux's largest pipe for anyone (fs.pipe-max-size); at most this


def _widen(pipe: int) -> None:
    """A 1 MiB pipe where Linux allows it: a 720p frame goes through in two writes and
    reads, not twenty-two of 64 KiB (a third of the pipe's CPU, here)."""
    setting = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if setting is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe, setting, PIPE_BYTES)


@dataclass(frozen=True)
class Spliced:
    """Bytes of a file (its descriptor, offset, length) for ffmpeg's standard input, moved
    into the pipe by the kernel (os.splice: the pages themselves, nothing copied here). They
    must stay as they are until PIPE_BYTES more have been fed after them: by then ffmpeg has
    read them out of the pipe."""

    fd: int
    offset: int
    length: int


def _write(pipe: int, chunk: bytes | memoryview | Spliced) -> None:
    if isinstance(chunk, Spliced):
        offset, end = chunk.offset, chunk.offset + chunk.length
        while offset < end:
            if hasattr(os, "splice"):
                moved = os.splice(chunk.fd, pipe, end - offset, offset_src=offset)
            else:  # not Linux: read and write
                moved = os.write(pipe, os.pread(chunk.fd, end - offset, offset))
            if moved <= 0:
                raise BrokenPipeError("ffmpeg's input closed")
            offset += moved
        return
    view = memoryview(chunk).cast("B")
    while view:
        view = view[os.write(pipe, view) :]


def run_ffmpeg_fed(
    executable: str,
    args: list[str],
    chunks: Iterable[bytes | memoryview | Spliced],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> None:
    """Run ffmpeg on what is written to its standard input (`-i pipe:0` in args), chunk by
    chunk as they come (bytes, or Spliced from a file); raise as run_ffmpeg does. If making
    a chunk fails, ffmpeg is stopped and the error goes on."""
    command = [executable, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args]
    with tempfile.TemporaryFile() as errors:  # not a pipe: a full one would stall ffmpeg
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            stderr=errors, bufsize=0,
        )  # fmt: skip
        assert process.stdin is not None
        pipe = process.stdin.fileno()
        _widen(pipe)
        try:
            try:
                for chunk in chunks:
                    _write(pipe, chunk)
            finally:
                process.stdin.close()
        except BrokenPipeError:
            pass  # ffmpeg stopped reading: what it printed says why
        except BaseException:
            process.kill()
            process.wait()
            raise
        code = process.wait()
        if code != 0:
            errors.seek(0)
            raise _failure(errors.read().decode("utf-8", "replace"), code)


def ffmpeg_frames_through(
    executable: str,
    args: list[str],
    chunks: Iterable[bytes],
    frame_bytes: int,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[bytes]:
    """Run ffmpeg with chunks on its standard input (`-i pipe:0`) and its output on its
    standard output (`pipe:1`, raw frames of frame_bytes each), yielding each frame as it
    comes: nothing is held but the frame read. Raise as run_ffmpeg does, also when the
    output ends inside a frame."""
    command = [executable, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args]
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=errors, bufsize=0,
        )  # fmt: skip
        assert process.stdin is not None and process.stdout is not None
        feeding = _Feeder(process.stdin, chunks)
        ended = False
        try:
            while (frame := _read_exactly(process.stdout, frame_bytes)) is not None:
                yield frame
            ended = True
        finally:
            if not ended:
                process.kill()  # the caller stopped early or failed: stop ffmpeg
            feeding.thread.join()
            code = process.wait()
            process.stdout.close()
        if feeding.error is not None:
            raise feeding.error
        if code != 0:
            errors.seek(0)
            raise _failure(errors.read().decode("utf-8", "replace"), code)


class _Feeder:
    """Writes chunks to a process's input on a thread of its own (its output is read at
    the same time: a pipe each way, either could fill)."""

    def __init__(self, stdin: IO[bytes], chunks: Iterable[bytes]) -> None:
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(stdin, chunks), daemon=True)
        self.thread.start()

    def _run(self, stdin: IO[bytes], chunks: Iterable[bytes]) -> None:
        try:
            for chunk in chunks:
                _write(stdin.fileno(), chunk)
        except BrokenPipeError:
            pass  # ffmpeg stopped reading: what it printed says why
        except BaseException as error:  # handed to the reader
            self.error = error
        finally:
            with contextlib.suppress(OSError):
                stdin.close()


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    """size bytes from stream; None at its end before any; an error inside a frame."""
    data = bytearray()
    while len(data) < size:
        block = stream.read(size - len(data))
        if not block:
            if data:
                raise MediaToolError(f"ffmpeg's output ended inside a frame ({len(data)} bytes)")
            return None
        data += block
    return bytes(data)


def run_ffmpeg_output(executable: str, args: list[str]) -> bytes:
    """Run ffmpeg for what it writes to stdout (raw samples); raise as run_ffmpeg does."""
    command = [executable, "-hide_banner", "-nostdin", "-loglevel", "error", *args]
    completed = subprocess.run(command, capture_output=True, check=False)
    if completed.returncode != 0:
        raise _failure(completed.stderr.decode("utf-8", "replace"), completed.returncode)
    return completed.stdout
