"""Colours, fonts and cached text: the look of Drum Duet (matching blue jackets, warm stage)."""

from __future__ import annotations

import logging
import os
import unicodedata
from contextlib import AbstractContextManager, nullcontext
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import pygame

from game.core.judgement import Judgement
from game.core.lanes import Lane
from game.formats.names import readable_name
from game.ui.glyph_cover import FontFileError, covered
from game.ui.system_fonts import font_having
from game.ui.text_boxes import note_line

log = logging.getLogger(__name__)

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
CJK_FONT = "NotoSansCJKjp-Regular-subset.otf"
CJK_BOLD_FONT = "NotoSansCJKjp-Bold-subset.otf"
_EM = 0.72
"""Sizes are given on the old pygame-default scale; Lato's em is this much of it (same height)."""

BODY_FONTS = (BODY_FONT, CJK_FONT)
BOLD_FONTS = (BOLD_FONT, CJK_BOLD_FONT)
DISPLAY_FONTS = (DISPLAY_FONT, BOLD_FONT, CJK_BOLD_FONT)
"""Each style's fonts, first choice first: a character is drawn in the first that has it (Lato
or Comfortaa for Latin, Greek and Cyrillic; Noto Sans CJK for Hangul, kana and ideographs); one
that none has is drawn in the machine's own font that has it (`system_fonts`), else in the first,
as its missing-glyph box."""


def fonts_for(bold: bool = False, display: bool = False) -> tuple[str, ...]:
    """The file names (in assets/fonts) of a style's fonts, first choice first."""
    return DISPLAY_FONTS if display else BOLD_FONTS if bold else BODY_FONTS


@lru_cache(maxsize=48)
def font(size: int, bold: bool = False, display: bool = False) -> pygame.font.Font:
    """The game's first font (shipped in assets/fonts) for text about `size` pixels tall.

    Lato for words, bold for emphasis; Comfortaa for the title and big call-outs. Text drawn
    with `text()` falls back to the style's other fonts per character; this one alone does not.
    """
    return _face(fonts_for(bold, display)[0], _pixels(size))


def _pixels(size: int) -> int:
    """The em in pixels of the first font for text about `size` pixels tall."""
    return max(6, round(size * _EM))


def font_path(name: str) -> AbstractContextManager[Path]:
    """The shipped font file `name` (in assets/fonts), or a system font's absolute path, as a
    path for a `with` block."""
    if os.path.isabs(name):
        return nullcontext(Path(name))
    return resources.as_file(FONTS / name)


@lru_cache(maxsize=96)
def _face(name: str, em: int) -> pygame.font.Font:
    """The shipped font `name` at an em of `em` pixels (forgotten when pygame quits)."""
    global _quit_hooked
    if not _quit_hooked:  # pygame runs a quit function once, so it is hooked again each time
        pygame.register_quit(_forget_fonts)
        _quit_hooked = True
    with font_path(name) as path:
        return pygame.font.Font(str(path), em)


_quit_hooked = False


@cache
def _cover(name: str) -> frozenset[int]:
    """The code points the shipped font `name` has glyphs for; none, with the reason logged,
    when its file is missing or cannot be read (its characters then draw as boxes)."""
    try:
        with font_path(name) as path:
            return covered(path)
    except (OSError, FontFileError) as error:
        log.error("font %s cannot be used: %s", name, error)
        return frozenset()


_CAP_PROBE = 200
"""The em (pixels) at which cap heights are measured to match fonts to each other."""


@cache
def _cap_ratio(first: str, other: str) -> float:
    """How much larger `other`'s em must be than `first`'s for their capitals to stand as tall
    (so a fallback font's letters sit at the visual size of the first font's)."""
    ours = _face(first, _CAP_PROBE).metrics("H")[0]
    theirs = _face(other, _CAP_PROBE).metrics("H")[0]
    if not ours or not theirs or theirs[3] <= 0:
        return 1.0
    return ours[3] / theirs[3]


def runs(message: str, names: tuple[str, ...]) -> list[tuple[int, str]]:
    """`message` cut into runs of (index in `names`, characters), each character in the first
    font that has it. Spaces, punctuation and marks that the running font has stay in its run,
    so "골든 골든!" is one run. A character no font has goes to the first font (its box)."""
    picks = _picks(names)
    out: list[tuple[int, str]] = []
    current = -1
    start = 0
    for i, ch in enumerate(message):
        pick = picks.get(ch)
        if pick is None:
            pick = picks[ch] = _pick(ch, names)
        if (
            pick != current
            and current >= 0
            and not ch.isalnum()
            and _has(named(names, current), ch)
        ):
            continue
        if pick != current:
            if current >= 0:
                out.append((current, message[start:i]))
            current, start = pick, i
    if current >= 0:
        out.append((current, message[start:]))
    return out


@lru_cache(maxsize=8)
def _picks(names: tuple[str, ...]) -> dict[str, int]:
    """The font chosen for each character seen so far, for one list of fonts (filled as used)."""
    return {}


def _has(name: str, ch: str) -> bool:
    return ord(ch) in _cover(name)


