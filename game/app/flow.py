"""The game's flow: title -> song select -> play -> results (saved with the replay) -> back.

Each screen is a small loop that pumps events, so tests can post events and call it. (*) A
screen takes its events one at a time: when it returns, the keys pressed after the one that
closed it stay queued for the next screen (a batch taken with `pygame.event.get()` would drop
them).
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
import time
from pathlib import Path

import pygame

from game.app.play import LivePlay, PlayOptions, PlayResult, run_play
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.core.replay import record
from game.core.report import SessionReport
from game.formats.errors import ChartError
from game.formats.names import readable_name
from game.formats.replay_file import replay_to_json
from game.formats.song_folder import LoadedSong, load_song
from game.library.index import SongRecord
from game.store.pending_plays import PendingPlays, SaveOutcome
from game.store.play_record import PlayRecord, SongFacts
from game.store.scores import ScoreBook, ScoreBookError
from game.ui.canvas import Canvas
from game.ui.menus import (
    DIFFICULTIES,
    TITLE_MENU,
    PlayerPick,
    SongSelectState,
    draw_song_select,
    draw_title,
    note_counts,
)
from game.ui.results import PlayerResults, ResultsView

log = logging.getLogger(__name__)
FRAME_S = 1 / 60
CANVAS = Canvas()


def title_screen(surface: pygame.Surface, notice: str | None = None, selected: int = 0) -> str:
    """Show the title menu until a choice is made; return it ("Play" ... "Quit").

    Esc asks "Quit Drum Duet?" first (Enter on "Yes, quit" or Y quits; Esc, N or "No" stays);
    closing the window quits at once.
    """
    confirm: int | None = None  # the quit question's highlighted button while it is asked
    while True:
        while (event := pygame.event.poll()).type != pygame.NOEVENT:  # one at a time (*)
            if event.type == pygame.QUIT:
                return "Quit"
            if event.type != pygame.KEYDOWN:
                continue
            if confirm is not None:
                confirm = _quit_question_key(confirm, event.key)
                if confirm == QUIT:
                    return "Quit"
            elif event.key in (pygame.K_UP, pygame.K_DOWN):
                step = 1 if event.key == pygame.K_DOWN else -1
                selected = (selected + step) % len(TITLE_MENU)
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                return TITLE_MENU[selected]
            elif event.key == pygame.K_ESCAPE:
                confirm = 0  # "Yes, quit" highlighted: Esc then Enter quits
        surface = pygame.display.get_surface() or surface
        canvas = CANVAS.surface_for(surface)
        draw_title(canvas, notice, selected, confirm)
        CANVAS.present(surface, canvas)
        pygame.display.flip()
        time.sleep(FRAME_S)


LEAVE_RESULTS_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE)
"""The keys that leave the results for song select (Esc too: it never quits the game)."""
QUIT = -1
"""`_quit_question_key`'s answer when the player confirmed quitting."""


def _quit_question_key(selected: int, key: int) -> int | None:
    """A key on the quit question with button `selected` (0 "Yes, quit", 1 "No") highlighted:
    the button highlighted next, None to stay in the game, or `QUIT`."""
    if key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN, pygame.K_TAB):
        return 1 - selected
    if key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
        return QUIT if selected == 0 else None
    if key == pygame.K_y:
        return QUIT
    if key in (pygame.K_ESCAPE, pygame.K_n):
        return None
    return selected


def song_select(surface: pygame.Surface, state: SongSelectState) -> list[PlayerPick] | None:
    """Let the players pick a song and set themselves up; their picks, or None to go back."""
    shown = False
    while True:
        while (event := pygame.event.poll()).type != pygame.NOEVENT:  # one at a time (*)
            if event.type == pygame.QUIT:
                pygame.event.post(event)  # the game quits, not only this screen
                return None
            if event.type != pygame.KEYDOWN:
                continue
            if state.focus == "songs":
                if not _browse_key(state, event.key):
                    return None
            elif _setup_key(state, event.key):
                state.focus = "songs"
                return [dataclasses.replace(p) for p in state.picks[: state.players]]
        surface = pygame.display.get_surface() or surface
        canvas = CANVAS.surface_for(surface)
        draw_song_select(canvas, state)
        CANVAS.present(surface, canvas)
        pygame.display.flip()
        if not shown:
            shown = True
            log.info("song select shown at %.4f s since the epoch", time.time())
        time.sleep(FRAME_S)


def _browse_key(state: SongSelectState, key: int) -> bool:
    """Handle a key while browsing songs; False to leave song select."""
    if state.notice is not None:  # any key puts the notice away; Esc and Enter do only that
        state.notice = None
        if key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER):
            return True
    if key == pygame.K_ESCAPE:
        return False
    if key in (pygame.K_DOWN, pygame.K_UP) and state.songs:
        step = 1 if key == pygame.K_DOWN else -1
        state.selected = (state.selected + step) % len(state.songs)
        _fit_picks(state)
    elif key == pygame.K_TAB:
        _set_players(state, 3 - state.players)
    elif key in (pygame.K_LEFT, pygame.K_RIGHT):
        _step_difficulty(state, 0, 1 if key == pygame.K_RIGHT else -1)
    elif key in (pygame.K_a, pygame.K_d) and state.players == 2:
        _step_difficulty(state, 1, 1 if key == pygame.K_d else -1)
    elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
        song = state.song
        if song is not None and song.playable:
            state.focus, state.row = "setup", len(state.setup_rows()) - 1
        elif song is not None:
            state.notice = f"{song.title} cannot be played. {song.full_reason}"
    return True


