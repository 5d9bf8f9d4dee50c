"""Menus are laid out for a screen between 960×540 and 1280 pixels wide; a bigger window gets
them laid out on a canvas of that width (the window's shape), a smaller one on a canvas of at
least 960×540, so the layout never has to fit a window smaller than 960×540 and text keeps its
proportions.

The canvas is scaled to the window (the scaled picture is kept: a frame scales again only what
changed on the canvas, `canvas_scale`), but its text is not: each line blitted onto it is kept and
drawn again at the window's scale (rendered at the target size, so it stays sharp at 4K); only
shapes and pictures are scaled. A dialog (`text_boxes.dialog`) settles the text under it onto
the canvas first, so the dialog's shade dims it.

The play screen, settings and the kit screen do not use this: they lay themselves out at the
window's own size.
"""

from __future__ import annotations

from functools import lru_cache

import pygame

from game.ui import text_boxes, theme
from game.ui.canvas_scale import ScaledCanvas

LAYOUT_WIDTH = 1280
"""The width (pixels) menus are laid out for."""
LAYOUT_HEIGHT = 720
"""The height (pixels) of the layout `kit_widgets.Scale` scales from (with `LAYOUT_WIDTH`)."""
SMALLEST_LAYOUT = (960, 540)
"""The smallest surface (pixels) a menu is laid out on; a smaller window shows it scaled down."""
KEPT = ScaledCanvas()
"""The menus' canvas as last scaled to the window, kept for the next frame: one for every menu
(one is drawn at a time; another's canvas is simply found changed), so its memory is taken
once - about 17 MB at 1920x1080, 48 MB at 3840x2160."""


def layout_size(window: tuple[int, int]) -> tuple[int, int]:
    """The size (pixels) of the surface a menu is laid out on for a window of `window` pixels:
    the window's shape, no wider than `LAYOUT_WIDTH` unless that would make it lower than
    `SMALLEST_LAYOUT`, and never narrower or lower than `SMALLEST_LAYOUT`."""
    w, h = max(1, window[0]), max(1, window[1])
    k = max(min(1.0, LAYOUT_WIDTH / w), SMALLEST_LAYOUT[0] / w, SMALLEST_LAYOUT[1] / h)
    if k == 1.0:
        return w, h
    return max(SMALLEST_LAYOUT[0], round(w * k)), max(SMALLEST_LAYOUT[1], round(h * k))


class SharpCanvas(pygame.Surface):
    """A canvas of `size` pixels that keeps the lines of text blitted onto it (where, in what
    style) instead of drawing them, to draw them at the window's size in `Canvas.present`."""

    def __init__(self, size: tuple[int, int]) -> None:
        super().__init__(size)
        text_boxes.hold(1)
        self.lines: list[tuple[text_boxes.Style, pygame.Rect]] = []
        """Each line kept this frame: its style and its box (canvas pixels)."""

    def __del__(self) -> None:
        text_boxes.hold(-1)

    def blit(self, source, dest, area=None, special_flags=0):  # type: ignore[override]
        """Keep a whole line of text (drawn later at the window's size); blit anything else."""
        style = text_boxes.style_of(source)
        if style is None or area is not None or special_flags or self.get_clip() != self.get_rect():
            return super().blit(source, dest, area, special_flags)
        x, y = (dest.left, dest.top) if isinstance(dest, pygame.Rect) else dest[:2]
        box = pygame.Rect(round(x), round(y), *source.get_size())
        self.lines.append((style, box))
        return box.clip(self.get_rect())

    def settle_text(self) -> None:
        """Draw the lines kept so far onto the canvas itself (a dialog goes over them)."""
        for (words, size, colour, bold, display), box in self.lines:
            super().blit(theme.text(words, size, colour, bold, display), box)
        self.lines.clear()


class Canvas:
    """Where a menu draws: the window itself when its size suits, else a cached canvas."""

    def __init__(self) -> None:
        self._canvas: pygame.Surface | None = None
        self.size = (LAYOUT_WIDTH, LAYOUT_HEIGHT)
        """The size (pixels) of the surface the menu was last laid out on."""
        self._window_width = LAYOUT_WIDTH
        self._scaled = KEPT

    def surface_for(self, window: pygame.Surface) -> pygame.Surface:
        """The surface to draw this frame's menu on."""
        w, h = window.get_size()
        self._window_width = w
        self.size = layout_size((w, h))
        if self.size == (w, h):
            return window
        if self._canvas is None or self._canvas.get_size() != self.size:
            sibling = getattr(window, "sibling", None)  # a recording surface records on
            self._canvas = sibling(self.size) if sibling else SharpCanvas(self.size)
        if isinstance(self._canvas, SharpCanvas):
            self._canvas.lines.clear()
        return self._canvas

    def to_layout(self, pos: tuple[int, int]) -> tuple[float, float]:
        """A point of the window (a mouse position, pixels) on the surface last laid out."""
        k = self.size[0] / max(1, self._window_width)
        return pos[0] * k, pos[1] * k

    def present(self, window: pygame.Surface, drawn: pygame.Surface) -> None:
        """Put `drawn` (from `surface_for`) on the window, scaled to fit, and its kept lines of
        text drawn at the window's scale."""
        if drawn is window:
            return
        self._scaled.draw(drawn, window)
        if not isinstance(drawn, SharpCanvas):
            return
        kx = window.get_width() / drawn.get_width()
        ky = window.get_height() / drawn.get_height()
        for (words, size, colour, bold, display), box in drawn.lines:
            target = round(box.width * kx)
            scaled = max(1, round(size * ky))
            scaled = _nearest_size(words, scaled, target, bold, display)  # hinting: % off
            line = theme.text(words, scaled, colour, bold, display)
            centre = (box.centerx * kx, box.centery * ky)  # centred on its place
            window.blit(line, line.get_rect(center=(round(centre[0]), round(centre[1]))))
        drawn.lines.clear()


@lru_cache(maxsize=4096)
def _nearest_size(words: str, size: int, width: int, bold: bool, display: bool) -> int:
    """`size`, or when hinting makes `words` at it more than a pixel off `width` pixels, the
    size near it (3 smaller to 1 bigger) nearest that width: measured, not drawn, so only the
    one chosen is drawn (and remembered: a menu draws the same lines every frame). Only the
    sizes around the one the width ratio points to are measured (three, not five)."""
    natural = theme.text_width(words, size, bold, display)
    if abs(natural - width) <= 1:
        return size
    # A line's width grows about in step with its size: measure only around that guess.
    lowest = max(1, size - 3)
    guess = min(max(round(size * width / max(1, natural)), lowest), size + 1)
    sizes = [k for k in (guess - 1, guess, guess + 1) if lowest <= k <= size + 1]
    return min(sizes, key=lambda k: abs(theme.text_width(words, k, bold, display) - width))
