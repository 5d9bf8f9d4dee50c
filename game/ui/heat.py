"""The heat of a passage: its colour by how well it was played, for practice's heat map and the
results' strip over the error-over-time graph."""

from __future__ import annotations

import math

from game.ui import theme

UNPLAYED = (60, 70, 100)
"""A bar with no note played yet, on the heat map."""


def heat_colour(accuracy: float) -> tuple[int, int, int]:
    """A bar's colour by its accuracy (0-1): red under 70%, through gold, to green at 100%;
    `UNPLAYED` for NaN (no note played)."""
    if math.isnan(accuracy):
        return UNPLAYED
    low, mid, high = (220, 70, 60), theme.GOLD, (80, 200, 110)
    if accuracy < 0.7:
        return low
    if accuracy < 0.9:
        return _mix(low, mid, (accuracy - 0.7) / 0.2)
    return _mix(mid, high, (accuracy - 0.9) / 0.1)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    t = max(0.0, min(1.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )
