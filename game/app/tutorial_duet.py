"""The tutorial's duet chapter: two players on one keyboard learn Sync, Goodwill and Harmony by
doing them, on the real play screen with the real `DuetSession`.

Cards explain each idea in a sentence or two; then two guided plays of a short passage on
Nara Soundcheck's backing, where both parts play the same notes (every note is a unison note):

1. **Sync**: the play ends once the pair has made `SYNC_GOAL` Syncs (counted from the session's
   `SyncEvent`s), and goes on to the Goodwill card; if the passage ends first, a card says how
   many they made and Enter plays it again.
2. **Goodwill, then Harmony**: the guide over the play shows the meter rising with each Sync
   ("Goodwill 32 / 50"); once it stands at 50 it calls "both hit green together!"; the play ends
   a moment after the session's `HarmonyEvent` starts Harmony, and the chapter with it. Without
   a Harmony the passage is played again, for as long as it takes.

The players' keys are the two-player keyboard layout the settings choose (numeric keypad or
laptop). Esc skips the chapter at any card.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

import pygame

from game.app.context import AppContext
from game.app.play import LivePlay, PlayOptions, PlayResult, PlayScreen
from game.app.scene import Action, Pumped, Screen
from game.app.setup import keymap_for, player_setups
from game.app.sounds import backing_for, hit_sounds_at
from game.app.tutorial import LESSON_SONG, RING_S, faded_backing
from game.audio.drumkit import shared_kit
from game.base.language import N_, _, ngettext
from game.core.chart import Chart, Note, NoteTrack
from game.core.duet import HARMONY_THRESHOLD, DuetSession
from game.core.events import HarmonyEvent, SyncEvent
from game.core.lanes import Difficulty, Lane, Part
from game.formats.errors import ChartError
from game.formats.song_folder import LoadedSong, builtin_charts_dir, load_song
from game.input.bindings import Action as BoundAction
from game.input.bindings import Keymap
from game.input.keyboard import KeyboardMapper
from game.ui.canvas import Canvas
from game.ui.menus import PlayerPick
from game.ui.tutorial_duet_view import KEY_LANES, Guide, cap_label, draw_guide
from game.ui.tutorial_view import Feedback, LessonCard, Picture, draw_card

log = logging.getLogger(__name__)

HEADING = N_("Tutorial: the duet")
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
GOODWILL_CARD = 2
"""The Goodwill card's place among `chapter_cards`: where the Sync step's play leads."""
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
    backing, notice = backing_for(song, output.rate)
    if notice:
        log.warning("tutorial: %s", notice)
    backing = faded_backing(backing, song.chart.duration_s + RING_S, rate=output.rate)
    shared_kit(output.rate).warm()
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
        notice=" ".join(n for n in (output.notice, notice) if n) or None,
    )


def player_keys(keymap: Keymap) -> tuple[tuple[str, ...], ...]:
    """Each player's first key of kick, snare and the three toms ("" for none)."""
    rows = []
    for p in (0, 1):
        keys = (keymap.keys_for(BoundAction.of(p, lane)) for lane in KEY_LANES)
        rows.append(tuple(k[0] if k else "" for k in keys))
    return tuple(rows)


def chapter_cards(keymap: Keymap) -> list[LessonCard]:
    """The chapter's cards, with the keys `keymap` gives the two players: the welcome, Sync
    (then its play), Goodwill and Harmony (then its play), in the game's language of now."""
    keys = player_keys(keymap)
    return [
        LessonCard(
            N_("Play together"),
            (
                N_(
                    "In a duet two drummers share one song, each on their own highway, and the"
                    " game scores how well you play together."
                ),
                N_("Sit side by side at one keyboard: these are your keys."),
            ),
            picture=Picture.PLAYER_KEYS,
            player_keys=keys,
        ),
        LessonCard(
            N_("Sync"),
            (
                N_(
                    "When both of you hit the same note within 30 ms of each other, it is a"
                    " Sync: 50 points each, and SYNC pops up between the highways."
                ),
                _(
                    "Try it: every note of this passage is on both highways. Make {goal} Syncs."
                    " Press Enter to play."
                ).format(goal=SYNC_GOAL),
            ),
            picture=Picture.SYNC,
        ),
        LessonCard(
            N_("Goodwill"),
            (
                N_(
                    "The Goodwill meter between the highways is shared. Syncs and Perfect hits"
                    " fill it; misses and extra hits take it down."
                ),
                N_("At 50 the meter turns gold: you are ready for Harmony."),
            ),
            picture=Picture.GOODWILL,
        ),
        LessonCard(
            N_("Harmony"),
            (
                N_(
                    "With the meter at 50 or more, both hit your green key together to start"
                    " Harmony: for 8 bars every hit scores double while the meter drains."
                ),
                N_("Fill the meter with Syncs, then start a Harmony. Press Enter to play."),
            ),
            picture=Picture.HARMONY,
            player_keys=keys,
        ),
    ]


def end_card(result: PlayResult) -> LessonCard:
    """The chapter's last card: the pair's Syncs, Tightness and score in the Harmony play."""
    session: DuetSession = result.session  # type: ignore[assignment]
    team = session.team_stats()
    tight = f"{team.tightness_ms:.0f} ms" if team.tightness_ms is not None else "-"
    facts = (
        (N_("Syncs"), str(team.syncs)),  # the play ends early: out of all would read as misses
        (N_("Tightness"), tight),
        (N_("Harmonies"), str(team.harmonies)),
        (N_("Team score"), f"{team.score:,}"),
    )
    return LessonCard(
        N_("Harmony!"),
        (
            N_("You started a Harmony together: that is the duet."),
            N_(
                "Tightness is how close your hits on shared notes were, on average: the lower,"
                " the tighter. Press Enter for song select, and choose two players."
            ),
        ),
        picture=Picture.RESULTS,
        facts=facts,
    )


