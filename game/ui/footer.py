"""Footers: the key help at the bottom of a menu, each line wrapped to the window's width (a
longer help, or one in another language, takes more lines instead of running off the edge),
stacked up from the bottom edge, centred."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.ui import theme
from game.ui.text_fit import fit_lines

MAX_LINES = 3
"""The most lines one help line may wrap to (the last is shortened with "…")."""


Help = tuple[str, int] | tuple[str, int, int]
"""A line of help: its words, text size and (optionally) the most lines it may wrap to."""


def footer_layout(
    size: tuple[int, int], helps: Sequence[Help], margin: int = 16, gap: int = 4
) -> list[tuple[str, int, pygame.Rect]]:
    """Where the footer's lines go on a surface of `size` pixels: `helps` are (words, text size
    [, most lines]) from top to bottom; each is wrapped to the width less `margin` each side.
    Returns each line's words, size and box (pixels), top to bottom, the last `margin` above
    the bottom."""
    w, h = size
    width = max(1, w - 2 * margin)
    placed: list[tuple[str, int, pygame.Rect]] = []
    bottom = h - margin // 2
    for words, text_size, *most in reversed(helps):
        lines = fit_lines(words, text_size, width, most[0] if most else MAX_LINES)
        line_h = theme.text("Ag", text_size, theme.DIM).get_height()
        for line in reversed(lines):
            line_w = theme.text_width(line, text_size)
            box = pygame.Rect(w // 2 - line_w // 2, bottom - line_h, line_w, line_h)
            placed.append((line, text_size, box))
            bottom = box.top
        bottom -= gap
    return placed[::-1]


def footer_top(size: tuple[int, int], helps: Sequence[Help], margin: int = 16) -> int:
    """The top (pixels) of the footer `footer_layout` lays out: the screen's room ends here."""
    placed = footer_layout(size, helps, margin)
    return min((box.top for *_, box in placed), default=size[1]) - margin // 2


def draw_footer(
    surface: pygame.Surface,
    helps: Sequence[Help],
    colour: tuple[int, int, int] = theme.DIM,
    margin: int = 16,
) -> int:
    """Draw the footer of `helps` (see `footer_layout`); returns its top (pixels)."""
    placed = footer_layout(surface.get_size(), helps, margin)
    for line, text_size, box in placed:
        surface.blit(theme.text(line, text_size, colour), box.topleft)
    return min((box.top for *_, box in placed), default=surface.get_height()) - margin // 2
