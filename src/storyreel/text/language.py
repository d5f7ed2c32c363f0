"""Language detection between English and Chinese, by script."""

from __future__ import annotations

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
