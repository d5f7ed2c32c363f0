"""A story given no title is named by its first sentence (never "Untitled" over a Chinese
story in the Chinese UI)."""

from __future__ import annotations

from storyreel.text.sentences import display_width
from storyreel.text.story import default_title


def test_a_short_first_sentence_is_the_title() -> None:
    assert default_title("The storm came at dusk. The keeper lit the lamp.") == (
        "The storm came at dusk"
    )


def test_a_long_one_is_cut_at_a_word_with_an_ellipsis() -> None:
    title = default_title(
        "The lighthouse keeper climbed the narrow stairs as the storm rolled in from the sea."
    )
    assert title == "The lighthouse keeper climbed the…"


def test_chinese_is_cut_by_display_width() -> None:
    story = "灯笼匠的女儿在河边的小镇上长大，她每天晚上都会点亮一盏红灯笼。然后她睡觉了。"
    title = default_title(story)
    assert title.startswith("灯笼匠的女儿") and title.endswith("…")
    assert display_width(title) <= 40


def test_a_language_the_story_has_no_letter_of_is_refused() -> None:
    """An English story given as Chinese was cut as Chinese (25 characters a shot) and read
    by the Mandarin voice: 19 shots for the 9 of the sample."""
    import pytest

    from storyreel.contract import Language
    from storyreel.text.story import WrongLanguage, check_story

    with pytest.raises(WrongLanguage, match="no Chinese in it, but Chinese was chosen"):
        check_story("The keeper lit the lamp.", 1000, Language.ZH)
    with pytest.raises(WrongLanguage, match="no English in it"):
        check_story("灯笼亮了。", 1000, Language.EN)
    # a story in one language with a word of the other is that language's
    assert check_story("The sign said 灯笼.", 1000, Language.ZH)
    assert check_story("他说：“OK。”", 1000, Language.EN)
    assert check_story("Hello.", 1000, None)


def test_the_demo_without_a_story_tells_the_sample_in_the_language_asked_for() -> None:
    from storyreel.cli import _read_story
    from storyreel.contract import Language

    story, title = _read_story(None, Language.ZH)
    assert title == "灯笼" and "老爷爷" in story
    assert _read_story(None, None)[1] == "The Last Light"
