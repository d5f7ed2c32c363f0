from __future__ import annotations

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
    assert kinds.count(PieceKind.CROSSFADE) == len(speech) - 1


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
                if p.kind is PieceKind.CROSSFADE and p.shot == shot.index - 1
            )
            assert shot.speech_start_s == pytest.approx(fade_in.start_frame / 30 + J_LEAD_S)
            pause = shot.speech_start_s - timeline.shots[shot.index - 1].speech_end_s
            assert pause >= SPEECH_TAIL_S + J_LEAD_S - 1e-9
            if speech[shot.index - 1] > 1.0:
                assert pause < SPEECH_TAIL_S + J_LEAD_S + 1 / 30


def test_a_longer_requested_duration_is_kept() -> None:
    timeline = build_timeline([10.0], [1.0], 25)
    assert timeline.duration_s == pytest.approx(10.0)
