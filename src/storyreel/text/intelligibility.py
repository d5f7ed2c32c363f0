"""How much of what was said a listener got: word error rate (English) and toneless
syllable error rate (Chinese, through pypinyin), as edit distances over the reference."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pypinyin import Style, lazy_pinyin

_EN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_HAN = re.compile(r"[\u3400-\u9fff]")


def edit_distance(reference: Sequence[str], heard: Sequence[str]) -> int:
    """Substitutions + deletions + insertions turning reference into heard (Levenshtein)."""
    previous = list(range(len(heard) + 1))
    for i, wanted in enumerate(reference, 1):
        current = [i]
        for j, got in enumerate(heard, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (wanted != got))
            )
        previous = current
    return previous[-1]


def english_words(text: str) -> list[str]:
    """Lower-case words without punctuation ("Don't" stays one word)."""
    return _EN_WORD.findall(text.lower().replace("’", "'"))


def chinese_syllables(text: str) -> list[str]:
    """The toneless pinyin of each Chinese character (simplified or traditional: Whisper
    often writes traditional); anything else is left out."""
    characters = "".join(_HAN.findall(text))
    return lazy_pinyin(characters, style=Style.NORMAL) if characters else []


def word_error_rate(reference: str, heard: str) -> float:
    words = english_words(reference)
    return edit_distance(words, english_words(heard)) / max(1, len(words))


def syllable_error_rate(reference: str, heard: str) -> float:
    syllables = chinese_syllables(reference)
    return edit_distance(syllables, chinese_syllables(heard)) / max(1, len(syllables))
