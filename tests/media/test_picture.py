"""The frames an export encodes, made in process: the Ken Burns view warped with sub-pixel
precision (checked against the exact view resampled from the keyframe), subtitles laid over
as ffmpeg's own ass filter draws them (within 2 levels, every preset, word highlighting),
and ffmpeg fed frame by frame failing cleanly either way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from storyreel.contract import ShotSize, SubtitlePreset, SubtitleStyle
from storyreel.errors import MediaToolError
from storyreel.media.ffmpeg import (
    PIPE_BYTES,
    Spliced,
    ffmpeg_executable,
    ffmpeg_frames_through,
    raw_video_input,
    run_ffmpeg_fed,
)
from storyreel.media.fonts import fonts_environment, prepare_fonts_dir
from storyreel.media.motion import KenBurns, ken_burns_for
from storyreel.media.overlay import subtitle_overlays
from storyreel.media.picture import (
    FrameRing,
    Planes,
    ShotMotion,
    make_sources,
    piece_frames,
    read_source,
    source_size,
)
from storyreel.media.subtitles import SubtitleCue, ass_text, cue_words
from storyreel.text.subtitle_layout import SubtitleLayout

WIDTH, HEIGHT, FPS = 320, 180, 24


def _keyframe(path: Path) -> Image.Image:
    """Detail at every scale: a fractal with a grid of thin lines over it; twice the size
    of the widest motion's picture, so the picture is it halved, nothing cropped."""
    image = Image.effect_mandelbrot((744, 420), (-2.2, -1.1, 1.0, 1.1), 60).convert("RGB")
    pixels = np.asarray(image).copy()
    pixels[::24, :, :] = (250, 240, 40)
    pixels[:, ::24, :] = (30, 200, 250)
    image = Image.fromarray(pixels)
    image.save(path)
    return image


def _luma(rgb: np.ndarray) -> np.ndarray:
    """BT.709 limited-range Y of RGB, as the export's conversion makes it."""
    r, g, b = (rgb[..., i].astype(np.float64) for i in range(3))
    return 16 + 219 * (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    error = float(np.mean((a.astype(np.float64) - b) ** 2))
    return 10 * np.log10(255**2 / max(error, 1e-9))


def test_the_motion_is_the_exact_view_at_every_frame(tmp_path: Path) -> None:
    keyframe = _keyframe(tmp_path / "key.png")
    motion = KenBurns(1.0, 1.16, 0.2, 0.8, 0.3, 0.6)
    frames = 40
    size = source_size(WIDTH, HEIGHT, motion)
    assert size == (372, 210)  # the frame at the largest zoom, even
    make_sources(ffmpeg_executable(), [(tmp_path / "key.png", *size, tmp_path / "src.yuv")])
    shot = ShotMotion(read_source(tmp_path / "src.yuv", *size), motion, frames)
    made = [frame.y.copy() for frame in piece_frames([shot], 0, frames, WIDTH, HEIGHT)]
    # the picture covers the keyframe (same aspect): a view's box in the keyframe's pixels
    scale = keyframe.width / size[0]
    scores = []
    for index in (0, 7, 20, 33, 39):
        zoom, x, y = motion.view_at(index / (frames - 1))
        view_w, view_h = size[0] / zoom, size[1] / zoom
        left, top = (size[0] - view_w) * x, (size[1] - view_h) * y
        box = (left * scale, top * scale, (left + view_w) * scale, (top + view_h) * scale)
        exact = keyframe.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS, box=box)
        scores.append(_psnr(made[index], _luma(np.asarray(exact))))
    # bilinear on the exact view scores 28.6 to 32 dB on this picture; a view a quarter
    # of a pixel off, below 28
    assert min(scores) > 28, scores


