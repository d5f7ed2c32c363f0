"""Burned-in subtitles: libass draws each thing a piece shows once, and the frames get it
laid over them here.

ffmpeg's `ass` filter drew every frame anew (2.5 ms a 720p frame here, a quarter of x264's
time): libass laid the line out and ffmpeg blended it for each frame, though a cue's words
stay on screen for seconds. A piece shows few distinct things (a cue; with word
highlighting, a cue with one word lit), its *states*. Each is drawn once, by libass through
the same `ass` filter, over a black frame and over a white one: where the two differ is how
much the text covers (its alpha), and the drawing over black is its colour times that, in
each plane, as the filter blends it. A frame showing the state gets it laid over the box
around its pixels (two SIMD passes a plane: OpenCV's multiply and add).

The ASS script stays the one place a subtitle's look is defined (media.subtitles); it must
not animate within an event (no \\t, \\fad, \\move, \\k), which ours never do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from storyreel.errors import MediaToolError
from storyreel.media.ffmpeg import ffmpeg_frames_through, raw_video_input
from storyreel.media.picture import Planes
from storyreel.media.subtitles import ass_time

_DIALOGUE = re.compile(
    r"^Dialogue: (\d+),(\d+):(\d\d):(\d\d)\.(\d\d),(\d+):(\d\d):(\d\d)\.(\d\d),(.*)$"
)
_STATE_FPS = 10  # the states' own clip: one state every two frames, 0.2 s apart
_ANIMATED = re.compile(r"\\(t\(|fade?\(|move\(|k[fo]?\d|K\d)")


@dataclass(frozen=True)
class _Event:
    layer: str
    start_ms: int
    end_ms: int
    rest: str  # Style, Name, margins, Effect, Text

    def line(self, start_s: float, end_s: float) -> str:
        return f"Dialogue: {self.layer},{ass_time(start_s)},{ass_time(end_s)},{self.rest}"


def _ms(hours: str, minutes: str, secs: str, centis: str) -> int:
    return ((int(hours) * 60 + int(minutes)) * 60 + int(secs)) * 1000 + int(centis) * 10


def parse_events(ass: str) -> tuple[str, list[_Event]]:
    """The script's head (up to its events) and its Dialogue events, in order."""
    head, events = [], []
    for line in ass.splitlines():
        match = _DIALOGUE.match(line)
        if match is None:
            if not line.startswith("Dialogue:"):
                head.append(line)
                continue
            raise ValueError(f"not a Dialogue line StoryReel writes: {line[:80]!r}")
        if _ANIMATED.search(match.group(10)):
            raise ValueError("an event that animates cannot be drawn once: " + line[:80])
        g = match.groups()
        events.append(_Event(g[0], _ms(*g[1:5]), _ms(*g[5:9]), g[9]))
    return "\n".join(head) + "\n", events


def frame_states(events: list[_Event], count: int, fps: int) -> list[tuple[_Event, ...]]:
    """The events on screen in each of count frames at fps, as libass picks them: the
    frame's time in whole milliseconds (ffmpeg's ass filter truncates pts x time base x
    1000), an event shown from its start up to, not at, its end."""
    states = []
    step = 1 / fps  # ffmpeg's av_q2d(time_base), then times 1000: the same doubles
    for index in range(count):
        now = int(index * step * 1000)
        states.append(tuple(e for e in events if e.start_ms <= now < e.end_ms))
    return states


