"""How the cut looks: the transition between shots and the style of the burned subtitles.

Chosen per project (the export's defaults) and, for transitions, per shot; the same in the
CLI, the server's API and the desktop client.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Transition(str, Enum):
    """How a shot comes in after the one before it."""

    CROSSFADE = "crossfade"  # a dissolve, 0.5 s
    CUT = "cut"  # straight cut, no overlap
    DIP = "dip"  # dip to black and up again, 0.5 s
    SLIDE = "slide"  # the new shot slides in from the right, 0.5 s
    ZOOM = "zoom"  # the old shot zooms into the new one, 0.5 s


class SubtitlePreset(str, Enum):
    """How the subtitle text is set off from the picture."""

    OUTLINE = "outline"  # white text, a dark outline and a light shadow
    SHADOW = "shadow"  # white text, a soft drop shadow, no outline
    BOX = "box"  # white text on a translucent dark box


class SubtitlePosition(str, Enum):
    BOTTOM = "bottom"
    MIDDLE = "middle"
    TOP = "top"


class SubtitleSize(str, Enum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"

    @property
    def scale(self) -> float:
        return {"small": 0.8, "medium": 1.0, "large": 1.25}[self.value]


class SubtitleStyle(BaseModel):
    """The burned subtitles' look. Upright (9:16) video keeps them inside the platforms'
    safe area whatever the position: above the bottom fifth, below the top tenth."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    preset: SubtitlePreset = SubtitlePreset.OUTLINE
    position: SubtitlePosition = SubtitlePosition.BOTTOM
    size: SubtitleSize = SubtitleSize.MEDIUM
    # the word being spoken drawn in `highlight` (timed from the narration)
    highlight_words: bool = False
    highlight: str = Field(default="#FFD23F", pattern=r"^#[0-9A-Fa-f]{6}$")
