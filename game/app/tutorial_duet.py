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

The plays themselves are in game.app.tutorial_duet_play. The players' keys are the two-player
keyboard layout the settings choose (numeric keypad or
laptop). Esc skips the chapter at any card.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum

import pygame

from game.app.context import AppContext
from game.app.play import PlayResult
from game.app.scene import Action, Pumped, Screen
from game.app.setup import keymap_for
from game.app.tutorial_duet_play import (
    SYNC_GOAL,
    DuetGoal,
    GuidedPlay,
    GuidedPlayScreen,
    Step,
    guided_play,
)
from game.base.language import N_, _, ngettext
from game.core.duet import HARMONY_THRESHOLD, DuetSession
from game.input.bindings import Action as BoundAction
from game.input.bindings import Keymap
from game.ui.canvas import Canvas
from game.ui.tutorial_duet_view import KEY_LANES
from game.ui.tutorial_view import Feedback, LessonCard, Picture, draw_card

log = logging.getLogger(__name__)

HEADING = N_("Tutorial: the duet")
GOODWILL_CARD = 2
"""The Goodwill card's place among `chapter_cards`: where the Sync step's play leads."""


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