class Overlay:
    """One state's drawing: per plane, the box it covers, 255 minus its alpha there, and
    its colour times its alpha."""

    def __init__(self, over_black: Planes, over_white: Planes) -> None:
        # untouched, a pixel stays 0 over black and 255 over white
        covered = (over_black.y != 0) | (over_white.y != 255)
        for black, white in ((over_black.u, over_white.u), (over_black.v, over_white.v)):
            touched = (black != 0) | (white != 255)
            covered |= np.repeat(np.repeat(touched, 2, axis=0), 2, axis=1)
        rows, cols = np.nonzero(covered.any(axis=1))[0], np.nonzero(covered.any(axis=0))[0]
        if rows.size == 0:
            self.box = (0, 0, 0, 0)
            self.planes: list[tuple[np.ndarray, np.ndarray]] = []
            return
        # even edges: the chroma box is the luma box halved
        top, bottom = rows[0] // 2 * 2, (rows[-1] // 2 + 1) * 2
        left, right = cols[0] // 2 * 2, (cols[-1] // 2 + 1) * 2
        self.box = (int(top), int(bottom), int(left), int(right))
        self.planes = []
        for scale, black, white in (
            (1, over_black.y, over_white.y),
            (2, over_black.u, over_white.u),
            (2, over_black.v, over_white.v),
        ):
            box = np.s_[top // scale : bottom // scale, left // scale : right // scale]
            b, w = black[box].astype(np.int16), white[box].astype(np.int16)
            # over white: 255 (1 - alpha) + colour x alpha; over black: colour x alpha
            keep = np.clip(w - b, 0, 255).astype(np.uint8)
            self.planes.append((keep, np.ascontiguousarray(black[box])))

    def lay_over(self, frame: Planes) -> None:
        """frame = frame x (1 - alpha) + colour x alpha, in place, inside the box."""
        if not self.planes:
            return
        top, bottom, left, right = self.box
        for scale, plane, (keep, colour) in zip(
            (1, 2, 2), (frame.y, frame.u, frame.v), self.planes
        ):
            region = plane[top // scale : bottom // scale, left // scale : right // scale]
            kept = cv2.multiply(region, keep, scale=1 / 255)
            cv2.add(kept, colour, dst=region)


def _drawing(event: _Event) -> tuple[str, str]:
    """What an event draws, whenever it is shown."""
    return event.layer, event.rest


def subtitle_overlays(
    ffmpeg: str,
    scripts: list[tuple[str, int]],
    fps: int,
    width: int,
    height: int,
    work: Path,
    env: dict[str, str] | None = None,
) -> list[list[Overlay | None]]:
    """For each (ASS script, frame count), the drawing laid over each of its frames at fps
    (None: no subtitle). Every distinct state of all the scripts (they share one head: one
    layout) is drawn by libass once, in one ffmpeg run (fonts from env's fonts.conf)."""
    heads, timed = set(), []
    for ass, count in scripts:
        head, events = parse_events(ass)
        heads.add(head)
        timed.append(
            [tuple(_drawing(e) for e in state) for state in frame_states(events, count, fps)]
        )
    if len(heads) > 1:
        raise ValueError("subtitle scripts of different layouts cannot be drawn together")
    distinct = sorted({state for states in timed for state in states if state})
    if not distinct:
        return [[None] * len(states) for states in timed]
    span_s = 2 / _STATE_FPS  # two frames at _STATE_FPS: whole centiseconds
    lines = [
        _Event(layer, 0, 0, rest).line(k * span_s, (k + 1) * span_s)
        for k, state in enumerate(distinct)
        for layer, rest in state
    ]
    (work / "states.ass").write_text(heads.pop() + "\n".join(lines) + "\n", encoding="utf-8")
    size = width * height * 3 // 2
    black, white = bytes(size), b"\xff" * size
    drawn = ffmpeg_frames_through(
        ffmpeg,
        [*raw_video_input(width, height, _STATE_FPS), "-vf", "ass=states.ass",
         "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"],
        (frame for _ in distinct for frame in (black, white)),
        size,
        cwd=work,
        env=env,
    )  # fmt: skip
    overlays = {}
    for state in distinct:  # each drawn over black, then over white; read as they come
        over_black, over_white = next(drawn, None), next(drawn, None)
        if over_black is None or over_white is None:
            raise MediaToolError(f"libass drew fewer frames than the {len(distinct)} states")
        overlays[state] = Overlay(
            Planes.from_bytes(over_black, width, height),
            Planes.from_bytes(over_white, width, height),
        )
    for _ in drawn:  # the end of ffmpeg's run (and its errors, if any)
        raise MediaToolError(f"libass drew more frames than the {len(distinct)} states")
    return [[overlays[state] if state else None for state in states] for states in timed]
