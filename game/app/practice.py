"""The practice menu: choose the loop (a range of the chart's sections, or A and B on any beat),
the speed (25-150% in 5% steps), auto speed-up and its top speed, the lead-in before A, and
whether the bot plays the other duet part; then practise (`game.app.practice_run`). Back from
the passes it shows how each bar and section went (a heat map over the song) and offers the
worst passage as the next loop.

Opened from song select's setup panel ("Practice") and from a play's pause menu ("Practise
here", the section being played). Up/Down pick a row, Left/Right change it, Enter practises,
Esc goes back; a kit's pads do the same (`game.app.menu_input`).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pygame

from game.app.context import AppContext
from game.app.loading import LoadFailed
from game.app.play import PlayOptions
from game.app.practice_run import PracticePlan, PracticeRun
from game.app.scene import Action, Pumped, Screen
from game.app.setup import player_setups
from game.base.language import _
from game.core.chart import Chart
from game.core.engine import EngineParams
from game.core.lanes import Difficulty, Part
from game.core.partner import DUET_PARTS, other_part
from game.core.practice import (
    CLEAN_ACCURACY,
    DEFAULT_LEAD_IN_S,
    Loop,
    LoopError,
    PassageStat,
    ab_loop,
    check_loop,
    clamp_speed,
    section_loop,
    step_speed,
    worst_passage,
)
from game.core.replay import PlayerSetup
from game.formats.errors import ChartError
from game.formats.song_folder import LoadedSong, load_song
from game.input.keyboard import KEYBOARD
from game.library.index import SongRecord
from game.ui.canvas import Canvas
from game.ui.practice_view import (
    PracticeItem,
    PracticeMenu,
    clock_text,
    draw_practice,
    percent,
    practice_rows,
)
from game.ui.song_select_view import PlayerPick

log = logging.getLogger(__name__)

AUTO_TOPS: tuple[float | None, ...] = (None, 1.0, 1.1, 1.25, 1.5)
"""Auto speed-up's choices: off, or up to this speed."""
LEAD_INS = (0.0, 1.0, 2.0, 3.0, 4.0)
"""The lead-in's choices (seconds of music before A)."""
LOOP_ITEMS = (
    PracticeItem.FROM,
    PracticeItem.TO,
    PracticeItem.A,
    PracticeItem.B,
    PracticeItem.WORST,
)
"""The rows that move the loop (its records and whether it can be practised follow)."""


