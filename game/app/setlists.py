"""Setlists: the menu F8 opens on song select (play the set being built, save it under a
name, load or delete a saved one) and a set played through.

A set is played on the one loop with the screens on the stack: `SetRunScreen` sits over song
select and, for each song, shows "Next: …" until Enter (or the green pad), then pushes the
song's `LoadingScreen`, whose play comes back to it when it ends (the play is saved and counted
as any play is, but its results wait for the set's end). Esc (or the red pad) between songs
ends the set; the one summary then shows every song's figures and the totals.
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3

import pygame

from game.app.live import live_play
from game.app.loading import LoadFailed, LoadingScreen
from game.app.play import PlayOptions, PlayResult, PlayScreen
from game.app.results_screen import PAD_GUARD_S, hit_errors_ms, save_play
from game.app.scene import Action, Pumped, Screen
from game.app.setup import player_setups
from game.app.song_plays import count_play
from game.app.song_select import fit_picks, remember_picks, remember_select
from game.base.language import _, ngettext
from game.core.calibration import offset_from_play
from game.core.report import SessionReport
from game.library.index import SongRecord
from game.store.song_book import MAX_NAME_CHARS, Setlist, SetlistSong
from game.ui.canvas import Canvas
from game.ui.setlist_view import (
    NEXT_COVER,
    PlayerFigures,
    SetlistsMenu,
    SetSong,
    draw_next_song,
    draw_set_summary,
    draw_setlists_menu,
)
from game.ui.song_details import COVERS
from game.ui.song_select_view import PlayerPick, SongSelectState

log = logging.getLogger(__name__)

PLAY, SAVE, CLEAR = range(3)
"""The menu's first three rows; the saved setlists follow."""
MENU_HELP = (
    "Up/Down: choose  ·  Enter: do it (a saved setlist: load it)  ·  Delete: delete the saved "
    "setlist  ·  Esc: back"
)
TYPING_HELP = "Type the setlist's name  ·  Enter: save  ·  Esc: cancel"


def resolve_setlist(saved: Setlist, songs: list[SongRecord]) -> tuple[list[SongRecord], list[str]]:
    """The library's songs of a saved setlist, in its order (the same folder with the same
    chart first, else the same chart anywhere), and the titles of the songs no longer there."""
    by_folder = {(str(s.folder), s.chart_sha256): s for s in songs if s.playable}
    by_chart: dict[str | None, SongRecord] = {}
    for s in songs:
        if s.playable:
            by_chart.setdefault(s.chart_sha256, s)
    found, missing = [], []
    for entry in saved.songs:
        record = by_folder.get((entry.folder, entry.chart_sha256)) or by_chart.get(
            entry.chart_sha256
        )
        if record is None:
            missing.append(entry.title)
        else:
            found.append(record)
    return found, missing


def setlist_songs(records: list[SongRecord]) -> list[SetlistSong]:
    """The songs of a set as the song book keeps them (songs without a chart left out)."""
    return [SetlistSong(str(s.folder), s.chart_sha256, s.title) for s in records if s.chart_sha256]


