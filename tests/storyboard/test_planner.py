from __future__ import annotations

import re

import pytest

from storyreel.contract import AspectRatio, Language, ShotSize, StoryboardRequest
from storyreel.media.subtitles import cues_for_speech
from storyreel.samples import sample_story
from storyreel.storyboard.planner import plan_storyboard, shot_width_limit
from storyreel.text.sentences import display_width, split_sentences
from storyreel.text.subtitle_layout import SUBTITLE_LINES, layout_for

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
    limit = shot_width_limit(language)
    assert all(display_width(shot.narration) <= limit for shot in board.shots)
    # a shot longer than a subtitle page is shown page by page, each page fitting
    layout = layout_for(aspect)
    for shot in board.shots:
        for cue in cues_for_speech(shot.narration, 0.0, 5.0, layout.units_per_line):
            assert len(cue.text.split("\n")) <= SUBTITLE_LINES


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


def test_shots_are_cut_at_beats_not_at_every_sentence() -> None:
    """One place and time runs on in one shot; a new place, a new time or a new paragraph
    cuts; the line after a quote ("小月说。") stays with the words said."""
    story = (
        "Anna walked along the river. She carried a basket of apples. The water was calm. "
        "That night, Anna sat in the kitchen. She counted the apples.\n\n"
        "The next morning she went to the market."
    )
    shots = [
        shot.narration for shot in plan_storyboard(StoryboardRequest(story=story)).storyboard.shots
    ]
    assert shots == [
        "Anna walked along the river. She carried a basket of apples. The water was calm.",
        "That night, Anna sat in the kitchen. She counted the apples.",
        "The next morning she went to the market.",
    ]
    zh = "小镇上，灯笼匠病倒了。“爸爸，我来做。”小月说。她在作坊里点起蜡烛，一直做到天快亮。"
    narrations = [
        shot.narration for shot in plan_storyboard(StoryboardRequest(story=zh)).storyboard.shots
    ]
    assert "“爸爸，我来做。”小月说。" in "".join(narrations[:2])
    assert any(n.endswith("小月说。") for n in narrations)
    assert narrations[-1] == "她在作坊里点起蜡烛，一直做到天快亮。"  # the workshop: a new place


def test_a_name_is_not_a_place() -> None:
    """王大山 (Wang Dashan) lives in no mountains: names are read out before the scene."""
    story = "王大山是村里的老师。一天早上，邮递员把一封信交给了王大山。"
    board = plan_storyboard(StoryboardRequest(story=story)).storyboard
    assert all("mountain" not in shot.prompt for shot in board.shots)
    assert "mountains" not in board.places


def test_language_is_detected() -> None:
    assert plan_storyboard(StoryboardRequest(story="猫在睡觉。")).storyboard.language is Language.ZH
    assert (
        plan_storyboard(StoryboardRequest(story="A cat sleeps.")).storyboard.language is Language.EN
    )


def test_only_a_wide_shot_of_a_new_place_is_an_establishing_shot() -> None:
    """The bundled English sample: the lighthouse is established once; the storm over it
    and the beam across the water later are wide shots of a place already seen."""
    from storyreel.text.scene import read_scene

    board = plan_storyboard(
        StoryboardRequest(story=sample_story(Language.EN), language=Language.EN)
    ).storyboard
    wide = [s for s in board.shots if s.shot_size is ShotSize.WIDE]
    establishing = [s for s in wide if s.prompt.startswith("wide establishing shot")]
    assert board.shots[0] in establishing and len(establishing) < len(wide)
    for shot in establishing[1:]:
        before = board.shots[shot.index - 1]
        assert read_scene(shot.prompt).setting != read_scene(before.prompt).setting
    assert any(s.prompt.startswith("wide shot of") for s in wide)
