"""Fitting words into a width with the game's real fonts: wrapping breaks at spaces and
between CJK characters (never before a closing mark), shortening ends with "…", a song's length
survives a long artist, and the text-box recorder sees overlaps and strays."""

from __future__ import annotations

import os
from itertools import pairwise
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.library.index import SongRecord  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.song_select_view import fit_row_info  # noqa: E402
from game.ui.text_boxes import RecordingSurface, dialog, panel, recording  # noqa: E402
from game.ui.text_fit import fit, fit_lines, text_width, wrap  # noqa: E402

JAPANESE = "とてもながいアーティストのなまえです。東京特許許可局局長今日急遽休暇許可拒否、です。"
KOREAN = "아주아주긴노래제목입니다정말로끝나지않는제목이에요그리고또계속됩니다"


@pytest.fixture(autouse=True)
def fonts():
    pygame.init()
    yield
    pygame.quit()


@pytest.mark.parametrize("words", [JAPANESE, KOREAN], ids=["ja", "ko"])
def test_cjk_without_spaces_wraps_between_characters_within_the_width(words):
    lines = wrap(words, 24, 200)
    assert len(lines) > 2
    assert "".join(lines) == words  # nothing lost, no space put in
    assert all(text_width(line, 24) <= 200 for line in lines)
    assert all(not line.startswith(("、", "。")) for line in lines)  # kinsoku
    for line, after in pairwise(lines):  # each line is filled
        assert text_width(line + after[:2], 24) > 200


def test_latin_wraps_at_spaces_and_keeps_words_whole():
    words = "Somebody Featuring Everybody Else And Their Orchestra And The Choir Of The Hills"
    lines = wrap(words, 24, 220)
    assert " ".join(lines) == words
    assert all(text_width(line, 24) <= 220 for line in lines)


def test_mixed_latin_and_hangul_break_between_the_hangul_only():
    lines = wrap("Drum Duet 드럼듀엣드럼듀엣드럼듀엣 Extended", 24, 150)
    assert "".join(lines).replace(" ", "") == "DrumDuet드럼듀엣드럼듀엣드럼듀엣Extended"
    assert "Extended" in lines[-1] and "Duet" in lines[0]


def test_fit_shortens_with_an_ellipsis_and_fit_lines_cuts_the_last_line():
    assert fit("short", 24, 500) == "short"
    cut = fit(KOREAN, 24, 180)
    assert cut.endswith("…") and KOREAN.startswith(cut[:-1]) and text_width(cut, 24) <= 180
    assert fit(KOREAN, 24, 1) == ""  # not even "…" fits
    lines = fit_lines(JAPANESE * 3, 24, 200, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert (JAPANESE * 3).startswith("".join(lines)[:-1])  # no space put between kana
    assert fit_lines("Enter to go on  ·  Esc", 22, 900, 3) == ["Enter to go on  ·  Esc"]


def test_a_long_artist_is_shortened_so_the_songs_length_shows():
    song = SongRecord(
        "Title", "Somebody Featuring Everybody Else " * 4, length_s=245.0, folder=Path("a")
    )
    info = fit_row_info(song, 21, 400)
    assert info.endswith("·  4:05") and "…" in info and text_width(info, 21) <= 400


def test_the_recorder_sees_an_overlap_a_stray_and_keeps_dialogs_apart():
    surface = RecordingSurface((300, 200))
    assert recording()
    words = theme.text("Overlap", 30, theme.TEXT)
    surface.blit(words, (10, 10))
    surface.blit(theme.text("Overlap too", 30, theme.TEXT), (20, 15))
    with panel(surface, pygame.Rect(0, 100, 100, 50)):
        surface.blit(theme.text("Out of its panel", 30, theme.TEXT), (10, 110))
    dialog(surface)
    surface.blit(theme.text("Over the shade", 30, theme.TEXT), (10, 10))
    surface.blit(pygame.Surface((50, 50)), (0, 0))  # not text: not recorded
    report = surface.report
    assert [b.words for b in report.boxes] == [
        "Overlap",
        "Overlap too",
        "Out of its panel",
        "Over the shade",
    ]
    assert [(a.words, b.words) for a, b in report.overlaps()] == [("Overlap", "Overlap too")]
    assert [t.words for t in report.strays()] == ["Out of its panel"]
    ink = report.boxes[0].box  # the ink, inside the line's surface
    assert ink.width <= words.get_width() and ink.height < words.get_height()


def test_a_plain_surface_records_nothing():
    plain = pygame.Surface((100, 50))
    with panel(plain, pygame.Rect(0, 0, 10, 10)):
        plain.blit(theme.text("Hello", 20, theme.TEXT), (0, 0))
    dialog(plain)  # no error, no effect
