"""The game: open the window and go from the title to song select, play and results."""

from __future__ import annotations

import logging
from pathlib import Path

import pygame

from game.app.play import LivePlay, PlayOptions, PlayResult, run_play
from game.formats.song_folder import load_song
from game.library.player import library_roots, open_library

log = logging.getLogger(__name__)

WINDOW_SIZE = (1280, 720)
WINDOW_TITLE = "Drum Duet"


def run(quit_after_s: float | None = None, screenshot: Path | None = None) -> int:
    """The game: title, song select, play, results, and round again; return an exit code.

    `screenshot` saves the song-select screen as it was left; `quit_after_s` closes the game
    that many seconds after the title appears (both for tests and demos).
    """
    from game.app import flow
    from game.ui.menus import SongSelectState, draw_song_select

    pygame.mixer.pre_init(44100, 32, 2, 512)
    pygame.init()
    try:
        surface = pygame.display.set_mode(WINDOW_SIZE, pygame.RESIZABLE)
        pygame.display.set_caption(WINDOW_TITLE)
        if quit_after_s is not None:
            pygame.time.set_timer(pygame.QUIT, max(1, round(quit_after_s * 1000)), loops=1)
        with open_library() as library:
            library.scan(library_roots())
            songs = library.songs()
        log.info("found %d songs", len(songs))
        book, notice = flow.open_score_book()
        state = SongSelectState(songs)
        while flow.title_screen(surface, notice):
            while True:
                if book is not None:
                    state.best = {
                        s.chart_sha256: max(book.best_for_song(s.chart_sha256).values(), default=0)
                        for s in songs
                        if s.chart_sha256
                    }
                setups = flow.song_select(surface, state)
                if screenshot is not None:
                    draw_song_select(surface, state)
                    pygame.image.save(surface, str(screenshot))
                if setups is None or state.song is None:
                    break
                if not flow.play_song(surface, state.song, setups, _live_factory, book):
                    return 0
        return 0
    finally:
        pygame.quit()


def _live_factory(song, options: PlayOptions) -> LivePlay:
    from game.app.sounds import backing_for, hit_sound_for
    from game.audio.drumkit import shared_kit
    from game.input.bindings import default_keymap
    from game.input.keyboard import KeyboardMapper

    backing, notice = backing_for(song)
    if notice:
        log.warning(notice)
    shared_kit()  # render the kit now, not on the first hit
    mapper = KeyboardMapper(default_keymap(len(options.setups)))
    return LivePlay(song, options, backing, hit_sound_for, mapper.map_key)


def run_song(
    song_path: Path, options: PlayOptions, window_size: tuple[int, int] = WINDOW_SIZE
) -> PlayResult:
    """Open the window and play one song (the headless entry for tests and demos)."""
    song = load_song(song_path)
    pygame.mixer.pre_init(44100, 32, 2, 512)
    pygame.init()
    try:
        surface = pygame.display.set_mode(window_size, pygame.RESIZABLE)
        pygame.display.set_caption(f"{WINDOW_TITLE} — {song.chart.meta.title}")
        result = run_play(_live_factory(song, options), surface)
        if result.finished and not options.quit_at_end:
            from game.app import flow

            flow.results_screen(surface, song, result, options, None)  # until Enter or Esc
        return result
    finally:
        pygame.quit()
