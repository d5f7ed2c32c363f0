"""Fonts for subtitles and captions: Noto Sans CJK from its pip package, plus any emoji font.

libass gets a private fonts folder (links to these files), so rendering never depends on
which fonts the machine happens to have or on how the bundled ffmpeg's fontconfig is set up.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from xml.sax.saxutils import escape

from storyreel.atomic import write_text_atomic
from storyreel.text.fonts import subtitle_font_path

# Monochrome emoji fonts libass can draw: Noto Emoji from its pip package (manimgx-fonts,
# OFL-1.1, a dependency), else one the system has (Debian: fonts-symbola, fonts-noto-mono).
_EMOJI_FONTS = (
    Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"),
    Path("/usr/share/fonts/truetype/ancient-scripts/Symbola.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoEmoji-Regular.ttf"),
)


def _packaged_emoji_font() -> Path | None:
    try:
        import manimgx_fonts
    except ImportError:
        return None
    path = Path(manimgx_fonts.__file__).parent / "NotoEmoji[wght].ttf"
    return path if path.is_file() else None


def emoji_font_path() -> Path | None:
    """The emoji font subtitles are drawn with (libass falls back to it for emoji)."""
    return _packaged_emoji_font() or next((p for p in _EMOJI_FONTS if p.is_file()), None)


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
        write_text_atomic(
            conf,
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            f"  <dir>{escape(str(folder.resolve()))}</dir>\n"
            f"  <cachedir>{escape(str((folder / 'fc-cache').resolve()))}</cachedir>\n"
            "</fontconfig>\n",
        )
    return folder


def fonts_environment(folder: Path) -> dict[str, str]:
    """Environment for an ffmpeg run that draws subtitles with the fonts in folder."""
    return {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(folder).resolve())}