@lru_cache(maxsize=8)
def _system_extras(names: tuple[str, ...]) -> list[str]:
    """The system fonts (paths) a style has borrowed for characters none of `names` has, in the
    order found: font index len(names) + k is the k-th."""
    return []


def named(names: tuple[str, ...], index: int) -> str:
    """The font a run's `index` (from `runs`) stands for: one of `names`, or a system font."""
    if index < len(names):
        return names[index]
    return _system_extras(names)[index - len(names)]


def _pick(ch: str, names: tuple[str, ...]) -> int:
    code = ord(ch)
    for i, name in enumerate(names):
        if code in _cover(name):
            return i
    path = font_having(code)  # none of ours has it: the machine's own fonts, if one does
    if path is None:
        return 0
    extras = _system_extras(names)
    if path not in extras:
        extras.append(path)
    return len(names) + extras.index(path)


def text(
    message: str,
    size: int,
    colour: tuple[int, int, int],
    bold: bool = False,
    display: bool = False,
) -> pygame.Surface:
    """A rendered line of text, cached: the same words in the same style are drawn once. Each
    character is drawn in the first of the style's fonts that has it, at the first font's visual
    size, on one baseline. Bytes of a file name that are not UTF-8 (surrogate escapes) are drawn
    as Windows-1252 reads them; decomposed Hangul and accents (macOS file names) are composed."""
    message = _readable(message)
    try:
        line = _text(message, size, colour, bold, display)
    except pygame.error:  # pygame was quit and started again: its fonts are gone
        _forget_fonts()
        line = _text(message, size, colour, bold, display)
    note_line(line, (message, size, colour, bold, display))
    return line


def text_width(message: str, size: int, bold: bool = False, display: bool = False) -> int:
    """The width in pixels of `message` as `text()` draws it, without drawing it (cached:
    menus measure the same lines every frame)."""
    message = _readable(message)
    try:
        return _width(message, size, bold, display)
    except pygame.error:  # pygame was quit and started again: its fonts are gone
        _forget_fonts()
        return _width(message, size, bold, display)


def _readable(message: str) -> str:
    message = readable_name(message)
    if message.isascii():
        return message
    return unicodedata.normalize("NFC", message)


def _forget_fonts() -> None:
    """Drop every open font and drawn line (pygame quit, or its fonts were found dead)."""
    global _quit_hooked
    _quit_hooked = False
    font.cache_clear()
    _face.cache_clear()
    _cap_ratio.cache_clear()
    _text.cache_clear()
    _width.cache_clear()


def faces(
    message: str, size: int, bold: bool = False, display: bool = False
) -> list[tuple[pygame.font.Font, str]]:
    """The runs `text()` draws `message` in (a readable, composed message): each run's font,
    at its size, and its characters, left to right."""
    names = fonts_for(bold, display)
    em = _pixels(size)
    if message.isascii():
        return [(_face(names[0], em), message)]
    out = []
    for index, chars in runs(message, names):
        name = named(names, index)
        scale = 1.0 if index == 0 else _cap_ratio(names[0], name)
        out.append((_face(name, max(6, round(em * scale))), chars))
    return out


@lru_cache(maxsize=4096)
def _width(message: str, size: int, bold: bool, display: bool) -> int:
    return sum(face.size(chars)[0] for face, chars in faces(message, size, bold, display))


@lru_cache(maxsize=512)
def _text(
    message: str, size: int, colour: tuple[int, int, int], bold: bool, display: bool
) -> pygame.Surface:
    pieces = faces(message, size, bold, display)
    first = font(size, bold, display)
    if len(pieces) == 1 and pieces[0][0] is first:
        return _render(first, message, colour)
    # SDL_ttf puts a line's baseline at its font's ascent, or lower when a glyph stands taller
    # (Å); the runs are lined up on one baseline, as low as the tallest glyph needs and no
    # higher than the first font's, with room below for the deepest descender.
    top = first.get_ascent()
    below = first.get_linesize() - top
    drawn = []
    for face, chars in pieces:
        inks = [m for m in face.metrics(chars) if m]
        tallest = max((m[3] for m in inks), default=0)
        top = max(top, tallest)
        below = max(below, -min((m[2] for m in inks), default=0))
        drawn.append((_render(face, chars, colour), max(face.get_ascent(), tallest)))
    line = pygame.Surface((sum(s.get_width() for s, _ in drawn), top + below), pygame.SRCALPHA)
    x = 0
    for surface, baseline in drawn:
        line.blit(surface, (x, top - baseline))
        x += surface.get_width()
    return line


def _render(face: pygame.font.Font, chars: str, colour: tuple[int, int, int]) -> pygame.Surface:
    """`chars` drawn in `face`; characters with no width (a soft hyphen, a zero-width space)
    draw as an empty line, where pygame would raise "Text has zero width"."""
    try:
        return face.render(chars, True, colour)
    except pygame.error:
        if chars and face.size(chars)[0] == 0:
            return face.render("", True, colour)
        raise


def lighter(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """`colour` moved `amount` (0-1) towards white."""
    return tuple(round(c + (255 - c) * amount) for c in colour)  # type: ignore[return-value]


def darker(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """`colour` moved `amount` (0-1) towards black."""
    return tuple(round(c * (1 - amount)) for c in colour)  # type: ignore[return-value]
