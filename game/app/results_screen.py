"""After a play: it is saved with its replay, and its results are shown until Enter or Esc.

A play the score book cannot take (locked, full, not opened) is kept in the pending plays and
stored, if the book is free by then, when the results are left.
"""

from __future__ import annotations

import logging
import sqlite3

import numpy as np
import pygame

from game.app.live import live_play
from game.app.play import PlayOptions, PlayResult, PlayScreen
from game.app.practice import passage_accuracy, practice_from_play
from game.app.scene import Action, Pumped, Screen
from game.app.song_plays import count_play
from game.base.language import _
from game.core.calibration import offset_from_play
from game.core.duet import DuetSession
from game.core.goodwill_history import goodwill_history
from game.core.lane_accuracy import lane_accuracy
from game.core.practice import CLEAN_ACCURACY, Loop, PassageStat, bar_stats, worst_passage
from game.core.replay import record
from game.core.report import SessionReport
from game.formats.names import readable_name
from game.formats.replay_file import replay_to_json
from game.formats.song_folder import LoadedSong
from game.store.pending_plays import PendingPlays, SaveOutcome
from game.store.play_record import PlayRecord, SongFacts
from game.store.scores import ScoreBook
from game.ui.canvas import Canvas
from game.ui.results import PlayerResults, ResultsView

log = logging.getLogger(__name__)

GOODWILL_SAMPLES = 240
"""How many times over the song the team's Goodwill graph reads the meter."""
PAD_GUARD_S = 1.0
"""How long after the results show a kit's pads are not yet menu moves (seconds)."""


def after_play(result: PlayResult, play: PlayScreen) -> Screen | None:
    """What follows a play on song select: the same song again (restart), its results (a
    finished play, saved first), or nothing (back to song select)."""
    app, live = play.app, play.live
    if result.restart:
        again = live_play(live.song, live.options, app.devices, app.audio_output())
        return PlayScreen(again, then=after_play, practice=True)
    if play.practice_at is not None:
        return practice_from_play(app, live.song, live.options, play.practice_at)
    saved = save_play(app.book, live.song, result, live.options, app.pending)
    if saved is None:
        return None
    count_play(app, live.song)
    app.last_play_median_ms = offset_from_play(hit_errors_ms(result, 0), min_hits=1)
    devices = live.options.devices
    app.last_play_device = devices[0] if devices else app.last_play_device
    return ResultsScreen(live.song, result, live.options, saved.notice)


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


def hit_errors_ms(result: PlayResult, player: int = 0) -> list[float]:
    """The signed errors (ms, late positive) of `player`'s judged hits in a play."""
    engine = result.session.engines[player]
    hit_times = engine.hit_times  # a copy each time it is read: read once
    hit = ~np.isnan(hit_times)
    return ((hit_times[hit] - engine.track.times[hit]) * 1000).tolist()


def played_bars(song: LoadedSong, result: PlayResult, player: int) -> list[PassageStat]:
    """Each bar of the song as `player` played it: notes, accuracy and mean error."""
    engine = result.session.engines[player]
    chart = song.chart
    return bar_stats(chart, engine.track, engine.judgements, engine.hit_times)


def worst_offer(song: LoadedSong, bars: list[PassageStat]) -> Loop | None:
    """The worst passage of a play (4 bars) when it is worth practising: under a clean
    pass's accuracy (None otherwise)."""
    worst = worst_passage(song.chart, bars)
    if worst is None or passage_accuracy(bars, worst) >= CLEAN_ACCURACY:
        return None
    return worst


def results_view(
    song: LoadedSong,
    result: PlayResult,
    options: PlayOptions,
    book: ScoreBook | None,
    notice: str | None = None,
) -> ResultsView:
    """The results of a play as the results screen draws them, with each player's high
    scores from `book` (none when it cannot be read)."""
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
        hit = [k for k, t in enumerate(engine.hit_times.tolist()) if t == t]  # one copy
        players.append(
            PlayerResults(
                options.names[i],
                report.players[i],
                hit_errors_ms(result, i),
                [float(engine.track.times[k]) for k in hit],
                highs,
                engine.windows,
                lane_accuracy(engine),
                tuple(played_bars(song, result, i)),
            )
        )
    length_s = song.chart.duration_s
    goodwill = None
    if isinstance(result.session, DuetSession):
        goodwill = goodwill_history(result.session, np.linspace(0.0, length_s, GOODWILL_SAMPLES))
    return ResultsView(song.chart.meta.title, players, report.team, length_s, notice, goodwill)


def offer_words(bars: list[PassageStat], offer: Loop) -> str:
    """The results' line offering to practise the worst passage `offer` of `bars`."""
    return _("P (yellow tom): practise the worst passage, {label} ({accuracy})").format(
        label=offer.label, accuracy=f"{passage_accuracy(bars, offer) * 100:.0f}%"
    )


class ResultsScreen(Screen):
    """The results of a play until Enter or Esc (or a kit's green or red pad); `notice` is a
    line for the players (their play was kept for the score book). P (a kit's yellow tom)
    practises player 1's worst passage when there is one worth it."""

    def __init__(
        self,
        song: LoadedSong,
        result: PlayResult,
        options: PlayOptions,
        notice: str | None = None,
    ) -> None:
        self.song, self.result, self.options, self.notice = song, result, options, notice
        self.view: ResultsView | None = None
        self.canvas = Canvas()
        self._pads_from: float | None = None  # when pads start to count (loop clock, s)
        self._shown: pygame.Surface | None = None  # the results as last drawn
        self.offer: Loop | None = None
        """Player 1's worst passage, offered for practice (None: nothing worth it)."""

    def enter(self) -> None:
        """Read the high scores for the view; find the worst passage to offer."""
        view = results_view(self.song, self.result, self.options, self.app.book, self.notice)
        if self.result.finished:
            bars = list(view.players[0].bars)  # player 1's, worked out once for the view
            self.offer = worst_offer(self.song, bars)
            if self.offer is not None:
                view.offer = offer_words(bars, self.offer)
        self.view = view

    def leave(self) -> None:
        """A play kept for a busy score book is stored now if the book is free."""
        if self.notice is not None:
            self.app.pending.retry(self.app.book)

    def update(self, now_s: float) -> None:
        """Pads count as menu moves `PAD_GUARD_S` after the results first show."""
        if self._pads_from is None:
            self._pads_from = now_s + PAD_GUARD_S

    def on_input(self, item: Pumped) -> None:
        """Enter or Esc (a kit's green or red pad) goes back to song select (Esc never quits
        the game). A pad struck as the song ended (a last crash) is no menu move."""
        from_pad = item.event is None
        if from_pad and (self._pads_from is None or item.stamp < self._pads_from):
            return
        if item.action in (Action.SELECT, Action.BACK):
            self.stack.pop(self.result)
        elif self.offer is not None and (item.key == pygame.K_p or item.action == Action.UP):
            practice = practice_from_play(
                self.app, self.song, self.options, self.offer.start_s, loop=self.offer
            )
            if practice is not None:
                self.stack.replace(practice)

    def draw(self, surface: pygame.Surface) -> None:
        """The players' results and the team's: drawn once per window size, then shown again
        as drawn (the graphs of a long song's hits cost tens of ms to draw)."""
        assert self.view is not None
        shown = self._shown
        same = shown is not None and shown.get_size() == surface.get_size()
        if same and type(surface) is pygame.Surface:
            surface.blit(shown, (0, 0))
            return
        canvas = self.canvas.surface_for(surface)
        self.view.draw(canvas)
        self.canvas.present(surface, canvas)
        self._shown = surface.copy() if type(surface) is pygame.Surface else None
