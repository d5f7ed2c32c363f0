"""Choosing the export's H.264 encoder. This machine has no GPU: NVENC and VAAPI are
tried for real and fail (no libcuda, no /dev/dri), so auto falls back to libx264 saying
why, and asking for one by name fails with the reason. Picking a hardware encoder when
one works is checked with a stand-in ffmpeg (a script, as no GPU is here) that says its
trial encode succeeded."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from storyreel.errors import MediaToolError
from storyreel.media.encoders import LIBX264, NVENC, VAAPI_DEVICE, choose_encoder
from storyreel.media.ffmpeg import ffmpeg_executable


def test_without_a_gpu_auto_falls_back_to_libx264_and_says_why() -> None:
    choose_encoder.cache_clear()
    chosen = choose_encoder(ffmpeg_executable(), "auto")
    assert chosen.name == "libx264" and chosen.args == LIBX264.args
    assert chosen.note.startswith("no hardware H.264 encoder works here (h264_nvenc: ")
    assert "encoding with libx264 on the CPU" in chosen.note
    if not VAAPI_DEVICE.exists():
        assert f"h264_vaapi: no {VAAPI_DEVICE}" in chosen.note
    assert choose_encoder(ffmpeg_executable(), "libx264").note == ""


def test_asking_for_an_encoder_that_cannot_run_here_says_why() -> None:
    with pytest.raises(MediaToolError, match=r"STORYREEL_ENCODER=h264_nvenc cannot encode here"):
        choose_encoder(ffmpeg_executable(), "h264_nvenc")
    with pytest.raises(MediaToolError, match="not one of: auto, libx264"):
        choose_encoder(ffmpeg_executable(), "h265")


def test_a_working_hardware_encoder_is_chosen(tmp_path: Path) -> None:
    """A stand-in ffmpeg: lists h264_nvenc and encodes the trial frames without error."""
    fake = tmp_path / "ffmpeg"
    fake.write_text(
        "#!/bin/sh\n"
        'case "$*" in *-encoders*) echo " V....D h264_nvenc  NVIDIA NVENC H.264 encoder";;\n'
        "*) exit 0;; esac\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    chosen = choose_encoder(str(fake), "auto")
    assert chosen == NVENC and chosen.note == ""
    assert "-color_primaries" in chosen.args  # tagged BT.709 like libx264's output