@dataclass
class PracticeChoices:
    """What the players have set on the practice menu (see the module). A and B are song
    seconds at speed 1.0, on beats; `first` and `last` the sections the loop was set from."""

    chart: Chart
    beats: np.ndarray
    part: Part = Part.FULL
    difficulty: Difficulty = Difficulty.EXPERT
    """The part and difficulty practised (player 1's): a loop must hold notes of it."""
    first: int = 0
    last: int = 0
    a_s: float = 0.0
    b_s: float = 0.0
    speed: float = 1.0
    auto_top: float | None = None
    lead_in_s: float = DEFAULT_LEAD_IN_S
    partner: bool = True
    can_partner: bool = False
    row: int = 0
    notice: str | None = None
    worst: Loop | None = None
    bests: list[tuple[float, float]] = field(default_factory=list)

    @property
    def sections(self) -> list[tuple[str, float]]:
        """The chart's sections as (name, start), or the whole song as one."""
        return [(s.name, s.time_s) for s in self.chart.sections] or [(_("Whole song"), 0.0)]

    def section_span(self, first: int, last: int) -> tuple[float, float]:
        """A and B of sections `first` to `last` (B: the next section's start, or the end)."""
        loop = section_loop(self.chart, first, last) if self.chart.sections else None
        if loop is None:
            return 0.0, self.chart.duration_s + 0.5
        return loop.start_s, loop.end_s

    def items(self) -> list[PracticeItem]:
        """The menu's rows, top to bottom."""
        rows = [PracticeItem.WORST] if self.worst is not None else []
        rows += [
            PracticeItem.FROM,
            PracticeItem.TO,
            PracticeItem.A,
            PracticeItem.B,
            PracticeItem.SPEED,
            PracticeItem.AUTO,
            PracticeItem.LEAD_IN,
        ]
        if self.can_partner:
            rows.append(PracticeItem.PARTNER)
        return [*rows, PracticeItem.START]

    def loop(self) -> Loop:
        """The loop as set: the sections' own loop when A and B are theirs; LoopError (its
        reason in words) when it cannot be practised."""
        if self.chart.sections and (self.a_s, self.b_s) == self.section_span(self.first, self.last):
            loop = section_loop(self.chart, self.first, self.last)
        else:
            loop = ab_loop(self.chart, self.a_s, self.b_s)
        return check_loop(self.chart, loop, self.part, self.difficulty)

    def step_beat(self, time_s: float, step: int) -> float:
        """The beat `step` beats from the one at (or nearest) `time_s`."""
        beats = self.beats
        if not len(beats):
            return time_s
        i = int(np.argmin(np.abs(beats - time_s)))
        return float(beats[max(0, min(len(beats) - 1, i + step))])

    def change(self, item: PracticeItem, step: int) -> None:
        """Left (-1) or Right (+1) on the row `item`."""
        last_section = len(self.sections) - 1
        if item == PracticeItem.FROM:
            self.first = max(0, min(last_section, self.first + step))
            self.last = max(self.last, self.first)
            self.a_s, self.b_s = self.section_span(self.first, self.last)
        elif item == PracticeItem.TO:
            self.last = max(self.first, min(last_section, self.last + step))
            self.a_s, self.b_s = self.section_span(self.first, self.last)
        elif item == PracticeItem.A:
            self.a_s = self.step_beat(self.a_s, step)
        elif item == PracticeItem.B:
            self.b_s = self.step_beat(self.b_s, step)
        elif item == PracticeItem.SPEED:
            self.speed = step_speed(self.speed, step)
        elif item == PracticeItem.AUTO:
            i = AUTO_TOPS.index(self.auto_top) if self.auto_top in AUTO_TOPS else 0
            self.auto_top = AUTO_TOPS[(i + step) % len(AUTO_TOPS)]
        elif item == PracticeItem.LEAD_IN:
            i = LEAD_INS.index(self.lead_in_s) if self.lead_in_s in LEAD_INS else 2
            self.lead_in_s = LEAD_INS[max(0, min(len(LEAD_INS) - 1, i + step))]
        elif item == PracticeItem.PARTNER:
            self.partner = not self.partner
        elif item == PracticeItem.WORST and self.worst is not None:
            self.take_loop(self.worst)

    def take_loop(self, loop: Loop) -> None:
        """Set A and B to `loop`, and the sections to those it starts and ends in."""
        self.a_s, self.b_s = loop.start_s, loop.end_s
        starts = [t for _, t in self.sections]
        self.first = max(0, int(np.searchsorted(starts, loop.start_s, side="right")) - 1)
        self.last = max(self.first, int(np.searchsorted(starts, loop.end_s, side="left")) - 1)

    def check(self) -> None:
        """The notice says why the loop as set cannot be practised (None when it can)."""
        try:
            self.loop()
            self.notice = None
        except LoopError as e:
            self.notice = str(e)

    def row_words(self, item: PracticeItem, partner_part: str) -> tuple[str, str]:
        """A row's label and value."""
        names = self.sections
        if item == PracticeItem.WORST:
            assert self.worst is not None
            return "", _("Practise the worst passage: {label}").format(label=self.worst.label)
        if item == PracticeItem.FROM:
            return _("From section"), names[self.first][0]
        if item == PracticeItem.TO:
            return _("To section"), names[self.last][0]
        if item == PracticeItem.A:
            return _("A (Left/Right: one beat)"), clock_text(self.a_s)
        if item == PracticeItem.B:
            return _("B (Left/Right: one beat)"), clock_text(self.b_s)
        if item == PracticeItem.SPEED:
            return _("Speed"), percent(self.speed)
        if item == PracticeItem.AUTO:
            if self.auto_top is None:
                return _("Auto speed-up"), _("Off")
            return _("Auto speed-up"), _("Up to {speed}").format(speed=percent(self.auto_top))
        if item == PracticeItem.LEAD_IN:
            return _("Lead-in before A"), _("{seconds:.0f} s").format(seconds=self.lead_in_s)
        if item == PracticeItem.PARTNER:
            value = partner_part if self.partner else _("Nobody")
            return _("The bot plays"), value
        return "", _("Practise!")


def passage_accuracy(bars: list[PassageStat], loop: Loop) -> float:
    """The accuracy (0-1) of the bars starting in `loop`, weighted by their notes (NaN when
    none of them was played)."""
    inside = [b for b in bars if b.notes and loop.start_s <= b.start_s < loop.end_s]
    notes = sum(b.notes for b in inside)
    return sum(b.accuracy * b.notes for b in inside) / notes if notes else float("nan")


