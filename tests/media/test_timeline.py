from __future__ import annotations

import math

import pytest

from storyreel.contract import Transition
from storyreel.media.timeline import (
    COMMA_S,
    CROSSFADE_S,
    J_LEAD_S,
    RUN_ON_S,
    SPEECH_LEAD_S,
    SPEECH_TAIL_S,
    PieceKind,
    build_timeline,
    runs_on,
    shot_duration_s,
)
from storyreel.text.sentences import ends_mid_sentence


def test_pieces_tile_the_video_and_durations_subtract_crossfades() -> None:
    speech = [1.0, 3.2, 0.4, 2.7]
    fps = 24
    durations = [
        shot_duration_s(s, fps, is_last=i == len(speech) - 1, is_first=i == 0)
        for i, s in enumerate(speech)
    ]
    timeline = build_timeline(durations, speech, fps)
    expected = sum(durations) - CROSSFADE_S * (len(speech) - 1)
    assert timeline.duration_s == pytest.approx(expected, abs=1e-9)
    # At 25 fps the crossfade rounds to 12 frames; the arithmetic still holds in frames.
    odd = build_timeline(durations, speech, 25)
    assert odd.duration_s == pytest.approx(sum(durations) - odd.crossfade_s * 3, abs=0.04 * 4)
    cursor = 0
    for piece in timeline.pieces:
        assert piece.start_frame == cursor and piece.count > 0
        cursor += piece.count
    kinds = [p.kind for p in timeline.pieces]
    assert kinds.count(PieceKind.TRANSITION) == len(speech) - 1


def test_later_shots_speak_in_their_crossfade_in_and_never_in_the_one_out() -> None:
    """The first shot speaks once faded in; a later one J_LEAD_S into the dissolve that
    brings it in (a J-cut), so the pause at a cut is a reader's pause, not a second."""
    speech = [2.0, 0.1, 1.6, 5.0]  # the 0.1 s shot lasts MIN_SHOT_S: a longer pause after it
    timeline = build_timeline([0, 0, 0, 0], speech, 30)
    assert timeline.shots[0].speech_start_s == pytest.approx(SPEECH_LEAD_S)
    for shot in timeline.shots:
        body = next(p for p in timeline.pieces if p.kind is PieceKind.BODY and p.shot == shot.index)
        assert shot.speech_end_s <= (body.start_frame + body.count) / 30 + 1e-9
        if shot.index:
            fade_in = next(
                p
                for p in timeline.pieces
                if p.kind is PieceKind.TRANSITION and p.shot == shot.index - 1
            )
            assert shot.speech_start_s == pytest.approx(fade_in.start_frame / 30 + J_LEAD_S)
            pause = shot.speech_start_s - timeline.shots[shot.index - 1].speech_end_s
            assert pause >= SPEECH_TAIL_S + J_LEAD_S - 1e-9
            if speech[shot.index - 1] > 1.0:
                assert pause < SPEECH_TAIL_S + J_LEAD_S + 1 / 30


def test_a_longer_requested_duration_is_kept() -> None:
    timeline = build_timeline([10.0], [1.0], 25)
    assert timeline.duration_s == pytest.approx(10.0)


def test_each_shot_comes_in_by_its_own_transition_and_a_cut_overlaps_nothing() -> None:
    from storyreel.contract import Transition

    fps = 24
    speech = [2.0, 2.0, 2.0, 2.0, 2.0]
    ins = [
        Transition.CROSSFADE,  # the first shot's is ignored: it fades in from black
        Transition.CUT,
        Transition.DIP,
        Transition.SLIDE,
        Transition.ZOOM,
    ]
    timeline = build_timeline([0.0] * 5, speech, fps, ins)
    frames = [shot.frames for shot in timeline.shots]
    fade = round(CROSSFADE_S * fps)
    assert timeline.total_frames == sum(frames) - 3 * fade  # the cut overlaps nothing
    made = [p.transition for p in timeline.pieces if p.kind is PieceKind.TRANSITION]
    assert made == [Transition.DIP, Transition.SLIDE, Transition.ZOOM]
    cut = timeline.shots[1]
    assert cut.overlap_in == 0 and cut.start_frame == frames[0]
    assert cut.speech_start_s == pytest.approx(cut.start_frame / fps + J_LEAD_S)
    # the shot before a cut needs no time for a transition out: half a second shorter
    assert frames[0] == round(shot_duration_s(2.0, fps, is_first=True, out=Transition.CUT) * fps)
    assert frames[0] == math.ceil((SPEECH_LEAD_S + 2.0 + SPEECH_TAIL_S) * fps)
    assert frames[1] == math.ceil((J_LEAD_S + 2.0 + SPEECH_TAIL_S + CROSSFADE_S) * fps)
    # speech never runs into the next shot's transition, whatever it is
    for shot in timeline.shots[:-1]:
        body = next(p for p in timeline.pieces if p.kind is PieceKind.BODY and p.shot == shot.index)
        assert shot.speech_end_s <= (body.start_frame + body.count) / fps + 1e-9
    with pytest.raises(ValueError, match="one transition per shot"):
        build_timeline([0.0] * 2, [1.0, 1.0], fps, [Transition.CUT])


@pytest.mark.parametrize("into", [Transition.CROSSFADE, Transition.CUT])
def test_a_sentence_running_on_across_a_cut_keeps_speaking(into: Transition) -> None:
    """A long sentence split at a clause into two shots: its voice runs past the cut over
    the next picture (an L-cut) and the next shot's follows after a comma's pause, where a
    finished sentence leaves a reader's pause before the picture changes."""
    narrations = [
        "The keeper climbed the hundred stairs of the tower in the rain,",
        "and lit the lamp that the ships had waited for all night.",
        "Then he slept.",
    ]
    assert runs_on(narrations) == [True, False, False]
    assert runs_on(["The Last Light", *narrations]) == [False, True, False, False]  # a title
    assert ends_mid_sentence("他走进教室，") and ends_mid_sentence("she said: “wait —”")
    assert not ends_mid_sentence("“爸爸，我来做。”") and not ends_mid_sentence("Then he slept.")
    fps = 24
    speech = [3.1, 2.9, 1.0]
    ins = [Transition.CUT, into, into]
    timeline = build_timeline([0.0] * 3, speech, fps, ins, runs_on(narrations))
    first, second, third = timeline.shots
    cut_starts = second.start_frame / fps  # where the picture of shot 2 comes in
    assert first.speech_end_s > cut_starts  # the voice runs on over the next picture
    assert first.speech_end_s <= cut_starts + RUN_ON_S + 1e-9
    assert second.speech_start_s - first.speech_end_s == pytest.approx(COMMA_S, abs=1.01 / fps)
    finished = third.speech_start_s - second.speech_end_s
    assert finished >= SPEECH_TAIL_S + J_LEAD_S - 1e-9  # a whole sentence: a reader's pause
    assert second.speech_end_s <= third.start_frame / fps  # and over before the cut
    # the shots' own lengths (what narrate() writes into the storyboard) lay out the same
    durations = [
        shot_duration_s(
            s,
            fps,
            is_last=i == 2,
            is_first=i == 0,
            out=Transition.CUT if i == 2 else ins[i + 1],
            runs_on=runs_on(narrations)[i],
            runs_in=i > 0 and runs_on(narrations)[i - 1],
        )
        for i, s in enumerate(speech)
    ]
    again = build_timeline(durations, speech, fps, ins, runs_on(narrations))
    assert [s.frames for s in again.shots] == [s.frames for s in timeline.shots]
    with pytest.raises(ValueError):
        build_timeline([0.0] * 3, speech, fps, ins, [True])
