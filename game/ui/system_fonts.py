"""The machine's own fonts, for characters that no font the game ships has (Thai, Devanagari, a
rare kanji outside JIS X 0208): the first regular face, in path order, whose character map has
the character. Text that the shipped fonts cover never comes here, so it draws the same on every
machine. Private-use and unassigned characters are never looked up (a system font's glyphs
there are its own icons, not the character)."""

from __future__ import annotations

import logging
import unicodedata
from functools import cache

import pygame

from game.ui.glyph_cover import FontFileError, covered

log = logging.getLogger(__name__)

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
MAX_FONT_FILES = 2000
"""At most this many of the machine's font files are looked at (a bound on the first search)."""


@cache
def font_files() -> tuple[str, ...]:
    """The machine's font files that pygame knows (each family's regular face where it has
    one), sorted by path; empty when it knows none."""
    try:
        paths = {pygame.font.match_font(name) for name in pygame.font.get_fonts()}
    except Exception as error:  # a font list that cannot be read must not stop the game
        log.warning("the system's fonts cannot be listed: %s", error)
        return ()
    files = sorted(p for p in paths if p and p.lower().endswith(FONT_SUFFIXES))
    return tuple(files[:MAX_FONT_FILES])


@cache
def _cover(path: str) -> frozenset[int]:
    try:
        return covered(path)
    except FontFileError as error:
        log.info("system font skipped: %s", error)
        return frozenset()


def looked_up(ch: str) -> bool:
    """Whether a character is one the machine's fonts may draw: assigned, not private-use and
    not a control or surrogate."""
    return unicodedata.category(ch) not in ("Co", "Cn", "Cc", "Cs")


@cache
def font_having(code: int) -> str | None:
    """The path of the first of the machine's fonts (`font_files`) with a glyph for the code
    point `code`, or None. The first call reads the fonts' character maps (once each)."""
    if not looked_up(chr(code)):
        return None
    for path in font_files():
        if code in _cover(path):
            return path
    return None
