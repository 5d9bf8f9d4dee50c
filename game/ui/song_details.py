"""Song select's details panel: the highlighted song's title, artist, charter and rating, its
album art (see `game.ui.album_art`), its notes per part and difficulty (each player's choice
filled in), the players' best for the chosen mode, and how often and when it was played."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import pygame

from game.base.language import _, ngettext
from game.core.lanes import Difficulty, Part
from game.library.index import SongRecord, TrackInfo
from game.ui import theme
from game.ui.album_art import CoverShelf
from game.ui.menus import DIFFICULTIES, PART_NAMES, REASON_LINE_H, REASON_SIZE, SHORT_DIFFICULTY
from game.ui.text_fit import fit, wrap

if TYPE_CHECKING:
    from game.ui.song_select_view import SongSelectState

COVERS = CoverShelf()
"""The album covers the details panel shows (loaded on a worker thread, a few kept)."""
CHOSEN_FILL = (theme.JACKET_BLUE, theme.JACKET_DARK)
"""The fill behind player 1's and player 2's chosen difficulty in the details' grid."""
GRID_PAD_X, GRID_ROW_H = 8, 26
"""The padding (pixels) each side of a difficulty cell's words, and a grid row's height."""
ART_SHARE = 0.27
"""The most of the panel's width the cover takes."""
MIN_COVER = 72
"""The smallest cover drawn (pixels a side): a panel with less room shows none."""
STATS_SIZE = 20
"""The text size of the plays and best line."""


@dataclass(frozen=True)
class DifficultyCell:
    """One cell of the details' difficulty grid: a part's difficulty, its words ("M 412": the
    difficulty's letter and its notes) and its box (pixels)."""

    part: Part
    difficulty: Difficulty
    text: str
    box: pygame.Rect


def cover_box(song: SongRecord | None, area: pygame.Rect) -> pygame.Rect | None:
    """Where the song's cover goes in the details' `area` (a square at its top right), or None
    when the song has no art to show."""
    if song is None or not song.playable or not COVERS.usable(song):
        return None
    room = area.width - grid_width(song, area) - 24  # the grid keeps every difficulty
    side = int(min(area.height - 24, area.width * ART_SHARE, room))
    if side < MIN_COVER:
        return None
    return pygame.Rect(area.right - 12 - side, area.top + 12, side, side)


def text_area(song: SongRecord | None, area: pygame.Rect) -> pygame.Rect:
    """The part of the details' `area` left for words and the grid (beside the cover)."""
    cover = cover_box(song, area)
    if cover is None:
        return area
    return pygame.Rect(area.left, area.top, cover.left - 8 - area.left, area.height)


def grid_width(song: SongRecord, area: pygame.Rect) -> int:
    """The width (pixels) the song's difficulty grid needs in the details' `area` (its widest
    row, with the part names and the margins)."""
    return 16 + part_column(area) + _widest_row(song.tracks) + 8


@lru_cache(maxsize=64)
def _widest_row(tracks: tuple[TrackInfo, ...]) -> int:
    """The width (pixels) of the widest row of cells of a song's grid (the words are digits
    and letters the same in every language: kept for the songs last shown)."""
    widest = 0
    for part in Part:
        counts = {t.difficulty: t.notes for t in tracks if t.part == part}
        cells = [f"{SHORT_DIFFICULTY[d]} {counts[d]}" for d in DIFFICULTIES if d in counts]
        row = sum(theme.text_width(c, 21, True) + 2 * GRID_PAD_X + 6 for c in cells)
        widest = max(widest, row)
    return widest


