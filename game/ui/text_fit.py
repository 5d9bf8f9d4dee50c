"""Fitting text into a width: lines wrapped at spaces (and between any two Han, kana or Hangul
characters, which need no space to break), or one line shortened with "…". Widths are pixels as
`theme.text` draws the words (with its per-character font fallback)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from game.ui import theme

_NO_BREAK_BEFORE = set("、。，．・：；？！゛゜ー々〉》」』】〕）］｝〟’”…‥,.:;!?)]}%")
"""Characters a line never starts with (Japanese kinsoku, and Latin closing punctuation)."""


def text_width(words: str, size: int, bold: bool = False, display: bool = False) -> int:
    """The width in pixels of `words` in the game's fonts of `size` (as `theme.text` draws it)."""
    return theme.text_width(words, size, bold, display)


def breaks_anywhere(ch: str) -> bool:
    """True for a character a line may break before or after without a space: Han ideographs,
    kana and Hangul (CJK text has no spaces between words)."""
    code = ord(ch)
    return (
        0x1100 <= code <= 0x11FF  # Hangul jamo
        or 0x2E80 <= code <= 0x9FFF  # CJK radicals, punctuation, kana, ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x3FFFF
        or unicodedata.east_asian_width(ch) == "W"
    )


def _segments(word: str) -> list[str]:
    """`word` (no spaces) cut where a line may break: around each CJK character, keeping a
    closing mark with the character before it."""
    out: list[str] = []
    for ch in word:
        joins = out and (
            ch in _NO_BREAK_BEFORE or not (breaks_anywhere(ch) or breaks_anywhere(out[-1][-1]))
        )
        if joins:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def wrap(words: str, size: int, width: int, bold: bool = False, display: bool = False) -> list[str]:
    """`words` broken into lines no wider than `width` pixels in the font of `size`: at spaces,
    and between CJK characters; a word wider than a line (a long file path) is broken after a
    "/" where it can, else at the edge. Cached: a footer wraps the same help every frame."""
    return list(_wrapped(words, size, width, bold, display))


@lru_cache(maxsize=512)
def _wrapped(words: str, size: int, width: int, bold: bool, display: bool) -> tuple[str, ...]:
    lines: list[str] = []
    for whole in words.split():
        for n, segment in enumerate(_segments(whole)):
            for k, piece in enumerate(_pieces(segment, size, width, bold, display)):
                joint = "" if n or k else " "
                wide = text_width(lines[-1] + joint + piece, size, bold, display) if lines else 0
                if lines and k == 0 and wide <= width:
                    lines[-1] = lines[-1] + joint + piece
                else:
                    lines.append(piece)
    return tuple(lines)


def _pieces(word: str, size: int, width: int, bold: bool, display: bool = False) -> list[str]:
    """`word` cut into pieces no wider than `width` pixels (each at least one character), after
    the last path separator that fits where there is one."""
    pieces: list[str] = []
    while len(word) > 1 and text_width(word, size, bold, display) > width:
        lo, hi = 1, len(word) - 1  # the longest head that fits: at least one character
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if text_width(word[:mid], size, bold, display) <= width:
                lo = mid
            else:
                hi = mid - 1
        slash = max(word.rfind("/", 0, lo), word.rfind("\\", 0, lo)) + 1
        cut = slash if slash > 1 else lo
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


@lru_cache(maxsize=2048)
def fit(words: str, size: int, width: int, bold: bool = False, display: bool = False) -> str:
    """`words` cut with "…" to fit `width` pixels in the font of `size` (cached: song lists
    fit the same titles every frame); "" when not even "…" fits."""
    if text_width(words, size, bold, display) <= width:
        return words
    lo, hi = 0, len(words)  # the longest head that fits with its "…": a binary search
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(words[:mid] + "…", size, bold, display) <= width:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0 and text_width("…", size, bold, display) > width:
        return ""
    return words[:lo].rstrip() + "…"


def fitting_size(
    words: str, size: int, width: int, smallest: int, bold: bool = False, display: bool = False
) -> int:
    """The largest text size from `size` down to `smallest` at which `words` fit `width`
    pixels (`smallest` when none does: `fit` then shortens them), for a heading that must be
    read whole, such as a question."""
    while size > smallest and text_width(words, size, bold, display) > width:
        size -= 1
    return size


def fit_lines(words: str, size: int, width: int, max_lines: int, bold: bool = False) -> list[str]:
    """`words` wrapped to `width` pixels in at most `max_lines` lines (at least one), the last
    shortened with "…" when the words go on."""
    if text_width(words, size, bold) <= width:
        return [words]  # as written (wrapping would close up double spaces)
    lines = wrap(words, size, width, bold)
    keep = max(1, max_lines)
    if len(lines) <= keep:
        return lines
    flat = " ".join(words.split())  # the lines are cut from this, in order
    at = 0
    for line in lines[: keep - 1]:
        at = flat.find(line, at) + len(line)
    return [*lines[: keep - 1], fit(flat[at:].strip(), size, width, bold)]
