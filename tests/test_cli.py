"""The `storyreel` command as a person runs it: one-line errors, non-zero exits, no traces."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nodekit import free_port
from storyreel.media.probe import probe_media


def run(
    tmp_path: Path, *args: str, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    # as a person runs it: none of the test run's Django or StoryReel settings
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STORYREEL_", "DJANGO_"))}
    env["STORYREEL_CACHE_DIR"] = str(tmp_path / "cache")
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "storyreel", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("storyreel: error:")]
    assert len(lines) == 1 and fragment in lines[0], result.stderr


@pytest.mark.parametrize("command", ["demo", "render"])
def test_a_video_from_a_story_file(tmp_path: Path, command: str) -> None:
    """`demo` goes through server, worker and node over HTTP; `render` runs in process."""
    story = tmp_path / "tiny story.txt"
    story.write_text("The cat slept by the fire. Snow fell outside at night.", encoding="utf-8")
    out = tmp_path / "out dir" / "tiny.mp4"
    result = run(
        tmp_path,
        command,
        "--story",
        str(story),
        "--out",
        str(out),
        "--size",
        "180",
        "--aspect",
        "9:16",
        "--formats",
        "all",
    )
    assert result.returncode == 0, result.stderr
    printed = result.stdout.strip().splitlines()
    assert printed[0] == str(out)
    assert "shots" in printed[1] and "s of video" in printed[1]
    for stage in ("storyboard", "keyframes", "narration", "export"):
        assert stage in result.stderr
    if command == "demo":
        assert "through the server" in printed[1]
        assert "Traceback" not in result.stderr
    subtitles = out.with_suffix(".srt").read_text(encoding="utf-8")
    assert "The cat slept by the fire." in subtitles
    info = probe_media(out)
    assert info.video is not None and (info.video.width, info.video.height) == (180, 320)
    assert out.with_suffix(".srt").is_file() and out.with_suffix(".json").is_file()
    # the printable storyboard beside it, with each shot's picture (both tiers give them)
    assert printed[2] == str(out.with_suffix(".pdf"))
    text = subprocess.run(
        ["pdftotext", str(out.with_suffix(".pdf")), "-"], capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    assert "The cat slept by the fire." in text and "Shot 1" in text
    images = subprocess.run(
        ["pdfimages", "-list", str(out.with_suffix(".pdf"))], capture_output=True, text=True,
        check=True,
    ).stdout.splitlines()[2:]  # fmt: skip
    board = json.loads(out.with_suffix(".json").read_text())
    shots = len(board["shots"])
    assert len(images) == shots
    # the story bible, both ways: the cat with its look, named in English in the prompts
    (cat,) = board["cast"]
    assert cat["name"] == "the cat" and "cat" in cat["look"]
    assert f"the cat ({cat['look']})" in board["shots"][0]["prompt"]
    # and the editors' timeline, its media beside it
    assert printed[3:] == [
        str(out.with_suffix(s)) for s in (".otio", ".xml", ".fcpxml", ".edl", ".kdenlive", ".stems")
    ]
    import opentimelineio as otio

    timeline = otio.adapters.read_from_file(str(out.with_suffix(".otio")))
    assert len(list(timeline.video_tracks()[0].find_clips())) == shots
    assert timeline.duration().to_seconds() == pytest.approx(probe_media(out).duration_s, abs=0.1)
    _check_stems(out)


def _gray_at(video: Path, seconds: float) -> np.ndarray:
    import av

    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            if frame.time is not None and frame.time >= seconds:
                return frame.to_ndarray(format="gray").astype(float)
    raise AssertionError(f"no frame at {seconds} s in {video}")


def _check_stems(out: Path) -> None:
    """The picture without subtitles (the same cut), the sound alone, the subtitles."""
    stems = out.with_suffix(".stems")
    clean, burned = probe_media(stems / "video.mp4"), probe_media(out)
    assert clean.video is not None and burned.video is not None
    assert (clean.video.width, clean.video.height) == (burned.video.width, burned.video.height)
    assert clean.duration_s == pytest.approx(burned.duration_s, abs=1 / burned.video.fps + 0.05)
    # while the first shot speaks, the two differ only where the subtitle is drawn
    rows = np.abs(_gray_at(stems / "video.mp4", 1.0) - _gray_at(out, 1.0)).mean(axis=1)
    height = len(rows)
    assert rows[: height // 3].max() < 3, "the clean picture differs away from the subtitle"
    assert rows[height // 2 :].max() > 10, "no subtitle was burned into the MP4, or both"
    for part in ("sound.wav", "narration.wav"):  # the MP4's own sound; the voices alone
        sound = probe_media(stems / part)
        assert sound.audio is not None and sound.video is None
        assert sound.duration_s == pytest.approx(burned.duration_s, abs=0.1)
    assert not (stems / "music.wav").exists()  # no bed was asked for
    srt = (stems / "subtitles.srt").read_text(encoding="utf-8")
    assert srt == out.with_suffix(".srt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("setup", "args", "fragment"),
    [
        (None, ["--story", "missing.txt"], "story file not found"),
        ("", ["--story", "story.txt"], "the story is empty"),
        ("x" * 20_001, ["--story", "story.txt"], "over the limit of 20,000"),
        ("Hello.", ["--story", "story.txt", "--voice", "nobody"], "available voices: "),
        (
            "灯笼匠的女儿住在河边。",
            ["--story", "story.txt", "--voice", "joe"],
            "'joe' speaks English and this story is in Chinese",
        ),
        (
            "Hello.",
            ["--story", "story.txt", "--out", "story.txt/v.mp4"],
            "cannot create the folder",
        ),
        ("Hello.", ["--story", "story.txt", "--out", "v.mov"], "must be an .mp4"),
        ("Hello there.", ["--story", "story.txt", "--lang", "zh"], "has no Chinese in it"),
        ("灯笼匠的女儿。", ["--story", "story.txt", "--lang", "en"], "has no English in it"),
        # writable by its permissions (for root), yet no file can be made there
        ("Hello.", ["--story", "story.txt", "--out", "/proc/x.mp4"], "cannot write a file in"),
        (
            "Hello.",
            ["--story", "story.txt", "--formats", "pdf,aaf"],
            "unknown format aaf",
        ),
        ("Hello.", ["--story", "story.txt", "--music", "jazz.mp3"], "one of: calm, dusk"),
        ("Hello.", ["--story", "story.txt", "--music", "story.txt"], "`storyreel render`"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(
    tmp_path: Path, setup: str | None, args: list[str], fragment: str
) -> None:
    if setup is not None:
        (tmp_path / "story.txt").write_text(setup, encoding="utf-8")
    result = run(tmp_path, "demo", *args)
    assert_one_line_error(result, fragment)
    assert list(tmp_path.rglob("*.mp4")) == []


def test_demo_against_a_server_that_is_down(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Hello there.", encoding="utf-8")
    port = free_port()
    result = run(
        tmp_path, "demo", "--story", "story.txt", "--server", f"http://127.0.0.1:{port}",
        "--token", "x",
    )  # fmt: skip
    assert_one_line_error(result, "cannot reach the StoryReel server")
    assert list(tmp_path.rglob("*.mp4")) == []


def test_binary_story_is_refused(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_bytes(b"\xff\xfe\x00\x01garbage")
    assert_one_line_error(run(tmp_path, "demo", "--story", "story.txt"), "not UTF-8")


def test_voices_are_listed(tmp_path: Path) -> None:
    result = run(tmp_path, "voices")
    assert result.returncode == 0
    assert "joe" in result.stdout and "espeak-cmn" in result.stdout


@pytest.mark.slow
def test_bundled_sample_at_720p(tmp_path: Path) -> None:
    """The README's main command: the bundled sample, full size."""
    result = run(tmp_path, "demo")
    assert result.returncode == 0, result.stderr
    video = tmp_path / "out" / "sample.mp4"
    info = probe_media(video)
    assert info.video is not None and (info.video.width, info.video.height) == (1280, 720)
    assert info.audio is not None and info.duration_s > 30


def test_an_llm_storyboard_that_cannot_run_is_one_line_before_anything_starts(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "no-such-model.gguf"
    result = run(
        tmp_path, "render", "--storyboard", "llm", "--out", str(tmp_path / "x.mp4"),
        env_extra={"STORYREEL_LLM_GGUF": str(missing)},
    )  # fmt: skip
    assert_one_line_error(
        result, f"--storyboard llm cannot run here: weights not found at {missing}"
    )
    assert not (tmp_path / "x.mp4").exists()


def test_a_story_from_a_topic_without_an_llm_says_how_to_get_one(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model.gguf"
    result = run(
        tmp_path, "story", "--topic", "a lighthouse keeper's last night",
        env_extra={"STORYREEL_LLM_GGUF": str(missing)},
    )  # fmt: skip
    assert_one_line_error(result, "writing a story needs an LLM, and none can run here")
    assert not (tmp_path / "out").exists()
