"""The game's flow: title -> song select -> play -> results (saved with the replay) -> back.

Each screen is a small loop that pumps events, so tests can post events and call it.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pygame

from game.app.play import LivePlay, PlayOptions, PlayResult, run_play
from game.core.engine import EngineParams
from game.core.lanes import Difficulty, Part
from game.core.replay import PlayerSetup, record
from game.core.report import session_dict
from game.formats.errors import ChartError
from game.formats.replay_file import replay_to_json
from game.formats.song_folder import LoadedSong, load_song
from game.library.index import SongRecord
from game.store.scores import PlayRecord, ReplayTooLargeError, ScoreBook, ScoreBookError
from game.ui.menus import DIFFICULTIES, SongSelectState, draw_song_select, draw_title
from game.ui.results import PlayerResults, ResultsView

log = logging.getLogger(__name__)
FRAME_S = 1 / 60


def title_screen(surface: pygame.Surface, notice: str | None = None) -> bool:
    """Show the title until Enter (True) or Esc / close (False)."""
    while True:
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                return False
            if event.type == pygame.KEYDOWN:
                if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                    return True
                if event.key == pygame.K_ESCAPE:
                    return False
        surface = pygame.display.get_surface() or surface
        draw_title(surface, notice)
        pygame.display.flip()
        time.sleep(FRAME_S)


def song_select(surface: pygame.Surface, state: SongSelectState) -> list[PlayerSetup] | None:
    """Let the players pick a song, one or two players and difficulties; None to go back."""
    while True:
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                return None
            if event.type != pygame.KEYDOWN:
                continue
            key = event.key
            if key == pygame.K_ESCAPE:
                return None
            if key in (pygame.K_DOWN, pygame.K_UP) and state.songs:
                step = 1 if key == pygame.K_DOWN else -1
                state.selected = (state.selected + step) % len(state.songs)
            elif key == pygame.K_TAB:
                state.players = 3 - state.players
            elif key in (pygame.K_LEFT, pygame.K_RIGHT):
                _step_difficulty(state, 0, 1 if key == pygame.K_RIGHT else -1)
            elif key in (pygame.K_a, pygame.K_d) and state.players == 2:
                _step_difficulty(state, 1, 1 if key == pygame.K_d else -1)
            elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                song = state.song
                if song is not None and song.playable:
                    return _setups(state)
        surface = pygame.display.get_surface() or surface
        draw_song_select(surface, state)
        pygame.display.flip()
        time.sleep(FRAME_S)


def _step_difficulty(state: SongSelectState, player: int, step: int) -> None:
    state.difficulty[player] = max(0, min(len(DIFFICULTIES) - 1, state.difficulty[player] + step))


def _setups(state: SongSelectState) -> list[PlayerSetup]:
    if state.players == 1:
        return [PlayerSetup(Part.FULL, DIFFICULTIES[state.difficulty[0]], EngineParams())]
    return [
        PlayerSetup(Part.P1, DIFFICULTIES[state.difficulty[0]], EngineParams()),
        PlayerSetup(Part.P2, DIFFICULTIES[state.difficulty[1]], EngineParams()),
    ]


def save_play(
    book: ScoreBook | None, song: LoadedSong, result: PlayResult, options: PlayOptions
) -> int | None:
    """Save a finished play with its replay; None when there is no score book."""
    if book is None or not result.finished:
        return None
    stats = session_dict(result.session)
    replay = replay_to_json(
        record(str(song.path), song.chart_sha256, options.setups, result.session)
    )
    meta = song.chart.meta
    fields = (
        str(song.path),
        song.chart_sha256,
        meta.title,
        meta.artist,
        stats,
        options.setups,
        list(options.names),
    )
    try:
        return book.save_play(PlayRecord.from_stats(*fields, replay))
    except ReplayTooLargeError:  # keep the score, without its replay
        return book.save_play(PlayRecord.from_stats(*fields))


def results_screen(
    surface: pygame.Surface,
    song: LoadedSong,
    result: PlayResult,
    options: PlayOptions,
    book: ScoreBook | None,
) -> bool:
    """Show the results until Enter (True: back to song select) or Esc (False: quit)."""
    stats = session_dict(result.session)
    players = []
    for i, engine in enumerate(result.session.engines):
        setup = options.setups[i]
        highs = []
        if book is not None:
            highs = [
                (h.name, h.score, h.grade)
                for h in book.best_scores(song.chart_sha256, setup.part, setup.difficulty)
            ]
        hit = [k for k, t in enumerate(engine.hit_times.tolist()) if t == t]
        errors = [float((engine.hit_times[k] - engine.track.times[k]) * 1000) for k in hit]
        players.append(
            PlayerResults(
                options.names[i],
                stats["players"][i],
                errors,
                [float(engine.track.times[k]) for k in hit],
                highs,
            )
        )
    view = ResultsView(song.chart.meta.title, players, stats.get("team"), song.chart.duration_s)
    while True:
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                return False
            if event.type == pygame.KEYDOWN:
                if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                    return True
                if event.key == pygame.K_ESCAPE:
                    return False
        surface = pygame.display.get_surface() or surface
        view.draw(surface)
        pygame.display.flip()
        time.sleep(FRAME_S)


def open_score_book() -> tuple[ScoreBook | None, str | None]:
    """The player's score book, or None and a notice when it cannot be opened."""
    try:
        return ScoreBook(), None
    except ScoreBookError as e:
        log.warning("scores: %s", e)
        return None, f"Scores cannot be saved: {e}"


def play_song(
    surface: pygame.Surface,
    record_: SongRecord,
    setups: list[PlayerSetup],
    live_factory,
    book: ScoreBook | None,
) -> bool:
    """Load, play, save and show the results of one song; False when the player quits."""
    try:
        song = load_song(Path(record_.folder))
    except ChartError as e:
        log.warning("%s", e)
        return True
    options = PlayOptions(setups)
    while True:
        live: LivePlay = live_factory(song, options)
        result = run_play(live, surface)
        if not result.restart:
            break
    save_play(book, song, result, options)
    if not result.finished:
        return True
    return results_screen(surface, song, result, options, book)


def difficulty_index(difficulty: Difficulty) -> int:
    """Position of `difficulty` in the song-select choices."""
    return DIFFICULTIES.index(difficulty)
