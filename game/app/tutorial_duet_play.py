"""The duet chapter's guided plays: a short passage on Nara Soundcheck's backing where both
duet parts play the same notes, played on the real play screen with the real `DuetSession`,
with a guide over it that says how far the step's goal is; the play ends a moment after the
goal is met (counted from the session's own `SyncEvent`s and `HarmonyEvent`s).

- `Step.SYNC` wants `SYNC_GOAL` Syncs.
- `Step.HARMONY` wants a Harmony: the guide shows the Goodwill meter rising with the Syncs,
  then, at 50, calls on both players to hit green together.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from enum import Enum

import pygame

from game.app.context import AppContext
from game.app.play import LivePlay, PlayOptions, PlayScreen
from game.app.setup import player_setups
from game.app.sounds import hit_sounds_at
from game.app.tutorial import LESSON_SONG, RING_S, lesson_audio
from game.base.language import _
from game.core.chart import Chart, Note, NoteTrack
from game.core.duet import HARMONY_THRESHOLD, DuetSession
from game.core.events import HarmonyEvent, SyncEvent
from game.core.lanes import Difficulty, Lane, Part
from game.formats.errors import ChartError
from game.formats.song_folder import LoadedSong, builtin_charts_dir, load_song
from game.input.bindings import Action as BoundAction
from game.input.bindings import Keymap
from game.input.keyboard import KeyboardMapper
from game.ui.song_select_view import PlayerPick
from game.ui.tutorial_duet_view import Guide, cap_label, draw_guide

log = logging.getLogger(__name__)

SYNC_GOAL = 4
"""How many Syncs the Sync step wants."""
SYNC_BARS = 8
"""The Sync step's passage (bars, after Nara's count-in bar)."""
HARMONY_STEP_BARS = 16
"""The Goodwill and Harmony step's passage (bars): room to fill the meter to 50 and more."""
FIRST_BAR = 1
"""The passage starts after Nara's count-in bar."""
BEATS = 4
"""Nara is in 4/4."""
HOLD_S = 1.5
"""How long (song seconds) a play goes on after its goal is met, so the players see it."""
HARMONY_HOLD_S = 3.0
"""How long the Harmony step's play goes on once Harmony has started (song seconds)."""


class Step(Enum):
    """A guided play of the chapter."""

    SYNC = "sync"
    """Make `SYNC_GOAL` Syncs."""
    HARMONY = "harmony"
    """Fill the Goodwill meter to 50 with Syncs, then start Harmony."""


def step_bars(step: Step) -> int:
    """How many bars the passage of `step` lasts."""
    return SYNC_BARS if step is Step.SYNC else HARMONY_STEP_BARS


def passage_track(chart: Chart, bars: int, greens: bool) -> NoteTrack:
    """One player's notes of the chapter's passage on `chart`'s tempo: `bars` bars of a steady
    beat (kick, snare, kick, snare) from bar `FIRST_BAR`, each bar starting on the green tom
    instead of the kick when `greens`."""
    tempo = chart.tempo
    pattern = (Lane.GREEN if greens else Lane.KICK, Lane.RED, Lane.KICK, Lane.RED)
    notes = [
        Note(float(tempo.seconds_at_bar_position(bar + beat / BEATS)), lane)
        for bar in range(FIRST_BAR, FIRST_BAR + bars)
        for beat, lane in enumerate(pattern)
    ]
    return NoteTrack.from_notes(notes)


def duet_passage(song: LoadedSong, step: Step) -> LoadedSong:
    """`song` (Nara) cut down to the passage of `step`: both duet parts, at Easy, play the same
    notes (every note a unison note), and the song ends `RING_S` after the last one."""
    chart = song.chart
    track = passage_track(chart, step_bars(step), greens=step is Step.HARMONY)
    short = dataclasses.replace(
        chart,
        meta=dataclasses.replace(chart.meta, length_s=track.end_s + RING_S),
        tracks={(Part.P1, Difficulty.EASY): track, (Part.P2, Difficulty.EASY): track},
        sections=(),
        phrases={},
    )
    return dataclasses.replace(song, chart=short)


@dataclass
class DuetGoal:
    """What a guided play waits for, counted from the session's own events: its Syncs and
    Harmonies, the highest the Goodwill meter stood, and when the goal was met (song s)."""

    step: Step
    syncs: int = 0
    harmonies: int = 0
    best_goodwill: float = 0.0
    met_at: float | None = None

    @property
    def met(self) -> bool:
        """True once the step's goal is reached."""
        if self.step is Step.SYNC:
            return self.syncs >= SYNC_GOAL
        return self.harmonies > 0

    @property
    def hold_s(self) -> float:
        """How long the play goes on once the goal is met (song seconds)."""
        return HOLD_S if self.step is Step.SYNC else HARMONY_HOLD_S

    def on_events(self, events: list[object], session: DuetSession) -> None:
        """Count the Syncs and Harmonies among `events`, just judged by `session`."""
        for e in events:
            if isinstance(e, SyncEvent):
                self.syncs += 1
            elif isinstance(e, HarmonyEvent) and e.active:
                self.harmonies += 1
            else:
                continue
            if self.met_at is None and self.met:
                self.met_at = e.time_s
        self.best_goodwill = max(self.best_goodwill, session.goodwill)


