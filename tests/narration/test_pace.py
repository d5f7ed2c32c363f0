"""The storyboard cuts by how fast the default voices read (storyreel.text.pace) before any
voice has spoken; these tests hold the voices to that pace and the cut to its length."""

from __future__ import annotations

import pytest

from storyreel.contract import Language, StoryboardRequest
from storyreel.narration.service import trim_and_normalize
from storyreel.narration.voices import resolve_voice
from storyreel.storyboard.planner import plan_storyboard
from storyreel.text.pace import READING_PACE
from storyreel.text.sentences import display_width

STORIES = {
    Language.EN: (
        "Oskar was an old clockmaker with white hair. His workshop stood at the end of a "
        "narrow street, and every clock in it was quiet.\n\n"
        "One winter evening, a girl named Lena opened the door. She carried a broken clock "
        'wrapped in a scarf. "It was my grandmother\'s," she said.'
    ),
    Language.ZH: (
        "河边的小镇上住着一位灯笼匠。他的女儿林小月每天帮他扎灯笼，她穿着红色的外套，手很巧，"
        "做的灯笼又圆又亮，镇上的人都喜欢。\n\n"
        "元宵节前一夜，下起了大雨。灯笼匠病倒了，躺在床上。“爸爸，我来做。”小月说。"
    ),
}


def _spoken_s(text: str, language: Language) -> float:
    speech = trim_and_normalize(resolve_voice(None, language).speak(text))
    return speech.duration_s


@pytest.mark.parametrize("language", [Language.EN, Language.ZH])
def test_the_default_voice_reads_at_the_pace_the_storyboard_assumes(language: Language) -> None:
    """A storyboard's shots, spoken: half-width units a second within 15 % of READING_PACE
    (espeak-ng's Mandarin at 125 words a minute reads 2.5 syllables a second, 5 units; had
    the cut assumed 4.2, a Chinese shot would last 15 s)."""
    shots = plan_storyboard(StoryboardRequest(story=STORIES[language], language=language))
    narrations = [shot.narration for shot in shots.storyboard.shots]
    width = sum(display_width(text) for text in narrations)
    seconds = sum(_spoken_s(text, language) for text in narrations)
    assert width / seconds == pytest.approx(READING_PACE[language], rel=0.15)


@pytest.mark.parametrize("language", [Language.EN, Language.ZH])
def test_no_shot_takes_its_voice_over_ten_seconds(language: Language) -> None:
    """The longest shot's speech stays near 9 s in either language (the one long Chinese
    sentence is cut at a clause, its voice running on across the cut)."""
    board = plan_storyboard(StoryboardRequest(story=STORIES[language], language=language))
    lengths = [_spoken_s(shot.narration, language) for shot in board.storyboard.shots]
    assert max(lengths) <= 10.0, lengths
    assert min(lengths) >= 1.0, lengths
