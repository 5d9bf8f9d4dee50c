"""Recorded performances: the note-ons of a Standard MIDI File as a DAW records a drum kit.

Every note-on (velocity > 0) of every track, with its channel and its absolute time in seconds
through the file's tempo map, in time order (file order for equal times). Type 0 and type 1
files are read; a type 2 file has no single timeline and is refused. Note-offs, controllers
(the hi-hat pedal's CC 4) and meta events are skipped.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import mido

from game.formats.errors import BadFileError
from game.formats.limits import read_bounded

MAX_PERFORMANCE_BYTES = 16 * 1024 * 1024
MAX_PERFORMANCE_NOTES = 1_000_000


class PerformanceError(BadFileError):
    """A performance recording that cannot be read."""


@dataclass(frozen=True, slots=True)
class PerformanceNote:
    """One recorded note-on: seconds from the start of the file, note, velocity (1-127) and
    channel (0-15, as mido counts: the General MIDI drums are 9)."""

    time_s: float
    note: int
    velocity: int
    channel: int


def read_performance(path: str | Path) -> list[PerformanceNote]:
    """The note-ons of a MIDI file in time order; PerformanceError naming the file and problem."""
    path = Path(path)
    data = read_bounded(path, MAX_PERFORMANCE_BYTES, PerformanceError)
    if data[:4] != b"MThd":
        raise PerformanceError(path, "not a MIDI file (no MThd header)")
    try:
        midi = mido.MidiFile(file=io.BytesIO(data), clip=True)
        if midi.type == 2:
            raise PerformanceError(path, "a type 2 MIDI file has no single timeline to score")
        notes: list[PerformanceNote] = []
        now = 0.0
        for message in midi:  # merged tracks; `time` is seconds since the previous message
            now += message.time
            if message.type == "note_on" and message.velocity > 0:
                notes.append(PerformanceNote(now, message.note, message.velocity, message.channel))
                if len(notes) > MAX_PERFORMANCE_NOTES:
                    raise PerformanceError(path, f"more than {MAX_PERFORMANCE_NOTES:,} notes")
    except PerformanceError:
        raise
    except (ValueError, EOFError, KeyError, IndexError, TypeError, OSError, ZeroDivisionError) as e:
        raise PerformanceError(path, f"not a readable MIDI file: {e}") from None
    return notes
