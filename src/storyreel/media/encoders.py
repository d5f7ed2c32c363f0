"""The H.264 encoder of an export: NVENC or VAAPI when this machine has one that works,
else libx264 on the CPU, saying why.

`STORYREEL_ENCODER=auto` (the default) tries NVENC, then VAAPI: each must be built into the
ffmpeg in use and encode two test frames here (a driver, a device). `libx264`,
`h264_nvenc` or `h264_vaapi` asks for one; asking for one that cannot run is an error that
says why. Every encoder writes the same BT.709-tagged yuv420p H.264.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from storyreel.errors import MediaToolError
from storyreel.media.ffmpeg import X264

_COLOUR_TAGS = (
    "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
    "-color_range", "tv",
)  # fmt: skip
VAAPI_DEVICE = Path("/dev/dri/renderD128")


@dataclass(frozen=True)
class Encoder:
    """How ffmpeg encodes a piece: `args` after the filter graph; `device_args` before the
    inputs; `upload` ends the filter chain (VAAPI takes frames in its own memory)."""

    name: str
    args: tuple[str, ...]
    device_args: tuple[str, ...] = ()
    upload: str = ""
    note: str = ""  # why this one, when it is not what was asked for

    @property
    def hardware(self) -> bool:
        return self.name != "libx264"


LIBX264 = Encoder("libx264", tuple(X264))
NVENC = Encoder(
    "h264_nvenc",
    ("-c:v", "h264_nvenc", "-preset", "p4", "-rc", "vbr", "-cq", "23", "-b:v", "0",
     "-pix_fmt", "yuv420p", *_COLOUR_TAGS),
)  # fmt: skip
VAAPI = Encoder(
    "h264_vaapi",
    ("-c:v", "h264_vaapi", "-qp", "22", *_COLOUR_TAGS),
    device_args=("-vaapi_device", str(VAAPI_DEVICE)),
    upload=",format=nv12,hwupload",
)
ENCODERS = {encoder.name: encoder for encoder in (LIBX264, NVENC, VAAPI)}


def _run(command: list[str]) -> tuple[int, str]:
    try:
        done = subprocess.run(command, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return 1, str(error)
    return done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")


def _built_in(ffmpeg: str) -> set[str]:
    """The video encoders this ffmpeg was built with."""
    code, text = _run([ffmpeg, "-hide_banner", "-encoders"])
    if code != 0:
        return set()
    return {
        line.split()[1]
        for line in text.splitlines()
        if line.strip()[:1] == "V" and len(line.split()) > 1
    }


def _trial(ffmpeg: str, encoder: Encoder) -> str:
    """Why the encoder cannot encode two small frames here ("" when it can)."""
    if encoder.device_args and not VAAPI_DEVICE.exists():
        return f"no {VAAPI_DEVICE}"
    code, text = _run(
        [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", *encoder.device_args,
         "-f", "lavfi", "-i", "color=gray:s=320x240:r=24", "-frames:v", "2",
         "-vf", "format=yuv420p" + encoder.upload, *encoder.args, "-f", "null", "-"]
    )  # fmt: skip
    if code == 0:
        return ""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    # "[h264_nvenc @ 0x55d1...] Cannot load libcuda.so.1": the message without the address
    return re.sub(r"^\[[^\]]*\]\s*", "", lines[0]) if lines else f"exit {code}"


@lru_cache(maxsize=8)
def choose_encoder(ffmpeg: str, wanted: str = "auto") -> Encoder:
    """The encoder for `wanted` ("auto", or a name in ENCODERS) with this ffmpeg, tried once
    per process. "auto" falls back to libx264 with a note saying why."""
    if wanted == "libx264":
        return LIBX264
    if wanted != "auto" and wanted not in ENCODERS:
        raise MediaToolError(
            f"STORYREEL_ENCODER={wanted!r} is not one of: auto, {', '.join(ENCODERS)}"
        )
    built = _built_in(ffmpeg)
    reasons = []
    for encoder in (NVENC, VAAPI) if wanted == "auto" else (ENCODERS[wanted],):
        why = "not built into this ffmpeg" if encoder.name not in built else _trial(ffmpeg, encoder)
        if not why:
            return encoder
        reasons.append(f"{encoder.name}: {why}")
    if wanted != "auto":
        raise MediaToolError(
            f"STORYREEL_ENCODER={wanted} cannot encode here ({'; '.join(reasons)}); "
            "use auto or libx264"
        )
    note = (
        f"no hardware H.264 encoder works here ({'; '.join(reasons)}); "
        "encoding with libx264 on the CPU"
    )
    return dataclasses.replace(LIBX264, note=note)
