"""The animatic: the storyboard played at once, as the export will cut it, from the
keyframes and narration already on this computer — no encoding.

Its shots sit where the compositor puts them (the same timeline: lengths from the
narration or a person's trim, transitions, speech starting in each transition), each
picture moves with the same Ken Burns motion, and one WAV holds the whole narration track
as the MP4 will carry it. A player draws `frame_at(t)` and plays the WAV: they agree.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storyreel.contract import ExportRequest, ShotMedia, Storyboard, Transition
from storyreel.media.audio import narration_track, write_wav
from storyreel.media.motion import KenBurns, ken_burns_for
from storyreel.media.timeline import build_timeline, runs_on, shot_duration_s

FPS: int = ExportRequest.model_fields["fps"].default  # the export's frame rate
AUDIO_RATE = 22_050
PEAKS_PER_SECOND = 10  # waveform resolution of the strip


@dataclass(frozen=True)
class AnimaticShot:
    index: int
    start_s: float  # where it starts in the video
    length_s: float  # its length in the video (whole frames, transitions included)
    span_s: float  # from its start to the next shot's (its own part of the strip)
    min_length_s: float  # the shortest it can be trimmed to: its narration, lead and tail
    speech_start_s: float
    speech_end_s: float
    image: str  # the keyframe's local path ("" while there is none here)
    narration: str
    motion: KenBurns
    peaks: tuple[float, ...]  # the narration track's loudness over the span, 0..1
    overlap_in_s: float = 0.0  # how long it comes in over the shot before (0: a cut)
    transition_in: Transition = Transition.CROSSFADE  # how it comes in (during overlap_in_s)


@dataclass(frozen=True)
class Frame:
    """What the screen shows at one moment: a shot (and, in a transition, the next one as
    `effect` brings it in, `blend` of the way from 0 to 1), each as (zoom, x, y) of its Ken
    Burns motion. Effects as the export's: crossfade (the next one over it with opacity
    `blend`), dip (to black by half way, then up from black), slide (the next one pushes it
    out to the left), zoom (it grows as the next one fades in)."""

    index: int
    view: tuple[float, float, float]
    next_index: int = -1
    next_view: tuple[float, float, float] = (1.0, 0.5, 0.5)
    blend: float = 0.0
    effect: str = ""  # the transition under way ("" when none)
    speaking: bool = False  # the shot's narration is being spoken (its subtitle shows)


@dataclass(frozen=True)
class Animatic:
    shots: tuple[AnimaticShot, ...]
    duration_s: float
    crossfade_s: float
    audio: str  # the narration track (WAV), "" when no shot has narration yet
    fps: int = FPS

    def _view(self, index: int, t: float) -> tuple[float, float, float]:
        shot = self.shots[index]
        last_frame = max(1, round(shot.length_s * self.fps) - 1)
        frame = (t - shot.start_s) * self.fps
        return shot.motion.view_at(frame / last_frame)

    def frame_at(self, t: float) -> Frame:
        """The frame at t seconds (clamped to the animatic)."""
        if not self.shots:
            return Frame(-1, (1.0, 0.5, 0.5))
        t = min(max(0.0, t), self.duration_s)
        index = 0
        for shot in self.shots:
            if shot.start_s <= t:
                index = shot.index
        # inside the transition into shot `index`: the previous one still shows beneath it
        coming = self.shots[index]
        overlap = coming.overlap_in_s
        if index > 0 and overlap and t < coming.start_s + overlap:
            base = index - 1
            blend = round((t - coming.start_s) / overlap, 4)
            view = self._view(base, t)
            effect = coming.transition_in.value
            return Frame(base, view, index, self._view(index, t), blend, effect)
        shot = self.shots[index]
        speaking = shot.speech_start_s <= t < shot.speech_end_s
        return Frame(index, self._view(index, t), speaking=speaking)


def _peaks(track: np.ndarray, start_s: float, span_s: float) -> tuple[float, ...]:
    count = max(4, round(span_s * PEAKS_PER_SECOND))
    begin = round(start_s * AUDIO_RATE)
    part = track[begin : begin + max(1, round(span_s * AUDIO_RATE))]
    if part.size == 0:
        return (0.0,) * count
    bins = np.array_split(np.abs(part), count)
    return tuple(round(float(b.max()) if b.size else 0.0, 3) for b in bins)


def build_animatic(
    storyboard: Storyboard,
    media: list[ShotMedia],
    folder: Path,
    transition: Transition = Transition.CROSSFADE,
) -> Animatic:
    """Lay the shots out as the export does and write their narration track into `folder`
    (named by its content, so a player reloads it exactly when it changes). A shot without
    narration yet lasts the shortest a shot can; one without a keyframe shows none."""
    if len(media) != len(storyboard.shots):
        raise ValueError("need one ShotMedia per shot")
    speech = [m.narration_duration_s if m.narration_uri else 0.0 for m in media]
    wanted = [shot.duration_s or 0.0 for shot in storyboard.shots]
    transitions = [shot.transition or transition for shot in storyboard.shots]
    running_on = runs_on([shot.narration for shot in storyboard.shots])
    timeline = build_timeline(wanted, speech, FPS, transitions, running_on)
    clips = [
        (Path(m.narration_uri), timing.speech_start_s)
        for m, timing in zip(media, timeline.shots)
        if m.narration_uri
    ]
    track = narration_track(clips, timeline.duration_s, AUDIO_RATE)
    audio = ""
    if clips:
        recipe = json.dumps([[str(p), round(s, 4)] for p, s in clips] + [timeline.duration_s])
        name = f"animatic-{hashlib.sha256(recipe.encode()).hexdigest()[:16]}.wav"
        audio_path = folder / name
        try:
            os.utime(audio_path)  # made before: now the newest (a cache keeps the newest)
        except FileNotFoundError:
            write_wav(track, AUDIO_RATE, audio_path)
        audio = str(audio_path)
    count = len(media)
    shots = []
    for index, (spec, item, timing) in enumerate(zip(storyboard.shots, media, timeline.shots)):
        start = timing.start_frame / FPS
        length = timing.frames / FPS
        following = timeline.shots[index + 1].start_frame / FPS if index + 1 < count else None
        span = (following if following is not None else timeline.duration_s) - start
        shots.append(
            AnimaticShot(
                index=index,
                start_s=start,
                length_s=length,
                span_s=span,
                min_length_s=shot_duration_s(
                    speech[index],
                    FPS,
                    is_last=index == count - 1,
                    is_first=index == 0,
                    out=transitions[index + 1] if index + 1 < count else Transition.CUT,
                    runs_on=running_on[index],
                    runs_in=index > 0 and running_on[index - 1],
                ),
                speech_start_s=timing.speech_start_s,
                speech_end_s=timing.speech_end_s,
                image=item.keyframe_uri,
                narration=spec.narration,
                motion=ken_burns_for(spec.seed, spec.shot_size),
                peaks=_peaks(track, start, span),
                overlap_in_s=timing.overlap_in / FPS,
                transition_in=transitions[index],
            )
        )
    return Animatic(
        shots=tuple(shots),
        duration_s=timeline.duration_s,
        crossfade_s=timeline.crossfade_s,
        audio=audio,
    )
