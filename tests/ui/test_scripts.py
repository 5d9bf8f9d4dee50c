"""Song titles and names in every script draw with real glyphs from the fonts the game ships.

Each character is drawn by `theme.text` as the game draws it, and its pixels are compared with
the missing-glyph box of the very font that drew it (a private-use character, U+E000, that no
shipped font has, drawn by that font at that size). The character sets come from Python's codecs:
KS X 1001 (euc_kr), JIS X 0208 (euc_jp) and GB 2312 (gb2312), by their rows.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pygame
import pytest

from game.ui import theme
from game.ui.glyph_cover import covered
from tests.helpers import IN_CI

NOT_A_GLYPH = "\ue000"
"""A private-use character: no shipped font has it, so every font draws its missing-glyph box."""
SIZE = 24
STYLES = {"body": (False, False), "bold": (True, False), "display": (False, True)}


def rows(codec: str, first: int, last: int) -> str:
    """The characters of rows `first`..`last` (1-94) of a two-byte national set, read through
    `codec` (EUC: row r is the lead byte 0xA0 + r, cell c the trail byte 0xA0 + c)."""
    out = []
    for row in range(first, last + 1):
        for cell in range(1, 95):
            try:
                out.append(bytes((0xA0 + row, 0xA0 + cell)).decode(codec))
            except UnicodeDecodeError:
                continue
    return "".join(out)


def block(first: int, last: int, categories: tuple[str, ...] = ("Lo", "Lm")) -> str:
    """The assigned characters of a Unicode range whose category is one of `categories`."""
    return "".join(
        chr(c) for c in range(first, last + 1) if unicodedata.category(chr(c)) in categories
    )


KSX1001_HANGUL = rows("euc_kr", 16, 40)
JISX0208_LEVEL1 = rows("euc_jp", 16, 47)
GB2312_LEVEL1 = rows("gb2312", 16, 55)
HIRAGANA = block(0x3041, 0x309F)
KATAKANA = block(0x30A1, 0x30FF) + block(0x31F0, 0x31FF) + block(0xFF66, 0xFF9F)
CYRILLIC = "Жар-птица Катюша ЁЛКИ ёлки Їжак Ґанок Ђорђе Љубљана Џез Ўзбек"
GREEK = "Ελλάδα Καλημέρα ΑΣΤΕΡΙ Μουσική ΐΰ ς ΏΆΈ"
ACCENTED = "Café Ñandú Łódź Øresund Tiếng Việt Naïve Šťastný Über Ærø Şişli İğdır ẞ"
MIXED = "Golden 골든 ゴールデン 黄金 Жар"


@pytest.fixture
def fonts(monkeypatch):
    """pygame's font module, started for the test (the text cache emptied before and after),
    with the shipped fonts alone: the machine's own are not looked at (`system_fonts`)."""
    monkeypatch.setattr(theme, "font_having", lambda code: None)
    forget = (
        theme._text.cache_clear,
        theme._width.cache_clear,
        theme._picks.cache_clear,
        theme._system_extras.cache_clear,
    )
    pygame.init()
    for clear in forget:
        clear()
    yield
    for clear in forget:
        clear()
    pygame.quit()


def pixels(surface: pygame.Surface) -> bytes:
    """The surface's size and RGBA bytes: equal for two identical drawings."""
    return repr(surface.get_size()).encode() + pygame.image.tobytes(surface, "RGBA")


def tofu(characters: str, bold: bool = False, display: bool = False) -> list[str]:
    """The characters of `characters` that `theme.text` draws as its font's missing-glyph box
    (or in more than one piece, or as nothing)."""
    boxes: dict[pygame.font.Font, bytes] = {}
    bad = []
    for ch in characters:
        if ch.isspace():
            continue
        pieces = theme.faces(ch, SIZE, bold, display)
        drawn = theme.text(ch, SIZE, theme.TEXT, bold, display)
        if len(pieces) != 1:
            bad.append(ch)
            continue
        face = pieces[0][0]
        if face not in boxes:
            boxes[face] = pixels(face.render(NOT_A_GLYPH, True, theme.TEXT))
        ink = pygame.mask.from_surface(drawn).count()
        if ink == 0 or pixels(drawn) == boxes[face]:
            bad.append(ch)
    return bad


