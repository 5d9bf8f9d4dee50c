"""Menus are laid out for a screen between 960×540 and 1280 pixels wide; a bigger window gets
them drawn on a canvas of that width (the window's shape) and scaled up smoothly, a smaller one
on a canvas of at least 960×540 scaled down, so that text keeps its proportions and the layout
never has to fit a window smaller than 960×540.

The play screen does not use this: it lays itself out at the window's own size.
"""

from __future__ import annotations

import pygame

LAYOUT_WIDTH = 1280
"""The width (pixels) menus are laid out for."""
LAYOUT_HEIGHT = 720
"""The height (pixels) of the layout `kit_widgets.Scale` scales from (with `LAYOUT_WIDTH`)."""
SMALLEST_LAYOUT = (960, 540)
"""The smallest surface (pixels) a menu is laid out on; a smaller window shows it scaled down."""


def layout_size(window: tuple[int, int]) -> tuple[int, int]:
    """The size (pixels) of the surface a menu is laid out on for a window of `window` pixels:
    the window's shape, no wider than `LAYOUT_WIDTH` unless that would make it lower than
    `SMALLEST_LAYOUT`, and never narrower or lower than `SMALLEST_LAYOUT`."""
    w, h = max(1, window[0]), max(1, window[1])
    k = max(min(1.0, LAYOUT_WIDTH / w), SMALLEST_LAYOUT[0] / w, SMALLEST_LAYOUT[1] / h)
    if k == 1.0:
        return w, h
    return max(SMALLEST_LAYOUT[0], round(w * k)), max(SMALLEST_LAYOUT[1], round(h * k))


class Canvas:
    """Where a menu draws: the window itself when its size suits, else a cached canvas."""

    def __init__(self) -> None:
        self._canvas: pygame.Surface | None = None
        self.size = (LAYOUT_WIDTH, LAYOUT_HEIGHT)
        """The size (pixels) of the surface the menu was last laid out on."""
        self._window_width = LAYOUT_WIDTH

    def surface_for(self, window: pygame.Surface) -> pygame.Surface:
        """The surface to draw this frame's menu on."""
        w, h = window.get_size()
        self._window_width = w
        self.size = layout_size((w, h))
        if self.size == (w, h):
            return window
        if self._canvas is None or self._canvas.get_size() != self.size:
            sibling = getattr(window, "sibling", None)  # a recording surface records on
            self._canvas = sibling(self.size) if sibling else pygame.Surface(self.size)
        return self._canvas

    def to_layout(self, pos: tuple[int, int]) -> tuple[float, float]:
        """A point of the window (a mouse position, pixels) on the surface last laid out."""
        k = self.size[0] / max(1, self._window_width)
        return pos[0] * k, pos[1] * k

    def present(self, window: pygame.Surface, drawn: pygame.Surface) -> None:
        """Put `drawn` (from `surface_for`) on the window, scaled to fit."""
        if drawn is not window:
            pygame.transform.smoothscale(drawn, window.get_size(), window)
