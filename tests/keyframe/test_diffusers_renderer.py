"""The diffusers keyframe backend on a tiny pipeline loaded with from_pretrained, offline."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from storyreel.contract import KeyframeRequest
from storyreel.errors import StoryReelError
from storyreel.keyframe.diffusers_renderer import DiffusersRenderer, diffusers_unavailable
from tiny_pipelines import model_devices


def _request(
    seed: int, width: int = 320, height: int = 180, prompt: str = "a red boat"
) -> KeyframeRequest:
    return KeyframeRequest(prompt=prompt, seed=seed, width=width, height=height)


@pytest.fixture(scope="module", params=model_devices())
def renderer(request: pytest.FixtureRequest, tiny_sd_dir: Path) -> DiffusersRenderer:
    return DiffusersRenderer(tiny_sd_dir, device=request.param)


def test_renders_the_requested_size_in_the_frames_aspect(renderer: DiffusersRenderer) -> None:
    assert renderer.grid.size_for(320, 180) == (64, 32)  # native 64, 16:9, multiples of 8
    assert renderer.grid.size_for(180, 320) == (32, 64)
    for width, height in [(320, 180), (180, 320), (128, 128)]:
        image = renderer.render(_request(1, width, height))
        assert image.size == (width, height) and image.mode == "RGB"
        assert np.asarray(image).std() > 1  # an image, not a blank frame


def test_same_seed_same_image_other_seed_other_image(
    renderer: DiffusersRenderer, record_timing: Callable[[str, float], None]
) -> None:
    started = time.perf_counter()
    first = np.asarray(renderer.render(_request(11)))
    record_timing(f"tiny SD keyframe on {renderer.device}", time.perf_counter() - started)
    again = np.asarray(renderer.render(_request(11)))
    other = np.asarray(renderer.render(_request(12)))
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)
    prompt = np.asarray(renderer.render(_request(11, prompt="a lighthouse in fog")))
    assert not np.array_equal(first, prompt)


def test_a_batch_gives_each_shot_the_image_it_gets_alone(renderer: DiffusersRenderer) -> None:
    requests = [_request(seed) for seed in (3, 4, 5, 6, 7)] + [_request(8, 128, 128)]
    batch = renderer.render_batch(requests)
    assert [image.size for image in batch] == [(r.width, r.height) for r in requests]
    for request, image in zip(requests, batch):
        alone = renderer.render(request)
        # fp16 on CUDA may differ in the last bit between batch sizes; fp32 on CPU is exact
        tolerance = 0 if renderer.device == "cpu" else 2
        assert np.abs(np.asarray(alone, int) - np.asarray(image, int)).max() <= tolerance


def test_unavailable_reasons_say_what_to_set(tmp_path: Path) -> None:
    assert "STORYREEL_DIFFUSERS_MODEL" in (diffusers_unavailable(None) or "")
    assert diffusers_unavailable(str(tmp_path)) == (
        f"weights not found at {tmp_path} (no model_index.json there)"
    )
    with pytest.raises(StoryReelError, match="weights not found"):
        DiffusersRenderer(tmp_path)


def test_a_broken_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "model_index.json").write_text('{"_class_name": "StableDiffusionPipeline"}')
    with pytest.raises(StoryReelError, match="cannot load the diffusers model"):
        DiffusersRenderer(tmp_path)