def test_the_national_sets_read_from_the_codecs_have_their_published_sizes():
    assert len(KSX1001_HANGUL) == 2350
    assert all(0xAC00 <= ord(c) <= 0xD7A3 for c in KSX1001_HANGUL)
    assert len(JISX0208_LEVEL1) == 2965
    assert len(GB2312_LEVEL1) == 3755
    assert len(HIRAGANA) >= 86 and len(KATAKANA) >= 90 + 16 + 56


def test_a_character_no_font_has_is_drawn_as_the_box_the_check_looks_for(fonts):
    assert tofu(NOT_A_GLYPH + "\ue123\U0010fffd") == [NOT_A_GLYPH, "\ue123", "\U0010fffd"]


@pytest.mark.parametrize(
    "name, characters",
    [
        ("KS X 1001 Hangul syllables", KSX1001_HANGUL),
        ("JIS X 0208 level-1 kanji", JISX0208_LEVEL1),
        ("hiragana", HIRAGANA),
        ("katakana", KATAKANA),
        ("GB 2312 level-1 hanzi", GB2312_LEVEL1),
    ],
)
def test_every_character_of_the_set_draws_as_a_glyph_not_the_box(fonts, name, characters):
    missing = tofu(characters)
    assert not missing, f"{name}: {len(missing)} drawn as boxes, e.g. {''.join(missing[:20])}"


@pytest.mark.parametrize("style", ["bold", "display"])
def test_bold_and_display_text_draw_hangul_kana_and_kanji(fonts, style):
    sample = KSX1001_HANGUL[::7] + JISX0208_LEVEL1[::7] + GB2312_LEVEL1[::7] + HIRAGANA + KATAKANA
    assert not tofu(sample, *STYLES[style])


@pytest.mark.parametrize("style", list(STYLES))
def test_cyrillic_greek_and_accented_latin_draw_in_lato_or_comfortaa(fonts, style):
    bold, display = STYLES[style]
    assert not tofu(CYRILLIC + GREEK + ACCENTED, bold, display)
    names = theme.fonts_for(bold, display)
    latin = {theme.DISPLAY_FONT, theme.BOLD_FONT} if display else {names[0]}
    for words in (CYRILLIC, GREEK, ACCENTED):
        assert {names[i] for i, _ in theme.runs(words, names)} <= latin, words


def test_every_hangul_syllable_is_in_the_shipped_cjk_fonts(fonts):
    for name in (theme.CJK_FONT, theme.CJK_BOLD_FONT):
        with theme.font_path(name) as path:
            have = covered(path)
        assert all(c in have for c in range(0xAC00, 0xD7A4)), name


def test_every_character_of_the_three_national_sets_is_in_a_shipped_font(fonts):
    """All of KS X 1001, JIS X 0208 and GB 2312 (symbols, kana, Hangul, hanja, kanji, hanzi),
    but three symbols that no face of Noto Sans CJK has."""
    have: set[int] = set()
    for name in theme.BODY_FONTS:
        with theme.font_path(name) as path:
            have |= covered(path)
    wanted = rows("euc_kr", 1, 94) + rows("euc_jp", 1, 94) + rows("gb2312", 1, 94)
    assert sorted({c for c in wanted if ord(c) not in have}) == ["∼", "≒", "◈"]


