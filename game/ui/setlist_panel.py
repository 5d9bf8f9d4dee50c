"""The setlist being built on song select: Insert (or Space) adds the highlighted song or takes
it out again, and a small numbered list under the setup panel shows the set while browsing;
each song's row in the list carries its place in the set and a star when it is a favourite."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.base.language import N_, _, ngettext
from game.library.index import SongRecord
from game.ui import theme
from game.ui.text_fit import fit

if TYPE_CHECKING:
    from game.ui.song_select_view import SongSelectState

MAX_SET_SONGS = 100
"""The most songs a setlist holds."""
LINE_SIZE, LINE_H = 20, 24
"""The set's lines: text size and line height (pixels)."""
HEADING_SIZE = 21
SHARE = 0.42
"""The most of the setup area the setlist takes while browsing."""
SETUP_ROW_H = 22
"""The setup panel keeps at least this height (pixels) a row beside a setlist."""


def toggle_in_setlist(state: SongSelectState) -> bool:
    """Add the highlighted song to the end of the set, or take it out when it is in it; True
    when it was added. An unplayable song is never added."""
    song = state.song
    if song is None:
        return False
    for i, other in enumerate(state.setlist):
        if other.folder == song.folder:
            del state.setlist[i]
            return False
    if not song.playable or len(state.setlist) >= MAX_SET_SONGS:
        return False
    state.setlist.append(song)
    return True


def set_place(state: SongSelectState, song: SongRecord) -> int | None:
    """The song's place in the set (1 first), or None when it is not in it."""
    return next((i + 1 for i, s in enumerate(state.setlist) if s.folder == song.folder), None)


def row_marks(state: SongSelectState, song: SongRecord) -> str:
    """What goes before a song's title in the list: "★ " for a favourite, "#2 " for the second
    song of the set."""
    marks = ""
    stats = state.stats.get(song.chart_sha256 or "")
    if stats is not None and stats.favourite:
        marks += "★ "
    place = set_place(state, song)
    if place is not None:
        marks += f"#{place} "
    return marks


def setlist_split(
    state: SongSelectState, area: pygame.Rect
) -> tuple[pygame.Rect, pygame.Rect | None]:
    """The setup area shared with the set while browsing: (setup box, setlist box or None).
    On the setup panel, or without a set, the setup keeps the whole area."""
    from game.ui.song_select_view import Focus  # the state's module draws this panel

    if not state.setlist or state.focus != Focus.SONGS:
        return area, None
    want = 16 + LINE_H + LINE_H * min(len(state.setlist), 8) + 12
    setup_h = SETUP_ROW_H * len(state.setup_rows()) + 20
    height = min(want, int(area.height * SHARE), area.height - setup_h - 12)
    if height < 16 + 2 * LINE_H:
        return area, None
    setup = pygame.Rect(area.left, area.top, area.width, area.height - height - 12)
    return setup, pygame.Rect(area.left, setup.bottom + 12, area.width, height)


def draw_setlist_panel(surface: pygame.Surface, state: SongSelectState, area: pygame.Rect) -> None:
    """The set in `area`: a heading with its size and the key that opens the setlists (F8),
    then its songs numbered (as many as fit, then how many more)."""
    pygame.draw.rect(surface, theme.PANEL, area, border_radius=12)
    pygame.draw.rect(surface, theme.GOLD, area, 1, border_radius=12)
    count = len(state.setlist)
    heading = ngettext("Setlist: {count} song (F8)", "Setlist: {count} songs (F8)", count)
    words = fit(heading.format(count=count), HEADING_SIZE, area.width - 28, True)
    surface.blit(theme.text(words, HEADING_SIZE, theme.GOLD, True), (area.left + 14, area.top + 8))
    y = area.top + 8 + LINE_H + 4
    room = max(0, (area.bottom - 8 - y) // LINE_H)
    shown = state.setlist if count <= room else state.setlist[: max(0, room - 1)]
    for i, song in enumerate(shown, start=1):
        line = fit(f"{i}. {song.title}", LINE_SIZE, area.width - 28)
        surface.blit(theme.text(line, LINE_SIZE, theme.TEXT), (area.left + 14, y))
        y += LINE_H
    if len(shown) < count:
        more = _("+ {count} more").format(count=count - len(shown))
        surface.blit(theme.text(fit(more, LINE_SIZE, area.width - 28), LINE_SIZE, theme.DIM),
                     (area.left + 14, y))  # fmt: skip


SET_KEYS = N_("F7: ★  ·  Ins: add to set  ·  F8: setlists")
"""The set's keys in song select's footer while browsing (translated where shown)."""


def with_set_keys(state: SongSelectState, tip: str) -> str:
    """Song select's footer `tip` with the keys of favourites and setlists while browsing."""
    from game.ui.song_select_view import Focus

    if state.focus != Focus.SONGS:
        return tip
    return f"{tip}  ·  {_(SET_KEYS)}"
