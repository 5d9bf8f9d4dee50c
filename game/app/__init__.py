"""The game: open the window and go from the title to song select, play and results."""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pygame

from game.app import flow
from game.app.devices import KitHits
from game.app.play import LivePlay, PlayOptions, PlayResult, run_play
from game.app.setup import keymap_for, player_setups
from game.app.window import WINDOW_TITLE, open_window, save_screenshot
from game.audio.stream import pre_init_output
from game.core.calibration import offset_from_play
from game.core.devices import DeviceId
from game.formats.song_folder import load_song
from game.input.keyboard import KEYBOARD
from game.input.kit_devices import KitDevices
from game.library.index import SongRecord
from game.library.player import library_roots, open_library
from game.store.pending_plays import PendingPlays
from game.store.scores import ScoreBook
from game.store.settings import LoadedSettings, Settings, load_settings, save_settings
from game.ui.menus import TITLE_MENU, PlayerPick, SongSelectState, draw_song_select

log = logging.getLogger(__name__)


@dataclass
class Game:
    """What lives from the title to quitting: the window, settings, scores and the library."""

    surface: pygame.Surface
    loaded: LoadedSettings
    book: ScoreBook | None
    select: SongSelectState
    devices: KitDevices | None = None
    notice: str | None = None
    last_play_median_ms: float | None = None
    """The median hit error of player 1's last finished play (for calibration), ms."""
    last_play_device: DeviceId = KEYBOARD
    """Player 1's input device in that play."""
    pending: PendingPlays = field(default_factory=PendingPlays)
    """The finished plays the score book could not take yet (stored at start, at the next
    save, and when the results screen is left)."""

    @property
    def settings(self) -> Settings:
        """The player's settings as they are now."""
        return self.loaded.settings


def run(
    quit_after_s: float | None = None,
    screenshot: Path | None = None,
    start_at: str = "title",
) -> int:
    """The game: title menu, song select, play, results, settings; return an exit code.

    `screenshot` saves the song-select screen as it was left; `quit_after_s` closes the game
    that many seconds after the window opens; `start_at="song-select"` skips the title (for
    tests, demos and the start-up benchmark).
    """
    game: Game | None = None
    loaded = load_settings(set_aside=True)  # the game writes settings: a non-TOML file is moved
    for warning in loaded.warnings:
        log.warning("settings: %s", warning)
    _pre_init(loaded.settings)
    pygame.init()
    try:
        surface = open_window(loaded.settings.video)
        if quit_after_s is not None:
            pygame.time.set_timer(pygame.QUIT, max(1, round(quit_after_s * 1000)), loops=1)
        with open_library() as library:
            library.scan(library_roots())
            songs = library.songs()
        log.info("found %d songs", len(songs))
        book, book_notice = flow.open_score_book()
        game = Game(surface, loaded, book, _song_select_state(songs, loaded.settings))
        game.pending.retry(book)  # plays kept while the book was busy, stored now if it is free
        game.devices = KitDevices(
            loaded.settings.input.midi_api, remembered=loaded.settings.input.devices
        )
        game.notice = loaded.notice or book_notice
        choice = "Play" if start_at == "song-select" else None
        last = 0  # back on the title, the menu line the players came from is highlighted
        while True:
            if choice is None:
                choice = flow.title_screen(game.surface, game.notice, last)
            last = TITLE_MENU.index(choice)
            if choice == "Quit":
                return 0
            choice = _go(game, choice, screenshot)
            if choice == "Quit":
                return 0
    finally:
        if game is not None and game.devices is not None:
            game.devices.close()
        pygame.quit()


def _pre_init(settings: Settings) -> None:
    """Have `pygame.init()` open the mixer as the audio settings ask."""
    audio = settings.audio
    pre_init_output(audio.sample_rate, audio.buffer_frames, audio.output_device)


def _song_select_state(songs: list[SongRecord], settings: Settings) -> SongSelectState:
    state = SongSelectState(songs)
    for i, pick in enumerate(state.picks):
        pick.preset = settings.gameplay.window_presets[i]
        pick.device = settings.input.devices[i]
    return state


def _go(game: Game, choice: str, screenshot: Path | None) -> str | None:
    """Open the screen `choice` of the title menu; then the next one to open: None for the
    title, "Play" for song select (the tutorial's last card leads there), "Quit" when the
    player quits the game."""
    if choice == "Play":
        return None if _play_songs(game, screenshot) else "Quit"
    following: str | None = None
    if choice == "Settings":
        from game.app.settings_screen import settings_screen

        before = game.settings
        after = settings_screen(game.surface, before)
        game.loaded = dataclasses.replace(game.loaded, settings=after)
        if after.video != before.video:
            game.surface = open_window(after.video)
    elif choice == "Calibrate":
        from game.app.calibrate import calibration_screen

        after = calibration_screen(
            game.surface,
            game.settings,
            game.last_play_median_ms,
            last_play_device=game.last_play_device,
        )
        game.loaded = dataclasses.replace(game.loaded, settings=after)
    elif choice == "Tutorial":
        from game.app.tutorial import tutorial

        end = tutorial(game.surface, game.settings, keymap_for(game.settings, 1))
        if end.result is not None:
            errors = flow.hit_errors_ms(end.result, 0)
            game.last_play_median_ms = offset_from_play(errors, min_hits=1)
            game.last_play_device = KEYBOARD
        if end.to_song_select:
            following = "Play"
    return "Quit" if pygame.event.peek(pygame.QUIT) else following


