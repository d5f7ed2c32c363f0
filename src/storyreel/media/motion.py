"""Ken Burns motion: a slow zoom and pan per shot, chosen from its seed and shot size.

A view per frame of the shot (`view_at` its progress), so a piece that starts in the middle
of a shot continues the same motion seamlessly; media.picture draws it, and the client's
preview draws the same views live.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from storyreel.contract import ShotSize

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
        """(zoom, x, y) at a point of the shot (0 = first frame, 1 = last), eased: the view
        is 1/zoom of the picture each way, its corner at x, y of the margin left over."""
        eased = smoothstep(min(1.0, max(0.0, progress)))
        return (
            self.zoom_start + (self.zoom_end - self.zoom_start) * eased,
            self.x_start + (self.x_end - self.x_start) * eased,
            self.y_start + (self.y_end - self.y_start) * eased,
        )


def smoothstep(p: float) -> float:
    """Eased progress: 0 at 0, 1 at 1, starting and ending at rest."""
    return p * p * (3 - 2 * p)


def ken_burns_for(seed: int, size: ShotSize) -> KenBurns:
    """Deterministic motion for a shot: zoom in or out, drifting across the frame."""
    rng = random.Random(seed)
    amount = _ZOOM_RANGE[size]
    zoom_in = rng.random() < 0.6
    start, end = (1.0, 1.0 + amount) if zoom_in else (1.0 + amount, 1.0)
    x_start, x_end = rng.choice(((0.2, 0.8), (0.8, 0.2), (0.5, 0.5), (0.3, 0.6)))
    y_start, y_end = rng.choice(((0.5, 0.5), (0.3, 0.5), (0.6, 0.4)))
    return KenBurns(start, end, x_start, x_end, y_start, y_end)
