"""How big subtitles are and how much text fits on screen, for each frame shape.

The planner uses this to size shots so each shot's subtitle fits in two lines; the
compositor uses it to set the font size. One place, so the two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyreel.contract import AspectRatio

SUBTITLE_LINES = 2
_EM_OF_SHORT_SIDE = 0.05
# libass sizes a font by ascent + descent (as VSFilter does), not by its em square;
# for Noto Sans CJK that is 1.448 em.
ASS_SIZE_PER_EM = 1.448
_TEXT_WIDTH_OF_FRAME = 0.86
_PORTRAIT_SAFE_BOTTOM = 0.2
_HALF_WIDTH_EM = 0.56  # an average Latin glyph advance in Noto Sans, in ems; CJK is 1 em


@dataclass(frozen=True)
class SubtitleLayout:
    """Subtitle geometry for one frame size."""

    width: int
    height: int

    @property
    def em_px(self) -> float:
        """Height of the font's em square in pixels (a CJK glyph is one em wide)."""
        return max(10.0, min(self.width, self.height) * _EM_OF_SHORT_SIDE)

    @property
    def font_size(self) -> int:
        """The size to put in the ASS style."""
        return round(self.em_px * ASS_SIZE_PER_EM)

    @property
    def margin_v(self) -> int:
        """Space under the subtitles. Upright (9:16), phone apps draw their buttons and
        captions over the bottom ~20% of the video: the subtitles sit above that."""
        return round(self.height * (_PORTRAIT_SAFE_BOTTOM if self.height > self.width else 0.06))

    @property
    def margin_h(self) -> int:
        return round(self.width * (1 - _TEXT_WIDTH_OF_FRAME) / 2)

    @property
    def units_per_line(self) -> int:
        """Half-width characters per line (a CJK character takes two)."""
        return int(self.width * _TEXT_WIDTH_OF_FRAME / (self.em_px * _HALF_WIDTH_EM))


def layout_for(aspect: AspectRatio, short_side: int = 720) -> SubtitleLayout:
    """Subtitle layout of an aspect ratio at a given resolution."""
    width, height = aspect.frame_size(short_side)
    return SubtitleLayout(width, height)


def subtitle_capacity(aspect: AspectRatio) -> int:
    """Half-width units that fit in the subtitle area, with slack for word wrapping."""
    layout = layout_for(aspect)
    return int(layout.units_per_line * SUBTITLE_LINES * 0.85)
