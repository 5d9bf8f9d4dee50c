"""Where a note stands on a perspective highway: a pure projection (no pygame), testable alone.

The highway is a flat board seen by a camera behind and above the strike line, as in Clone Hero,
YARG or Rock Band. A note `ahead_s` seconds before its time is at depth `z = ahead_s /
note_speed_s` along the board (0 at the strike line, 1 at the far end), moving at a constant
speed on the board. A pinhole camera tilted over the board sees depth `z` at

    scale(z) = 1 / (1 + k z)                 (size of a thing at z, 1 at the strike line)
    rise(z)  = z (1 + k) / (1 + k z)         (fraction of the way up from strike line to far end)

where `k` grows with the camera's tilt: 0 is a flat 2D board, more recedes faster. Both
functions take a float or a numpy array (beat lines are projected all at once).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

Depth = TypeVar("Depth", float, np.ndarray)

TILT_DEG = (0.0, 70.0)
"""The camera tilts offered, degrees (0: a flat board seen from straight above)."""
LENGTH = (0.5, 1.0)
"""The board's lengths offered: the fraction of the highway's height it reaches up."""
WIDTH = (0.5, 1.0)
"""The strike line's widths offered: the fraction of the highway's width it spans."""
NEAREST_Z = -0.3
"""The nearest depth drawn (a note just past the strike line, on its way out), unless the
camera's tilt puts that behind the camera (see `Projection.nearest_z`)."""


@dataclass(frozen=True)
class Camera:
    """How one player sees their highway: `tilt_deg` (degrees, see `TILT_DEG`), `length` and
    `width` (fractions, see `LENGTH`, `WIDTH`), `lefty` flip, and `note_speed_s` (seconds a
    note takes from the far end to the strike line; None: the play's note speed)."""

    tilt_deg: float = 40.0
    length: float = 1.0
    width: float = 0.86
    lefty: bool = False
    note_speed_s: float | None = None

    @property
    def recede(self) -> float:
        """The projection's `k`: 2 tan(tilt); 0 for a flat board."""
        tilt = min(max(self.tilt_deg, TILT_DEG[0]), TILT_DEG[1])
        return 2.0 * math.tan(math.radians(tilt))


@dataclass(frozen=True)
class Projection:
    """A camera's view of a board whose strike line is at `strike_y` (pixels), `strike_w`
    wide around `centre_x`, and whose far end is at `far_y` (above: smaller y)."""

    centre_x: float
    strike_y: float
    far_y: float
    strike_w: float
    recede: float
    note_speed_s: float

    def depth(self, ahead_s: Depth) -> Depth:
        """Depth (0 at the strike line, 1 at the far end) of a note `ahead_s` seconds away."""
        return ahead_s / self.note_speed_s

    def scale(self, z: Depth) -> Depth:
        """How large a thing at depth `z` is drawn beside one at the strike line (1 there)."""
        return 1.0 / (1.0 + self.recede * z)

    def rise(self, z: Depth) -> Depth:
        """The fraction of the way from the strike line (0) up to the far end (1) of depth z."""
        return z * (1.0 + self.recede) / (1.0 + self.recede * z)

    def y(self, z: Depth) -> Depth:
        """Screen y (pixels) of depth `z`."""
        return self.strike_y - (self.strike_y - self.far_y) * self.rise(z)

    def half_width(self, z: Depth) -> Depth:
        """Half the board's width (pixels) at depth `z`."""
        return self.strike_w * 0.5 * self.scale(z)

    def x(self, across: float, z: Depth) -> Depth:
        """Screen x (pixels) of a point `across` the board (0 its left edge, 1 its right) at
        depth `z`: lanes converge to the vanishing point above the board's centre."""
        return self.centre_x + (across - 0.5) * self.strike_w * self.scale(z)

    def depth_of_y(self, y: float) -> float:
        """The depth drawn at screen `y` (pixels): the inverse of `y`."""
        r = (self.strike_y - y) / (self.strike_y - self.far_y)
        return r / (1.0 + self.recede - self.recede * r)

    @property
    def nearest_z(self) -> float:
        """The nearest depth drawn: `NEAREST_Z`, or nearer the strike line where a steep
        camera would see things there at more than twice their size at the strike line."""
        if self.recede <= 0:
            return NEAREST_Z
        return max(NEAREST_Z, -0.5 / self.recede)

    @property
    def vanishing_y(self) -> float:
        """Screen y where the board's edges would meet (infinitely far); below it when flat."""
        if self.recede <= 0:
            return -math.inf
        return self.strike_y - (self.strike_y - self.far_y) * (1.0 + self.recede) / self.recede
