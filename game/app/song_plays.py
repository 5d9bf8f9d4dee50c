"""The song book at play: a finished play counted (plays, last played), a favourite marked,
and the stats handed to song select; a book that cannot be written never stops a play."""

from __future__ import annotations

import logging
import sqlite3

from game.app.context import AppContext
from game.base.language import _
from game.formats.song_folder import LoadedSong
from game.store.song_book import SongBook, SongBookError
from game.ui.song_select_view import SongSelectState

log = logging.getLogger(__name__)


def open_song_book() -> tuple[SongBook | None, str | None]:
    """The player's song book, or None and a notice when it cannot be opened."""
    try:
        return SongBook(), None
    except SongBookError as e:
        log.warning("song book: %s", e)
        return None, _("Favourites and setlists cannot be saved: {problem}").format(problem=e)


def count_play(app: AppContext, song: LoadedSong) -> None:
    """Count a finished play of `song` in the song book (and in song select's stats)."""
    book = app.song_book
    if book is None:
        return
    try:
        stats = book.count_play(song.chart_sha256)
    except sqlite3.Error as e:
        log.warning("the play of %s was not counted: %s", song.path, e)
        return
    if app.select is not None:
        app.select.stats[song.chart_sha256] = stats


def toggle_favourite(app: AppContext, state: SongSelectState) -> None:
    """Mark the highlighted song a favourite, or not any more (F7)."""
    song = state.song
    if song is None or not song.chart_sha256:
        return
    sha = song.chart_sha256
    before = state.stats.get(sha)
    favourite = not (before is not None and before.favourite)
    if app.song_book is None:
        state.notice = _("Favourites cannot be saved: the song book is not open.")
        return
    try:
        state.stats[sha] = app.song_book.set_favourite(sha, favourite)
    except sqlite3.Error as e:
        log.warning("favourite not saved: %s", e)
        state.notice = _("Favourites cannot be saved: {problem}").format(problem=e)


def load_stats(app: AppContext, state: SongSelectState) -> None:
    """Read every song's stats from the song book into song select's state."""
    if app.song_book is None:
        return
    try:
        state.stats = app.song_book.stats()
    except sqlite3.Error as e:
        log.warning("song stats cannot be read: %s", e)
