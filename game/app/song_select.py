"""Song select: the players pick a song and set themselves up, then play it.

Browsing: Up/Down (or the wheel, or a click) the song, Left/Right player 1's difficulty (A/D
player 2's), PageUp/PageDown a page, Tab one or two players, Enter (or a click on the
highlighted song) the setup panel, Esc back to the title. On the setup panel: Up/Down the row,
Left/Right the value, Enter plays, Esc back to the songs. A song that cannot be played says why
in a notice that any key puts away. F7 marks the highlighted song a favourite, Insert or Space
adds it to the setlist (or takes it out), F8 opens the setlists (`game.app.setlists`).
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
import time
from collections.abc import Callable

import pygame

from game.app.context import AppContext
from game.app.live import PreparedSong, live_from
from game.app.loading import LoadFailed, LoadingScreen, NotPlayed
from game.app.online_menu import host_screen
from game.app.partner_pick import partner_choices, partner_from_book
from game.app.play import PlayOptions, PlayScreen
from game.app.practice import PracticeScreen
from game.app.results_screen import after_play
from game.app.scene import Action, Pumped, Screen
from game.app.setup import player_names, player_setups
from game.app.song_browse_input import BrowseKeys
from game.app.song_plays import load_stats, toggle_favourite
from game.app.song_scan import poll_scan, scan_input
from game.app.window import save_screenshot
from game.audio.stream import OutputFormat
from game.base.language import _
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.core.partner import PartnerError, other_part
from game.input.bindings import TWO_PLAYER_LAYOUTS
from game.input.keyboard import KEYBOARD
from game.library.index import SongRecord
from game.store.play_record import SavedPart
from game.store.settings import Settings
from game.ui.canvas import Canvas
from game.ui.menus import DIFFICULTIES
from game.ui.setlist_panel import toggle_in_setlist
from game.ui.song_select_view import (
    ACTIONS,
    Focus,
    PlayerPick,
    SetupItem,
    SongSelectState,
    draw_song_select,
    note_counts,
    page_size,
    setup_row_boxes,
    song_rows,
    song_select_layout,
)

log = logging.getLogger(__name__)

P2_DIFFICULTY_KEYS = {pygame.K_a: -1, pygame.K_d: 1}
"""Player 2's difficulty keys while browsing a duet."""
SET_KEYS = (pygame.K_F7, pygame.K_INSERT, pygame.K_SPACE, pygame.K_F8)
"""Favourite, add to (or take out of) the setlist, the setlists menu (`_set_key`)."""


def song_select_state(songs: list[SongRecord], settings: Settings) -> SongSelectState:
    """Song select as the players left it last time (in an earlier run too): the song, one or
    two players, their parts, difficulties, presets and devices, and the two-player keyboard
    layout. A song no longer in the library leaves the first song highlighted."""
    last = settings.select
    state = SongSelectState(songs, layout=settings.keyboard.two_player_layout)
    state.highlight(last.song)
    state.players = last.players
    for i, pick in enumerate(state.picks):
        pick.preset = settings.gameplay.window_presets[i]
        pick.device = settings.input.devices[i]
        pick.part, pick.difficulty = last.parts[i], last.difficulties[i]
    if state.players == 2 and {p.part for p in state.picks} != {Part.P1, Part.P2}:
        set_players(state, 2)  # a duet always plays both duet parts
    fit_picks(state)
    return state


