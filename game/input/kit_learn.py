"""Learn mode: the player hits each pad when asked, and the notes heard become a kit profile.

The learner asks for one pad at a time ("Hit the pad for Snare"). Every note-on it hears while
a pad is asked for is bound to that pad, so hitting the head and then the rim binds both notes;
very soft note-ons (crosstalk, a resting stick) are ignored, as is a note already bound to an
earlier pad. `next()` moves on (a pad with no notes stays unbound: that skips it), `back()`
goes back one pad and forgets its notes. When every pad has been asked for, `profile()` gives
the new `KitProfile`, and `save()` writes it as a user profile. The learner knows no devices:
whoever reads the kit feeds it note-ons.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from game.base.language import N_, _
from game.input.kit_files import save_user_profile
from game.input.kit_profile import (
    DEFAULT_KICK_RETRIGGER_MS,
    Crosstalk,
    HiHat,
    KitProfile,
    NoteKey,
    PadSettings,
)
from game.input.pads import KitPad


@dataclass(frozen=True, slots=True)
class LearnStep:
    """One thing to learn: a pad (None for the hi-hat pedal) and its name for people (English:
    look it up with `_` to show it)."""

    pad: KitPad | None
    label: str

    @property
    def prompt(self) -> str:
        """What to ask the player: "Hit the pad for Snare"."""
        if self.pad is None:
            return _("Press the hi-hat pedal")
        return _("Hit the pad for {pad}").format(pad=_(self.label))


LEARN_STEPS = (
    LearnStep(KitPad.KICK, N_("Kick")),
    LearnStep(None, N_("Hi-hat pedal")),
    LearnStep(KitPad.RED, N_("Snare")),
    LearnStep(KitPad.YELLOW_CYMBAL, N_("Hi-hat")),
    LearnStep(KitPad.YELLOW_TOM, N_("High tom")),
    LearnStep(KitPad.BLUE_TOM, N_("Mid tom")),
    LearnStep(KitPad.GREEN_TOM, N_("Floor tom")),
    LearnStep(KitPad.BLUE_CYMBAL, N_("Ride")),
    LearnStep(KitPad.GREEN_CYMBAL, N_("Crash")),
)
"""The pads in the order the learner asks for them: the pedal early, so that a foot resting on
it while the hands learn the other pads is already known."""

MIN_LEARN_VELOCITY = 16
"""Note-ons softer than this (MIDI velocity) are ignored while learning."""


class Heard(str, Enum):
    """What the learner made of a note-on (the value says it in words, English: look it up with
    `_` to show it)."""

    BOUND = N_("bound to this pad")
    AGAIN = N_("already bound to this pad")
    TAKEN = N_("already bound to an earlier pad")
    TOO_SOFT = N_("too soft: ignored")
    FINISHED = N_("every pad has been learned")


class KitLearner:
    """Learns a kit profile called `name`, one step at a time (see the module's docstring).

    Thresholds, retrigger masks, crosstalk and the chick rule come from `base` (default: the
    game's defaults). With `by_channel` each note is bound on the channel it came on (two kits
    on one MIDI port); otherwise on any channel.
    """

    def __init__(
        self,
        name: str,
        base: KitProfile | None = None,
        min_velocity: int = MIN_LEARN_VELOCITY,
        by_channel: bool = False,
        steps: tuple[LearnStep, ...] = LEARN_STEPS,
    ) -> None:
        self.name = name
        self.base = base
        self.min_velocity = min_velocity
        self.by_channel = by_channel
        self.steps = steps
        self._index = 0
        self._notes: list[list[NoteKey]] = [[] for _ in steps]

    @property
    def step(self) -> LearnStep | None:
        """The step being learned, None when every step is done."""
        return self.steps[self._index] if self._index < len(self.steps) else None

    @property
    def done(self) -> bool:
        """True once every step has been asked for."""
        return self._index >= len(self.steps)

    @property
    def prompt(self) -> str:
        """What to show the player now."""
        step = self.step
        return step.prompt if step is not None else _("Every pad is learned")

    def notes(self, step: LearnStep | None = None) -> tuple[NoteKey, ...]:
        """The notes learned for `step` (default: the current one)."""
        index = self._index if step is None else self.steps.index(step)
        return tuple(self._notes[index]) if index < len(self.steps) else ()

    def hear(self, note: int, velocity: int, channel: int) -> Heard:
        """One note-on from the kit (`velocity` MIDI 0-127, `channel` 0-15)."""
        if self.done:
            return Heard.FINISHED
        if velocity < max(self.min_velocity, 1):
            return Heard.TOO_SOFT
        key = NoteKey(note, channel if self.by_channel else None)
        if key in self._notes[self._index]:
            return Heard.AGAIN
        if any(_overlaps(key, k) for learned in self._notes[: self._index] for k in learned):
            return Heard.TAKEN
        self._notes[self._index].append(key)
        return Heard.BOUND

    def next(self) -> None:
        """Done with this step: ask for the next pad (a step with no notes stays unbound)."""
        if not self.done:
            self._index += 1

    def back(self) -> None:
        """Go back one step and forget what it learned (and what the current step heard)."""
        if self._index < len(self.steps):
            self._notes[self._index].clear()
        self._index = max(self._index - 1, 0)
        self._notes[self._index].clear()

    def profile(self) -> KitProfile:
        """The learned profile; ValueError when no pad has a note (nothing was learned)."""
        base = self.base
        pads: dict[KitPad, PadSettings] = {}
        pedal: list[NoteKey] = []
        for step, notes in zip(self.steps, self._notes, strict=True):
            if step.pad is None:
                pedal += notes
            elif notes:
                settings = base.pads.get(step.pad) if base is not None else None
                pads[step.pad] = (
                    replace(settings, notes=tuple(notes))
                    if settings is not None
                    else _default_settings(step.pad, tuple(notes))
                )
        if not pads:
            raise ValueError("no pad was learned: hit each pad when it is asked for")
        bound = {k for s in pads.values() for k in s.notes}
        hihat = base.hihat if base is not None else HiHat()
        if not pedal:  # the pedal was skipped: keep the base's pedal notes that no pad took
            pedal = [k for k in hihat.pedal if not any(_overlaps(k, b) for b in bound)]
        hihat = replace(hihat, pedal=tuple(pedal), strikes=())
        description = f"Learned on the kit{f' (from {base.name})' if base is not None else ''}."
        return KitProfile(
            self.name,
            pads,
            base.crosstalk if base is not None else Crosstalk(),
            hihat,
            description,
        )

    def save(self, user_dir: Path) -> Path:
        """Write the learned profile into the player's kit folder (atomically); its path."""
        return save_user_profile(self.profile(), user_dir)


def _default_settings(pad: KitPad, notes: tuple[NoteKey, ...]) -> PadSettings:
    """A pad's settings with the game's defaults (the kick has a longer retrigger mask)."""
    if pad is KitPad.KICK:
        return PadSettings(notes, retrigger_ms=DEFAULT_KICK_RETRIGGER_MS)
    return PadSettings(notes)


def _overlaps(a: NoteKey, b: NoteKey) -> bool:
    """True when one note-on could match both keys (same note; a channel or any channel)."""
    return a.note == b.note and (a.channel is None or b.channel is None or a.channel == b.channel)
