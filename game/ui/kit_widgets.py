"""Small drawing parts of the Drum kits screen (and of the others): the scale of its layout,
fitting and wrapping text, selected bands, arrows and the warning mark."""

from __future__ import annotations

from functools import lru_cache

import pygame

from game.ui import theme
from game.ui.canvas import LAYOUT_HEIGHT, LAYOUT_WIDTH


class Scale:
    """Turns a length laid out for 1280×720 into pixels of the surface."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.k = max(0.5, min(size[0] / LAYOUT_WIDTH, size[1] / LAYOUT_HEIGHT))

    def __call__(self, length: float) -> int:
        """`length` (pixels at 1280×720) in pixels of the surface, at least 1."""
        return max(1, round(length * self.k))


def text_width(words: str, size: int, bold: bool = False) -> int:
    """The width in pixels of `words` in the game's fonts of `size` (as `theme.text` draws it)."""
    return theme.text_width(words, size, bold)


def wrap(words: str, size: int, width: int, bold: bool = False) -> list[str]:
    """`words` broken into lines no wider than `width` pixels in the font of `size`; a word
    wider than a line (a long file path) is broken after a "/" where it can, else at the edge."""
    lines: list[str] = []
    for whole in words.split():
        for word in _pieces(whole, size, width, bold):
            if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
    return lines


def _pieces(word: str, size: int, width: int, bold: bool) -> list[str]:
    """`word` cut into pieces no wider than `width` pixels (each at least one character), after
    the last path separator that fits where there is one."""
    pieces: list[str] = []
    while len(word) > 1 and text_width(word, size, bold) > width:
        lo, hi = 1, len(word) - 1  # the longest head that fits: at least one character
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if text_width(word[:mid], size, bold) <= width:
                lo = mid
            else:
                hi = mid - 1
        slash = max(word.rfind("/", 0, lo), word.rfind("\\", 0, lo)) + 1
        cut = slash if slash > 1 else lo
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


@lru_cache(maxsize=2048)
def fit(words: str, size: int, width: int, bold: bool = False) -> str:
    """`words` cut with "…" to fit `width` pixels in the font of `size` (cached: song lists
    fit the same titles every frame)."""
    if text_width(words, size, bold) <= width:
        return words
    lo, hi = 0, len(words)  # the longest head that fits with its "…": a binary search
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(words[:mid] + "…", size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return words[:lo].rstrip() + "…"


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