def _setup_key(state: SongSelectState, key: int) -> bool:
    """Handle a key on the setup panel; True to start the song."""
    rows = state.setup_rows()
    if key == pygame.K_ESCAPE:
        state.focus = "songs"
    elif key in (pygame.K_UP, pygame.K_DOWN):
        state.row = (state.row + (1 if key == pygame.K_DOWN else -1)) % len(rows)
    elif key in (pygame.K_LEFT, pygame.K_RIGHT):
        player, what = rows[state.row]
        _change(state, player, what, 1 if key == pygame.K_RIGHT else -1)
        state.row = min(state.row, len(state.setup_rows()) - 1)
    elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
        return True
    return False


def _change(state: SongSelectState, player: int, what: str, step: int) -> None:
    if what == "players":
        _set_players(state, 3 - state.players)
        return
    if player < 0:
        return
    pick = state.picks[player]
    if what == "difficulty":
        _step_difficulty(state, player, step)
    elif what == "timing":
        pick.preset = _cycle(WindowPreset, pick.preset, step)
    elif what == "input":
        pick.device = _cycle(state.devices, pick.device, step)
    elif what == "part":
        if state.players == 2:  # the two players swap the duet's parts
            other = state.picks[1 - player]
            pick.part, other.part = other.part, pick.part
        else:
            pick.part = _cycle(_parts(state), pick.part, step)
        _fit_picks(state)


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


def _set_players(state: SongSelectState, players: int) -> None:
    state.players = players
    if players == 2:
        state.picks[0].part, state.picks[1].part = Part.P1, Part.P2
    else:
        state.picks[0].part = Part.FULL
    _fit_picks(state)


def _fit_picks(state: SongSelectState) -> None:
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


def _step_difficulty(state: SongSelectState, player: int, step: int) -> None:
    pick = state.picks[player]
    options = _difficulties(state, pick.part)
    i = options.index(pick.difficulty) if pick.difficulty in options else len(options) - 1
    pick.difficulty = options[max(0, min(len(options) - 1, i + step))]


def save_play(
    book: ScoreBook | None,
    song: LoadedSong,
    result: PlayResult,
    options: PlayOptions,
    pending: PendingPlays | None = None,
) -> SaveOutcome | None:
    """Save a finished play with its replay (None for a play not finished). When the book
    cannot take it (locked, disk full, not opened), the play is kept in `pending` (default: the
    user data directory's) and the outcome's notice says so; this never raises for the book."""
    if not result.finished:
        return None
    where = readable_name(song.path)  # a hint for finding the song again, as text any file takes
    replay = replay_to_json(record(where, song.chart_sha256, options.setups, result.session))
    meta = song.chart.meta
    facts = SongFacts(where, song.chart_sha256, meta.title, meta.artist)
    report = SessionReport.of(result.session)
    play = PlayRecord.from_report(report, facts, options.setups, list(options.names), replay)
    pending = pending if pending is not None else PendingPlays()
    return pending.save(book, play)  # too large: no replay


def results_screen(
    surface: pygame.Surface,
    song: LoadedSong,
    result: PlayResult,
    options: PlayOptions,
    book: ScoreBook | None,
    notice: str | None = None,
) -> bool:
    """Show the results until Enter or Esc (True: back to song select) or the window is closed
    (False: quit); `notice` is a line for the players (their play was kept for the score book)."""
    report = SessionReport.of(result.session)
    mode = "duet" if len(options.setups) == 2 else "solo"
    players = []
    for i, engine in enumerate(result.session.engines):
        setup = options.setups[i]
        highs = []
        if book is not None:
            try:
                sha = song.chart_sha256
                table = book.best_scores(sha, setup.part, setup.difficulty, mode=mode)
                highs = [(h.name, h.score, h.grade) for h in table]
            except sqlite3.Error as e:  # the results show without the table
                log.warning("high scores cannot be read: %s", e)
        hit = [k for k, t in enumerate(engine.hit_times.tolist()) if t == t]
        players.append(
            PlayerResults(
                options.names[i],
                report.players[i],
                hit_errors_ms(result, i),
                [float(engine.track.times[k]) for k in hit],
                highs,
                engine.windows,
            )
        )
    view = ResultsView(song.chart.meta.title, players, report.team, song.chart.duration_s, notice)
    while True:
        while (event := pygame.event.poll()).type != pygame.NOEVENT:  # one at a time (*)
            if event.type == pygame.QUIT:
                return False
            if event.type == pygame.KEYDOWN and event.key in LEAVE_RESULTS_KEYS:
                return True
        surface = pygame.display.get_surface() or surface
        canvas = CANVAS.surface_for(surface)
        view.draw(canvas)
        CANVAS.present(surface, canvas)
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
    options: PlayOptions,
    live_factory,
    book: ScoreBook | None,
    pending: PendingPlays | None = None,
) -> tuple[bool, PlayResult | None]:
    """Load, play, save and show the results of one song; a play the book cannot take is kept
    in `pending` and stored, if the book is free by then, when the results screen is left.

    Returns (False when the player quits the game, the finished play or None).
    """
    try:
        song = load_song(Path(record_.folder))
    except ChartError as e:
        log.warning("%s", e)
        return True, None
    while True:
        live: LivePlay = live_factory(song, options)
        result = run_play(live, surface)
        if not result.restart:
            break
    pending = pending if pending is not None else PendingPlays()
    saved = save_play(book, song, result, options, pending)
    if saved is None:
        return True, None
    going_on = results_screen(surface, song, result, options, book, saved.notice)
    if saved.notice is not None:
        pending.retry(book)
    return going_on, result


def hit_errors_ms(result: PlayResult, player: int = 0) -> list[float]:
    """The signed errors (ms, late positive) of `player`'s judged hits in a play."""
    engine = result.session.engines[player]
    hit = [k for k, t in enumerate(engine.hit_times.tolist()) if t == t]
    return [float((engine.hit_times[k] - engine.track.times[k]) * 1000) for k in hit]
