"""What flows into the engine (`InputEvent`) and what flows out (judgements and team events)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.core.judgement import Judgement
from game.core.lanes import Lane


@dataclass(frozen=True, slots=True)
class InputEvent:
    """One hit by a player, at its own song time in seconds.

    `cymbal` says whether a cymbal pad (or cymbal key) was struck; it only matters on yellow, blue
    and green with pro cymbals on. `velocity` is 0.0-1.0 (MIDI velocity / 127).
    """

    time_s: float
    player: int
    lane: Lane
    cymbal: bool = False
    velocity: float = 1.0

    def __post_init__(self) -> None:
        if not math.isfinite(self.time_s):
            raise ValueError(f"input time must be finite, got {self.time_s}")
        if not 0.0 <= self.velocity <= 1.0:
            raise ValueError(f"velocity must be in [0, 1], got {self.velocity}")


@dataclass(frozen=True, slots=True)
class JudgementEvent:
    """A judged note or hit of one player.

    `time_s` is when it happened (the hit's time, or for a Miss the instant its window closed).
    `note_index` is -1 for an overhit. `error_s` is hit time minus note time (negative = early),
    NaN for a Miss or an overhit. `points` includes `bonus` (dynamics).
    """

    time_s: float
    player: int
    note_index: int
    lane: Lane
    judgement: Judgement
    error_s: float
    points: int
    bonus: int
    combo: int
    multiplier: int


@dataclass(frozen=True, slots=True)
class SyncEvent:
    """Both players hit a unison instant within the Sync window: each got `points[p]`."""

    time_s: float
    instant: int
    delta_s: float
    points: tuple[int, int]


@dataclass(frozen=True, slots=True)
class HarmonyEvent:
    """Harmony started (`active` true, lasting until `end_s`) or ended."""

    time_s: float
    active: bool
    end_s: float
