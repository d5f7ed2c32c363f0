"""Video pixels need a real GL surface: the Preview page plays an MP4 under Xvfb (xcb)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from storyreel.media.ffmpeg import ffmpeg_executable
from system_packages import missing_system_package


def test_preview_plays_video_under_xvfb(tmp_path: Path) -> None:
    if shutil.which("xvfb-run") is None:
        missing_system_package("needs xvfb-run: apt-get install xvfb xauth")
    video = tmp_path / "bars.mp4"
    subprocess.run(
        [
            ffmpeg_executable(), "-v", "error",
            "-f", "lavfi", "-i", "color=c=0xd04020:s=640x360:r=24",
            "-f", "lavfi", "-i", "sine=frequency=440", "-t", "4", "-pix_fmt", "yuv420p",
            "-c:v", "libx264", "-c:a", "aac", "-shortest", str(video),
        ],
        check=True,
    )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["QT_QPA_PLATFORM"] = "xcb"
    probe = Path(__file__).with_name("playback_probe.py")
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, str(probe),
         str(video), str(tmp_path / "cache")],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["position_ms"] >= 1500  # it played
    red, green, blue = (int(result["centre"][i : i + 2], 16) for i in (1, 3, 5))
    assert red > 150 and green < 110 and blue < 90, result  # the video's colour is on screen
