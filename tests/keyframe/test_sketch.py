from __future__ import annotations

import numpy as np
from PIL import Image

from storyreel.contract import KeyframeRequest, ShotSize
from storyreel.keyframe.service import keyframe_render
from storyreel.keyframe.sketch import SketchRenderer

RENDERER = SketchRenderer()


def render(
    prompt: str,
    seed: int = 1,
    size: ShotSize = ShotSize.MEDIUM,
    width: int = 640,
    height: int = 360,
) -> np.ndarray:
    image = RENDERER.render(
        KeyframeRequest(prompt=prompt, seed=seed, width=width, height=height, shot_size=size)
    )
    assert image.size == (width, height) and image.mode == "RGB"
    return np.asarray(image)


def test_deterministic_from_prompt_and_seed() -> None:
    a = render("a girl in the forest at dawn", seed=5)
    assert np.array_equal(a, render("a girl in the forest at dawn", seed=5))
    assert not np.array_equal(a, render("a girl in the forest at dawn", seed=6))
    assert not np.array_equal(a, render("a boy in the city at dawn", seed=5))


def test_time_of_day_lights_the_scene_in_english_and_chinese() -> None:
    day = render("a field at noon").mean()
    night = render("a field at night").mean()
    night_zh = render("夜晚的田野").mean()
    assert night < day * 0.6 and night_zh < day * 0.6


def test_weather_and_setting_change_the_picture() -> None:
    clear = render("the village at noon")
    snow = render("the village at noon in the snow")
    # snow adds many near-white flakes
    whites = lambda img: int((img.min(axis=2) > 235).sum())  # noqa: E731
    assert whites(snow) > whites(clear) + 500
    sea = render("the open sea at noon")
    blue = lambda img: float((img[..., 2].astype(int) - img[..., 0]).mean())  # noqa: E731
    desert = render("the desert at noon")
    assert blue(sea) > blue(desert) + 20


def test_shot_size_frames_the_subject() -> None:
    skin = lambda img: int(  # noqa: E731
        (
            (abs(img[..., 0].astype(int) - 236) < 12) & (abs(img[..., 1].astype(int) - 200) < 12)
        ).sum()
    )
    wide = render("a man at noon on the field", size=ShotSize.WIDE)
    close = render("a man at noon on the field", size=ShotSize.CLOSE_UP)
    assert skin(close) > 10 * max(1, skin(wide))


def test_service_writes_png_atomically(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shots" / "one.png"
    result = keyframe_render(
        request=KeyframeRequest(prompt="a cat in a room", seed=2, width=320, height=180),
        renderer=RENDERER,
        out_path=out,
    )
    assert result.backend == "sketch" and (result.width, result.height) == (320, 180)
    assert Image.open(out).size == (320, 180)
    assert [p.name for p in out.parent.iterdir()] == ["one.png"]
