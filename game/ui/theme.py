"""Colours, fonts and cached text: the look of Drum Duet (matching blue jackets, warm stage)."""

from __future__ import annotations

from functools import lru_cache

import pygame

from game.core.judgement import Judgement
from game.core.lanes import Lane

BACKGROUND = (14, 22, 48)
PANEL = (24, 34, 70)
JACKET_BLUE = (40, 90, 200)
JACKET_DARK = (24, 52, 130)
TEXT = (235, 238, 245)
DIM = (150, 160, 185)
WARN = (240, 150, 120)
GOLD = (250, 205, 90)
HARMONY_GLOW = (255, 214, 120)

LANE_COLOURS = {
    Lane.KICK: (255, 150, 40),
    Lane.RED: (235, 60, 70),
    Lane.YELLOW: (245, 215, 60),
    Lane.BLUE: (60, 140, 245),
    Lane.GREEN: (70, 200, 110),
}
JUDGEMENT_COLOURS = {
    Judgement.PERFECT: (120, 230, 255),
    Judgement.GREAT: (130, 240, 140),
    Judgement.GOOD: (240, 220, 120),
    Judgement.MISS: (240, 90, 90),
    Judgement.OVERHIT: (200, 140, 140),
}


@lru_cache(maxsize=16)
def font(size: int, bold: bool = False) -> pygame.font.Font:
    """The game's font at `size` pixels (pygame's bundled default until fonts ship in assets/)."""
    f = pygame.font.Font(None, size)
    f.set_bold(bold)
    return f


def text(
    message: str, size: int, colour: tuple[int, int, int], bold: bool = False
) -> pygame.Surface:
    """A rendered line of text, cached: the same words in the same style are drawn once."""
    try:
        return _text(message, size, colour, bold)
    except pygame.error:  # pygame was quit and started again: its fonts are gone
        font.cache_clear()
        _text.cache_clear()
        return _text(message, size, colour, bold)


@lru_cache(maxsize=512)
def _text(message: str, size: int, colour: tuple[int, int, int], bold: bool) -> pygame.Surface:
    return font(size, bold).render(message, True, colour)


def lighter(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """`colour` moved `amount` (0-1) towards white."""
    return tuple(round(c + (255 - c) * amount) for c in colour)  # type: ignore[return-value]


def darker(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """`colour` moved `amount` (0-1) towards black."""
    return tuple(round(c * (1 - amount)) for c in colour)  # type: ignore[return-value]