def test_a_mixed_title_draws_every_character_in_the_right_fonts(fonts):
    assert not tofu(MIXED)
    pieces = theme.faces(MIXED, SIZE)
    assert [face for face, _ in pieces] == [
        theme.faces("G", SIZE)[0][0],
        theme.faces("골", SIZE)[0][0],
        theme.faces("Ж", SIZE)[0][0],
    ]
    line = theme.text(MIXED, SIZE, theme.TEXT)
    assert line.get_width() == sum(face.size(chars)[0] for face, chars in pieces)


def period_bottoms(words: str, size: int = SIZE, **style: bool) -> list[int]:
    """The lowest ink row of each run's closing full stop in the drawn line of `words`, whose
    runs each end with "." (a full stop sits on the baseline in every font)."""
    line = theme.text(words, size, theme.TEXT, **style)
    ink = pygame.mask.from_surface(line, 40)  # faint pixels count: a small full stop is faint
    bottoms, x = [], 0
    for face, chars in theme.faces(words, size, **style):
        assert chars.endswith("."), chars
        end = x + face.size(chars)[0]
        stop = pygame.Rect(x + face.size(chars[:-1])[0], 0, 0, line.get_height())
        stop.width = end - stop.left
        rows = [
            y for y in range(line.get_height()) for c in stop_columns(stop) if ink.get_at((c, y))
        ]
        bottoms.append(max(rows))
        x = end
    assert x == line.get_width()
    return bottoms


def stop_columns(stop: pygame.Rect) -> range:
    """The columns of a full stop's advance."""
    return range(stop.left, stop.right)


@pytest.mark.parametrize(
    "words",
    ["Golden.골든.ゴールデン.黄金.Жар.", "Ångström.夜に駆ける.", "Ελλάδα.東風破.Gj.", "Go.★골든."],
)
@pytest.mark.parametrize("style", list(STYLES))
def test_every_run_of_a_mixed_line_sits_on_one_baseline(fonts, words, style):
    bold, display = STYLES[style]
    bottoms = period_bottoms(words, bold=bold, display=display)
    assert len(bottoms) >= 2
    assert max(bottoms) - min(bottoms) <= 1, bottoms  # one baseline (a pixel of antialiasing)


