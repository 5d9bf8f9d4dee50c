"""A song's arrangement: the backing instruments the synthesizer plays (not the players' drums).

Read from a General MIDI multi-track file by `game.formats.arrangement`, rendered by
`game.audio`. Times are song seconds; pitches MIDI note numbers; velocities 0.0-1.0.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

import numpy as np
from numpy.typing import NDArray

from game.core.tempo import TempoMap

NOTE_DTYPE = np.dtype(
    [
        ("start_s", np.float64),
        ("duration_s", np.float64),
        ("pitch", np.int16),
        ("velocity", np.float32),
    ]
)


class Voice(str, Enum):
    """The synthesizer's instruments. DO NOT MODIFY THE VALUES: arrangement files name them."""

    BASS = "bass"
    KEYS = "keys"  # electric piano
    BRASS = "brass"
    PAD = "pad"
    LEAD = "lead"
    PLUCK = "pluck"
    PERCUSSION = "percussion"  # claps, shakers, tambourine: GM drum-channel notes


@dataclass(frozen=True)
class InstrumentPart:
    """One instrument's notes (a structured array of NOTE_DTYPE, sorted by start), and its mix.

    `pan` is -1 (left) to 1 (right); `gain` a linear level.
    """

    name: str
    voice: Voice
    notes: NDArray
    pan: float = 0.0
    gain: float = 1.0

    def __post_init__(self) -> None:
        if self.notes.dtype != NOTE_DTYPE:
            raise ValueError("instrument notes must use NOTE_DTYPE")
        if not -1.0 <= self.pan <= 1.0:
            raise ValueError(f"pan must be in [-1, 1], got {self.pan}")


@dataclass(frozen=True)
class Arrangement:
    """Every backing instrument of a song, its tempo map and its length in seconds."""

    tempo: TempoMap
    parts: tuple[InstrumentPart, ...]
    length_s: float

    @property
    def end_s(self) -> float:
        """When the last note stops sounding (seconds)."""
        ends = [
            float((p.notes["start_s"] + p.notes["duration_s"]).max())
            for p in self.parts
            if len(p.notes)
        ]
        return max(ends, default=0.0)

    def at_speed(self, speed: float) -> Arrangement:
        """This arrangement played at `speed` (0.5 = half as fast): every note starts and lasts
        1 / `speed` times as long, at the same pitch; the synthesizer renders it at the new
        tempo exactly (no stretching)."""
        if speed == 1.0:
            return self
        tempo = self.tempo.at_speed(speed)  # checks `speed`
        parts = []
        for part in self.parts:
            notes = part.notes.copy()
            notes["start_s"] /= speed
            notes["duration_s"] /= speed
            parts.append(replace(part, notes=notes))
        return Arrangement(tempo, tuple(parts), self.length_s / speed)


def notes_array(rows: list[tuple[float, float, int, float]]) -> NDArray:
    """A NOTE_DTYPE array from (start_s, duration_s, pitch, velocity) rows, sorted by start."""
    arr = np.array(rows, dtype=NOTE_DTYPE) if rows else np.zeros(0, dtype=NOTE_DTYPE)
    return np.sort(arr, order="start_s", kind="stable")
