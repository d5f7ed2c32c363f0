from __future__ import annotations

import math

import pytest

from storyreel.media.timeline import (
    CROSSFADE_S,
    J_LEAD_S,
    SPEECH_LEAD_S,
    SPEECH_TAIL_S,
    PieceKind,
    build_timeline,
    shot_duration_s,
)


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
