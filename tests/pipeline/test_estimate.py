"""The estimate before a render: this machine's speeds measured once and kept, each stage
priced, and the video's length predicted from the story before anything is spoken."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyreel.contract import Language, VideoOrder
from storyreel.pipeline.estimate import cached_speeds, estimate, measure_speeds
from storyreel.pipeline.story_to_video import StoryToVideo
from storyreel.samples import sample_story
from storyreel.settings import Settings


@pytest.mark.parametrize("language", [Language.EN, Language.ZH])
def test_speeds_are_measured_once_and_the_length_is_predicted(
    language: Language, tmp_path: Path, settings: Settings
) -> None:
    order = VideoOrder(story=sample_story(language), language=language, short_side=180)
    assert cached_speeds(settings, order) is None
    speeds = measure_speeds(settings, order)
    assert cached_speeds(settings, order) == speeds  # kept for the next estimate
    assert speeds.keyframe_s > 0 and speeds.narration_s_per_char > 0
    assert speeds.export_s_per_video_s > 0 and 0.03 < speeds.speech_s_per_char < 0.5
    expected = estimate(settings, order)
    assert set(expected.stages) == {"storyboard", "keyframes", "narration", "export"}
    assert expected.total_s == pytest.approx(sum(expected.stages.values()))
    made = StoryToVideo(settings).run(order, tmp_path / "v.mp4")
    assert expected.shots == made.shots  # the same storyboard
    # the length comes from the characters at the voice's pace, before any speech exists
    assert expected.video_s == pytest.approx(made.duration_s, rel=0.15)


def test_the_cli_prints_each_stage_and_render_shows_the_estimate_beside_the_time(
    tmp_path: Path,
) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "STORYREEL_CACHE_DIR": str(tmp_path / "cache")}
    story = tmp_path / "s.txt"
    story.write_text("The cat slept by the fire. Snow fell outside.", encoding="utf-8")
    guessed = subprocess.run(
        [sys.executable, "-m", "storyreel.cli", "estimate", "--story", str(story),
         "--size", "180"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = guessed.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [
        "storyboard", "keyframes", "narration", "export", "total",
    ]  # fmt: skip
    assert "measuring this machine's speeds" in guessed.stderr
    made = subprocess.run(
        [sys.executable, "-m", "storyreel.cli", "render", "--story", str(story),
         "--size", "180", "--out", str(tmp_path / "v.mp4")],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "expected: about" in made.stderr and "; expected " in made.stderr