class SetlistsScreen(Screen):
    """The setlists menu over song select (see the module); `state` is song select's."""

    def __init__(self, state: SongSelectState) -> None:
        self.state = state
        self.selected = 0
        self.typing: str | None = None
        self.offered = False
        """True while `typing` holds the name offered: the first key typed replaces it."""
        self.notice: str | None = None
        self.saved: list[Setlist] = []
        self.canvas = Canvas()

    def enter(self) -> None:
        """Read the saved setlists."""
        self._read()

    def _read(self) -> None:
        book = self.app.song_book
        if book is None:
            self.notice = _("Setlists cannot be saved: the song book is not open.")
            self.saved = []
            return
        try:
            self.saved = book.setlists()
        except sqlite3.Error as e:
            log.warning("setlists cannot be read: %s", e)
            self.notice = _("Setlists cannot be read: {problem}").format(problem=e)
            self.saved = []

    def rows(self) -> list[str]:
        """The menu's rows in words."""
        count = len(self.state.setlist)
        play = ngettext(
            "Play the setlist ({count} song)", "Play the setlist ({count} songs)", count
        ).format(count=count)
        rows = [play, _("Save the setlist under a name"), _("Clear the setlist")]
        for saved in self.saved:
            n = len(saved.songs)
            rows.append(
                ngettext("Load “{name}” ({count} song)", "Load “{name}” ({count} songs)", n).format(
                    name=saved.name, count=n
                )
            )
        return rows

    def on_input(self, item: Pumped) -> None:
        """Up/Down choose a row, Enter does it, Delete deletes a saved setlist, Esc goes back;
        while naming, typed text goes into the name."""
        if self.typing is not None:
            self._type(item)
            return
        action, rows = item.action, self.rows()
        if action == Action.BACK:
            self.stack.pop()
        elif action in (Action.UP, Action.DOWN):
            self.selected = (self.selected + (1 if action == Action.DOWN else -1)) % len(rows)
        elif item.key == pygame.K_DELETE and self.selected > CLEAR:
            self._delete(self.saved[self.selected - CLEAR - 1])
        elif action == Action.SELECT:
            self._do(self.selected)

    def _do(self, row: int) -> None:
        state = self.state
        if row == PLAY:
            if not state.setlist:
                self.notice = _("The setlist is empty: Insert or Space adds the highlighted song.")
                return
            self.stack.replace(SetRunScreen(state, list(state.setlist)))
        elif row == SAVE:
            if not state.setlist:
                self.notice = _("The setlist is empty: Insert or Space adds the highlighted song.")
                return
            self.typing = _("Setlist {number}").format(number=len(self.saved) + 1)
            self.offered = True
            pygame.key.start_text_input()
        elif row == CLEAR:
            state.setlist.clear()
            self.notice = _("The setlist is empty now.")
        else:
            self._load(self.saved[row - CLEAR - 1])

    def _type(self, item: Pumped) -> None:
        event = item.event
        name = self.typing or ""
        if self.offered and (item.key == pygame.K_BACKSPACE or _is_text(item)):
            name, self.offered = "", False  # the offered name gives way to the player's
        if event is not None and event.type == pygame.TEXTINPUT:
            typed = "".join(c for c in event.text if c.isprintable())
            self.typing = (name + typed)[:MAX_NAME_CHARS]
        elif item.key == pygame.K_BACKSPACE:
            self.typing = name[:-1]
        elif item.action == Action.BACK:
            self.typing = None
            pygame.key.stop_text_input()
        elif item.action == Action.SELECT:
            self.typing = None
            pygame.key.stop_text_input()
            self._save(name)

    def _save(self, name: str) -> None:
        book = self.app.song_book
        if book is None:
            self.notice = _("Setlists cannot be saved: the song book is not open.")
            return
        try:
            saved = book.save_setlist(name, setlist_songs(self.state.setlist))
        except ValueError:
            self.notice = _("A setlist needs a name.")
            return
        except sqlite3.Error as e:
            log.warning("setlist not saved: %s", e)
            self.notice = _("The setlist was not saved: {problem}").format(problem=e)
            return
        self.notice = _("Saved “{name}”.").format(name=saved.name)
        self._read()

    def _load(self, saved: Setlist) -> None:
        found, missing = resolve_setlist(saved, self.state.library)  # not only those shown
        self.state.setlist[:] = found
        self.notice = _("Loaded “{name}”.").format(name=saved.name)
        if missing:
            log.info("setlist %r: not in the library: %s", saved.name, ", ".join(missing))
            self.notice += " " + ngettext(
                "Not in the library, skipped: {titles}",
                "Not in the library, skipped ({count}): {titles}",
                len(missing),
            ).format(count=len(missing), titles=", ".join(missing))
        self.selected = PLAY

    def _delete(self, saved: Setlist) -> None:
        book = self.app.song_book
        if book is None:
            return
        try:
            book.delete_setlist(saved.name)
        except sqlite3.Error as e:
            log.warning("setlist not deleted: %s", e)
            self.notice = _("The setlist was not deleted: {problem}").format(problem=e)
            return
        self.notice = _("Deleted “{name}”.").format(name=saved.name)
        self._read()
        self.selected = min(self.selected, len(self.rows()) - 1)

    def leave(self) -> None:
        """Typing ends with the menu."""
        if self.typing is not None:
            pygame.key.stop_text_input()

    def draw(self, surface: pygame.Surface) -> None:
        """The menu."""
        canvas = self.canvas.surface_for(surface)
        help_line = _(TYPING_HELP) if self.typing is not None else _(MENU_HELP)
        menu = SetlistsMenu(tuple(self.rows()), self.selected, self.typing, self.notice, help_line)
        draw_setlists_menu(canvas, menu)
        self.canvas.present(surface, canvas)


def _is_text(item: Pumped) -> bool:
    return item.event is not None and item.event.type == pygame.TEXTINPUT


def set_options(app, state: SongSelectState, record: SongRecord) -> PlayOptions:
    """How the set's song `record` is played: the players' picks fitted to it (a part it has, a
    difficulty it charts, as song select fits them), their settings, devices and layout."""
    fitted = SongSelectState(
        [record],
        players=state.players,
        picks=[dataclasses.replace(p) for p in state.picks],
        layout=state.layout,
    )
    fit_picks(fitted)
    picks: list[PlayerPick] = fitted.picks[: state.players]
    return PlayOptions.from_settings(
        player_setups(app.settings, picks),
        app.settings,
        devices=tuple(p.device for p in picks),
        key_labels=app.settings.select.key_labels(app.settings.gameplay.key_labels),
    )


