"""What making a video costs, from measured speeds: arithmetic on the export's timeline.

The speeds come from somewhere else: `storyreel.pipeline.estimate` measures this machine
with a calibration story; the server reads them from the tasks its nodes and workers ran.
Either way a story is priced the same: each shot's speech predicted from its characters at
the voice's pace, the timeline laid out as the compositor will, keyframes per shot,
narration per character (plus loading the voice), export as a fixed cost plus a cost per
second of video; stages made on several nodes at once divide by how many run together.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from storyreel.contract import Transition
from storyreel.media.timeline import build_timeline


@dataclass(frozen=True)
class Speeds:
    """How fast each stage is made, for one voice, size and shape."""

    keyframe_s: float  # per shot
    voice_load_s: float  # loading the voice, once per run
    narration_s_per_char: float  # time to speak one character
    speech_s_per_char: float  # how long the voice talks per character
    export_fixed_s: float  # what any export costs
    export_s_per_video_s: float  # and what each second of video adds
    measured_at: float = field(default_factory=time.time)


@dataclass(frozen=True)
class Estimate:
    shots: int
    video_s: float
    stages: dict[str, float]

    @property
    def total_s(self) -> float:
        return sum(self.stages.values())

    def line(self) -> str:
        parts = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in self.stages.items())
        return (
            f"about {self.total_s:.0f} s for {self.shots} shots and {self.video_s:.0f} s of "
            f"video ({parts})"
        )


def price(
    chars: list[int],
    speeds: Speeds,
    *,
    fps: int = 24,
    storyboard_s: float = 0.0,
    transition: Transition = Transition.CROSSFADE,
    parallel: dict[str, int] | None = None,
    latency: dict[str, float] | None = None,
) -> Estimate:
    """The expected seconds of each stage for shots of these narration lengths
    (`parallel`: how many keyframes or narrations are made at once; `latency`: what each
    stage waits besides the work, such as a task's way to its node and back)."""
    at_once = parallel or {}
    extra = latency or {}
    speech = [n * speeds.speech_s_per_char for n in chars]
    video_s = build_timeline(
        [0.0] * len(speech), speech, fps, [transition] * len(speech)
    ).duration_s
    keyframes = speeds.keyframe_s * len(chars) / max(1, at_once.get("keyframe", 1))
    narration = speeds.narration_s_per_char * sum(chars) / max(1, at_once.get("narration", 1))
    return Estimate(
        shots=len(chars),
        video_s=video_s,
        stages={
            "storyboard": storyboard_s + extra.get("storyboard", 0.0),
            "keyframes": keyframes + extra.get("keyframes", 0.0),
            "narration": speeds.voice_load_s + narration + extra.get("narration", 0.0),
            "export": speeds.export_fixed_s
            + speeds.export_s_per_video_s * video_s
            + extra.get("export", 0.0),
        },
    )
