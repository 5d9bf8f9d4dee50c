"""Recorded performances: the note-ons of a Standard MIDI File as a DAW records a drum kit.

Every note-on (velocity > 0) of every track, with its channel and its absolute time in seconds
through the file's tempo map, in time order (file order for equal times). Type 0 and type 1
files are read; a type 2 file has no single timeline and is refused. Note-offs, controllers
(the hi-hat pedal's CC 4) and meta events are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from game.base.bounded import read_bounded
from game.core.tempo import TempoChange, TempoMap
from game.formats.errors import BadFileError, ChartError
from game.formats.midi_file import parse_midi

MAX_PERFORMANCE_BYTES = 16 * 1024 * 1024
MAX_PERFORMANCE_NOTES = 1_000_000


class PerformanceError(BadFileError):
    """A performance recording that cannot be read."""


class PerformanceNote(NamedTuple):
    """One recorded note-on: seconds from the start of the file, note, velocity (1-127) and
    channel (0-15, as mido counts: the General MIDI drums are 9). A named tuple: a take holds
    hundreds of thousands of them."""

    time_s: float
    note: int
    velocity: int
    channel: int


@dataclass(frozen=True)
class PerformanceColumns:
    """A take's note-ons as columns, in time order: seconds, notes, velocities (1-127) and
    channels (0-15). What `drum-duet score` reads: a take may hold hundreds of thousands."""

    times_s: list[float]
    notes: list[int]
    velocities: list[int]
    channels: list[int]

    def __len__(self) -> int:
        return len(self.times_s)

    def rows(self) -> Iterator[tuple[float, int, int, int]]:
        """(time_s, note, velocity, channel) of each note-on, as `PerformanceNote` orders them."""
        return zip(self.times_s, self.notes, self.velocities, self.channels, strict=True)


def read_performance(path: str | Path) -> list[PerformanceNote]:
    """The note-ons of a MIDI file in time order; PerformanceError naming the file and problem."""
    return list(map(PerformanceNote._make, read_performance_columns(path).rows()))


def read_performance_columns(path: str | Path) -> PerformanceColumns:
    """The note-ons of a MIDI file in time order, as columns; PerformanceError naming the file.

    Decoded by the game's own MIDI reader (`midi_file`); each note-on's time comes from the
    file's tempo map (every track's tempo changes, as a merged type 1 file plays them).
    """
    path = Path(path)
    data = read_bounded(path, MAX_PERFORMANCE_BYTES, PerformanceError)
    if data[:4] != b"MThd":
        raise PerformanceError(path, "not a MIDI file (no MThd header)")
    if int.from_bytes(data[8:10], "big") == 2:
        raise PerformanceError(path, "a type 2 MIDI file has no single timeline to score")
    try:
        midi = parse_midi(data, path)
        columns: list[np.ndarray] = []  # per track: (tick, note, velocity, channel) rows
        tempos: list[tuple[int, int]] = []
        count = 0
        for track in midi.tracks:
            events = midi.events(track)
            tempos += events.tempos
            if not events.notes:
                continue
            rows = np.empty((len(events.notes), 4), dtype=np.int64)
            rows[:, :3] = events.notes
            rows[:, 3] = events.note_channels
            rows = rows[rows[:, 2] > 0]  # note-ons; velocity 0 is a note-off
            count += len(rows)
            if count > MAX_PERFORMANCE_NOTES:
                raise PerformanceError(path, f"more than {MAX_PERFORMANCE_NOTES:,} notes")
            columns.append(rows)
        tempos.sort(key=lambda t: t[0])  # stable: a later track's change at a tick wins
        tempo = TempoMap(midi.resolution, [TempoChange(t, us) for t, us in tempos])
    except ChartError as e:
        raise PerformanceError(path, f"not a readable MIDI file: {e.problem}") from None
    except ValueError as e:  # a tempo of 0
        raise PerformanceError(path, f"not a readable MIDI file: {e}") from None
    if not columns:
        return PerformanceColumns([], [], [], [])
    merged = np.concatenate(columns)
    merged = merged[np.argsort(merged[:, 0], kind="stable")]  # tracks merged by time
    return PerformanceColumns(
        tempo.seconds(merged[:, 0].astype(np.float64)).tolist(),
        merged[:, 1].tolist(),
        merged[:, 2].tolist(),
        merged[:, 3].tolist(),
    )