class SongSelectScreen(Screen):
    """The song list, the highlighted song's details and the players' setup (see the module)."""

    def __init__(self, state: SongSelectState, play: PlayStarter | None = None) -> None:
        """`play(screen, song, picks)` starts the chosen song (default: `play_song`)."""
        self.state = state
        self.play = play or play_song
        self._shown = False
        self.canvas = Canvas()
        self.browse = BrowseKeys(state, self._search_box)

    def enter(self) -> None:
        """Fresh devices and best scores."""
        self.refresh()

    def suspend(self) -> None:
        """A song starts: the screen as it was left is saved when asked (`song_select_shot`);
        the preview stops before the song loads."""
        self.app.song_preview().stop()
        self._save_shot()

    def leave(self) -> None:
        """Back to the title (or the game quits): saved as `suspend` says, and the song and
        the players' choices remembered for next time."""
        self.app.song_preview().stop()
        self._save_shot()
        remember_select(self.app, self.state)

    def _save_shot(self) -> None:
        surface = pygame.display.get_surface()
        if self.app.song_select_shot is not None and surface is not None:
            save_screenshot(surface, self.app.song_select_shot)

    def resume(self, result: object) -> None:
        """Back from a play (its devices and bests may have changed), or from a song's
        loading that was cancelled or failed (then why)."""
        if isinstance(result, LoadFailed):
            self.state.notice = result.notice
        self.refresh()

    def refresh(self) -> None:
        """List the kits now (plugged in or remembered) and read the bests for the picks."""
        app, state = self.app, self.state
        if app.devices is not None:
            app.devices.refresh()  # kits that came or went while the players were away
            state.devices = [KEYBOARD, *app.devices.ids()]
        if app.book is not None:
            try:  # solo and duet bests apart, shown for what the players pick
                state.best = app.book.song_bests()
            except sqlite3.Error as e:
                log.warning("best scores cannot be read: %s", e)
        load_stats(app, state)  # plays, last plays and favourites

    # input ---------------------------------------------------------------------------------
    def on_input(self, item: Pumped) -> None:
        """A key, click, wheel turn or pad on the list or the setup panel."""
        event = item.event
        if scan_input(self.app, item):
            return
        if event is not None and event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos)
            return
        state = self.state
        if state.focus == Focus.SONGS and state.notice is None and self.browse.handle(item):
            fit_picks(state)  # the search, the order or a jump may highlight another song
            return
        if item.action is None and item.key is None:
            return
        if self.state.focus == Focus.SONGS:
            self._browse(item)
        else:
            self._setup(item)

    def _browse(self, item: Pumped) -> None:
        state, action = self.state, item.action
        if state.notice is not None:  # any key puts the notice away; Esc and Enter do only that
            state.notice = None
            if action in (Action.BACK, Action.SELECT):
                return
        if action == Action.BACK:
            self.stack.pop()
        elif action in (Action.UP, Action.DOWN, Action.PAGE_UP, Action.PAGE_DOWN) and state.songs:
            page = page_size(self.canvas.size)
            step = {Action.UP: -1, Action.DOWN: 1, Action.PAGE_UP: -page, Action.PAGE_DOWN: page}
            if action in (Action.UP, Action.DOWN):
                state.selected = (state.selected + step[action]) % len(state.songs)
            else:
                state.selected = max(0, min(len(state.songs) - 1, state.selected + step[action]))
            fit_picks(state)
        elif action == Action.NEXT:
            set_players(state, 3 - state.players)
        elif action in (Action.LEFT, Action.RIGHT):
            step_difficulty(state, 0, 1 if action == Action.RIGHT else -1)
        elif item.key in P2_DIFFICULTY_KEYS and state.players == 2:
            step_difficulty(state, 1, P2_DIFFICULTY_KEYS[item.key])
        elif action == Action.SELECT:
            self._open_setup()
        elif item.key in SET_KEYS:
            self._set_key(item.key)

    def _set_key(self, key: int) -> None:
        """F7 marks the highlighted song a favourite (or not), Insert or Space adds it to the
        setlist (or takes it out), F8 opens the setlists."""
        if key == pygame.K_F7:
            toggle_favourite(self.app, self.state)
        elif key == pygame.K_F8:
            from game.app.setlists import SetlistsScreen  # it imports this module

            self.stack.push(SetlistsScreen(self.state))
        else:
            toggle_in_setlist(self.state)

    def _search_box(self) -> pygame.Rect:
        """The browse bar's box in window pixels (song select is laid out on the canvas)."""
        box = song_select_layout(self.canvas.size)["browse"]
        k = self.canvas.to_layout((1000, 0))[0] / 1000 or 1.0  # layout pixels per window pixel
        return pygame.Rect(box.left / k, box.top / k, box.width / k, box.height / k)

    def _open_setup(self) -> None:
        state = self.state
        song = state.song
        if song is not None and song.playable:
            state.partners = partner_choices(self.app.book, song)
            if state.partner not in state.partners:
                state.partner = None
            state.focus, state.row = Focus.SETUP, len(state.setup_rows()) - 1
        elif song is not None:
            state.notice = _("{title} cannot be played. {reason}").format(
                title=song.title, reason=song.full_reason
            )

    def _setup(self, item: Pumped) -> None:
        state, action = self.state, item.action
        rows = state.setup_rows()
        if action == Action.BACK:
            state.focus = Focus.SONGS
        elif action in (Action.UP, Action.DOWN):
            state.row = (state.row + (1 if action == Action.DOWN else -1)) % len(rows)
        elif action in (Action.LEFT, Action.RIGHT):
            player, what = rows[state.row]
            change(state, player, what, 1 if action == Action.RIGHT else -1)
            state.row = min(state.row, len(state.setup_rows()) - 1)
        elif action == Action.SELECT:
            self._act(rows[state.row][1])

    def _click(self, pos: tuple[int, int]) -> None:
        point = self.canvas.to_layout(pos)
        state = self.state
        if state.notice is not None:
            state.notice = None
            return
        boxes = song_select_layout(self.canvas.size)
        for i, row in song_rows(state, boxes["songs"]):
            if row.collidepoint(point):
                if i == state.selected and state.focus == Focus.SONGS:
                    self._open_setup()
                else:
                    state.selected, state.focus = i, Focus.SONGS
                    fit_picks(state)
                return
        if state.focus != Focus.SETUP:
            return
        for i, row in enumerate(setup_row_boxes(state, boxes["setup"])):
            if row.collidepoint(point):
                player, what = state.setup_rows()[i]
                state.row = i
                if what in ACTIONS:
                    self._act(what)
                else:
                    change(state, player, what, 1)
                    state.row = min(state.row, len(state.setup_rows()) - 1)
                return

    # playing -------------------------------------------------------------------------------
    def _act(self, what: SetupItem) -> None:
        """A setup row that starts something was chosen: host online, practise or play."""
        if what == SetupItem.ONLINE:
            self.host_online()
        else:
            self.start(practice=what == SetupItem.PRACTICE)

    def host_online(self) -> None:
        """Host the highlighted song as a live duet, player 1's setup as the host's part (the
        full kit's player hosts duet part 1)."""
        state = self.state
        record = state.song
        if record is None or not record.playable:
            return
        picks = [dataclasses.replace(p) for p in state.picks[:1]]
        remember_picks(self.app, picks)
        remember_select(self.app, state)
        screen = host_screen(self.app, record, picks[0])
        if isinstance(screen, str):
            state.notice = screen
            return
        state.focus = Focus.SONGS
        self.stack.push(screen)

    def start(self, practice: bool = False) -> None:
        """Play the highlighted song as the players set it up (their picks are remembered), or
        open practice for it (`practice`)."""
        state = self.state
        record = state.song
        if record is None or not record.playable:
            return
        picks = [dataclasses.replace(p) for p in state.picks[: state.players]]
        state.focus = Focus.SONGS
        remember_picks(self.app, picks)
        remember_select(self.app, state)  # first: the play reads the keyboard layout
        if practice:
            self.stack.push(PracticeScreen(record, picks))
            return
        self.play(self, record, picks)
        remember_select(self.app, state, played=True)  # after: this play may show the keys

    def update(self, now_s: float) -> None:
        """Songs the background scan found, and its progress; the highlighted song's preview
        plays after a moment (`game.app.song_preview`)."""
        if poll_scan(self.app, self.state):
            fit_picks(self.state)
        self.app.song_preview().want(self.state.song, now_s)

    def draw(self, surface: pygame.Surface) -> None:
        """The list, the details and the setup."""
        canvas = self.canvas.surface_for(surface)
        draw_song_select(canvas, self.state)
        self.canvas.present(surface, canvas)

    def frame_drawn(self, draw_s: float) -> None:
        """The first frame shown is logged with the wall clock (the start-up benchmark)."""
        if not self._shown:
            self._shown = True
            log.info("song select shown at %.4f s since the epoch", time.time())