def choices_for(
    chart: Chart, part: Part, difficulty: Difficulty, at_s: float | None = None
) -> PracticeChoices:
    """The practice menu's first choices for `part` at `difficulty`: the section `at_s` lies
    in (the first section when None), at full speed, no auto speed-up, a 2-second lead-in."""
    beats, _bars = chart.tempo.beat_lines(0.0, chart.duration_s + 1.0)
    choices = PracticeChoices(chart, beats, part, difficulty)
    if at_s is not None and chart.sections:
        starts = [s.time_s for s in chart.sections]
        choices.first = max(0, int(np.searchsorted(starts, at_s, side="right")) - 1)
    choices.last = choices.first
    choices.a_s, choices.b_s = choices.section_span(choices.first, choices.last)
    return choices


class PracticeScreen(Screen):
    """The practice menu for `record` with the players' `picks` (see the module)."""

    def __init__(
        self,
        record: SongRecord,
        picks: list[PlayerPick],
        at_s: float | None = None,
        song: LoadedSong | None = None,
        loop: Loop | None = None,
    ) -> None:
        """`at_s`: the song second to practise around (from a play's pause menu); `song`:
        the song already read (else it is read when the screen opens); `loop`: the loop to
        start from (the results' worst passage)."""
        self.loop = loop
        self.record = record
        self.picks = picks
        self.at_s = at_s
        self.song = song
        self.choices: PracticeChoices | None = None
        self.run: PracticeRun | None = None
        self.canvas = Canvas()
        self._failed: str | None = None
        self.autoplay = False
        """The bot plays every part, the players' too (tests and demos)."""

    # life --------------------------------------------------------------------------------------
    def enter(self) -> None:
        """Read the chart (when not given) and set the first choices."""
        if self.song is None:
            try:
                self.song = load_song(Path(self.record.folder))
            except ChartError as e:
                self._failed = _("{title} cannot be played. {reason}").format(
                    title=self.record.title, reason=e
                )
                return
        chart = self.song.chart
        pick = self.picks[0]
        self.choices = choices_for(chart, pick.part, pick.difficulty, self.at_s)
        self.choices.can_partner = (
            len(self.picks) == 1
            and pick.part in DUET_PARTS
            and other_part(pick.part) in chart.parts()
        )
        if self.loop is not None:
            self.choices.take_loop(self.loop)
            self.choices.check()
            self.choices.row = self.choices.items().index(PracticeItem.START)
        self._read_bests()

    def resume(self, result: object) -> None:
        """Back from the passes: the heat, the worst passage, the speed auto speed-up reached;
        or from a loading that failed (why)."""
        choices, run = self.choices, self.run
        if isinstance(result, LoadFailed) and choices is not None:
            choices.notice = result.notice
        if choices is None or run is None:
            return
        choices.speed = run.plan.speed
        bars = sorted(run.record.bars.values(), key=lambda s: s.start_s)
        worst = worst_passage(choices.chart, bars) if bars else None
        # Offered only when it is worth practising: under the clean pass's accuracy.
        clean = worst is None or passage_accuracy(bars, worst) >= CLEAN_ACCURACY
        choices.worst = None if clean else worst
        items = choices.items()
        choices.row = items.index(PracticeItem.WORST if choices.worst else PracticeItem.START)
        self._read_bests()

    def update(self, now_s: float) -> None:
        """A chart that could not be read goes back to song select, saying why."""
        if self._failed is not None:
            failed, self._failed = self._failed, None
            self.stack.pop(LoadFailed(failed))

    # input -------------------------------------------------------------------------------------
    def on_input(self, item: Pumped) -> None:
        """Up/Down the row, Left/Right its value, Enter practises (or takes the worst
        passage), Esc back to song select; a click picks a row."""
        choices = self.choices
        if choices is None:
            return
        event = item.event
        if event is not None and event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos)
            return
        items = choices.items()
        action = item.action
        if action == Action.BACK:
            self.stack.pop(None)
        elif action in (Action.UP, Action.DOWN):
            choices.row = (choices.row + (1 if action == Action.DOWN else -1)) % len(items)
        elif action in (Action.LEFT, Action.RIGHT):
            self._change(items[choices.row], 1 if action == Action.RIGHT else -1)
        elif action == Action.SELECT:
            chosen = items[choices.row]
            if chosen == PracticeItem.START:
                self.start()
            elif chosen == PracticeItem.WORST:
                self._change(chosen, 1)
                choices.row = len(choices.items()) - 1
            else:
                self._change(chosen, 1)

    def _change(self, item: PracticeItem, step: int) -> None:
        choices = self.choices
        assert choices is not None
        choices.change(item, step)
        if item in LOOP_ITEMS:
            choices.check()
            self._read_bests()

    def _click(self, pos: tuple[int, int]) -> None:
        choices = self.choices
        assert choices is not None
        point = self.canvas.to_layout(pos)
        items = choices.items()
        boxes = practice_rows(self.canvas.size, len(items))
        first = max(0, min(choices.row - len(boxes) + 1, len(items) - len(boxes)))
        for i, box in enumerate(boxes):
            if box.collidepoint(point):
                k = first + i
                if k == choices.row and items[k] == PracticeItem.START:
                    self.start()
                elif k == choices.row:
                    self._change(items[k], 1)
                choices.row = k
                return

    # practising --------------------------------------------------------------------------------
    def start(self) -> None:
        """Practise the loop as set (a loop that cannot be practised says why instead)."""
        choices, song, app = self.choices, self.song, self.app
        assert choices is not None and song is not None
        try:
            loop = choices.loop()
        except LoopError as e:
            choices.notice = str(e)
            return
        choices.notice = None
        setups = player_setups(app.settings, self.picks)
        devices = [p.device for p in self.picks]
        bots: tuple[int, ...] = ()
        if choices.can_partner and choices.partner:
            human = setups[0]
            other = other_part(human.part)
            have = song.chart.difficulties(other)
            difficulty = human.difficulty if human.difficulty in have else have[-1]
            setups.append(PlayerSetup(other, difficulty, EngineParams(preset=human.params.preset)))
            devices.append(KEYBOARD)
            bots = (1,)
        options = PlayOptions.from_settings(
            setups, app.settings, devices=tuple(devices), autoplay=self.autoplay
        )
        plan = PracticePlan(
            loop, clamp_speed(choices.speed), choices.auto_top, choices.lead_in_s, bots
        )
        humans = len(self.picks)
        first = setups[0]
        book = app.practice_book()

        def keep(speed: float, accuracy: float) -> bool:
            """Keep a pass; True when it beat the loop's best at its speed (a first pass at a
            speed only when it is clean)."""
            if book is None:
                return False
            key = (song.chart_sha256, first.part.value, first.difficulty.value, loop)
            before = book.best(*key).get(clamp_speed(speed))
            book.record(*key, speed, accuracy)
            if before is None:
                return accuracy >= CLEAN_ACCURACY
            return accuracy > before

        self.run = PracticeRun(app, self.record, song, plan, options, humans, keep)
        self.stack.push(self.run.first_screen())

    def _read_bests(self) -> None:
        """The loop's best accuracy at each speed, from the practice book."""
        choices, song = self.choices, self.song
        if choices is None or song is None:
            return
        choices.bests = []
        book = self.app.practice_book()
        if book is None:
            return
        try:
            loop = choices.loop()
        except LoopError:
            return
        pick = self.picks[0]
        try:
            best = book.best(song.chart_sha256, pick.part.value, pick.difficulty.value, loop)
        except sqlite3.Error as e:
            log.warning("practice records cannot be read: %s", e)
            return
        choices.bests = sorted(best.items())

    # drawing -----------------------------------------------------------------------------------
    def menu(self) -> PracticeMenu | None:
        """What the menu shows now."""
        choices, song = self.choices, self.song
        if choices is None or song is None:
            return None
        partner = _("Player 2's part") if self.picks[0].part == Part.P1 else _("Player 1's part")
        rows = [(item, *choices.row_words(item, partner)) for item in choices.items()]
        record = self.run.record if self.run is not None else None
        return PracticeMenu(
            song.chart.meta.title,
            rows,
            choices.row,
            song.chart.duration_s,
            (choices.a_s, choices.b_s),
            sorted(record.bars.values(), key=lambda s: s.start_s) if record else [],
            sorted(record.sections.values(), key=lambda s: s.start_s) if record else [],
            choices.bests,
            list(record.passes) if record else [],
            choices.notice or self.app.practice_problem,
            choices.sections,
        )

    def draw(self, surface: pygame.Surface) -> None:
        menu = self.menu()
        canvas = self.canvas.surface_for(surface)
        if menu is None:
            canvas.fill((0, 0, 0))
        else:
            draw_practice(canvas, menu)
        self.canvas.present(surface, canvas)


def practice_from_play(
    app: AppContext,
    song: LoadedSong,
    options: PlayOptions,
    at_s: float,
    loop: Loop | None = None,
) -> Screen | None:
    """The practice menu for a song being played (or just played), at the section of song
    second `at_s` or on `loop`, for its players as they played (None when the song is no
    longer in the library)."""
    record = next((r for r in app.songs if Path(r.folder) == song.path), None)
    if record is None:
        log.warning("%s is not in the library: no practice", song.path)
        return None
    devices = list(options.devices) or [KEYBOARD] * len(options.setups)
    picks = [
        PlayerPick(s.part, s.difficulty, s.params.preset, device)
        for s, device in zip(options.setups, devices, strict=True)
    ]
    return PracticeScreen(record, picks, at_s, song, loop)
