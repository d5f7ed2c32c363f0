"""Transitions between shots, per shot and per export, drawn by real ffmpeg and read back
frame by frame: a cut changes picture in one frame, a dip goes through black, a slide
shows both shots side by side, a zoom is neither shot; editors' timelines keep them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import opentimelineio as otio
from PIL import Image

from storyreel.contract import (
    ExportRequest,
    Language,
    ShotMedia,
    ShotSpec,
    Storyboard,
    Transition,
)
from storyreel.media.audio import write_wav
from storyreel.media.compositor import Compositor
from storyreel.media.ffmpeg import ffmpeg_executable, run_ffmpeg_output
from storyreel.media.interchange import build_timeline as editors_timeline
from storyreel.media.timeline import PieceKind, build_timeline
from storyreel.settings import Settings

COLOURS = [(200, 40, 40), (40, 160, 60), (40, 60, 200), (220, 200, 40), (200, 60, 200)]
# how each shot comes in: its own choice, or the export's (ZOOM) where None
OWN = [None, Transition.CUT, Transition.DIP, Transition.SLIDE, None]
WIDTH, HEIGHT, FPS = 320, 180, 24


def _frames(video: Path) -> np.ndarray:
    raw = run_ffmpeg_output(
        ffmpeg_executable(), ["-i", str(video), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    )
    return np.frombuffer(raw, np.uint8).reshape(-1, HEIGHT, WIDTH, 3).astype(int)


def _is(frame: np.ndarray, colour: tuple[int, int, int]) -> bool:
    return bool(np.abs(np.median(frame.reshape(-1, 3), axis=0) - colour).max() < 12)


def _shot(folder: Path, index: int, picture: Image.Image) -> tuple[ShotSpec, ShotMedia]:
    """A one-second shot of a picture, its narration a 220 Hz tone."""
    keyframe, voice = folder / f"k{index}.png", folder / f"n{index}.wav"
    picture.save(keyframe)
    t = np.arange(22050) / 22050
    write_wav((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 22050, voice)
    shot = ShotSpec(index=index, narration=f"Shot {index + 1}.", prompt="a plain colour",
                    seed=index, source_start=index * 9, source_end=index * 9 + 8)  # fmt: skip
    return shot, ShotMedia(
        keyframe_uri=str(keyframe), narration_uri=str(voice), narration_duration_s=1.0
    )


def test_each_transition_is_drawn_where_the_timeline_puts_it(
    tmp_path: Path, settings: Settings
) -> None:
    shots, media = [], []
    for index, colour in enumerate(COLOURS):
        image = Image.new("RGB", (WIDTH, HEIGHT), colour)
        if index == 3:  # a dark square in the middle, for the zoom to magnify
            image.paste(
                (0, 0, 0), (WIDTH // 2 - 20, HEIGHT // 2 - 20, WIDTH // 2 + 20, HEIGHT // 2 + 20)
            )
        shot, made = _shot(tmp_path, index, image)
        shots.append(shot.model_copy(update={"transition": OWN[index]}))
        media.append(made)
    out = tmp_path / "cut.mp4"
    request = ExportRequest(
        storyboard=Storyboard(language=Language.EN, shots=shots), media=media,
        output_path=str(out), short_side=HEIGHT, burn_subtitles=False,
        transition=Transition.ZOOM,
    )  # fmt: skip
    result = Compositor(settings).export(request)
    made = [shot.transition for shot in result.storyboard.shots]
    assert made == [None, Transition.CUT, Transition.DIP, Transition.SLIDE, Transition.ZOOM]

    timeline = build_timeline([1.0] * 5, [1.0] * 5, FPS, [t or Transition.ZOOM for t in OWN])
    frames = _frames(out)
    assert len(frames) == timeline.total_frames
    assert result.duration_s == timeline.duration_s
    # the cut: one frame the first colour's neighbour, the next the new one
    cut = timeline.shots[1].start_frame
    assert _is(frames[cut - 1], COLOURS[0]) and _is(frames[cut], COLOURS[1])
    pieces = {p.transition: p for p in timeline.pieces if p.kind is PieceKind.TRANSITION}
    assert set(pieces) == {Transition.DIP, Transition.SLIDE, Transition.ZOOM}
    middle = {kind: frames[p.start_frame + p.count // 2] for kind, p in pieces.items()}
    dip = pieces[Transition.DIP]
    darkest = min(frames[f].mean() for f in range(dip.start_frame, dip.start_frame + dip.count))
    assert darkest < 10  # through black
    slide = middle[Transition.SLIDE]
    # the new shot comes in from the right: the old one on the left, the new on the right
    assert _is(slide[:, : WIDTH // 4], COLOURS[2]) and _is(slide[:, -WIDTH // 4 :], COLOURS[3])
    # a zoom magnifies the old shot, then dissolves into the new one
    zoom = pieces[Transition.ZOOM]
    square = [
        (frames[f].mean(axis=2) < 60).sum()
        for f in (zoom.start_frame - 1, zoom.start_frame + zoom.count // 2)
    ]
    assert square[1] > 2 * square[0] > 0
    assert _is(frames[zoom.start_frame + zoom.count], COLOURS[4])
    before = pieces[Transition.DIP].start_frame - 1
    assert _is(frames[before], COLOURS[1])  # the dip starts from the whole picture

    # an editor's timeline keeps the cut a cut and names the other transitions
    editors = editors_timeline(result.storyboard, [None] * 5, [None] * 5, [], tmp_path / "m")
    track = editors.tracks[0]
    kinds = [
        item.metadata["storyreel"]["transition"]
        for item in track
        if isinstance(item, otio.schema.Transition)
    ]
    assert kinds == ["dip", "slide", "zoom"]
    assert editors.duration().to_frames() == timeline.total_frames


def test_a_crossfade_mixes_the_two_shots_evenly_in_its_middle(
    tmp_path: Path, settings: Settings
) -> None:
    made = [
        _shot(tmp_path, i, Image.new("RGB", (WIDTH, HEIGHT), c)) for i, c in enumerate(COLOURS[:2])
    ]
    shots, media = [shot for shot, _ in made], [clip for _, clip in made]
    out = tmp_path / "fade.mp4"
    Compositor(settings).export(
        ExportRequest(
            storyboard=Storyboard(language=Language.EN, shots=shots),
            media=media,
            output_path=str(out),
            short_side=HEIGHT,
            burn_subtitles=False,
        )
    )
    timeline = build_timeline([1.0] * 2, [1.0] * 2, FPS, [Transition.CROSSFADE] * 2)
    (fade,) = [p for p in timeline.pieces if p.kind is PieceKind.TRANSITION]
    frames = _frames(out)
    first, middle = frames[fade.start_frame], frames[fade.start_frame + fade.count // 2]
    last = frames[fade.start_frame + fade.count - 1]
    half = tuple((a + b) // 2 for a, b in zip(COLOURS[0], COLOURS[1]))
    assert _is(frames[fade.start_frame - 1], COLOURS[0])
    assert _is(middle, half)  # linear: halfway through, half of each
    # it moves steadily from the old shot to the new, and the new one is whole after it
    red = [frames[f][..., 0].mean() for f in range(fade.start_frame, fade.start_frame + fade.count)]
    assert all(a >= b for a, b in zip(red, red[1:])) and red[0] > red[-1] + 100
    assert _is(first, COLOURS[0]) or first[..., 0].mean() > half[0]
    assert last[..., 1].mean() > half[1] and _is(frames[fade.start_frame + fade.count], COLOURS[1])
