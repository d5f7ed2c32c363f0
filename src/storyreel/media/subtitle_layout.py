"""How big subtitles are and how much text fits on screen, for each frame shape.

The planner uses this to size shots so each shot's subtitle fits in two lines; the
compositor uses it to set the font size. One place, so the two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyreel.contract import AspectRatio

SUBTITLE_LINES = 2
_FONT_SIZE_OF_SHORT_SIDE = 0.055
_TEXT_WIDTH_OF_FRAME = 0.86
_HALF_WIDTH_EM = 0.56  # an average Latin glyph advance in Noto Sans, in ems; CJK is 1 em


@dataclass(frozen=True)
class SubtitleLayout:
    """Subtitle geometry for one frame size."""

    width: int
    height: int

    @property
    def font_size(self) -> int:
        return max(12, round(min(self.width, self.height) * _FONT_SIZE_OF_SHORT_SIDE))

    @property
    def margin_v(self) -> int:
        return round(self.height * 0.06)

    @property
    def margin_h(self) -> int:
        return round(self.width * (1 - _TEXT_WIDTH_OF_FRAME) / 2)

    @property
    def units_per_line(self) -> int:
        """Half-width characters per line (a CJK character takes two)."""
        return int(self.width * _TEXT_WIDTH_OF_FRAME / (self.font_size * _HALF_WIDTH_EM))


def layout_for(aspect: AspectRatio, short_side: int = 720) -> SubtitleLayout:
    """Subtitle layout of an aspect ratio at a given resolution."""
    width, height = aspect.frame_size(short_side)
    return SubtitleLayout(width, height)


def subtitle_capacity(aspect: AspectRatio) -> int:
    """Half-width units that fit in the subtitle area, with slack for word wrapping."""
    layout = layout_for(aspect)
    return int(layout.units_per_line * SUBTITLE_LINES * 0.85)
