"""Colours, fonts and cached text: the look of Drum Duet (matching blue jackets, warm stage)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pygame

from game.core.judgement import Judgement
from game.core.lanes import Lane
from game.formats.names import readable_name

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


FONTS = resources.files("game.assets") / "fonts"
BODY_FONT = "Lato-Regular.ttf"
BOLD_FONT = "Lato-Bold.ttf"
DISPLAY_FONT = "Comfortaa-Bold.ttf"
_EM = 0.72
"""Sizes are given on the old pygame-default scale; Lato's em is this much of it (same height)."""


@lru_cache(maxsize=48)
def font(size: int, bold: bool = False, display: bool = False) -> pygame.font.Font:
    """The game's font (shipped in assets/fonts) for text about `size` pixels tall.

    Lato for words, bold for emphasis; Comfortaa for the title and big call-outs.
    """
    name = DISPLAY_FONT if display else BOLD_FONT if bold else BODY_FONT
    with resources.as_file(FONTS / name) as path:
        return pygame.font.Font(str(path), max(6, round(size * _EM)))


def text(
    message: str,
    size: int,
    colour: tuple[int, int, int],
    bold: bool = False,
    display: bool = False,
) -> pygame.Surface:
    """A rendered line of text, cached: the same words in the same style are drawn once. Bytes
    of a file name that are not UTF-8 (surrogate escapes) are drawn as Windows-1252 reads them."""
    message = readable_name(message)
    try:
        return _text(message, size, colour, bold, display)
    except pygame.error:  # pygame was quit and started again: its fonts are gone
        font.cache_clear()
        _text.cache_clear()
        return _text(message, size, colour, bold, display)


@lru_cache(maxsize=512)
def _text(
    message: str, size: int, colour: tuple[int, int, int], bold: bool, display: bool
) -> pygame.Surface:
    return font(size, bold, display).render(message, True, colour)


def lighter(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """`colour` moved `amount` (0-1) towards white."""
    return tuple(round(c + (255 - c) * amount) for c in colour)  # type: ignore[return-value]


def darker(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """`colour` moved `amount` (0-1) towards black."""
    return tuple(round(c * (1 - amount)) for c in colour)  # type: ignore[return-value]
