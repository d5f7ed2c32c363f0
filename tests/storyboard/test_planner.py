from __future__ import annotations

import re

import pytest

from storyreel.contract import AspectRatio, Language, ShotSize, StoryboardRequest
from storyreel.samples import sample_story
from storyreel.storyboard.planner import plan_storyboard
from storyreel.text.sentences import display_width, split_sentences
from storyreel.text.subtitle_layout import subtitle_capacity

STORIES = {
    Language.EN: sample_story(Language.EN),
    Language.ZH: sample_story(Language.ZH),
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("aspect", list(AspectRatio))
def test_every_sentence_is_narrated_once_in_order(language: Language, aspect: AspectRatio) -> None:
    story = STORIES[language]
    board = plan_storyboard(StoryboardRequest(story=story, aspect=aspect)).storyboard
    assert board.language is language
    # The narrations, joined, are the story itself: nothing dropped, repeated or reordered.
    assert _squash("".join(shot.narration for shot in board.shots)) == _squash(story)
    for shot in board.shots:
        assert story[shot.source_start : shot.source_end] == shot.narration
    # Each sentence sits in exactly one shot, or (when split) in consecutive shots only.
    for sentence in split_sentences(story):
        holders = [
            shot.index
            for shot in board.shots
            if shot.source_start < sentence.end and sentence.start < shot.source_end
        ]
        assert holders == list(range(holders[0], holders[0] + len(holders)))
        whole = [
            s
            for s in board.shots
            if s.source_start <= sentence.start and sentence.end <= s.source_end
        ]
        assert len(whole) == 1 or len(holders) > 1
    limit = subtitle_capacity(aspect)
    assert all(display_width(shot.narration) <= limit for shot in board.shots)


def test_shot_sizes_vary_and_open_wide() -> None:
    board = plan_storyboard(StoryboardRequest(story=STORIES[Language.EN])).storyboard
    sizes = [shot.shot_size for shot in board.shots]
    assert sizes[0] is ShotSize.WIDE
    assert set(sizes) == set(ShotSize)
    assert not any(a == b == c for a, b, c in zip(sizes, sizes[1:], sizes[2:]))


def test_prompts_carry_style_and_scene_forward() -> None:
    story = "The forest was dark at night. A fox ran past. It stopped."
    board = plan_storyboard(StoryboardRequest(story=story, style="watercolour")).storyboard
    last = board.shots[-1].prompt
    assert "watercolour" in last and "forest" in last and "night" in last


def test_planner_is_deterministic_and_seeds_differ_per_shot() -> None:
    request = StoryboardRequest(story=STORIES[Language.ZH], seed=3)
    first, second = plan_storyboard(request), plan_storyboard(request)
    assert first == second
    seeds = [shot.seed for shot in first.storyboard.shots]
    assert len(set(seeds)) == len(seeds)


def test_short_sentences_merge_but_not_across_paragraphs() -> None:
    story = "Title\n\nHe ran. She ran. They ran."
    board = plan_storyboard(StoryboardRequest(story=story)).storyboard
    assert [shot.narration for shot in board.shots] == ["Title", "He ran. She ran. They ran."]


def test_language_is_detected() -> None:
    assert plan_storyboard(StoryboardRequest(story="猫在睡觉。")).storyboard.language is Language.ZH
    assert (
        plan_storyboard(StoryboardRequest(story="A cat sleeps.")).storyboard.language is Language.EN
    )
