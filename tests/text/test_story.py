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
