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