PlayStarter = Callable[[SongSelectScreen, SongRecord, list[PlayerPick]], None]
"""Starts a song from song select with the players' picks."""


def play_song(screen: SongSelectScreen, record: SongRecord, picks: list[PlayerPick]) -> None:
    """Load the song (the loading screen shows how far it has come; Esc cancels) and play it
    over song select; a song that will not load comes back here saying why."""
    app = screen.app
    setups = player_setups(app.settings, picks)
    devices = tuple(p.device for p in picks)
    names = player_names(app.settings, len(picks))
    saved = screen.state.partner if len(picks) == 1 else None
    partner = None
    if saved is not None and app.book is not None:
        try:
            partner = partner_from_book(app.book, saved, record.chart_sha256 or "", picks[0].part)
        except PartnerError as e:
            screen.state.notice = _not_partner(saved, e)
            return
        setups.append(partner.setup)
        devices += (KEYBOARD,)  # their hits come from their replay
        names += (saved.name,)
    options = PlayOptions.from_settings(
        setups,
        app.settings,
        devices=devices,
        names=names,
        key_labels=app.settings.select.key_labels(app.settings.gameplay.key_labels),
        partner=partner,
    )

    def start(prepared: PreparedSong, output: OutputFormat) -> Screen:
        if saved is not None and prepared.song.chart_sha256 != record.chart_sha256:
            # The chart changed since the library read it: the replay is of the old one.
            problem = PartnerError(f"{prepared.song.chart_file}: changed since it was recorded")
            return NotPlayed(_not_partner(saved, problem))
        live = live_from(prepared, options, app.devices, output)
        return PlayScreen(live, then=after_play, practice=partner is None)

    screen.stack.push(LoadingScreen(record, options, start=start))


def _not_partner(saved: SavedPart, problem: PartnerError) -> str:
    """Why the saved play `saved` cannot be the partner, for the players (and the log)."""
    log.warning("%s", problem)
    return _("{name}'s play cannot be your partner: {reason}").format(
        name=saved.name, reason=problem
    )