def retry_card(goal: DuetGoal) -> LessonCard:
    """The card after a passage that ended before its goal: what happened, and Enter to play
    it again."""
    if goal.step is Step.SYNC:
        made = ngettext("You made {count} Sync.", "You made {count} Syncs.", goal.syncs)
        lines = (
            made.format(count=goal.syncs)
            + " "
            + _("This step wants {goal}.").format(goal=SYNC_GOAL),
            _("Listen to each other and hit each note at the same moment."),
        )
        picture = Picture.SYNC
    elif goal.best_goodwill < HARMONY_THRESHOLD:
        lines = (
            _("The meter reached {meter:.0f} of 50.").format(meter=goal.best_goodwill),
            _("Each Sync adds 4 and each miss takes 3 away: hit the notes together."),
        )
        picture = Picture.GOODWILL
    else:
        lines = (
            _("The meter was gold, but no Harmony started."),
            _("Both hit green within a tenth of a second of each other, while it is gold."),
        )
        picture = Picture.HARMONY
    return LessonCard(
        N_("Again!"), (*lines, N_("Press Enter to play the passage again.")), picture=picture
    )


class Phase(Enum):
    """Where the pair is in the chapter."""

    CARDS = "cards"
    PLAY = "play"
    RETRY = "retry"
    END = "end"


class DuetChapterScreen(Screen):
    """The duet chapter (see the module) on the game's loop: its cards go on with Enter, its
    guided plays are play screens over it, and its last card leads to the screen `then(app)`
    builds (song select) on Enter, or back to the title on Esc."""

    def __init__(self, then: Callable[[AppContext], Screen] | None = None) -> None:
        """`then(app)`: the screen Enter on the last card leads to (None: back)."""
        self.then = then
        self.canvas = Canvas()
        self.phase = Phase.CARDS
        self.cards: list[LessonCard] = []
        self.index = 0
        self.keymap: Keymap | None = None
        self.step: Step | None = None
        self.card: LessonCard | None = None
        """The card shown (one of `cards`, or the retry or end card)."""
        self.feedback: Feedback | None = None
        self.live: GuidedPlay | None = None
        """The guided play played last."""
        self.played: list[PlayResult] = []
        """Every guided play played to its end (or its goal), in order."""

    def enter(self) -> None:
        """Show the first card with the two players' keys."""
        self.keymap = keymap_for(self.app.settings, 2)
        self.cards = chapter_cards(self.keymap)
        self._show(0)

    def _show(self, index: int) -> None:
        self.index, self.card, self.phase = index, self.cards[index], Phase.CARDS

    def on_input(self, item: Pumped) -> None:
        """Enter (or a gamepad's or kit's select) goes on; Esc skips the chapter."""
        if self.phase is Phase.PLAY:
            return
        if item.action is Action.BACK:
            self.stack.pop()
        elif item.action is Action.SELECT:
            self._go_on()

    def _go_on(self) -> None:
        if self.phase is Phase.END:
            if self.then is None:
                self.stack.pop()
            else:
                self.stack.replace(self.then(self.app))
        elif self.phase is Phase.RETRY:
            assert self.step is not None
            self._play(self.step)
        elif self.card is not None and self.card.picture is Picture.SYNC:
            self._play(Step.SYNC)
        elif self.card is not None and self.card.picture is Picture.HARMONY:
            self._play(Step.HARMONY)
        else:
            self.feedback = None
            self._show(self.index + 1)

    def _play(self, step: Step) -> None:
        assert self.keymap is not None
        live = guided_play(self.app, step, self.keymap)
        if live is None:
            self.stack.pop()
            return
        self.step, self.phase, self.feedback, self.live = step, Phase.PLAY, None, live
        self.stack.push(GuidedPlayScreen(live))

    def resume(self, result: object) -> None:
        """Back from a guided play: played again (Restart), on to the next card (its goal was
        met), a card to try again (it was not), or back to the title (quit from its pause)."""
        if self.phase is not Phase.PLAY or not isinstance(result, PlayResult):
            return
        assert self.step is not None
        if result.restart:
            self._play(self.step)
            return
        if not result.finished:
            self.stack.pop()
            return
        self.played.append(result)
        session: DuetSession = result.session  # type: ignore[assignment]
        assert self.live is not None
        goal = self.live.goal  # its counts from the session's own, finish() included
        goal.syncs, goal.harmonies = session.syncs, session.harmonies
        log.info(
            "tutorial chapter: play ended: %s step, %d Syncs, Goodwill up to %.0f, %d Harmonies",
            goal.step.value,
            goal.syncs,
            goal.best_goodwill,
            goal.harmonies,
        )
        if self.step is Step.SYNC and goal.met:
            self._show(GOODWILL_CARD)
            words = ngettext(
                "{count} Sync! Now make them count.",
                "{count} Syncs! Now make them count.",
                goal.syncs,
            )
            self.feedback = Feedback(words.format(count=goal.syncs), True)
        elif goal.met:
            self.card, self.phase = end_card(result), Phase.END
        else:
            self.card, self.phase = retry_card(goal), Phase.RETRY

    def draw(self, surface: pygame.Surface) -> None:
        """The card shown now."""
        if self.card is None:
            return
        canvas = self.canvas.surface_for(surface)
        step = len(self.cards) if self.phase is Phase.END else self.index
        draw_card(canvas, self.card, step, len(self.cards) + 1, self.feedback, heading=HEADING)
        self.canvas.present(surface, canvas)
