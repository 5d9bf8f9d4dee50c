"""The game loop: open the window, pump input, draw the current scene."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pygame

from game.app.play import LivePlay, PlayOptions, PlayResult, run_play
from game.formats.song_folder import load_song
from game.library.player import library_roots, open_library
from game.ui.song_list import SongListScene

log = logging.getLogger(__name__)

WINDOW_SIZE = (1280, 720)
WINDOW_TITLE = "Drum Duet"


def run(quit_after_s: float | None = None, screenshot: Path | None = None) -> int:
    """Open the game window on the song list; return an exit code.

    `quit_after_s` closes the window after that many seconds and `screenshot` saves the last
    frame drawn (both for tests and demos).
    """
    pygame.init()
    try:
        surface = pygame.display.set_mode(WINDOW_SIZE, pygame.RESIZABLE)
        pygame.display.set_caption(WINDOW_TITLE)
        with open_library() as library:
            library.scan(library_roots())
            songs = library.songs()
        log.info("found %d songs", len(songs))
        scene = SongListScene(songs)
        clock = pygame.time.Clock()
        start = time.perf_counter()
        while not scene.done:
            for event in pygame.event.get():
                if event.type == pygame.VIDEORESIZE:
                    surface = pygame.display.get_surface()
                scene.handle(event)
            scene.draw(surface)
            pygame.display.flip()
            if quit_after_s is not None and time.perf_counter() - start >= quit_after_s:
                break
            clock.tick(60)
        if screenshot is not None:
            scene.draw(surface)  # the state after the last event handled
            pygame.image.save(surface, str(screenshot))
        return 0
    finally:
        pygame.quit()


def run_song(
    song_path: Path, options: PlayOptions, window_size: tuple[int, int] = WINDOW_SIZE
) -> PlayResult:
    """Open the window and play one song (the headless entry for tests and demos)."""
    from game.app.sounds import backing_for, hit_sound_for
    from game.input.bindings import default_keymap
    from game.input.keyboard import KeyboardMapper

    song = load_song(song_path)
    pygame.mixer.pre_init(44100, 32, 2, 512)
    pygame.init()
    try:
        surface = pygame.display.set_mode(window_size, pygame.RESIZABLE)
        pygame.display.set_caption(f"{WINDOW_TITLE} — {song.chart.meta.title}")
        backing, notice = backing_for(song)
        mapper = KeyboardMapper(default_keymap(len(options.setups)))
        live = LivePlay(song, options, backing, hit_sound_for, mapper.map_key)
        result = run_play(live, surface)
        if notice:
            log.warning(notice)
        return result
    finally:
        pygame.quit()
