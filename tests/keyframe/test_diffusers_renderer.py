"""The diffusers keyframe backend on a tiny pipeline loaded with from_pretrained, offline."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from storyreel.contract import KeyframeRequest
from storyreel.errors import StoryReelError
from storyreel.keyframe.diffusers_renderer import (
    DiffusersRenderer,
    diffusers_unavailable,
    noise_seed,
)
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


MEI = "Mei (a girl of about twelve, black hair in a braid, wearing a red coat)"
GRANDPA = "Grandpa Lin (an old man, white hair, wearing a grey jacket)"


def test_every_shot_of_a_person_starts_from_their_noise() -> None:
    """The lead's look picks the noise, whatever the shot's own seed; a prompt without a
    look (or with only an aside in brackets) keeps the shot's seed."""
    mei = [_request(seed, prompt=f"wide shot, {MEI} by the river") for seed in (1, 2)]
    assert noise_seed(mei[0]) == noise_seed(mei[1]) != 1
    grandpa = _request(1, prompt=f"close-up, {GRANDPA} and {MEI}")
    assert noise_seed(grandpa) not in (noise_seed(mei[0]), 1)
    assert noise_seed(_request(7, prompt="a boat (seen from afar) at dawn")) == 7


def test_shots_of_the_same_person_come_out_alike(renderer: DiffusersRenderer) -> None:
    same = [np.asarray(renderer.render(_request(s, prompt=f"{MEI} by a lantern"))) for s in (1, 2)]
    assert np.array_equal(same[0], same[1])  # one noise: the same picture for the same words
    other = np.asarray(renderer.render(_request(1, prompt=f"{GRANDPA} by a lantern")))
    assert not np.array_equal(same[0], other)


def test_with_guidance_the_negative_prompt_steers(tiny_sd_dir: Path) -> None:
    request = _request(5, prompt="a lighthouse in fog")
    guided = DiffusersRenderer(tiny_sd_dir, steps=2, guidance=3.0)
    bare = DiffusersRenderer(tiny_sd_dir, steps=2, guidance=3.0, negative_prompt="")
    assert not np.array_equal(np.asarray(guided.render(request)), np.asarray(bare.render(request)))
    # without guidance (SD-Turbo's way) it is not used at all
    turbo = DiffusersRenderer(tiny_sd_dir, guidance=0.0)
    plain = DiffusersRenderer(tiny_sd_dir, guidance=0.0, negative_prompt="")
    assert np.array_equal(np.asarray(turbo.render(request)), np.asarray(plain.render(request)))
