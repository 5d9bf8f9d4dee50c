"""Menus are laid out for a 1280-pixel-wide screen; on a bigger window they are drawn on a canvas
of that width (the window's shape) and scaled up smoothly, so text keeps its proportions.

The play screen does not use this: it lays itself out at the window's own size.
"""

from __future__ import annotations

import pygame

LAYOUT_WIDTH = 1280
"""The width (pixels) menus are laid out for."""
LAYOUT_HEIGHT = 720
"""The height (pixels) of the layout `kit_widgets.Scale` scales from (with `LAYOUT_WIDTH`)."""


class Canvas:
    """Where a menu draws: the window itself when it is small enough, else a cached canvas."""

    def __init__(self) -> None:
        self._canvas: pygame.Surface | None = None
        self.size = (LAYOUT_WIDTH, LAYOUT_HEIGHT)
        """The size (pixels) of the surface the menu was last laid out on."""
        self._window_width = LAYOUT_WIDTH

    def surface_for(self, window: pygame.Surface) -> pygame.Surface:
        """The surface to draw this frame's menu on."""
        w, h = window.get_size()
        self._window_width = w
        if w <= LAYOUT_WIDTH:
            self.size = (w, h)
            return window
        self.size = (LAYOUT_WIDTH, max(1, round(h * LAYOUT_WIDTH / w)))
        if self._canvas is None or self._canvas.get_size() != self.size:
            self._canvas = pygame.Surface(self.size)
        return self._canvas

    def to_layout(self, pos: tuple[int, int]) -> tuple[float, float]:
        """A point of the window (a mouse position, pixels) on the surface last laid out."""
        k = self.size[0] / max(1, self._window_width)
        return pos[0] * k, pos[1] * k

    def present(self, window: pygame.Surface, drawn: pygame.Surface) -> None:
        """Put `drawn` (from `surface_for`) on the window, scaled to fit."""
        if drawn is not window:
            pygame.transform.smoothscale(drawn, window.get_size(), window)
