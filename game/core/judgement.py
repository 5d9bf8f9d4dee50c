"""Judgements and the hit windows that give them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum

WINDOW_EPSILON_S = 1e-9
"""Slack on every window edge (seconds) so that float rounding never moves a hit across an edge."""


class Judgement(IntEnum):
    """What became of a note or a hit. DO NOT MODIFY THE VALUES: replays and scores keep them."""

    PERFECT = 0
    GREAT = 1
    GOOD = 2
    MISS = 3
    OVERHIT = 4

    @property
    def is_hit(self) -> bool:
        """True for Perfect, Great and Good: a note was hit."""
        return self <= Judgement.GOOD

    @property
    def base_points(self) -> int:
        """Points before the multiplier: Perfect 100, Great 70, Good 40, else 0."""
        return _POINTS[self]

    @property
    def accuracy_tenths(self) -> int:
        """Accuracy weight in tenths: Perfect 10, Great 7, Good 4, Miss 0 (overhits count none)."""
        return _TENTHS[self]

    def breaks_combo(self, overhits_break_combo: bool = False) -> bool:
        """True when this judgement resets the combo."""
        return self is Judgement.MISS or (overhits_break_combo and self is Judgement.OVERHIT)


_POINTS = {
    Judgement.PERFECT: 100,
    Judgement.GREAT: 70,
    Judgement.GOOD: 40,
    Judgement.MISS: 0,
    Judgement.OVERHIT: 0,
}
_TENTHS = {
    Judgement.PERFECT: 10,
    Judgement.GREAT: 7,
    Judgement.GOOD: 4,
    Judgement.MISS: 0,
    Judgement.OVERHIT: 0,
}


class WindowPreset(str, Enum):
    """A player's choice of hit-window width; each scales all three windows."""

    RELAXED = "relaxed"
    STANDARD = "standard"
    STRICT = "strict"

    @property
    def scale(self) -> float:
        """The factor on the standard windows: Relaxed 1.5, Standard 1.0, Strict 0.66."""
        return _SCALE[self]


_SCALE = {WindowPreset.RELAXED: 1.5, WindowPreset.STANDARD: 1.0, WindowPreset.STRICT: 0.66}


@dataclass(frozen=True, slots=True)
class HitWindows:
    """Half-widths of the hit windows in seconds, each side of a note."""

    perfect_s: float = 0.025
    great_s: float = 0.050
    good_s: float = 0.090

    @classmethod
    def for_preset(cls, preset: WindowPreset | str) -> HitWindows:
        """The standard windows scaled by `preset`."""
        k = WindowPreset(preset).scale
        base = cls()
        return cls(base.perfect_s * k, base.great_s * k, base.good_s * k)

    def result_for(self, offset_s: float) -> Judgement | None:
        """The judgement of a hit `offset_s` seconds from its note (negative = early).

        None when the hit lies outside the Good window: too early to take the note, or so late
        that the note is already a Miss.
        """
        off = abs(offset_s)
        if off <= self.perfect_s + WINDOW_EPSILON_S:
            return Judgement.PERFECT
        if off <= self.great_s + WINDOW_EPSILON_S:
            return Judgement.GREAT
        if off <= self.good_s + WINDOW_EPSILON_S:
            return Judgement.GOOD
        return None

    def holds(self, offset_s: float) -> bool:
        """True when a hit `offset_s` from a note may take it (inside the Good window)."""
        return abs(offset_s) <= self.good_s + WINDOW_EPSILON_S