def test_a_slow_pan_moves_every_frame_by_its_fraction_of_a_pixel(tmp_path: Path) -> None:
    """zoompan moved whole pixels: on this pan of up to half a pixel a frame at 720p, 62 of
    119 frames stood still and the next jumped a pixel (0.47 px rms off the path, by phase
    correlation); the warp follows the path within a tenth of a pixel."""
    width, height, frames = 1280, 720, 120  # phase correlation reads small frames poorly
    fractal = Image.effect_mandelbrot((1600, 900), (-2.2, -1.1, 1.0, 1.1), 80)
    fractal.convert("RGB").save(tmp_path / "key.png")  # no grid: a pattern fools the phase
    motion = KenBurns(1.08, 1.08, 0.2, 0.8, 0.5, 0.5)  # a pan at a fixed zoom
    size = source_size(width, height, motion)
    make_sources(ffmpeg_executable(), [(tmp_path / "key.png", *size, tmp_path / "src.yuv")])
    shot = ShotMotion(read_source(tmp_path / "src.yuv", *size), motion, frames)
    made = [f.y.astype(np.float32) for f in piece_frames([shot], 0, frames, width, height)]
    steps = np.array([cv2.phaseCorrelate(made[i], made[i + 1])[0][0] for i in range(frames - 1)])
    progress = np.arange(frames) / (frames - 1)
    eased = progress * progress * (3 - 2 * progress)
    view = size[0] / 1.08
    intended = -np.diff(eased) * (size[0] - view) * 0.6 * width / view
    assert float(np.sqrt(np.mean((steps - intended) ** 2))) < 0.1
    assert (np.abs(steps[10:-10]) > 0.1).all()  # no frame stands still mid-pan


def test_a_piece_starting_mid_shot_continues_the_same_motion(tmp_path: Path) -> None:
    _keyframe(tmp_path / "key.png")
    motion = ken_burns_for(5, ShotSize.WIDE)
    size = source_size(WIDTH, HEIGHT, motion)
    make_sources(ffmpeg_executable(), [(tmp_path / "key.png", *size, tmp_path / "src.yuv")])
    shot = ShotMotion(read_source(tmp_path / "src.yuv", *size), motion, 30)
    whole = [f.tobytes() for f in piece_frames([shot], 0, 30, WIDTH, HEIGHT)]
    halves = [f.tobytes() for f in piece_frames([shot], 0, 12, WIDTH, HEIGHT)] + [
        f.tobytes() for f in piece_frames([shot], 12, 18, WIDTH, HEIGHT)
    ]
    assert whole == halves


def _random_frames(count: int) -> list[Planes]:
    rng = np.random.default_rng(7)
    size = WIDTH * HEIGHT * 3 // 2
    return [
        Planes.from_bytes(rng.integers(0, 256, size, dtype=np.uint8).tobytes(), WIDTH, HEIGHT)
        for _ in range(count)
    ]


@pytest.mark.parametrize("preset", list(SubtitlePreset))
def test_subtitles_are_laid_over_as_the_ass_filter_draws_them(
    tmp_path: Path, preset: SubtitlePreset
) -> None:
    ffmpeg = ffmpeg_executable()
    env = fonts_environment(prepare_fonts_dir(tmp_path / "fonts"))
    text = "The keeper climbed the stairs, 灯笼 in hand."
    said = sum(len(line) for line in cue_words(text))
    words = tuple((0.1 * n, 0.1 * (n + 1)) for n in range(said))
    cues = [
        SubtitleCue(0.0, 0.1 * said + 0.2, text, words=words),
        SubtitleCue(0.1 * said + 0.3, 2.9, "Night fell."),
    ]
    layout = SubtitleLayout(WIDTH, HEIGHT, SubtitleStyle(preset=preset, highlight_words=True))
    ass = ass_text(cues, layout)
    count = 72
    [overlays] = subtitle_overlays(ffmpeg, [(ass, count)], FPS, WIDTH, HEIGHT, tmp_path, env)
    # one state a word lit, the cue unlit after its last word, the second cue
    assert len({id(o) for o in overlays if o is not None}) == said + 2
    frames = _random_frames(4)
    (tmp_path / "sub.ass").write_text(ass, encoding="utf-8")
    reference = tmp_path / "reference.yuv"
    run_ffmpeg_fed(
        ffmpeg,
        [*raw_video_input(WIDTH, HEIGHT, FPS), "-vf", "ass=sub.ass", "-f", "rawvideo",
         "-pix_fmt", "yuv420p", f"file:{reference}"],
        (chunk for n in range(count) for chunk in frames[n % 4].chunks()),
        cwd=tmp_path,
        env=env,
    )  # fmt: skip
    drawn = np.fromfile(reference, np.uint8).reshape(count, -1).astype(int)
    shown = 0
    for n, overlay in enumerate(overlays):
        frame = Planes(frames[n % 4].y.copy(), frames[n % 4].u.copy(), frames[n % 4].v.copy())
        if overlay is not None:
            overlay.lay_over(frame)
            shown += 1
        ours = np.frombuffer(frame.tobytes(), np.uint8).astype(int)
        assert np.abs(ours - drawn[n]).max() <= 2, f"frame {n}"
    assert 60 < shown < count  # the gap between the cues: no subtitle, as in ffmpeg's


