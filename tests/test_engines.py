"""One composition root for the engines: `storyreel render` and the node mean the same thing
by each backend name and by each stage's STORYREEL_*_BACKEND setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyreel.contract import StoryboardRequest
from storyreel.engines import UnknownBackend, build_engines, storyboard_writer
from storyreel.keyframe.sketch import SketchRenderer
from storyreel.pipeline.story_to_video import StoryToVideo
from storyreel.settings import Settings

STORY = "The keeper lit the lamp. A ship turned away from the rocks."


def _settings(tmp_path: Path, **env: str) -> Settings:
    return Settings.from_env({"STORYREEL_CACHE_DIR": str(tmp_path / "cache"), **env})


def test_the_defaults_are_the_offline_engines(tmp_path: Path) -> None:
    engines = build_engines(_settings(tmp_path))
    assert isinstance(engines.keyframe, SketchRenderer)
    assert engines.storyboard(StoryboardRequest(story=STORY)).backend == "planner"


def test_an_unknown_backend_names_the_ones_that_exist(tmp_path: Path) -> None:
    with pytest.raises(UnknownBackend, match="choose one of: sketch, diffusers"):
        build_engines(_settings(tmp_path, STORYREEL_KEYFRAME_BACKEND="dalle"))


def test_an_llm_that_cannot_load_falls_back_to_the_planner_saying_why(tmp_path: Path) -> None:
    settings = _settings(tmp_path, STORYREEL_LLM_GGUF=str(tmp_path / "none.gguf"))
    result = storyboard_writer("llamacpp", settings)(StoryboardRequest(story=STORY))
    assert result.backend == "planner"
    assert result.fallback_reason == f"llamacpp: weights not found at {tmp_path / 'none.gguf'}"


def test_render_honours_the_keyframe_backend_setting(tmp_path: Path, tiny_sd_dir: Path) -> None:
    settings = _settings(
        tmp_path, STORYREEL_KEYFRAME_BACKEND="diffusers", STORYREEL_DIFFUSERS_MODEL=str(tiny_sd_dir)
    )
    pipeline = StoryToVideo(settings)
    assert pipeline.renderer.name == "diffusers"
