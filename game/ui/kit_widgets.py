"""Small drawing parts of the Drum kits screen (and of the others): the scale of its layout,
fitting and wrapping text, selected bands, arrows and the warning mark."""

from __future__ import annotations

import pygame

from game.ui import theme
from game.ui.canvas import LAYOUT_HEIGHT, LAYOUT_WIDTH
from game.ui.text_fit import fit, text_width, wrap

__all__ = ["Scale", "arrow", "arrows", "band", "fit", "text_width", "warning_mark", "wrap"]


class Scale:
    """Turns a length laid out for 1280×720 into pixels of the surface."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.k = max(0.5, min(size[0] / LAYOUT_WIDTH, size[1] / LAYOUT_HEIGHT))

    def __call__(self, length: float) -> int:
        """`length` (pixels at 1280×720) in pixels of the surface, at least 1."""
        return max(1, round(length * self.k))


def band(surface: pygame.Surface, rect: pygame.Rect, chosen: bool, px: Scale) -> None:
    """A row's background: blue with a gold stripe when `chosen`, else the panel colour."""
    pygame.draw.rect(
        surface, theme.JACKET_BLUE if chosen else theme.PANEL, rect, border_radius=px(10)
    )
    if chosen:
        stripe = pygame.Rect(rect.left, rect.top + px(8), px(5), rect.height - px(16))
        pygame.draw.rect(surface, theme.GOLD, stripe, border_radius=px(3))


def arrows(surface: pygame.Surface, row: pygame.Rect, px: Scale) -> None:
    """The gold Left/Right arrows at the right end of a chosen `row`."""
    arrow(surface, (row.right - px(60), row.centery), -1, theme.GOLD, px)
    arrow(surface, (row.right - px(24), row.centery), 1, theme.GOLD, px)


def arrow(
    surface: pygame.Surface,
    tip: tuple[int, int],
    direction: int,
    colour: tuple[int, int, int],
    px: Scale,
) -> None:
    """A small triangle pointing left (-1) or right (+1), its base at `tip`."""
    x, y = tip
    s = px(8)
    pygame.draw.polygon(surface, colour, [(x + direction * s, y), (x, y - s), (x, y + s)])


def warning_mark(surface: pygame.Surface, centre: tuple[int, int], px: Scale) -> None:
    """A small "!" in a warning-coloured circle at `centre`."""
    pygame.draw.circle(surface, theme.WARN, centre, px(9))
    bang = theme.text("!", px(20), theme.PANEL, True)
    surface.blit(bang, (centre[0] - bang.get_width() // 2, centre[1] - bang.get_height() // 2))
