"""Practice's pictures as the game draws them, from a real chart and two simulated passes of a
loop (the bot with timing jitter and some notes left out): for the layout and language tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame

from game.app.practice import PracticeChoices, choices_for
from game.app.practice_run import CARD_CHOICES, PRACTICE_PAUSE, PracticeRecord
from game.base.language import _
from game.core.autoplay import autoplay_inputs
from game.core.events import InputEvent
from game.core.practice import (
    bar_stats,
    loop_audio_start_s,
    loop_chart,
    section_stats,
    worst_passage,
)
from game.core.replay import PlayerSetup, simulate
from game.formats.song_folder import load_song
from game.ui.canvas import Canvas
from game.ui.pause import draw_pause
from game.ui.practice_view import (
    PassCard,
    PracticeItem,
    PracticeMenu,
    draw_pass_card,
    draw_practice,
)

PART, DIFFICULTY = "full", "medium"


def practised(song_folder: Path, passes: tuple[float, ...] = (0.75, 0.8)):
    """The practice menu's choices (sections 1-2 at 75%, auto speed-up to 100%) and the record
    of `passes` (their speeds) played by a jittery bot that misses about one note in twenty."""
    chart = load_song(song_folder).chart
    choices = choices_for(chart, PART, DIFFICULTY)
    choices.change(PracticeItem.TO, 1)
    choices.change(PracticeItem.SPEED, -5)
    choices.auto_top = 1.0
    loop = choices.loop()
    record = PracticeRecord()
    rng = np.random.default_rng(3)
    track = chart.track(PART, DIFFICULTY)
    played = track.subset((track.times >= loop.start_s) & (track.times < loop.end_s))
    for speed in passes:
        at_speed = loop_chart(chart, loop, speed, 2.0)
        inputs = [
            InputEvent(e.time_s + rng.normal(0.01, 0.02), e.player, e.lane, e.cymbal, e.velocity)
            for e in autoplay_inputs(at_speed.track(PART, DIFFICULTY), 0)
            if rng.random() > 0.05
        ]
        session = simulate(
            at_speed, [PlayerSetup(PART, DIFFICULTY)], sorted(inputs, key=lambda e: e.time_s)
        )
        engine = session.engines[0]
        shift = loop_audio_start_s(loop, speed, 2.0)
        args = (chart, played, engine.judgements, engine.hit_times, speed, shift)
        record.add(record.bars, bar_stats(*args))
        record.add(record.sections, section_stats(*args))
        record.passes.append((speed, engine.stats().accuracy))
    bars = sorted(record.bars.values(), key=lambda b: b.start_s)
    choices.worst = worst_passage(chart, bars)
    choices.bests = list(record.passes)
    return chart, choices, record


def practice_menu(chart, choices: PracticeChoices, record: PracticeRecord | None) -> PracticeMenu:
    """The menu as `PracticeScreen.menu` builds it."""
    rows = [(item, *choices.row_words(item, _("Player 2's part"))) for item in choices.items()]
    bars = sorted(record.bars.values(), key=lambda s: s.start_s) if record else []
    sections = sorted(record.sections.values(), key=lambda s: s.start_s) if record else []
    return PracticeMenu(
        chart.meta.title,
        rows,
        choices.row,
        chart.duration_s,
        (choices.a_s, choices.b_s),
        bars,
        sections,
        choices.bests,
        list(record.passes) if record else [],
        choices.notice,
        choices.sections,
    )


def pass_card(choices: PracticeChoices, record: PracticeRecord) -> PassCard:
    """The card after the record's last pass."""
    loop = choices.loop()
    speed, accuracy = record.passes[-1]
    bars = tuple(b for b in record.bars.values() if b.notes and loop.holds(b.start_s))
    choices_words = tuple(_(c) for c in CARD_CHOICES)
    return PassCard(
        len(record.passes), accuracy, speed, speed, True, choices_words, 0, 3.2, loop, bars
    )


def draw_on_canvas(surface: pygame.Surface, draw, picture) -> None:
    """Draw `picture` on the menus' canvas and present it on `surface`, as the screens do."""
    canvas = Canvas()
    drawn = canvas.surface_for(surface)
    draw(drawn, picture)
    canvas.present(surface, drawn)


def draw_practice_screens(surface: pygame.Surface, song_folder: Path) -> None:
    """Every practice picture once: the menu fresh, after passes, the card, the pause."""
    chart, choices, record = practised(song_folder)
    fresh = choices_for(chart, PART, DIFFICULTY)
    draw_on_canvas(surface, draw_practice, practice_menu(chart, fresh, None))
    draw_on_canvas(surface, draw_practice, practice_menu(chart, choices, record))
    draw_on_canvas(surface, draw_pass_card, pass_card(choices, record))
    draw_pause(surface, 1, None, PRACTICE_PAUSE)
