"""The export timeline: shot timings from narration, and the pieces the video is cut into.

Shot i lasts N_i frames. Adjacent shots overlap by a transition of X frames (a crossfade,
a dip to black, a slide or a zoom; a cut overlaps by none), so the video lasts sum(N_i)
minus the overlaps. The video is encoded as independent pieces: each shot's body (its
frames outside any transition) and each transition. Editing one shot re-encodes its body
and the transitions next to it; every other piece comes from the cache.

The first shot's narration starts once the picture has faded in. Every later shot's
starts J_LEAD_S into its crossfade in: the voice leads the picture by a beat (a J-cut), so
the pause at a cut is about a reader's pause between sentences (SPEECH_TAIL_S + J_LEAD_S),
not a second of silence; after a cut it starts J_LEAD_S after the cut. Narration ends
before the shot's transition out begins. A transition piece burns the subtitles of the
shot coming in.

Where a sentence runs on across a cut (a long one split at a clause to fit a shot), the
voice does not stop: it runs RUN_ON_S past the start of the cut, over the next picture
coming in (an L-cut), and the next shot's voice follows after a comma's pause (COMMA_S).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from storyreel.contract import Transition
from storyreel.text.sentences import ends_mid_sentence

CROSSFADE_S = 0.5
SPEECH_LEAD_S = CROSSFADE_S  # the first shot speaks once the picture has faded in
J_LEAD_S = 0.1  # a later shot speaks this far into its crossfade in
SPEECH_TAIL_S = 0.25  # quiet time after speech, before the next crossfade starts
LAST_SHOT_TAIL_S = 0.9
MIN_SHOT_S = 2.0
SUBTITLE_HOLD_S = 0.25  # subtitles stay a moment after speech ends
RUN_ON_S = 0.2  # a sentence running on across a cut: its voice goes this far past the cut
COMMA_S = 0.12  # ... and the next shot's voice follows after a comma's pause


def runs_on(narrations: Sequence[str]) -> list[bool]:
    """For each shot, whether its sentence runs on into the next shot (never the last)."""
    return [ends_mid_sentence(text) for text in narrations[:-1]] + [False] * bool(narrations)


def speech_lead_s(index: int, runs_in: bool = False) -> float:
    """How long after its first frame a shot starts speaking (`runs_in`: the shot before
    ends mid-sentence, its voice still going at this shot's first frame)."""
    if index == 0:
        return SPEECH_LEAD_S
    return RUN_ON_S + COMMA_S if runs_in else J_LEAD_S


def overlap_s(transition: Transition) -> float:
    """How long two shots overlap at a cut with this transition."""
    return 0.0 if transition is Transition.CUT else CROSSFADE_S


def shot_frames(
    narration_s: float,
    fps: int,
    is_last: bool = False,
    is_first: bool = True,
    out: Transition = Transition.CROSSFADE,
    *,
    runs_on: bool = False,
    runs_in: bool = False,
) -> int:
    """Frames a shot needs to speak its narration, with lead-in and tail (`out`: how the
    next shot comes in; `runs_on`: its sentence runs on into the next shot, its voice past
    its cut; `runs_in`: the shot before's does into this one)."""
    if is_last:
        tail = LAST_SHOT_TAIL_S
    elif runs_on:
        tail = overlap_s(out) - RUN_ON_S
    else:
        tail = SPEECH_TAIL_S + overlap_s(out)
    lead = speech_lead_s(0 if is_first else 1, runs_in)
    seconds = max(MIN_SHOT_S, lead + narration_s + tail)
    return math.ceil(seconds * fps - 1e-6)


def shot_duration_s(
    narration_s: float,
    fps: int,
    is_last: bool = False,
    is_first: bool = True,
    out: Transition = Transition.CROSSFADE,
    *,
    runs_on: bool = False,
    runs_in: bool = False,
) -> float:
    """How long a shot must last to speak its narration, a whole number of frames."""
    frames = shot_frames(narration_s, fps, is_last, is_first, out, runs_on=runs_on, runs_in=runs_in)
    return frames / fps


class PieceKind(str, Enum):
    BODY = "body"
    TRANSITION = "transition"


@dataclass(frozen=True)
class ShotTiming:
    """Where a shot sits in the video, in frames and seconds."""

    index: int
    start_frame: int
    frames: int
    speech_start_s: float
    speech_end_s: float
    transition: Transition = Transition.CUT  # how it comes in (the first shot: from nothing)
    overlap_in: int = 0  # frames it shares with the shot before (0 at a cut)
    runs_on: bool = False  # its sentence runs on into the next shot: its voice past its cut


@dataclass(frozen=True)
class Piece:
    """A run of video frames encoded as one segment.

    BODY: frames [offset, offset+count) of shot `shot`.
    TRANSITION: the last `count` frames of `shot` going into the first `count` of `shot`+1
    by `transition`.
    """

    kind: PieceKind
    shot: int
    offset: int
    count: int
    start_frame: int  # first frame of this piece in the video
    transition: Transition | None = None  # TRANSITION pieces: which


@dataclass(frozen=True)
class Timeline:
    fps: int
    crossfade_frames: int
    shots: list[ShotTiming]
    pieces: list[Piece]

    @property
    def crossfade_s(self) -> float:
        """A transition as encoded: CROSSFADE_S rounded to whole frames."""
        return self.crossfade_frames / self.fps

    @property
    def total_frames(self) -> int:
        return sum(piece.count for piece in self.pieces)

    @property
    def duration_s(self) -> float:
        return self.total_frames / self.fps


def build_timeline(
    shot_durations_s: list[float],
    narration_durations_s: list[float],
    fps: int,
    transitions: list[Transition] | None = None,
    running_on: list[bool] | None = None,
) -> Timeline:
    """Lay out shots of the given durations (at least long enough for their narration);
    `transitions[i]` is how shot i comes in (the first is ignored; default: crossfades);
    `running_on[i]`: shot i's sentence runs on into shot i+1 (`runs_on` of the narration)."""
    if not shot_durations_s or len(shot_durations_s) != len(narration_durations_s):
        raise ValueError("need one duration and one narration length per shot")
    count = len(shot_durations_s)
    if transitions is not None and len(transitions) != count:
        raise ValueError("need one transition per shot")
    ins = [Transition.CUT, *(transitions or [Transition.CROSSFADE] * count)[1:]]
    crossfade = round(CROSSFADE_S * fps)
    overlaps = [0 if t is Transition.CUT or i == 0 else crossfade for i, t in enumerate(ins)]
    if running_on is not None and len(running_on) != count:
        raise ValueError("need one run-on flag per shot")
    on = [*(running_on or [False] * count)[:-1], False]
    into = [False, *on[:-1]]
    frames: list[int] = []
    for index, (duration, speech) in enumerate(zip(shot_durations_s, narration_durations_s)):
        last = index == count - 1
        out = Transition.CUT if last else ins[index + 1]
        needed = shot_frames(
            speech,
            fps,
            is_last=last,
            is_first=index == 0,
            out=out,
            runs_on=on[index],
            runs_in=into[index],
        )
        wanted = math.ceil(duration * fps - 0.01)  # durations come rounded to 4 decimals
        both = overlaps[index] + (0 if last else overlaps[index + 1])
        frames.append(max(needed, wanted, both + 1))

    shots: list[ShotTiming] = []
    pieces: list[Piece] = []
    start = 0
    for index, length in enumerate(frames):
        speech_start = start / fps + speech_lead_s(index, into[index])
        speech_end = speech_start + narration_durations_s[index]
        shots.append(
            ShotTiming(
                index,
                start,
                length,
                speech_start,
                speech_end,
                ins[index],
                overlaps[index],
                on[index],
            )
        )
        head = overlaps[index]
        tail = overlaps[index + 1] if index < count - 1 else 0
        pieces.append(Piece(PieceKind.BODY, index, head, length - head - tail, start + head))
        if tail:
            pieces.append(
                Piece(
                    PieceKind.TRANSITION,
                    index,
                    length - tail,
                    tail,
                    start + length - tail,
                    ins[index + 1],
                )
            )
        start += length - tail
    return Timeline(fps=fps, crossfade_frames=crossfade, shots=shots, pieces=pieces)