def test_feeding_ffmpeg_fails_cleanly(tmp_path: Path) -> None:
    ffmpeg = ffmpeg_executable()
    frame = Planes.blank(WIDTH, HEIGHT)
    out = tmp_path / "out.mp4"

    def broken() -> object:
        yield frame.tobytes()
        raise RuntimeError("the picture could not be made")

    with pytest.raises(RuntimeError, match="could not be made"):
        run_ffmpeg_fed(ffmpeg, [*raw_video_input(WIDTH, HEIGHT, FPS), str(out)], broken())  # type: ignore[arg-type]
    with pytest.raises(MediaToolError, match="ffmpeg failed"):
        run_ffmpeg_fed(
            ffmpeg,
            [*raw_video_input(WIDTH, HEIGHT, FPS), "-vf", "nosuchfilter", str(out)],
            (frame.tobytes() for _ in range(50)),
        )


@pytest.mark.parametrize("size", [(1280, 720), (64, 36)])
def test_frames_spliced_from_shared_memory_arrive_whole(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Each slot is made again only once ffmpeg has read it: 2 slots of 720p frames (over
    the pipe's size each), 350 of 64x36 (the pipe holds many). With one slot fewer, the
    720p frames arrive mixed."""
    width, height = size
    rng = np.random.default_rng(3)
    sent = [rng.integers(0, 256, width * height * 3 // 2, dtype=np.uint8) for _ in range(40)]
    out = tmp_path / "out.yuv"
    with FrameRing(width, height) as ring:
        assert len(ring.slots) == PIPE_BYTES // (width * height * 3 // 2) + 2
        slots = ring.frames()

        def feed() -> Iterator[bytes | memoryview | Spliced]:
            for data in sent:
                frame, made = next(slots), Planes.from_bytes(data, width, height)
                frame.y[...], frame.u[...], frame.v[...] = made.y, made.u, made.v
                [chunk] = frame.chunks()  # the frame, spliced
                assert isinstance(chunk, Spliced)
                yield chunk

        run_ffmpeg_fed(
            ffmpeg_executable(),
            [*raw_video_input(width, height, FPS), "-f", "rawvideo", "-pix_fmt", "yuv420p",
             f"file:{out}"],
            feed(),
        )  # fmt: skip
    assert out.read_bytes() == b"".join(data.tobytes() for data in sent)


def test_frames_through_ffmpeg_come_as_they_are_made(tmp_path: Path) -> None:
    """ffmpeg_frames_through: input and output at once (neither pipe stalls the other),
    stopped early without hanging, failures raised."""
    ffmpeg = ffmpeg_executable()
    rng = np.random.default_rng(5)
    size = 64 * 36 * 3 // 2
    sent = [rng.integers(0, 256, size, dtype=np.uint8).tobytes() for _ in range(300)]
    args = [*raw_video_input(64, 36, FPS), "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"]
    assert list(ffmpeg_frames_through(ffmpeg, args, iter(sent), size)) == sent  # 2 MB each way
    early = ffmpeg_frames_through(ffmpeg, args, iter(sent * 20), size)
    assert next(early) == sent[0]
    early.close()  # ffmpeg is stopped, not left writing to a pipe nobody reads
    with pytest.raises(MediaToolError, match="ffmpeg failed"):
        bad = [*args[:-5], "-vf", "nosuchfilter", *args[-5:]]
        list(ffmpeg_frames_through(ffmpeg, bad, iter(sent), size))
