"""A story's text cut where it changes language, and what a voice reads of it."""

from __future__ import annotations

from storyreel.contract import Language
from storyreel.text.language import language_runs, spoken_text

EN, ZH = Language.EN, Language.ZH


def test_a_phrase_in_the_other_language_is_its_own_run() -> None:
    assert language_runs("他说：“OK, let's go!”然后走了。", ZH) == [
        (ZH, "他说：“"), (EN, "OK, let's go!”"), (ZH, "然后走了。"),
    ]  # fmt: skip
    assert language_runs("The sign said 灯笼 in red letters.", EN) == [
        (EN, "The sign said "), (ZH, "灯笼 "), (EN, "in red letters."),
    ]  # fmt: skip
    assert language_runs("A 字 is one word.", EN) == [(EN, "A "), (ZH, "字 "), (EN, "is one word.")]


def test_a_stray_letter_digits_and_punctuation_stay_in_the_storys_language() -> None:
    assert language_runs("他买了3个A级灯笼。", ZH) == [(ZH, "他买了3个A级灯笼。")]
    assert language_runs("Mei lit 3 lanterns.", EN) == [(EN, "Mei lit 3 lanterns.")]
    text = "她叫 Mei，今年12岁。"
    assert "".join(part for _, part in language_runs(text, ZH)) == text


def test_emoji_are_not_read_but_letters_and_cjk_punctuation_are() -> None:
    assert spoken_text("Mei 🏮 smiled ❤️ at 👨‍👩‍👧.") == "Mei  smiled  at ."
    assert spoken_text("灯笼亮了！“好啊。”") == "灯笼亮了！“好啊。”"
    assert spoken_text("© 2026 — ok") == " 2026 — ok"
