"""How big subtitles are and how much text fits on screen, for each frame shape.

The planner uses this to size shots so each shot's subtitle fits in two lines; the
compositor uses it to set the font size. One place, so the two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyreel.contract import AspectRatio, SubtitlePosition, SubtitleStyle

SUBTITLE_LINES = 2
_EM_OF_SHORT_SIDE = 0.05
# libass sizes a font by ascent + descent (as VSFilter does), not by its em square;
# for Noto Sans CJK that is 1.448 em.
ASS_SIZE_PER_EM = 1.448
_TEXT_WIDTH_OF_FRAME = 0.86
_PORTRAIT_SAFE_BOTTOM = 0.2
_PORTRAIT_SAFE_TOP = 0.12  # upright apps draw their top bar (search, tabs) over this
_MARGIN_OF_HEIGHT = 0.06
_HALF_WIDTH_EM = 0.56  # an average Latin glyph advance in Noto Sans, in ems; CJK is 1 em


@dataclass(frozen=True)
class SubtitleLayout:
    """Subtitle geometry for one frame size and style."""

    width: int
    height: int
    style: SubtitleStyle = field(default_factory=SubtitleStyle)

    @property
    def em_px(self) -> float:
        """Height of the font's em square in pixels (a CJK glyph is one em wide)."""
        short = min(self.width, self.height)
        return max(10.0, short * _EM_OF_SHORT_SIDE * self.style.size.scale)

    @property
    def font_size(self) -> int:
        """The size to put in the ASS style."""
        return round(self.em_px * ASS_SIZE_PER_EM)

    @property
    def upright(self) -> bool:
        return self.height > self.width

    @property
    def alignment(self) -> int:
        """The ASS alignment (numpad): bottom, middle or top centre."""
        return {SubtitlePosition.BOTTOM: 2, SubtitlePosition.MIDDLE: 5}.get(self.style.position, 8)

    @property
    def margin_v(self) -> int:
        """Space between the subtitles and the frame's edge. Upright (9:16), phone apps draw
        their buttons and captions over the bottom ~20% of the video and a bar over the top
        ~12%: the subtitles stay out of both."""
        if self.style.position is SubtitlePosition.TOP:
            share = _PORTRAIT_SAFE_TOP if self.upright else _MARGIN_OF_HEIGHT
        else:  # the middle ignores it
            share = _PORTRAIT_SAFE_BOTTOM if self.upright else _MARGIN_OF_HEIGHT
        return round(self.height * share)

    @property
    def margin_h(self) -> int:
        return round(self.width * (1 - _TEXT_WIDTH_OF_FRAME) / 2)

    @property
    def units_per_line(self) -> int:
        """Half-width characters per line (a CJK character takes two)."""
        return int(self.width * _TEXT_WIDTH_OF_FRAME / (self.em_px * _HALF_WIDTH_EM))


def layout_for(
    aspect: AspectRatio, short_side: int = 720, style: SubtitleStyle | None = None
) -> SubtitleLayout:
    """Subtitle layout of an aspect ratio at a given resolution."""
    width, height = aspect.frame_size(short_side)
    return SubtitleLayout(width, height, style or SubtitleStyle())


def subtitle_capacity(aspect: AspectRatio) -> int:
    """Half-width units that fit in the subtitle area, with slack for word wrapping."""
    layout = layout_for(aspect)
    return int(layout.units_per_line * SUBTITLE_LINES * 0.85)