class SetRunScreen(Screen):
    """A set played through over song select (see the module): `songs` in order, with the
    players' picks in `state` (song select's)."""

    def __init__(self, state: SongSelectState, songs: list[SongRecord]) -> None:
        self.state = state
        self.songs = songs
        self.index = 0
        self.done: list[SetSong] = []
        self.over = False
        self.canvas = Canvas()
        self._pending: SetSong | None = None  # the song being played, once its play is saved
        self._pads_from: float | None = None  # when pads count again (the loop's clock, s)
        self._guard = False  # back from a song: pads wait PAD_GUARD_S from the next update
        self.notice: str | None = None
        """Why a play was kept for later (the score book was busy), for the summary."""

    def enter(self) -> None:
        """The players' picks are remembered, as for one song."""
        picks = [dataclasses.replace(p) for p in self.state.picks[: self.state.players]]
        remember_picks(self.app, picks)
        remember_select(self.app, self.state)
        log.info("setlist started: %d songs", len(self.songs))

    @property
    def song(self) -> SongRecord | None:
        """The song that comes next (None once the set is over)."""
        return None if self.over or self.index >= len(self.songs) else self.songs[self.index]

    def on_input(self, item: Pumped) -> None:
        """Between songs: Enter (green) plays the next, Esc (red) ends the set. On the
        summary: Enter or Esc goes back to song select. A pad struck as a song ended (a last
        crash) is no menu move."""
        if item.event is None and self._pads_from is not None and item.stamp < self._pads_from:
            return
        if self.over:
            if item.action in (Action.SELECT, Action.BACK):
                self.stack.pop(None)
            return
        if item.action == Action.BACK:
            self._finish()
        elif item.action == Action.SELECT and self.song is not None:
            record = self.song
            log.info("setlist song %d of %d: %s", self.index + 1, len(self.songs), record.title)
            options = set_options(self.app, self.state, record)
            self.stack.push(LoadingScreen(record, options, then=self._after_play))

    def _after_play(self, result: PlayResult, play: PlayScreen) -> Screen | None:
        """A play of the set ended: a restart plays it again; a finished play is saved and
        counted, its figures kept for the summary; then back here (`resume`)."""
        app, live = play.app, play.live
        if result.restart:
            again = live_play(live.song, live.options, app.devices, app.audio_output())
            return PlayScreen(again, then=self._after_play)
        if result.finished:
            saved = save_play(app.book, live.song, result, live.options, app.pending)
            if saved is not None and saved.notice:
                self.notice = saved.notice
            count_play(app, live.song)
            app.last_play_median_ms = offset_from_play(hit_errors_ms(result, 0), min_hits=1)
            devices = live.options.devices
            app.last_play_device = devices[0] if devices else app.last_play_device
            self._pending = figures(live.song.chart.meta.title, result, live.options)
        return None

    def resume(self, result: object) -> None:
        """Back from a song: its figures kept (or why it was not played) and on to the next; a
        cancelled loading stays on the same song."""
        record = self.song
        if record is None:
            return
        self._guard = True
        if isinstance(result, LoadFailed):
            self.done.append(SetSong(record.title, problem=result.notice))
        elif isinstance(result, PlayResult):
            if self._pending is not None:
                self.done.append(self._pending)
            else:
                self.done.append(SetSong(record.title, problem=_("stopped before the end")))
        else:
            return  # the loading was cancelled: the same song is next again
        self._pending = None
        self.index += 1
        if self.index >= len(self.songs):
            self._finish()

    def leave(self) -> None:
        """Plays kept for a busy score book are stored now if the book is free."""
        if self.notice is not None:
            self.app.pending.retry(self.app.book)

    def update(self, now_s: float) -> None:
        """Pads count as menu moves `PAD_GUARD_S` after the set comes back from a song."""
        if self._guard:
            self._guard, self._pads_from = False, now_s + PAD_GUARD_S

    def _finish(self) -> None:
        """The set is over: the summary (songs not reached are listed as such)."""
        for record in self.songs[len(self.done) :]:
            self.done.append(SetSong(record.title, problem=_("not reached")))
        self.over = True
        played = sum(1 for s in self.done if s.played)
        log.info("setlist over: %d of %d songs played", played, len(self.songs))

    def draw(self, surface: pygame.Surface) -> None:
        """ "Next: …" between songs, or the summary."""
        canvas = self.canvas.surface_for(surface)
        record = self.song
        if self.over or record is None:
            draw_set_summary(canvas, self.done, self.notice)
        else:
            titles = [s.title for s in self.songs]
            art = COVERS.art_file(record)
            cover = COVERS.cover(art, NEXT_COVER) if art is not None else None
            draw_next_song(canvas, titles, record.artist or "", self.index + 1, self.done, cover)
        self.canvas.present(surface, canvas)


def figures(title: str, result: PlayResult, options: PlayOptions) -> SetSong:
    """A finished play's figures for the set's summary."""
    report = SessionReport.of(result.session)
    players = tuple(
        PlayerFigures(options.names[i] if i < len(options.names) else "", p.score, p.accuracy)
        for i, p in enumerate(report.players)
    )
    team = report.team
    if team is None:
        return SetSong(title, players)
    return SetSong(title, players, team.score, (team.syncs, team.unison_notes))
