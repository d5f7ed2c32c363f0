"""Ken Burns motion: a slow zoom and pan per shot, chosen from its seed and shot size.

Expressed as ffmpeg `zoompan` expressions over the shot's own frame number, so a piece that
starts in the middle of a shot continues the same motion seamlessly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from storyreel.contract import ShotSize
from storyreel.media.ffmpeg import BT709_OUT, BT709_TAGS

# Stronger motion on wide shots (the eye roams), gentle on close-ups.
_ZOOM_RANGE = {ShotSize.WIDE: 0.16, ShotSize.MEDIUM: 0.12, ShotSize.CLOSE_UP: 0.08}


@dataclass(frozen=True)
class KenBurns:
    """Zoom from zoom_start to zoom_end while the view centre moves between two points.

    Centres are fractions of the free margin (0 = left/top edge, 1 = right/bottom edge).
    """

    zoom_start: float
    zoom_end: float
    x_start: float
    x_end: float
    y_start: float
    y_end: float

    def view_at(self, progress: float) -> tuple[float, float, float]:
        """(zoom, x, y) at a point of the shot (0 = first frame, 1 = last): what the
        zoompan expressions below compute for a frame, for players that draw it live."""
        p = min(1.0, max(0.0, progress))
        eased = p * p * (3 - 2 * p)
        return (
            self.zoom_start + (self.zoom_end - self.zoom_start) * eased,
            self.x_start + (self.x_end - self.x_start) * eased,
            self.y_start + (self.y_end - self.y_start) * eased,
        )

    def chain(
        self, shot_frames: int, offset: int, count: int, width: int, height: int, fps: int
    ) -> str:
        """The filters from a still keyframe (any size, RGB) to frames [offset, offset+count)
        of the shot's motion at width x height: BT.709 YUV 4:2:0, tagged (the source's
        filters, then the motion's)."""
        return (
            source_filter(width, height)
            + ","
            + self.zoompan_filter(shot_frames, offset, count, width, height, fps)
        )

    def zoompan_filter(
        self, shot_frames: int, offset: int, count: int, width: int, height: int, fps: int
    ) -> str:
        """zoompan producing frames [offset, offset+count) of a shot of shot_frames frames."""
        span = max(1, shot_frames - 1)
        # smoothstep easing of the shot's progress p in [0, 1]
        progress = f"((on+{offset})/{span})"
        eased = f"({progress}*{progress}*(3-2*{progress}))"
        zoom = f"{self.zoom_start:.4f}+{self.zoom_end - self.zoom_start:.4f}*{eased}"
        x_frac = f"({self.x_start:.4f}+{self.x_end - self.x_start:.4f}*{eased})"
        y_frac = f"({self.y_start:.4f}+{self.y_end - self.y_start:.4f}*{eased})"
        return (
            f"zoompan=z='{zoom}':x='(iw-iw/zoom)*{x_frac}':y='(ih-ih/zoom)*{y_frac}'"
            f":d={count}:s={width}x{height}:fps={fps}"
        )


def source_filter(width: int, height: int) -> str:
    """The filters from a still keyframe (any size, RGB) to the picture the motion moves
    over: twice the output size, BT.709 YUV 4:2:0, tagged.

    zoompan crops at whole pixels, and on 4:2:0 at even ones (where the chroma samples
    sit), so at twice the output size the view moves in steps of one output pixel and its
    size changes in steps of half of one. Measured per 720p frame: this 2 ms; at the output
    size, 0.7 ms but two-pixel steps; in RGB (no chroma rule) 2 ms at the output size, plus
    the conversion to BT.709 after it, 3 ms more; 4:4:4 at twice the size (half-pixel
    steps) 5 ms. The picture becomes YUV once, before zoompan, so no frame is converted
    again, and in the same swscale pass that scales it (a second scale filter for the
    colour took as long again: 0.18 CPU-s a 720p shot, now 0.08). The compositor makes it
    once per shot and every piece of the shot reads it (bench/export_bench.py)."""
    return (
        f"scale={2 * width}:{2 * height}:force_original_aspect_ratio=increase"
        f":flags=bicubic:{BT709_OUT},crop={2 * width}:{2 * height},setsar=1,format=yuv420p,"
        f"{BT709_TAGS}"
    )


def ken_burns_for(seed: int, size: ShotSize) -> KenBurns:
    """Deterministic motion for a shot: zoom in or out, drifting across the frame."""
    rng = random.Random(seed)
    amount = _ZOOM_RANGE[size]
    zoom_in = rng.random() < 0.6
    start, end = (1.0, 1.0 + amount) if zoom_in else (1.0 + amount, 1.0)
    x_start, x_end = rng.choice(((0.2, 0.8), (0.8, 0.2), (0.5, 0.5), (0.3, 0.6)))
    y_start, y_end = rng.choice(((0.5, 0.5), (0.3, 0.5), (0.6, 0.4)))
    return KenBurns(start, end, x_start, x_end, y_start, y_end)