def _play_songs(game: Game, screenshot: Path | None) -> bool:
    """Song select and play until the players go back (True) or quit the game (False)."""
    state = game.select
    while True:
        if game.devices is not None:
            game.devices.refresh()  # kits that came or went while the players were away
            state.devices = [KEYBOARD, *game.devices.ids()]  # and remembered ones unplugged
        if game.book is not None:
            try:  # solo and duet bests apart, shown for what the players pick
                state.best = game.book.song_bests()
            except sqlite3.Error as e:
                log.warning("best scores cannot be read: %s", e)
        picks = flow.song_select(game.surface, state)
        if screenshot is not None:
            draw_song_select(game.surface, state)
            save_screenshot(game.surface, screenshot)
        if picks is None or state.song is None:
            return not pygame.event.peek(pygame.QUIT)
        _remember_picks(game, picks)
        options = PlayOptions.from_settings(
            player_setups(game.settings, picks),
            game.settings,
            devices=tuple(p.device for p in picks),
        )

        def live_factory(song, options: PlayOptions) -> LivePlay:
            return _live_factory(song, options, game.devices)

        going_on, result = flow.play_song(
            game.surface, state.song, options, live_factory, game.book, game.pending
        )
        if result is not None:
            game.last_play_median_ms = offset_from_play(flow.hit_errors_ms(result, 0), min_hits=1)
            game.last_play_device = picks[0].device
        if not going_on:
            return False


def _remember_picks(game: Game, picks: list[PlayerPick]) -> None:
    """Keep each player's window preset and input device in the settings for next time."""
    presets = list(game.settings.gameplay.window_presets)
    devices = list(game.settings.input.devices)
    for i, pick in enumerate(picks):
        presets[i], devices[i] = pick.preset, pick.device
    before = game.settings
    if tuple(presets) == before.gameplay.window_presets and tuple(devices) == before.input.devices:
        return
    gameplay = dataclasses.replace(before.gameplay, window_presets=tuple(presets))
    inputs = dataclasses.replace(before.input, devices=tuple(devices))
    settings = dataclasses.replace(before, gameplay=gameplay, input=inputs)
    game.loaded = dataclasses.replace(game.loaded, settings=settings)
    try:
        save_settings(settings)
    except OSError as e:
        log.warning("settings not saved: %s", e)


def _live_factory(song, options: PlayOptions, devices: KitDevices | None = None) -> LivePlay:
    from game.app.sounds import guide_for, hit_sounds_at, song_backing
    from game.audio.drumkit import shared_kit
    from game.audio.stream import open_output
    from game.input.keyboard import KeyboardMapper

    audio = options.settings.audio
    # the device says the rate; a device not there falls back to the default, with a notice
    output = open_output(audio.sample_rate, audio.buffer_frames, audio.output_device)
    rate = output.rate
    backing = song_backing(song, rate)
    if backing.notice:
        log.warning(backing.notice)
    shared_kit(rate).warm()  # every live hit's sound is ready before the song starts
    guide = guide_for(song, options.setups, rate) if audio.guide_drums else None
    mapper = KeyboardMapper(keymap_for(options.settings, len(options.setups)))
    live = LivePlay(
        song,
        options,
        backing.music,
        hit_sounds_at(rate),
        mapper.map_key,
        backing.drums,
        guide,
        rate=rate,
    )
    live.notice = " ".join(n for n in (output.notice, backing.notice) if n) or None
    players = list(options.devices) or [KEYBOARD] * len(options.setups)
    if any(d != KEYBOARD for d in players):
        devices = devices or KitDevices(options.settings.input.midi_api, remembered=players)
        live.kit_hits = KitHits(
            devices, options.settings, players, live.clock.input_time, live.hit_at_once
        )
        live.notice = live.kit_hits.notice or live.notice
    return live


def run_song(song_path: Path, options: PlayOptions) -> PlayResult:
    """Open the window as the settings say and play one song (the headless entry for tests and
    demos)."""
    song = load_song(song_path)
    _pre_init(options.settings)
    pygame.init()
    try:
        surface = open_window(options.settings.video, f"{WINDOW_TITLE} — {song.chart.meta.title}")
        result = run_play(_live_factory(song, options), surface)
        if result.finished and not options.quit_at_end:
            flow.results_screen(surface, song, result, options, None)  # until Enter or Esc
        return result
    finally:
        pygame.quit()
