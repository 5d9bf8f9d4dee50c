"""Practice's passes: the loop from A to B played again and again at the chosen speed, a card
between two passes, the speed raised after a clean pass (auto speed-up), and each pass's
accuracy kept in the practice book (never in the high scores).

A pass is an ordinary play (`LivePlay` on the game's one loop) of `loop_chart`: the chart at
the speed, only the loop's notes, starting the lead-in before A; its audio is the song's backing
prepared at that speed (built-in songs re-rendered at the tempo, stems time-stretched), cut at
the same instants. The players' hit sounds are the kit's own, never stretched. Keys (Esc) open a
pause menu of practice's own; a kit's pads walk the card between passes, so every choice is
reachable from the kit without a pad struck mid-song.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pygame

from game.app.context import AppContext
from game.app.live import PreparedSong
from game.app.loading import LoadingScreen
from game.app.play import LivePlay, PlayOptions, PlayResult, PlayScreen
from game.app.scene import MENU_FPS, Action, Pumped, Screen
from game.app.setup import keymap_for
from game.app.sounds import guide_for, hit_sounds_at
from game.audio.stream import OutputFormat
from game.base.language import N_, _
from game.core.practice import (
    Loop,
    PassageStat,
    bar_stats,
    loop_audio_start_s,
    loop_chart,
    loop_track,
    next_speed,
    section_stats,
    step_speed,
)
from game.formats.song_folder import LoadedSong
from game.input.keyboard import KeyboardMapper
from game.library.index import SongRecord
from game.ui.canvas import Canvas
from game.ui.practice_view import PassCard, draw_pass_card, percent

log = logging.getLogger(__name__)

PASS_LEAD_S = 0.4
"""Silence before a pass's audio starts (seconds): the musical lead-in is in the audio."""
TAIL_S = 1.0
"""How long a pass's audio runs on after B (seconds, at the speed played)."""
CARD_S = 4.0
"""How long the card between passes waits before the loop goes on by itself (seconds)."""
PAD_GUARD_S = 0.8
"""How long after the card shows a kit's pads are not yet menu moves (seconds): a last
crash of the pass is no choice."""
PRACTICE_PAUSE = (
    N_("Resume"),
    N_("Restart the loop"),
    N_("Slower (−5%)"),
    N_("Faster (+5%)"),
    N_("Practice menu"),
)
"""The pause menu of a pass (English: looked up when drawn)."""
CARD_CHOICES = (N_("Go on"), N_("Slower (−5%)"), N_("Faster (+5%)"), N_("Practice menu"))
"""The card between passes (English: looked up when drawn)."""


@dataclass
class PracticePlan:
    """What the players chose on the practice menu: the loop, the speed, auto speed-up (its
    top speed, None: off), the lead-in, and who plays (the bot plays `bots`)."""

    loop: Loop
    speed: float = 1.0
    auto_top: float | None = None
    lead_in_s: float = 2.0
    bots: tuple[int, ...] = ()


@dataclass
class PracticeRecord:
    """This practice so far: each pass's (speed, accuracy), the heat of each bar and section
    (every pass merged), and whether the last pass set a new best."""

    passes: list[tuple[float, float]] = field(default_factory=list)
    bars: dict[float, PassageStat] = field(default_factory=dict)
    sections: dict[float, PassageStat] = field(default_factory=dict)
    new_best: bool = False

    def add(self, into: dict[float, PassageStat], stats: list[PassageStat]) -> None:
        """Merge one pass's `stats` into `into` (weighted by notes; bars keyed by their start)."""
        for stat in stats:
            if not stat.notes:
                into.setdefault(round(stat.start_s, 6), stat)
                continue
            key = round(stat.start_s, 6)
            old = into.get(key)
            into[key] = stat if old is None or not old.notes else merge(old, stat)


def merge(a: PassageStat, b: PassageStat) -> PassageStat:
    """Two plays of one passage as one: accuracy weighted by notes, mean error by notes too
    (a passage's hit notes are most of its notes)."""
    notes = a.notes + b.notes
    accuracy = (a.accuracy * a.notes + b.accuracy * b.notes) / notes
    errors = [(s.mean_error_ms, s.notes) for s in (a, b) if not math.isnan(s.mean_error_ms)]
    weight = sum(n for _, n in errors)
    error = sum(e * n for e, n in errors) / weight if weight else math.nan
    return dataclasses.replace(b, notes=notes, accuracy=accuracy, mean_error_ms=error)


