"""Kit profiles: which MIDI note of a drum kit plays which pad, and how hits are cleaned up.

A `KitProfile` binds notes (optionally on one MIDI channel) to the eight pads of the 4-lane pro
layout: kick, red, and yellow/blue/green each as a cymbal or a tom. A note bound to no pad is
ignored; the hi-hat pedal's notes are not pads (ignored by default) but mark the pedal "chick".

Each pad has a velocity threshold (MIDI 0-127: a softer hit is dropped) and a retrigger mask in
ms (a second hit of the same pad sooner than that is a double trigger: dropped). Crosstalk and
the hi-hat pedal rule are described on `Crosstalk` and `HiHat`; `game.input.kit_mapper` applies
them all. Profiles are TOML files (`game.input.kit_toml`), shipped or made by the player
(`game.input.kit_files`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from game.input.pads import KitPad

MIDI_CHANNELS = 16


class KitProfileError(ValueError):
    """A kit profile file that cannot be used, with its path and what is wrong with it."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True, slots=True, order=True)
class NoteKey:
    """A MIDI note number (0-127), on any channel (`channel` None) or on one channel.

    `channel` counts as mido does, 0-15 (channel 10 of the General MIDI drums is 9); profile
    files write it as people count, 1-16.
    """

    note: int
    channel: int | None = None

    def __post_init__(self) -> None:
        if (
            isinstance(self.note, bool)
            or not isinstance(self.note, int)
            or not 0 <= self.note <= 127
        ):
            raise ValueError(f"{self.note!r} is not a MIDI note (0-127)")
        if self.channel is not None and (
            isinstance(self.channel, bool)
            or not isinstance(self.channel, int)
            or not 0 <= self.channel < MIDI_CHANNELS
        ):
            raise ValueError(f"{self.channel!r} is not a MIDI channel (0-15)")

    def matches(self, note: int, channel: int) -> bool:
        """True when a note-on of `note` on `channel` (0-15) is this key."""
        return note == self.note and (self.channel is None or self.channel == channel)

    def __str__(self) -> str:
        return (
            str(self.note) if self.channel is None else f"{self.note} (channel {self.channel + 1})"
        )


DEFAULT_THRESHOLD = 1
"""The default velocity threshold (MIDI): 1 keeps every note-on (velocity 0 is a note-off)."""
DEFAULT_RETRIGGER_MS = 10.0
"""The default retrigger mask of a hand pad, ms: shorter than a real drag (about 17 ms)."""
DEFAULT_KICK_RETRIGGER_MS = 30.0
"""The default retrigger mask of the kick, ms: a beater bouncing off the pad double-triggers."""


@dataclass(frozen=True, slots=True)
class PadSettings:
    """One pad's notes, velocity threshold (MIDI 0-127; softer hits are dropped) and retrigger
    mask (ms; a second hit of this pad sooner than that after the last one is dropped)."""

    notes: tuple[NoteKey, ...]
    threshold: int = DEFAULT_THRESHOLD
    retrigger_ms: float = DEFAULT_RETRIGGER_MS

    def __post_init__(self) -> None:
        object.__setattr__(self, "notes", tuple(dict.fromkeys(self.notes)))
        _check_within("threshold", self.threshold, 127)
        _check_within("retrigger_ms", self.retrigger_ms, 1000)


@dataclass(frozen=True, slots=True)
class Crosstalk:
    """Crosstalk: a hit on a hand pad less than `window_ms` after a hit on another hand pad, and
    softer than `ratio` times that hit's velocity, is the vibration of the first: dropped.

    The kick neither causes nor suffers crosstalk: it stands on the floor, and a kick under a
    quiet hi-hat is music. `window_ms` 0 turns the rule off. The defaults keep every note of the
    real TD-11 recordings in the test data (their closest real pairs are ~0.26 within 3 ms).
    """

    window_ms: float = 10.0
    ratio: float = 0.2

    def __post_init__(self) -> None:
        _check_within("window_ms", self.window_ms, 1000)
        _check_within("ratio", self.ratio, 1)


