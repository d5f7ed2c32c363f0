"""Words of Chinese text (jieba's dictionary and HMM, through jieba-rs), so that a line of
subtitles breaks between words, as a reader expects, not inside one."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _segmenter() -> object:
    import rjieba  # its dictionary loads once, in about 0.1 s

    return rjieba


def chinese_words(text: str) -> list[str]:
    """`text` cut into words, in order, nothing dropped (a Latin run stays one piece)."""
    if not text:
        return []
    words: list[str] = _segmenter().cut(text)  # type: ignore[attr-defined]
    assert "".join(words) == text, "the segmenter changed the text"
    return words


# what may follow a noun inside one of jieba's words and leave it the head: a place word
# (门口, 床上, 夜里), the plural, or a particle jieba joined to it (信是: "the letter was")
_AFTER_HEAD = frozenset("上下里边前后口中外内旁头们是的了着在也都就和")


@lru_cache(maxsize=256)
def _word_starts(text: str) -> tuple[tuple[int, str], ...]:
    starts, at = [], 0
    for word in chinese_words(text):
        starts.append((at, word))
        at += len(word)
    return tuple(starts)


def word_bounds(text: str) -> frozenset[int]:
    """Where jieba's words of `text` begin and end (character offsets)."""
    return frozenset([0, *(start + len(word) for start, word in _word_starts(text))])


def heads_its_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], a match of one Chinese character, names what its word
    names: the word itself or its last character (a Chinese noun ends in its head: 信号灯 is
    a lamp, 大雨 rain), or one a place word follows (门口, 床上); not 火 of 火车 (a train),
    信 of 信号灯, 雨 of 雨伞. A longer match, or one not in Chinese, always does."""
    if end - start != 1 or not "\u3400" <= text[start] <= "\u9fff":
        return True
    for word_start, word in _word_starts(text):
        if word_start <= start < word_start + len(word):
            return all(char in _AFTER_HEAD for char in word[start - word_start + 1 :])
    return True