class PracticeRun:
    """One practice: the song, the plan, the players' options and what each pass left. It
    builds each pass and what follows it; the practice menu reads `record` when it is back."""

    def __init__(
        self,
        app: AppContext,
        record: SongRecord,
        song: LoadedSong,
        plan: PracticePlan,
        options: PlayOptions,
        humans: int,
        book_record: Callable[[float, float], bool] | None = None,
    ) -> None:
        """`humans`: how many of the options' players are people (the rest are the bot);
        `book_record(speed, accuracy)` keeps a pass in the practice book (True: a new best)."""
        self.app = app
        self.song_record = record
        self.song = song
        self.plan = plan
        self.options = options
        self.humans = humans
        self.book_record = book_record
        self.record = PracticeRecord()
        self.prepared: PreparedSong | None = None
        self.last_bars: list[PassageStat] = []
        """The last pass's bars in the loop (each person's, for the card)."""

    # building passes ---------------------------------------------------------------------------
    def options_at(self, speed: float) -> PlayOptions:
        """The play options for a pass at `speed`."""
        return dataclasses.replace(
            self.options, speed=speed, lead_in_s=PASS_LEAD_S, bots=self.plan.bots
        )

    def first_screen(self) -> Screen:
        """The first pass: its audio is prepared at the speed (with progress), then it plays."""
        return self._loading()

    def _loading(self) -> Screen:
        return LoadingScreen(
            self.song_record, self.options_at(self.plan.speed), start=self.start_pass
        )

    def next_pass(self) -> Screen:
        """The next pass: at once when its audio is ready at the plan's speed, else after
        preparing it (the loading screen)."""
        prepared = self.prepared
        if prepared is None or prepared.speed != self.plan.speed:
            return self._loading()
        output = self.app.audio_output()
        return PracticePlayScreen(self.pass_play(prepared, output), self)

    def start_pass(self, prepared: PreparedSong, output: OutputFormat) -> Screen:
        """The loading screen's end: the pass plays (`LoadingScreen`'s `start`)."""
        self.prepared = prepared
        return PracticePlayScreen(self.pass_play(prepared, output), self)

    def pass_play(self, prepared: PreparedSong, output: OutputFormat) -> LivePlay:
        """One pass of the loop at the plan's speed (see the module)."""
        plan, rate = self.plan, prepared.rate
        options = self.options_at(plan.speed)
        chart = loop_chart(self.song.chart, plan.loop, plan.speed, plan.lead_in_s)
        heading = _("{title}  ·  practice at {speed}: {loop}").format(
            title=chart.meta.title, speed=percent(plan.speed), loop=plan.loop.label
        )
        chart = dataclasses.replace(chart, meta=dataclasses.replace(chart.meta, title=heading))
        start_s = loop_audio_start_s(plan.loop, plan.speed, plan.lead_in_s)
        end_s = plan.loop.end_s / plan.speed + TAIL_S

        def cut(audio: np.ndarray | None) -> np.ndarray | None:
            if audio is None:
                return None
            return audio[round(start_s * rate) : round(end_s * rate)]

        music = cut(prepared.backing.music)
        assert music is not None
        song = dataclasses.replace(self.song, chart=chart)
        guide = None
        if options.settings.audio.guide_drums:
            guide = guide_for(song, options.setups, rate)
        mapper = KeyboardMapper(keymap_for(options.settings, self.humans))
        notice = " ".join(n for n in (output.notice, prepared.backing.notice) if n) or None
        return LivePlay(
            song,
            options,
            music,
            hit_sounds_at(rate),
            mapper.map_key,
            cut(prepared.backing.drums),
            guide,
            rate=rate,
            notice=notice,
            devices=self.app.devices,
        )

    # after a pass ------------------------------------------------------------------------------
    def pass_over(self, result: PlayResult) -> tuple[float, bool]:
        """A finished pass: its accuracy (the people's mean, 0-1) kept in the book and in the
        heat; the speed moved on by auto speed-up. Returns (accuracy, new best)."""
        plan, session = self.plan, result.session
        accuracies = [e.stats().accuracy for e in session.engines[: self.humans]]
        accuracy = sum(accuracies) / len(accuracies)
        shift_s = loop_audio_start_s(plan.loop, plan.speed, plan.lead_in_s)
        chart = self.song.chart
        self.last_bars = []
        for i, engine in enumerate(session.engines[: self.humans]):
            setup = self.options.setups[i]
            played = loop_track(chart, plan.loop, setup.part, setup.difficulty)
            judged, hits = engine.judgements, engine.hit_times
            bars = bar_stats(chart, played, judged, hits, plan.speed, shift_s)
            self.last_bars += [b for b in bars if b.notes]
            self.record.add(self.record.bars, bars)
            self.record.add(
                self.record.sections,
                section_stats(chart, played, judged, hits, plan.speed, shift_s),
            )
        self.record.passes.append((plan.speed, accuracy))
        log.info(
            "practice pass %d of %s at %.0f%%: %.1f%%",
            len(self.record.passes),
            plan.loop.label,
            plan.speed * 100,
            accuracy * 100,
        )
        new_best = False
        if self.book_record is not None:
            try:
                new_best = self.book_record(plan.speed, accuracy)
            except sqlite3.Error as e:  # practice goes on without its record
                log.warning("the practice book cannot keep the pass: %s", e)
        self.record.new_best = new_best
        if plan.auto_top is not None:
            plan.speed = next_speed(plan.speed, accuracy, top=plan.auto_top)
        return accuracy, new_best

    def after_pass(self, result: PlayResult, play: PracticePlayScreen) -> Screen | None:
        """What follows a pass: the loop again at once (restart), the card (a finished pass),
        or the practice menu (None)."""
        if play.change_speed:
            self.plan.speed = step_speed(self.plan.speed, play.change_speed)
        if result.restart or play.change_speed:
            return self.next_pass()
        if not result.finished:
            return None
        speed = self.plan.speed
        accuracy, new_best = self.pass_over(result)
        card = PassCard(
            len(self.record.passes),
            accuracy,
            speed,
            self.plan.speed,
            new_best,
            tuple(_(c) for c in CARD_CHOICES),
            0,
            CARD_S,
            self.plan.loop,
            tuple(self.last_bars),
        )
        return PassCardScreen(self, card)