def part_column(area: pygame.Rect) -> int:
    """The width (pixels) of the difficulty grid's part names in the details' `area`: as wide
    as the widest name needs, at most 150 and at most a third of the panel."""
    widest = max(theme.text_width(_(name), 22) for name in PART_NAMES.values())
    return min(150, widest + 14, area.width // 3)


def _note_counts(song: SongRecord, part: Part) -> dict[Difficulty, int]:
    return {t.difficulty: t.notes for t in song.tracks if t.part == part}


def difficulty_cells(state: SongSelectState, area: pygame.Rect) -> list[DifficultyCell]:
    """The difficulty grid of the highlighted song in the details' `area` (beside its cover):
    a row per charted part, a cell per charted difficulty (rows that do not fit are left out)."""
    song = state.song
    if song is None or not song.playable:
        return []
    area = text_area(song, area)
    cells: list[DifficultyCell] = []
    y = area.top + 12 + 34 + 30
    for part in Part:
        counts = _note_counts(song, part)
        if not counts:
            continue
        if y + GRID_ROW_H - 2 > area.bottom - 4:
            break
        cx = area.left + 16 + part_column(area)
        for diff in DIFFICULTIES:
            if diff not in counts:
                continue
            words = f"{SHORT_DIFFICULTY[diff]} {counts[diff]}"
            w = theme.text(words, 21, theme.TEXT, True).get_width() + 2 * GRID_PAD_X
            if cx + w > area.right - 8:
                break  # a narrow panel shows the easier difficulties only
            cells.append(DifficultyCell(part, diff, words, pygame.Rect(cx, y, w, GRID_ROW_H - 2)))
            cx += w + 6
        y += GRID_ROW_H
    return cells


def chosen_cells(state: SongSelectState) -> dict[tuple[Part, Difficulty], int]:
    """The (part, difficulty) each player in play has chosen, to the player (0 or 1)."""
    return {(p.part, p.difficulty): i for i, p in enumerate(state.picks[: state.players])}


def stats_text(state: SongSelectState, song: SongRecord) -> str:
    """The best for the chosen mode, the plays and the last play of `song`, in words."""
    words = []
    best = state.best_text(song)
    if best:
        words.append(best)
    stats = state.stats.get(song.chart_sha256 or "")
    if stats is not None and stats.plays:
        words.append(
            ngettext("played once", "played {count} times", stats.plays).format(count=stats.plays)
        )
    if stats is not None and stats.last_played_s is not None:
        day = time.strftime("%Y-%m-%d", time.localtime(stats.last_played_s))
        words.append(_("last {day}").format(day=day))
    if stats is not None and stats.favourite:
        words.append("★")
    return "  ·  ".join(words)


def draw_details(surface: pygame.Surface, state: SongSelectState, area: pygame.Rect) -> None:
    """The details panel of the highlighted song in `area` (see the module)."""
    pygame.draw.rect(surface, theme.PANEL, area, border_radius=12)
    song = state.song
    if song is None:
        return
    cover = cover_box(song, area)
    words = text_area(song, area)
    if cover is not None:
        _draw_cover(surface, song, cover)
    x, y = words.left + 16, words.top + 12
    title = fit(song.title, 30, words.width - 32, True)
    surface.blit(theme.text(title, 30, theme.TEXT, True), (x, y))
    y += 34
    if not song.playable:
        surface.blit(theme.text(_("Cannot be played:"), 22, theme.WARN, True), (x, y))
        y += 28
        for line in wrap(song.full_reason or "", REASON_SIZE, words.width - 32):
            if y + REASON_LINE_H > area.bottom - 8:
                break
            surface.blit(theme.text(line, REASON_SIZE, theme.WARN), (x, y))
            y += REASON_LINE_H
        return
    facts = [song.artist or _("Unknown artist")]
    if song.charter:
        facts.append(_("charted by {charter}").format(charter=song.charter))
    if song.difficulty is not None and song.difficulty >= 0:
        dots = "●" * min(song.difficulty, 6) + "○" * max(0, 6 - song.difficulty)
        facts.append(_("drums {dots}").format(dots=dots))
    surface.blit(theme.text(fit("  ·  ".join(facts), 21, words.width - 32), 21, theme.DIM), (x, y))
    chosen = chosen_cells(state)
    parts_shown = set()
    bottom = y + 30
    for cell in difficulty_cells(state, area):
        if cell.part not in parts_shown:
            parts_shown.add(cell.part)
            name = fit(_(PART_NAMES[cell.part]), 22, part_column(words) - 8)
            surface.blit(theme.text(name, 22, theme.TEXT), (x, cell.box.top + 2))
        player = chosen.get((cell.part, cell.difficulty))
        colour = theme.GOLD
        if player is not None:  # the player's difficulty: a filled cap, outlined in gold
            pygame.draw.rect(surface, CHOSEN_FILL[player], cell.box, border_radius=6)
            pygame.draw.rect(surface, theme.GOLD, cell.box, 2, border_radius=6)
            colour = theme.TEXT
        label = theme.text(cell.text, 21, colour, player is not None)
        surface.blit(label, label.get_rect(center=cell.box.center))
        bottom = max(bottom, cell.box.bottom)
    line = stats_text(state, song)
    line_h = theme.text("Ag", STATS_SIZE, theme.GOLD).get_height()
    if line and bottom + 6 + line_h <= area.bottom - 6:
        shown = theme.text(fit(line, STATS_SIZE, words.width - 32), STATS_SIZE, theme.GOLD)
        surface.blit(shown, (x, bottom + 6))


def _draw_cover(surface: pygame.Surface, song: SongRecord, box: pygame.Rect) -> None:
    """The cover in `box`, or a quiet placeholder while it loads."""
    art = COVERS.art_file(song)
    picture = COVERS.cover(art, box.width) if art is not None else None
    if picture is None:
        pygame.draw.rect(surface, theme.BACKGROUND, box, border_radius=8)
        return
    surface.blit(picture, picture.get_rect(center=box.center))
