from __future__ import annotations

import pytest

from storyreel.text.intelligibility import (
    chinese_syllables,
    edit_distance,
    syllable_error_rate,
    word_error_rate,
)


def test_edit_distance_counts_substitutions_deletions_and_insertions() -> None:
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance([], ["a"]) == 1
    assert edit_distance(["a", "b"], []) == 2
    assert edit_distance(["a", "b", "c"], ["a", "b", "c"]) == 0


def test_word_error_rate_ignores_case_and_punctuation() -> None:
    said = "The wind was strong that afternoon. Don't go!"
    assert word_error_rate(said, "the wind was strong that afternoon, don't go") == 0.0
    # one word wrong, one missing, out of 8
    assert word_error_rate(said, "the wind is strong that afternoon don't") == pytest.approx(2 / 8)


def test_syllable_error_rate_is_toneless_and_reads_traditional_characters() -> None:
    # Whisper often writes traditional characters: 燈籠 for 灯笼 is no error
    assert syllable_error_rate("河边的灯笼。", "河邊的燈籠") == 0.0
    assert chinese_syllables("灯笼，Lantern 3") == ["deng", "long"]
    # 林小月 heard as 临小院: lin is right (toneless), xiao right, yue -> yuan wrong
    assert syllable_error_rate("林小月", "临小院") == pytest.approx(1 / 3)
    assert syllable_error_rate("林小月", "") == 1.0
