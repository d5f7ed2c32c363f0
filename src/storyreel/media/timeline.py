"""The export timeline: shot timings from narration, and the pieces the video is cut into.

Shot i lasts N_i frames. Adjacent shots overlap by a crossfade of X frames, so the video
lasts sum(N_i) - (n-1)*X frames. The video is encoded as independent pieces: each shot's
body (its frames outside any crossfade) and each crossfade. Editing one shot re-encodes its
body and the crossfades next to it; every other piece comes from the cache.

The first shot's narration starts once the picture has faded in. Every later shot's
starts J_LEAD_S into its crossfade in: the voice leads the picture by a beat (a J-cut), so
the pause at a cut is about a reader's pause between sentences (SPEECH_TAIL_S + J_LEAD_S),
not a second of silence. Narration ends before the shot's crossfade out begins. A crossfade
piece burns the subtitles of the shot coming in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

CROSSFADE_S = 0.5
SPEECH_LEAD_S = CROSSFADE_S  # the first shot speaks once the picture has faded in
J_LEAD_S = 0.1  # a later shot speaks this far into its crossfade in
SPEECH_TAIL_S = 0.25  # quiet time after speech, before the next crossfade starts
LAST_SHOT_TAIL_S = 0.9
MIN_SHOT_S = 2.0
SUBTITLE_HOLD_S = 0.25  # subtitles stay a moment after speech ends


def speech_lead_s(index: int) -> float:
    """How long after its first frame a shot starts speaking."""
    return SPEECH_LEAD_S if index == 0 else J_LEAD_S


def shot_frames(narration_s: float, fps: int, is_last: bool = False, is_first: bool = True) -> int:
    """Frames a shot needs to speak its narration, with lead-in and tail."""
    tail = LAST_SHOT_TAIL_S if is_last else SPEECH_TAIL_S + CROSSFADE_S
    lead = speech_lead_s(0 if is_first else 1)
    seconds = max(MIN_SHOT_S, lead + narration_s + tail)
    return math.ceil(seconds * fps - 1e-6)


def shot_duration_s(
    narration_s: float, fps: int, is_last: bool = False, is_first: bool = True
) -> float:
    """How long a shot must last to speak its narration, a whole number of frames."""
    return shot_frames(narration_s, fps, is_last, is_first) / fps


class PieceKind(str, Enum):
    BODY = "body"
    CROSSFADE = "crossfade"


@dataclass(frozen=True)
class ShotTiming:
    """Where a shot sits in the video, in frames and seconds."""

    index: int
    start_frame: int
    frames: int
    speech_start_s: float
    speech_end_s: float


@dataclass(frozen=True)
class Piece:
    """A run of video frames encoded as one segment.

    BODY: frames [offset, offset+count) of shot `shot`.
    CROSSFADE: the last `count` frames of `shot` blended into the first `count` of `shot`+1.
    """

    kind: PieceKind
    shot: int
    offset: int
    count: int
    start_frame: int  # first frame of this piece in the video


@dataclass(frozen=True)
class Timeline:
    fps: int
    crossfade_frames: int
    shots: list[ShotTiming]
    pieces: list[Piece]

    @property
    def crossfade_s(self) -> float:
        """The crossfade as encoded: CROSSFADE_S rounded to whole frames."""
        return self.crossfade_frames / self.fps

    @property
    def total_frames(self) -> int:
        return sum(piece.count for piece in self.pieces)

    @property
    def duration_s(self) -> float:
        return self.total_frames / self.fps


def build_timeline(
    shot_durations_s: list[float], narration_durations_s: list[float], fps: int
) -> Timeline:
    """Lay out shots of the given durations (at least long enough for their narration)."""
    if not shot_durations_s or len(shot_durations_s) != len(narration_durations_s):
        raise ValueError("need one duration and one narration length per shot")
    crossfade = round(CROSSFADE_S * fps)
    count = len(shot_durations_s)
    frames: list[int] = []
    for index, (duration, speech) in enumerate(zip(shot_durations_s, narration_durations_s)):
        needed = shot_frames(speech, fps, is_last=index == count - 1, is_first=index == 0)
        wanted = math.ceil(duration * fps - 0.01)  # durations come rounded to 4 decimals
        frames.append(max(needed, wanted, 2 * crossfade + 1))

    shots: list[ShotTiming] = []
    pieces: list[Piece] = []
    start = 0
    for index, length in enumerate(frames):
        speech_start = start / fps + speech_lead_s(index)
        speech_end = speech_start + narration_durations_s[index]
        shots.append(ShotTiming(index, start, length, speech_start, speech_end))
        head = crossfade if index > 0 else 0
        tail = crossfade if index < count - 1 else 0
        pieces.append(Piece(PieceKind.BODY, index, head, length - head - tail, start + head))
        if tail:
            pieces.append(
                Piece(PieceKind.CROSSFADE, index, length - tail, tail, start + length - tail)
            )
        start += length - tail
    return Timeline(fps=fps, crossfade_frames=crossfade, shots=shots, pieces=pieces)
