"""The character maps read from the shipped font files agree with what pygame draws."""

from __future__ import annotations

import unicodedata

import pygame
import pytest

from game.ui import theme
from game.ui.glyph_cover import FontFileError, covered

BOX = "\ue000"


@pytest.fixture
def fonts():
    """pygame's font module, started for the test."""
    pygame.font.init()
    yield
    pygame.font.quit()


def drawn_as_glyph(face: pygame.font.Font, ch: str, box: bytes) -> bool:
    """Whether `face` draws `ch` as something other than its missing-glyph box."""
    if face.size(ch)[0] == 0:
        return True  # a zero-width glyph (pygame refuses to draw it): not the box
    surface = face.render(ch, True, (255, 255, 255))
    return pygame.image.tobytes(surface, "RGBA") != box


@pytest.mark.parametrize(
    "name, first, last",
    [
        (theme.BODY_FONT, 0x20, 0x2FFF),
        (theme.DISPLAY_FONT, 0x20, 0x2FFF),
        (theme.CJK_FONT, 0x20, 0x33FF),
    ],
)
def test_the_map_agrees_with_what_pygame_draws(fonts, name, first, last):
    """A character in the map draws as a glyph; a letter, digit, symbol or punctuation mark
    not in it draws as the box. (pygame shapes with HarfBuzz, which draws a character the font
    lacks from its decomposition, Ǎ as A and ˇ, and spaces and invisible marks without a
    glyph: those are left out of the second half.)"""
    with theme.font_path(name) as path:
        have = covered(path)
        face = pygame.font.Font(str(path), 16)
    box = pygame.image.tobytes(face.render(BOX, True, (255, 255, 255)), "RGBA")
    boxes_in_map, glyphs_not_in_map = [], []
    for c in range(first, last + 1):
        ch = chr(c)
        kind = unicodedata.category(ch)
        if kind[0] == "C":
            continue
        glyph = drawn_as_glyph(face, ch, box)
        if c in have and not glyph:
            boxes_in_map.append(hex(c))
        lone = kind[0] in "LNSP" and not unicodedata.decomposition(ch)
        if c not in have and glyph and lone:
            glyphs_not_in_map.append(hex(c))
    assert not boxes_in_map
    assert not glyphs_not_in_map
    assert len(have) > 800


def test_lato_covers_latin_greek_and_cyrillic_and_not_hangul():
    with theme.font_path(theme.BODY_FONT) as path:
        have = covered(path)
    assert {ord(c) for c in "AzÉŁЖжΩω"} <= have
    assert not {ord(c) for c in "골ゴ黄"} & have


def test_a_file_that_is_not_a_font_is_an_error_naming_it(tmp_path):
    bad = tmp_path / "notes.ttf"
    bad.write_text("not a font at all, just words")
    with pytest.raises(FontFileError, match=r"notes\.ttf: it is not a TrueType or OpenType font"):
        covered(bad)


def test_a_cut_off_font_is_an_error_naming_it(tmp_path):
    with theme.font_path(theme.BODY_FONT) as path:
        head = path.read_bytes()[:300]
    cut = tmp_path / "cut.ttf"
    cut.write_bytes(head)
    with pytest.raises(FontFileError, match=r"cut\.ttf: cannot read"):
        covered(cut)


def test_a_single_font_asked_for_its_second_face_is_an_error(tmp_path):
    with theme.font_path(theme.BODY_FONT) as path, pytest.raises(FontFileError, match="one font"):
        covered(path, 1)


def test_the_shipped_cjk_fonts_hold_only_what_the_subset_tool_keeps():
    """tools/cjk_fonts.py made the shipped fonts: they map next to nothing beyond its list (the
    subsetter keeps a character whose glyph a kept one shares: ≅ today), and its list holds the
    three national sets and every Hangul syllable."""
    from tools.cjk_fonts import NATIONAL_SETS, code_points, national_set

    kept = set(code_points())
    for name in (theme.CJK_FONT, theme.CJK_BOLD_FONT):
        with theme.font_path(name) as path:
            assert len(covered(path) - kept) <= 3, name
    for codec in NATIONAL_SETS:
        assert national_set(codec) <= kept, codec
    assert set(range(0xAC00, 0xD7A4)) <= kept