class GuidedPlay(LivePlay):
    """A play of the chapter's passage whose judged events also feed its `goal`."""

    def __init__(self, goal: DuetGoal, keymap: Keymap, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.goal = goal
        self.keymap = keymap
        if not isinstance(self.session, DuetSession):
            raise ValueError("the duet chapter's play needs two players")

    def judge(self, now_s: float) -> list:
        """Judge up to song time `now_s`, and count what the goal waits for."""
        events = super().judge(now_s)
        self.goal.on_events(events, self.session)  # type: ignore[arg-type]
        return events


def green_keys(keymap: Keymap) -> tuple[str, str]:
    """Each player's green tom key (the first bound; "" for none)."""
    keys = [keymap.keys_for(BoundAction.of(p, Lane.GREEN)) for p in (0, 1)]
    return (keys[0][0] if keys[0] else "", keys[1][0] if keys[1] else "")


def guide_for(play: GuidedPlay, now_s: float) -> Guide:
    """What the guide over the play says at song time `now_s`."""
    session: DuetSession = play.session  # type: ignore[assignment]
    return guide_words(
        play.goal,
        session.harmony_active(now_s),
        session.goodwill_at(now_s),
        green_keys(play.keymap),
    )


def guide_words(goal: DuetGoal, harmony: bool, meter: float, greens: tuple[str, str]) -> Guide:
    """The guide for `goal` while Harmony runs (`harmony`) or the meter stands at `meter`
    (0-100); `greens` are the players' green keys."""
    if goal.step is Step.SYNC:
        if goal.met:
            return Guide(_("Well done!"), _("That is how a Sync feels."), 1.0)
        return Guide(
            _("Syncs: {count} of {goal}").format(count=goal.syncs, goal=SYNC_GOAL),
            _("Hit each note together, within 30 ms of each other."),
            goal.syncs / SYNC_GOAL,
        )
    if harmony or goal.met:
        return Guide(_("HARMONY!"), _("Every hit scores double while the meter drains."), 1.0)
    if meter >= HARMONY_THRESHOLD:
        one, two = (cap_label(k) for k in greens)
        return Guide(
            _("Both hit green together!"),
            _("Player 1: {one}  ·  Player 2: {two}  ·  within 0.1 s").format(one=one, two=two),
            1.0,
            urgent=True,
        )
    return Guide(
        _("Goodwill {meter:.0f} of {goal}").format(meter=meter, goal=HARMONY_THRESHOLD),
        _("Syncs fill the meter; misses empty it."),
        meter / HARMONY_THRESHOLD,
    )


class GuidedPlayScreen(PlayScreen):
    """The play screen of a guided play, with its guide over it; it ends a moment after the
    goal is met (or, as any play, after the passage)."""

    live: GuidedPlay

    def update(self, now_s: float) -> None:
        """Play on; end the play `hold_s` song seconds after the goal was met."""
        super().update(now_s)
        goal = self.live.goal
        if self.result is not None or self.paused is not None or goal.met_at is None:
            return
        if self.live.session.now_s >= goal.met_at + goal.hold_s:
            self._end(True)

    def draw(self, surface: pygame.Surface):
        """The play screen, and the guide over it while the song plays."""
        yield from super().draw(surface)
        if self.paused is None:
            draw_guide(surface, guide_for(self.live, self.live.clock.draw_time()))


def guided_play(app: AppContext, step: Step, keymap: Keymap) -> GuidedPlay | None:
    """The passage of `step`, ready to play for two players on the context's audio output with
    the keys of `keymap` (a two-player layout); None without the song."""
    try:
        song = duet_passage(load_song(builtin_charts_dir() / LESSON_SONG), step)
    except ChartError as e:
        log.warning("tutorial: %s", e)
        return None
    settings = app.settings
    output = app.audio_output()
    backing, notice = lesson_audio(song, output, song.chart.duration_s + RING_S)
    preset = settings.gameplay.window_presets[0]
    picks = [PlayerPick(part, Difficulty.EASY, preset) for part in (Part.P1, Part.P2)]
    options = PlayOptions.from_settings(player_setups(settings, picks), settings, key_labels=True)
    return GuidedPlay(
        DuetGoal(step),
        keymap,
        song,
        options,
        backing,
        hit_sounds_at(output.rate),
        KeyboardMapper(keymap).map_key,
        rate=output.rate,
        notice=notice,
    )
