"""Language detection between English and Chinese, by script."""

from __future__ import annotations

import unicodedata

from storyreel.contract import Language


def is_cjk(char: str) -> bool:
    """True for CJK ideographs and full-width punctuation/forms."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0xF900 <= code <= 0xFAFF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
    )


def detect_language(text: str) -> Language:
    """Chinese when ideographs make up at least 30% of the letters, otherwise English."""
    ideographs = sum(1 for char in text if is_cjk(char) and char.isalpha())
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    if ideographs and ideographs >= 0.3 * (ideographs + latin):
        return Language.ZH
    return Language.EN


def letter_language(char: str) -> Language | None:
    """The language a letter is read in (None: punctuation, digits, spaces)."""
    if is_cjk(char) and char.isalpha():
        return Language.ZH
    if char.isascii() and char.isalpha():
        return Language.EN
    return None


def spoken_text(text: str) -> str:
    """The text as a voice should read it: emoji and other pictographs left out (a voice
    reads them as their names, or as nothing at all); they stay in the subtitles."""
    kept = []
    for char in text:
        code = ord(char)
        if (
            (unicodedata.category(char) == "So" and not is_cjk(char))
            or 0xFE00 <= code <= 0xFE0F
            or code in (0x200D, 0x20E3)
        ):  # variation, joiners
            continue
        kept.append(char)
    return "".join(kept)


def language_runs(text: str, language: Language) -> list[tuple[Language, str]]:
    """The text cut where it changes language, in order: an English phrase inside a
    Chinese story ("他说 OK, let's go!") or Chinese words inside an English one. Spaces,
    punctuation and digits go with the run around them; a run in the other language needs
    two Latin letters in a row inside Chinese (a stray "A" stays Chinese). Joined, the runs
    are the text."""
    runs: list[tuple[Language, str]] = []
    current: Language = language
    start = 0
    letters: list[tuple[int, Language]] = [
        (i, found) for i, char in enumerate(text) if (found := letter_language(char)) is not None
    ]
    for position, (index, found) in enumerate(letters):
        if found is current:
            continue
        # a switch: English inside Chinese needs two letters in a row to count (a stray
        # "A" stays Chinese); one ideograph is already a word
        if found is Language.EN and found is not language:
            following = letters[position + 1] if position + 1 < len(letters) else None
            if following is None or following[1] is not found:
                continue
        if index > start:
            runs.append((current, text[start:index]))
        start, current = index, found
    runs.append((current, text[start:]))
    return [(lang, part) for lang, part in runs if part]