class PracticePlayScreen(PlayScreen):
    """One pass of the loop: a play with practice's own pause menu (resume, restart the loop,
    slower, faster, the practice menu)."""

    pause_choices = PRACTICE_PAUSE

    def __init__(self, live: LivePlay, run: PracticeRun) -> None:
        super().__init__(live, then=run.after_pass)
        self.run = run
        self.change_speed = 0
        """-1 or +1 when the pause menu asked for another speed (the loop restarts at it)."""

    def pause_chosen(self, choice: int) -> None:
        """Resume; restart the loop; slower or faster (the loop restarts at the new speed);
        or back to the practice menu (the pass is not counted)."""
        if choice == 0:
            self._resume()
            return
        self.restart = choice == 1
        self.change_speed = {2: -1, 3: 1}.get(choice, 0)
        self._end(False)


class PassCardScreen(Screen):
    """The card between passes: Go on (by itself after `CARD_S`), slower, faster, or the
    practice menu. Enter, Esc and the kit's pads walk it (see `game.app.menu_input`)."""

    def __init__(self, run: PracticeRun, card: PassCard) -> None:
        self.run = run
        self.card = card
        self.canvas = Canvas()
        self._shown_at: float | None = None
        self._now = 0.0
        self._moved = False

    @property
    def frame_rate(self) -> int:
        return MENU_FPS

    def update(self, now_s: float) -> None:
        """Count down; at zero the loop goes on."""
        self._now = now_s
        if self._shown_at is None:
            self._shown_at = now_s
        if self._moved:
            return
        left = CARD_S - (now_s - self._shown_at)
        self.card = dataclasses.replace(self.card, seconds_left=max(0.0, left))
        if left <= 0:
            self._choose(0)

    def on_input(self, item: Pumped) -> None:
        """Up/Down choose (the countdown stops), Enter selects, Esc goes to the practice menu;
        a pad struck just as the pass ended is no choice."""
        from_pad = item.event is None
        if from_pad and (self._shown_at is None or item.stamp < self._shown_at + PAD_GUARD_S):
            return
        action = item.action
        count = len(self.card.choices)
        if action in (Action.UP, Action.DOWN):
            step = 1 if action == Action.DOWN else -1
            self._moved = True
            self.card = dataclasses.replace(
                self.card, selected=(self.card.selected + step) % count, seconds_left=None
            )
        elif action == Action.SELECT:
            self._choose(self.card.selected)
        elif action == Action.BACK:
            self._choose(count - 1)

    def _choose(self, choice: int) -> None:
        run = self.run
        if choice == len(self.card.choices) - 1:
            self.stack.pop(None)
            return
        if choice in (1, 2):
            run.plan.speed = step_speed(run.plan.speed, -1 if choice == 1 else 1)
        self.stack.replace(run.next_pass())

    def draw(self, surface: pygame.Surface) -> None:
        canvas = self.canvas.surface_for(surface)
        draw_pass_card(canvas, self.card)
        self.canvas.present(surface, canvas)