@pytest.mark.parametrize("size", [14, 24, 40, 80])
def test_a_line_all_in_the_cjk_font_sits_where_a_latin_line_sits(fonts, size):
    """A title with no Latin letter is still laid on the first font's baseline, so it lines up
    with the Latin titles above and below it."""
    (cjk,) = period_bottoms("夜に駆ける.", size)
    (latin,) = period_bottoms("Golden.", size)
    assert abs(cjk - latin) <= max(1, size // 24), (cjk, latin)


def test_the_fallback_font_is_matched_to_the_first_fonts_capital_height(fonts):
    latin, cjk = theme.faces("H", SIZE)[0][0], theme.faces("골", SIZE)[0][0]
    assert cjk is not latin
    caps = latin.metrics("H")[0][3], cjk.metrics("H")[0][3]
    assert abs(caps[0] - caps[1]) <= 1


def test_the_width_the_layout_measures_is_the_width_drawn(fonts):
    for words in (MIXED, "ASCII only", "日本語のタイトル (Live)", CYRILLIC, "★골든★"):
        for bold, display in STYLES.values():
            drawn = theme.text(words, SIZE, theme.TEXT, bold, display)
            assert theme.text_width(words, SIZE, bold, display) == drawn.get_width(), words


def test_decomposed_hangul_from_a_mac_file_name_draws_as_composed_syllables(fonts):
    decomposed = unicodedata.normalize("NFD", "골든 Café")
    assert decomposed != "골든 Café"
    assert pixels(theme.text(decomposed, SIZE, theme.TEXT)) == pixels(
        theme.text("골든 Café", SIZE, theme.TEXT)
    )


def test_a_file_name_byte_that_is_not_utf8_draws_as_windows_1252_reads_it(fonts):
    escaped = b"Caf\xe9 \xea\xb3\xa8\xeb\x93\xa0".decode("utf-8", "surrogateescape")
    assert escaped == "Caf\udce9 골든"
    assert pixels(theme.text(escaped, SIZE, theme.TEXT)) == pixels(
        theme.text("Café 골든", SIZE, theme.TEXT)
    )
    assert theme.text_width(escaped, SIZE) == theme.text_width("Café 골든", SIZE)


def test_spaces_and_punctuation_between_cjk_words_stay_in_the_cjk_run(fonts):
    assert theme.runs("골든 골든! ゴールデン", theme.BODY_FONTS) == [(1, "골든 골든! ゴールデン")]
    assert theme.runs("Golden 골든", theme.BODY_FONTS) == [(0, "Golden "), (1, "골든")]


def test_characters_with_no_width_draw_as_an_empty_line_alone_or_between_runs(fonts):
    for words in ("\xad", "\u200b", "골든\u200b골든", "Golden\xad골든"):
        line = theme.text(words, SIZE, theme.TEXT)
        assert line.get_width() == theme.text_width(words, SIZE), words
    assert theme.text("\xad", SIZE, theme.TEXT).get_width() == 0


def test_a_missing_or_broken_fallback_font_draws_boxes_and_says_why(
    fonts, tmp_path, monkeypatch, caplog
):
    for name in (theme.BODY_FONT, theme.BOLD_FONT):
        with theme.font_path(name) as path:
            (tmp_path / name).write_bytes(path.read_bytes())
    (tmp_path / theme.CJK_FONT).write_bytes(b"not a font")  # and the bold one is missing
    monkeypatch.setattr(theme, "FONTS", tmp_path)
    forget = (theme._forget_fonts, theme._cover.cache_clear, theme._picks.cache_clear)
    for clear in forget:
        clear()
    try:
        for bold in (False, True):
            assert tofu("골든", bold) == ["골", "든"]
            assert not tofu("Golden Жар", bold)
    finally:
        for clear in forget:
            clear()
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any(theme.CJK_FONT in e and "not a TrueType" in e for e in errors), errors
    assert any(theme.CJK_BOLD_FONT in e and "No such file" in e for e in errors), errors


def test_text_after_pygame_restarts_draws_the_same_again(fonts):
    before = pixels(theme.text(MIXED, SIZE, theme.TEXT))
    pygame.quit()
    pygame.init()
    theme._text.cache_clear()  # as if never drawn: the fonts opened before the restart are dead
    assert pixels(theme.text(MIXED, SIZE, theme.TEXT)) == before
    assert theme.text_width(MIXED + "!", SIZE) > 0


THAI = "กขคงจฉชซญฎฐณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
"""Thai consonants: no font the game ships has them; Debian's fonts-noto-core does."""


def test_characters_no_shipped_font_has_draw_in_a_system_font_that_has_them(fonts, monkeypatch):
    from game.ui.system_fonts import font_having

    monkeypatch.setattr(theme, "font_having", font_having)  # the machine's fonts, this time
    if font_having(ord(THAI[0])) is None:
        message = "no system font has Thai (Debian fonts-noto-core has)"
        if IN_CI:
            pytest.fail(f"{message}, and CI must run this test (.ci/run installs it)")
        pytest.skip(message)
    assert tofu(THAI) == []
    assert tofu(THAI, bold=True) == []
    (first, latin), (index, thai) = theme.runs("Golden " + THAI, theme.BODY_FONTS)
    assert (first, latin, thai) == (0, "Golden ", THAI)
    assert Path(theme.named(theme.BODY_FONTS, index)).is_absolute()  # a system font's file
    assert theme.runs("Golden 골든", theme.BODY_FONTS) == [(0, "Golden "), (1, "골든")]


def test_private_use_and_unassigned_characters_never_borrow_a_system_font(fonts):
    from game.ui.system_fonts import font_having

    assert [font_having(c) for c in (0xE000, 0xF8FF, 0x10FFFD, 0x0378)] == [None] * 4