def remember_picks(app: AppContext, picks: list[PlayerPick]) -> None:
    """Keep each player's window preset and input device in the settings for next time."""
    before = app.settings
    presets = list(before.gameplay.window_presets)
    devices = list(before.input.devices)
    for i, pick in enumerate(picks):
        presets[i], devices[i] = pick.preset, pick.device
    if tuple(presets) == before.gameplay.window_presets and tuple(devices) == before.input.devices:
        return
    gameplay = dataclasses.replace(before.gameplay, window_presets=tuple(presets))
    inputs = dataclasses.replace(before.input, devices=tuple(devices))
    app.set_settings(dataclasses.replace(before, gameplay=gameplay, input=inputs))


def remember_select(app: AppContext, state: SongSelectState, played: bool = False) -> None:
    """Keep the highlighted song, the players, their parts and difficulties and the two-player
    keyboard layout in the settings for the next launch (saved only when they changed);
    `played` counts a play started (the strike line's key labels show for the first plays)."""
    before = app.settings
    song = state.song
    picks = state.picks
    select = dataclasses.replace(
        before.select,
        song=str(song.folder) if song is not None else before.select.song,
        players=state.players,
        parts=(picks[0].part, picks[1].part),
        difficulties=(picks[0].difficulty, picks[1].difficulty),
        plays=before.select.plays + (1 if played else 0),
    )
    keyboard = dataclasses.replace(before.keyboard, two_player_layout=state.layout)
    if select == before.select and keyboard == before.keyboard:
        return
    app.set_settings(dataclasses.replace(before, select=select, keyboard=keyboard))


def change(state: SongSelectState, player: int, what: SetupItem, step: int) -> None:
    """Change the setup row `what` of `player` (-1: the rows of both) by `step`."""
    if what == SetupItem.PLAYERS:
        set_players(state, 3 - state.players)
        return
    if what == SetupItem.KEYS:
        state.layout = _cycle(TWO_PLAYER_LAYOUTS, state.layout, step)
        return
    if player < 0:
        return
    pick = state.picks[player]
    if what == SetupItem.PARTNER:
        state.partner = _cycle([None, *state.partners], state.partner, step)
        if state.partner is not None:  # you play the part the partner did not
            pick.part = other_part(state.partner.part)
        fit_picks(state)
    elif what == SetupItem.DIFFICULTY:
        step_difficulty(state, player, step)
    elif what == SetupItem.TIMING:
        pick.preset = _cycle(WindowPreset, pick.preset, step)
    elif what == SetupItem.INPUT:
        pick.device = _cycle(state.devices, pick.device, step)
    elif what == SetupItem.PART:
        if state.players == 2:  # the two players swap the duet's parts
            other = state.picks[1 - player]
            pick.part, other.part = other.part, pick.part
        else:
            pick.part = _cycle(_parts(state), pick.part, step)
            partner = state.partner
            if partner is not None and pick.part is not other_part(partner.part):
                state.partner = None  # a duet with them is on the other part only
        fit_picks(state)


def _cycle(options, current, step: int):
    options = list(options)
    i = options.index(current) if current in options else 0
    return options[(i + step) % len(options)]


def _parts(state: SongSelectState) -> list[Part]:
    song = state.song
    parts = [p for p in Part if song is not None and note_counts(song, p)]
    return parts or [Part.FULL]


def _difficulties(state: SongSelectState, part: Part) -> list[Difficulty]:
    song = state.song
    counts = note_counts(song, part) if song is not None else {}
    return [d for d in DIFFICULTIES if d in counts] or list(Difficulty.standard())


def set_players(state: SongSelectState, players: int) -> None:
    """One player (the full kit) or a duet (the two duet parts); no saved play as a partner."""
    state.players = players
    state.partner = None
    if players == 2:
        state.picks[0].part, state.picks[1].part = Part.P1, Part.P2
    else:
        state.picks[0].part = Part.FULL
    fit_picks(state)


def fit_picks(state: SongSelectState) -> None:
    """Keep every pick playable on the highlighted song: a part it has, a difficulty charted."""
    for pick in state.picks[: state.players]:
        if state.players == 1 and pick.part not in _parts(state):
            pick.part = _parts(state)[0]
        options = _difficulties(state, pick.part)
        if pick.difficulty not in options:
            lower = [
                d for d in options if DIFFICULTIES.index(d) <= DIFFICULTIES.index(pick.difficulty)
            ]
            pick.difficulty = lower[-1] if lower else options[0]


def step_difficulty(state: SongSelectState, player: int, step: int) -> None:
    """Player `player`'s difficulty one charted step harder (`step` 1) or easier (-1)."""
    pick = state.picks[player]
    options = _difficulties(state, pick.part)
    i = options.index(pick.difficulty) if pick.difficulty in options else len(options) - 1
    pick.difficulty = options[max(0, min(len(options) - 1, i + step))]
