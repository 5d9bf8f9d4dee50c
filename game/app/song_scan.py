"""Song select and the background scan: new songs shown as the scan finds them, its progress in
the header, F5 to rescan, and a rescan when the window regains focus (folders added while the
game ran: the warm scan that finds them is a walk and a `stat` a file, on the scan's thread)."""

from __future__ import annotations

import pygame

from game.app.context import AppContext
from game.app.scene import Pumped
from game.base.language import _, ngettext
from game.library.scan_service import ScanProgress
from game.ui.song_select_view import SongSelectState

RESCAN_KEY = pygame.K_F5


def scan_line(progress: ScanProgress | None) -> str | None:
    """The header's progress line ("Scanning… 4,210 of 10,000 folders"), None when no scan
    runs or the list is complete (the duet parts' full reads say nothing)."""
    if progress is None or progress.details:
        return None
    if progress.total == 0:
        return _("Scanning…")
    return ngettext(
        "Scanning… {done:,} of {total:,} folder",
        "Scanning… {done:,} of {total:,} folders",
        progress.total,
    ).format(done=progress.done, total=progress.total)


def poll_scan(app: AppContext, state: SongSelectState) -> bool:
    """Take the scan's newest song list and progress into song select (every frame); True when
    the list changed."""
    scan = app.scan
    if scan is None:
        state.scan_line = None
        return False
    state.scan_line = scan_line(scan.progress)
    songs = scan.poll()
    if songs is None:
        return False
    was_empty = not state.library
    app.songs = songs
    state.set_songs(songs)
    if was_empty:  # a first run: the song the players left last time, once it is found
        state.highlight(app.settings.select.song)
    return True


def keep_songs(app: AppContext) -> None:
    """Take the scan's newest song list into the app (and song select's state, when there is
    one) from a screen other than song select: a guest looks a song up in the latest list."""
    if app.select is not None:
        poll_scan(app, app.select)
        return
    songs = app.scan.poll() if app.scan is not None else None
    if songs is not None:
        app.songs = songs


def scan_input(app: AppContext, item: Pumped) -> bool:
    """F5 rescans; the window regaining focus rescans (a folder added meanwhile); True when the
    input was this."""
    event = item.event
    focus = event is not None and event.type == pygame.WINDOWFOCUSGAINED
    if app.scan is None or not (focus or item.key == RESCAN_KEY):
        return False
    app.scan.start()
    return True
