"""Counting an MP4's video frames from its sample table, against PyAV's count."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyreel.media.ffmpeg import ffmpeg_executable, run_ffmpeg
from storyreel.media.probe import mp4_video_frames, probe_media


def _encode(path: Path, *args: str) -> Path:
    run_ffmpeg(ffmpeg_executable(), [*args, str(path)])
    return path


def test_the_video_tracks_frames_are_counted_whatever_track_comes_first(tmp_path: Path) -> None:
    sound = ["-f", "lavfi", "-i", "sine=frequency=440:duration=2"]
    picture = ["-f", "lavfi", "-i", "testsrc2=s=64x36:r=24:d=1.5"]
    for name, inputs in (
        ("video-first.mp4", picture + sound),
        ("audio-first.mp4", sound + picture),
    ):
        made = _encode(tmp_path / name, *inputs, "-c:v", "libx264", "-c:a", "aac")
        info = probe_media(made, count_frames=True).video
        assert info is not None and mp4_video_frames(made) == info.frames > 0
    # faststart: the movie box before the media
    made = _encode(tmp_path / "fast.mp4", *picture, "-c:v", "libx264", "-movflags", "+faststart")
    assert mp4_video_frames(made) == 36


def test_no_video_track_is_none_and_a_file_that_is_not_mp4_is_refused(tmp_path: Path) -> None:
    sound = _encode(tmp_path / "sound.mp4", "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac")
    assert mp4_video_frames(sound) == 0
    text = tmp_path / "not.mp4"
    text.write_bytes(b"this is not a movie at all, just some words")
    with pytest.raises(ValueError):
        mp4_video_frames(text)
    truncated = tmp_path / "cut.mp4"
    truncated.write_bytes(sound.read_bytes()[:100])
    with pytest.raises(ValueError):
        mp4_video_frames(truncated)
