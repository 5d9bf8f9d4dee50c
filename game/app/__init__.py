"""The game: build the app context once, open the window, and run the one loop over the
screens from the title (or song select) until the players quit."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pygame

from game.app.context import AppContext, open_score_book
from game.app.live import live_play
from game.app.loop import Loop
from game.app.play import PlayOptions, PlayResult, PlayScreen
from game.app.results_screen import ResultsScreen, save_play
from game.app.screens import title_screen_for
from game.app.song_plays import open_song_book
from game.app.title import TitleScreen
from game.app.window import WINDOW_TITLE, open_window
from game.audio.stream import pre_init_output
from game.base.language import set_language, system_language
from game.formats.song_folder import LoadedSong, load_song
from game.input.keyboard import KEYBOARD
from game.input.kit_devices import KitDevices
from game.library.player import scan_service
from game.store.settings import LoadedSettings, Settings, load_settings
from game.ui.menus import TitleChoice

log = logging.getLogger(__name__)


def run(
    quit_after_s: float | None = None,
    screenshot: Path | None = None,
    start_at: str = "title",
) -> int:
    """The game: title menu, song select, play, results, settings; return an exit code.

    `screenshot` saves song select as the players leave it; `quit_after_s` closes the game
    that many seconds after the window opens; `start_at="song-select"` skips the title (for
    tests, demos and the start-up benchmark).
    """
    set_language(system_language())  # the settings' own notices, before they name a language
    loaded = load_settings(set_aside=True)  # the game writes settings: a non-TOML file is moved
    set_language(loaded.settings.interface.spoken())
    for warning in loaded.warnings:
        log.warning("settings: %s", warning)
    _pre_init(loaded.settings)
    pygame.init()
    app: AppContext | None = None
    try:
        open_window(loaded.settings.video)
        if quit_after_s is not None:
            pygame.time.set_timer(pygame.QUIT, max(1, round(quit_after_s * 1000)), loops=1)
        app = build_context(loaded)
        app.song_select_shot = screenshot
        loop = Loop(app)
        loop.stack.push(TitleScreen())
        if start_at == "song-select":
            loop.stack.push(title_screen_for(TitleChoice.PLAY, app))
        loop.run()
        return 0
    finally:
        if app is not None:
            app.close()
        pygame.quit()


def build_context(loaded: LoadedSettings) -> AppContext:
    """The services every screen shares: the library's songs (what the index holds now; the
    background scan, started here, brings it up to date while the game runs), the score book
    (and the plays kept while it was busy, stored now if it is free), and the one device list."""
    scan = scan_service()
    songs = scan.load()
    scan.start()
    log.info("%d songs in the index; scanning the song folders in the background", len(songs))
    book, book_notice = open_score_book()
    app = AppContext(loaded, book, songs=songs, notice=loaded.notice or book_notice, scan=scan)
    app.pending.retry(book)
    app.song_book, song_book_notice = open_song_book()
    app.notice = app.notice or song_book_notice
    app.open_devices()
    return app


def _pre_init(settings: Settings) -> None:
    """Have `pygame.init()` open the mixer as the audio settings ask."""
    audio = settings.audio
    pre_init_output(audio.sample_rate, audio.buffer_frames, audio.output_device)


def run_song(song_path: Path | LoadedSong, options: PlayOptions, save: bool = False) -> PlayResult:
    """Open the window as the settings say and play one song (the headless entry for tests and
    demos); its results are shown until Enter or Esc unless `options.quit_at_end`. With `save`,
    a finished play is saved with its replay in the player's score book (kept pending when the
    book cannot take it), as song select saves it; `result.saved` says where."""
    song = song_path if isinstance(song_path, LoadedSong) else load_song(song_path)
    if options.speed != 1.0:  # played as practice plays it: the chart at the tempo
        song = dataclasses.replace(song, chart=song.chart.at_speed(options.speed))
    set_language(options.settings.interface.spoken())
    _pre_init(options.settings)
    pygame.init()
    app = AppContext(LoadedSettings(options.settings))
    if save:
        app.book, app.notice = open_score_book()
    try:
        open_window(options.settings.video, f"{WINDOW_TITLE} — {song.chart.meta.title}")
        if any(d != KEYBOARD for d in options.devices):
            app.devices = KitDevices(options.settings.input.midi_api, remembered=options.devices)

        def results(result: PlayResult, play: PlayScreen) -> ResultsScreen | None:
            if save:
                result.saved = save_play(app.book, song, result, options, app.pending)
            if result.finished and not options.quit_at_end:
                notice = result.saved.notice if result.saved is not None else None
                return ResultsScreen(song, result, options, notice or app.notice)
            return None

        screen = PlayScreen(live_play(song, options, app.devices, app.audio_output()), results)
        Loop(app).run(screen)
        assert screen.result is not None
        return screen.result
    finally:
        app.close()
        if app.book is not None:
            app.book.close()
        pygame.quit()
