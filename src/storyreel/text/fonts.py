"""The bundled font: Noto Sans CJK from its pip package, Latin and CJK glyphs in one file.

Subtitles (libass, in the compositor) and the desktop client draw text with it, so a
Chinese story reads the same on every machine, whatever fonts it has.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from storyreel.errors import MediaToolError

SUBTITLE_FONT_FAMILY = "Noto Sans CJK TC"
_FONT_PACKAGE = "cvttf_NotoSansCJK_Regular"
_FONT_FILE = "NotoSansCJKtc-Regular.otf"


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
