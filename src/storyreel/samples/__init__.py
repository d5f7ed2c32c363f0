"""Bundled sample stories."""

from __future__ import annotations

from importlib.resources import files

from storyreel.contract import Language

_FILES = {Language.EN: "lighthouse_en.txt", Language.ZH: "lantern_zh.txt"}


def sample_story(language: Language = Language.EN) -> str:
    """The bundled sample story in a language."""
    return files("storyreel.samples").joinpath(_FILES[language]).read_text(encoding="utf-8")
