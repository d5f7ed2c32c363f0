"""Colour as a player shows it: exports convert RGB with BT.709 into limited range and tag
the stream, so a green (40,160,60) keyframe decodes as (40,160,60) within +-3, not as
(29,141,57) (ffmpeg's default BT.601 matrix decoded as the BT.709 HD players assume)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from storyreel.contract import (
    AspectRatio,
    ExportRequest,
    Language,
    ShotMedia,
    ShotSize,
    ShotSpec,
    Storyboard,
)
from storyreel.media.audio import write_wav
from storyreel.media.compositor import Compositor
from storyreel.media.ffmpeg import ffmpeg_executable
from storyreel.settings import Settings

PATCHES = {  # quadrant -> colour
    (0, 0): (40, 160, 60),
    (1, 0): (200, 40, 40),
    (0, 1): (40, 60, 200),
    (1, 1): (128, 128, 128),
}


def _patches(path: Path, width: int, height: int) -> None:
    image = Image.new("RGB", (width, height))
    for (column, row), colour in PATCHES.items():
        box = (column * width // 2, row * height // 2, (column + 1) * width // 2,
               (row + 1) * height // 2)  # fmt: skip
        image.paste(colour, box)
    image.save(path)


def _decoded_as_a_player_does(video: Path, at_s: float, width: int, height: int) -> np.ndarray:
    """One frame, converted to RGB with BT.709 limited range (what HD players assume)."""
    raw = subprocess.run(
        [ffmpeg_executable("bundled"), "-v", "error", "-ss", f"{at_s}", "-i", str(video),
         "-frames:v", "1", "-vf", "scale=in_color_matrix=bt709:in_range=tv,format=rgb24",
         "-f", "rawvideo", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return np.frombuffer(raw, np.uint8).reshape(height, width, 3)


def test_colours_survive_the_export_as_a_player_decodes_them(
    tmp_path: Path, settings: Settings
) -> None:
    width, height = AspectRatio.LANDSCAPE.frame_size(360)
    _patches(tmp_path / "key.png", width, height)
    t = np.arange(22050) / 22050
    write_wav((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 22050, tmp_path / "n.wav")
    board = Storyboard(
        language=Language.EN,
        aspect=AspectRatio.LANDSCAPE,
        shots=[ShotSpec(index=0, narration="Hi.", prompt="p", seed=1,
                        shot_size=ShotSize.CLOSE_UP, source_start=0, source_end=3)],
    )  # fmt: skip
    media = [
        ShotMedia(
            keyframe_uri=str(tmp_path / "key.png"),
            narration_uri=str(tmp_path / "n.wav"),
            narration_duration_s=1.0,
        )
    ]
    out = tmp_path / "colour.mp4"
    Compositor(settings).export(
        ExportRequest(storyboard=board, media=media, output_path=str(out), short_side=360)
    )
    with av.open(str(out)) as container:
        stream = container.streams.video[0].codec_context
        tags = (stream.color_primaries, stream.color_trc, stream.colorspace, stream.color_range)
    assert tags == (1, 1, 1, 1)  # BT.709 primaries, transfer and matrix; limited (tv) range

    frame = _decoded_as_a_player_does(out, 1.0, width, height)  # after the fade-in
    for (column, row), colour in PATCHES.items():
        # the middle of each quadrant, clear of the slow zoom and of the subtitle line
        x = int(width * (0.25 + 0.5 * column))
        y = int(height * (0.25 + 0.4 * row))
        found = frame[y - 2 : y + 3, x - 2 : x + 3].reshape(-1, 3).mean(axis=0)
        assert found == pytest.approx(colour, abs=3), (colour, found.round(1))