@dataclass(frozen=True, slots=True)
class HiHat:
    """The hi-hat: its pedal's notes, its strikes' notes, and the chick rule.

    A pedal note is the foot closing the hi-hat ("chick"): not a hit, unless a pad also binds the
    note. A hi-hat strike (a note of `strikes`) less than `suppress_ms` after a chick is dropped:
    some kits send a strike when the pedal slams the hi-hat shut. `suppress_ms` 0 turns that off.
    """

    pedal: tuple[NoteKey, ...] = (NoteKey(44),)
    strikes: tuple[NoteKey, ...] = ()
    suppress_ms: float = 30.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "pedal", tuple(dict.fromkeys(self.pedal)))
        object.__setattr__(self, "strikes", tuple(dict.fromkeys(self.strikes)))
        _check_within("suppress_ms", self.suppress_ms, 1000)


def _check_within(name: str, value: float, high: float) -> None:
    """Raise ValueError naming `name` and `value` unless 0 <= `value` <= `high`."""
    if not 0 <= value <= high:
        raise ValueError(f"{name} {value!r} is outside 0-{high:g}")


def _find(keys: Iterable[NoteKey], note: int, channel: int) -> NoteKey | None:
    """The key of `keys` that a note-on matches: one on its channel first, then any channel."""
    loose = None
    for key in keys:
        if key.matches(note, channel):
            if key.channel is not None:
                return key
            loose = key
    return loose


@dataclass(frozen=True)
class KitProfile:
    """A drum kit's profile: its name, the pads' notes and settings, crosstalk and the hi-hat.

    A note may be bound to one pad only (the same note on two channels counts as two notes).
    `description` says in words what kit it is for and where its notes come from.
    """

    name: str
    pads: Mapping[KitPad, PadSettings]
    crosstalk: Crosstalk = field(default_factory=Crosstalk)
    hihat: HiHat = field(default_factory=HiHat)
    description: str = ""

    def __post_init__(self) -> None:
        name = " ".join(self.name.split())
        if not name or len(name) > 64:
            raise ValueError("a kit profile's name must be 1 to 64 characters")
        object.__setattr__(self, "name", name)
        pads = {KitPad(p): s for p, s in self.pads.items()}
        order = list(KitPad)
        pads = dict(sorted(pads.items(), key=lambda kv: order.index(kv[0])))
        object.__setattr__(self, "pads", MappingProxyType(pads))
        owner: dict[NoteKey, KitPad] = {}
        for pad, settings in pads.items():
            for key in settings.notes:
                if key in owner:
                    raise ValueError(
                        f"note {key} is bound to both {owner[key].label} and {pad.label}"
                    )
                owner[key] = pad
        object.__setattr__(self, "_owner", MappingProxyType(owner))

    def note_table(self) -> Mapping[NoteKey, KitPad]:
        """Every bound note and the pad it plays."""
        return self._owner  # type: ignore[attr-defined]

    def pad_for(self, note: int, channel: int = 9) -> KitPad | None:
        """The pad a note-on of `note` on `channel` (0-15) plays, None when it plays none."""
        key = _find(self._owner, note, channel)  # type: ignore[attr-defined]
        return None if key is None else self._owner[key]  # type: ignore[attr-defined]

    def is_pedal(self, note: int, channel: int = 9) -> bool:
        """True when the note-on is the hi-hat pedal closing (a chick)."""
        return _find(self.hihat.pedal, note, channel) is not None

    def is_hihat_strike(self, note: int, channel: int = 9) -> bool:
        """True when the note-on is a stick on the hi-hat: a note of `hihat.strikes`, or with
        none listed, a note of the yellow cymbal pad."""
        strikes = self.hihat.strikes
        if not strikes and KitPad.YELLOW_CYMBAL in self.pads:
            strikes = self.pads[KitPad.YELLOW_CYMBAL].notes
        return _find(strikes, note, channel) is not None

    def without_filters(self) -> KitProfile:
        """This profile with every filter off: thresholds 1, no masks, no crosstalk, no chick
        rule. Every bound note-on becomes a hit (what `midi monitor --raw` would show)."""
        pads = {p: PadSettings(s.notes, 1, 0.0) for p, s in self.pads.items()}
        return replace(
            self,
            pads=pads,
            crosstalk=Crosstalk(0.0, self.crosstalk.ratio),
            hihat=replace(self.hihat, suppress_ms=0.0),
        )
