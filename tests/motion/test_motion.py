"""Motion renderers: Ken Burns with ffmpeg, and Stable Video Diffusion on a tiny pipeline."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from storyreel.contract import MotionRequest, ShotSize
from storyreel.errors import StoryReelError
from storyreel.media.probe import probe_media
from storyreel.motion.kenburns import KenBurnsMotion
from storyreel.motion.svd import SvdMotion, svd_unavailable
from tiny_pipelines import model_devices


@pytest.fixture()
def keyframe(tmp_path: Path) -> Path:
    gradient = np.zeros((180, 320, 3), np.uint8)
    gradient[..., 0] = np.linspace(0, 255, 320, dtype=np.uint8)[None, :]
    gradient[..., 1] = np.linspace(0, 255, 180, dtype=np.uint8)[:, None]
    path = tmp_path / "key.png"
    Image.fromarray(gradient).save(path)
    return path


def _frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def test_ken_burns_clip_moves(keyframe: Path, tmp_path: Path) -> None:
    request = MotionRequest(
        image_uri="key.png", frames=24, fps=12, width=320, height=180, shot_size=ShotSize.WIDE
    )
    result = KenBurnsMotion().render(request, keyframe, tmp_path / "clip.mp4")
    info = probe_media(tmp_path / "clip.mp4", count_frames=True)
    assert info.video is not None
    assert (info.video.width, info.video.height, info.video.frames) == (320, 180, 24)
    assert result.frames == 24 and result.backend == "kenburns"
    frames = _frames(tmp_path / "clip.mp4")
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).mean() > 2  # it moves


@pytest.fixture(scope="module", params=model_devices())
def svd(request: pytest.FixtureRequest, tiny_svd_dir: Path) -> SvdMotion:
    return SvdMotion(tiny_svd_dir, device=request.param, steps=2)


def test_svd_writes_the_requested_frames(
    svd: SvdMotion, keyframe: Path, tmp_path: Path, record_timing: Callable[[str, float], None]
) -> None:
    request = MotionRequest(image_uri="key.png", frames=4, fps=4, width=64, height=64, seed=5)
    started = time.perf_counter()
    result = svd.render(request, keyframe, tmp_path / "a.mp4")
    record_timing(f"tiny SVD 64x64x4 on {svd._pipe.device}", time.perf_counter() - started)
    info = probe_media(tmp_path / "a.mp4", count_frames=True)
    assert info.video is not None
    assert (info.video.width, info.video.height, info.video.frames) == (64, 64, 4)
    assert (result.frames, result.fps, result.backend) == (4, 4, "svd")

    svd.render(request, keyframe, tmp_path / "b.mp4")
    other = request.model_copy(update={"seed": 6})
    svd.render(other, keyframe, tmp_path / "c.mp4")
    first, again, changed = (_frames(tmp_path / n) for n in ("a.mp4", "b.mp4", "c.mp4"))
    assert all(np.array_equal(x, y) for x, y in zip(first, again))
    assert not all(np.array_equal(x, y) for x, y in zip(first, changed))


def test_svd_refuses_a_file_that_is_not_an_image(svd: SvdMotion, tmp_path: Path) -> None:
    bogus = tmp_path / "not.png"
    bogus.write_text("hello")
    request = MotionRequest(image_uri="not.png", frames=2, fps=2, width=64, height=64)
    with pytest.raises(StoryReelError, match="is not an image"):
        svd.render(request, bogus, tmp_path / "x.mp4")
    assert not (tmp_path / "x.mp4").exists()


def test_svd_unavailable_reasons_say_what_to_set(tmp_path: Path) -> None:
    assert "STORYREEL_SVD_MODEL" in (svd_unavailable(None) or "")
    assert "weights not found" in (svd_unavailable(str(tmp_path)) or "")
