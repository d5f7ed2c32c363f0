"""Fonts for subtitles and captions: Noto Sans CJK from its pip package, plus any emoji font.

libass gets a private fonts folder (links to these files), so rendering never depends on
which fonts the machine happens to have or on how the bundled ffmpeg's fontconfig is set up.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from storyreel.errors import MediaToolError

SUBTITLE_FONT_FAMILY = "Noto Sans CJK TC"
_FONT_PACKAGE = "cvttf_NotoSansCJK_Regular"
_FONT_FILE = "NotoSansCJKtc-Regular.otf"
# Monochrome emoji fonts libass can draw, where the system has them (Debian: fonts-symbola).
_EMOJI_FONTS = (
    Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"),
    Path("/usr/share/fonts/truetype/ancient-scripts/Symbola.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoEmoji-Regular.ttf"),
)


@lru_cache(maxsize=1)
def subtitle_font_path() -> Path:
    """Path of the bundled Noto Sans CJK font (Latin and CJK glyphs)."""
    spec = importlib.util.find_spec(_FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise MediaToolError("the subtitle font is missing: pip install cvttf-NotoSansCJK-Regular")
    path = Path(next(iter(spec.submodule_search_locations))) / _FONT_FILE
    if not path.is_file():
        raise MediaToolError(f"the subtitle font file is missing at {path}: reinstall storyreel")
    return path


def emoji_font_path() -> Path | None:
    """An emoji font on this machine, if any."""
    return next((path for path in _EMOJI_FONTS if path.is_file()), None)


def fontconfig_file(folder: Path) -> Path:
    """The fontconfig file that limits ffmpeg's libass to the fonts in folder."""
    return folder / "fonts.conf"


def prepare_fonts_dir(folder: Path) -> Path:
    """Fill a folder with links to the fonts libass should use, and return it.

    A fonts.conf in the folder lists only this folder: with FONTCONFIG_FILE pointing at it,
    fontconfig cannot substitute a system font (it otherwise answers "Noto Sans CJK TC"
    with DejaVu Sans, which has no CJK glyphs).
    """
    folder.mkdir(parents=True, exist_ok=True)
    for font in (subtitle_font_path(), emoji_font_path()):
        if font is None:
            continue
        link = folder / font.name
        if not link.exists():
            with contextlib.suppress(FileExistsError):  # another worker linked it first
                link.symlink_to(font)
    conf = fontconfig_file(folder)
    if not conf.is_file():
        partial = conf.with_name(f"fonts.conf.{os.getpid()}")
        partial.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            f"  <dir>{escape(str(folder.resolve()))}</dir>\n"
            f"  <cachedir>{escape(str((folder / 'fc-cache').resolve()))}</cachedir>\n"
            "</fontconfig>\n",
            encoding="utf-8",
        )
        os.replace(partial, conf)
    return folder


def fonts_environment(folder: Path) -> dict[str, str]:
    """Environment for an ffmpeg run that draws subtitles with the fonts in folder."""
    return {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(folder).resolve())}
