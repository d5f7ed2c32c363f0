"""The animatic plays the storyboard as the export cuts it: same lengths, speech where the
MP4 has it, the same Ken Burns motion, crossfades, and trimmed shots."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storyreel.contract import (
    AspectRatio,
    Language,
    ShotMedia,
    ShotSize,
    ShotSpec,
    Storyboard,
    Transition,
)
from storyreel.media.audio import read_wav, write_wav
from storyreel.media.motion import ken_burns_for
from storyreel.media.timeline import build_timeline
from storyreel.pipeline.animatic import AUDIO_RATE, FPS, build_animatic


def _tone(path: Path, seconds: float) -> Path:
    t = np.arange(round(seconds * 16_000)) / 16_000
    write_wav((0.5 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16_000, path)
    return path


def _board(lengths: list[float | None]) -> Storyboard:
    shots = [
        ShotSpec(
            index=i,
            narration=f"Sentence {i}.",
            prompt=f"prompt {i}",
            shot_size=ShotSize.WIDE,
            seed=100 + i,
            source_start=20 * i,
            source_end=20 * i + 12,
            duration_s=length,
        )
        for i, length in enumerate(lengths)
    ]
    return Storyboard(
        title="t", language=Language.EN, style="", aspect=AspectRatio.LANDSCAPE, shots=shots
    )


@pytest.fixture
def media(tmp_path: Path) -> list[ShotMedia]:
    speech = [1.5, 3.0, 2.2]
    return [
        ShotMedia(
            keyframe_uri=str(tmp_path / f"k{i}.png"),
            narration_uri=str(_tone(tmp_path / f"n{i}.wav", s)),
            narration_duration_s=s,
        )
        for i, s in enumerate(speech)
    ]


def test_shots_sit_where_the_export_puts_them_and_speech_is_heard_there(
    tmp_path: Path, media: list[ShotMedia]
) -> None:
    animatic = build_animatic(_board([None, None, None]), media, tmp_path / "a")
    timeline = build_timeline([0.0] * 3, [m.narration_duration_s for m in media], FPS)
    assert animatic.duration_s == pytest.approx(timeline.duration_s)
    for shot, timing in zip(animatic.shots, timeline.shots):
        assert shot.start_s == pytest.approx(timing.start_frame / FPS)
        assert shot.length_s == pytest.approx(timing.frames / FPS)
        assert shot.min_length_s == pytest.approx(shot.length_s)  # untrimmed: the minimum
    assert sum(s.span_s for s in animatic.shots) == pytest.approx(animatic.duration_s)

    track, rate = read_wav(Path(animatic.audio))
    assert rate == AUDIO_RATE and len(track) == pytest.approx(animatic.duration_s * rate, abs=2)

    def loud(start: float, end: float) -> float:
        part = track[round(start * rate) : round(end * rate)]
        return float(np.sqrt(np.mean(part**2))) if part.size else 0.0

    for shot in animatic.shots:  # speech inside its window, silence just before it
        assert loud(shot.speech_start_s + 0.05, shot.speech_end_s - 0.05) > 0.3
        assert loud(shot.speech_start_s - 0.3, shot.speech_start_s - 0.02) < 0.01
        assert max(shot.peaks) > 0.4 and min(shot.peaks) < 0.05  # speech and pauses drawn


def test_a_trimmed_shot_is_longer_and_a_trim_below_its_speech_is_ignored(
    tmp_path: Path, media: list[ShotMedia]
) -> None:
    plain = build_animatic(_board([None, None, None]), media, tmp_path)
    longer = build_animatic(_board([None, 7.0, 0.5]), media, tmp_path)
    assert longer.shots[1].length_s == pytest.approx(7.0)
    assert longer.shots[2].length_s == plain.shots[2].length_s  # never cuts speech
    assert longer.duration_s == pytest.approx(
        plain.duration_s + 7.0 - plain.shots[1].length_s, abs=1 / FPS
    )
    assert longer.audio != plain.audio  # a new track, so a player reloads it


def test_frames_follow_the_ken_burns_motion_and_crossfade(
    tmp_path: Path, media: list[ShotMedia]
) -> None:
    animatic = build_animatic(_board([None, None, None]), media, tmp_path)
    first, second = animatic.shots[0], animatic.shots[1]
    motion = ken_burns_for(first.index + 100, ShotSize.WIDE)
    assert animatic.frame_at(0).view == pytest.approx(motion.view_at(0.0))
    assert animatic.frame_at(0).index == 0 and animatic.frame_at(0).blend == 0
    middle = animatic.frame_at(second.start_s + animatic.crossfade_s / 2)
    assert (middle.index, middle.next_index) == (0, 1)
    assert middle.blend == pytest.approx(0.5, abs=0.05)
    during = animatic.frame_at(second.speech_start_s + 0.5)
    assert during.index == 1 and during.next_index == -1 and during.speaking
    end = animatic.frame_at(animatic.duration_s + 5)  # clamped
    assert end.index == 2
    assert end.view == pytest.approx(ken_burns_for(102, ShotSize.WIDE).view_at(1.0), abs=1e-3)
    assert ken_burns_for(7, ShotSize.WIDE).view_at(0.5)[0] == pytest.approx(
        sum(ken_burns_for(7, ShotSize.WIDE).view_at(p)[0] for p in (0, 1)) / 2
    )  # smoothstep: half way at the middle


def test_shots_without_files_yet_still_play_silently(tmp_path: Path) -> None:
    missing = [ShotMedia(keyframe_uri="", narration_uri="", narration_duration_s=0)] * 2
    animatic = build_animatic(_board([None, None]), missing, tmp_path)
    assert animatic.audio == "" and animatic.duration_s > 3
    assert all(s.image == "" and max(s.peaks) == 0 for s in animatic.shots)


@pytest.mark.parametrize("transition", [t for t in Transition if t is not Transition.CUT])
def test_a_transition_says_its_effect_while_it_runs(
    tmp_path: Path, media: list[ShotMedia], transition: Transition
) -> None:
    """The preview draws each transition as the export does; it says which one is under way
    (and none once it is over); the project's transition is the default, a shot's own wins."""
    board = _board([None, None, None])
    shots = list(board.shots)
    shots[2] = shots[2].model_copy(update={"transition": Transition.CROSSFADE})
    board = board.model_copy(update={"shots": shots})
    animatic = build_animatic(board, media, tmp_path, transition=transition)
    second, third = animatic.shots[1], animatic.shots[2]
    within = animatic.frame_at(second.start_s + second.overlap_in_s / 2)
    assert within.effect == transition.value and 0 < within.blend < 1
    assert animatic.frame_at(third.start_s + third.overlap_in_s / 2).effect == "crossfade"
    assert animatic.frame_at(second.speech_start_s + 0.5).effect == ""
