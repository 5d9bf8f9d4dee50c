"""The Standard MIDI File reader's variable-length delta times, on hand-written bytes: one to
four bytes decode to their ticks; a file cut inside one, or a fifth byte, is a ChartError."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.formats.errors import ChartError
from game.formats.midi_file import parse_midi

PATH = Path("songs/odd/notes.mid")
END = bytes([0x00, 0xFF, 0x2F, 0x00])


def smf(track: bytes) -> bytes:
    """A format-1 file of one track, 480 ticks per quarter note."""
    header = b"MThd" + (6).to_bytes(4, "big") + bytes([0, 1, 0, 1]) + (480).to_bytes(2, "big")
    return header + b"MTrk" + len(track).to_bytes(4, "big") + track


@pytest.mark.parametrize(
    ("delta", "ticks"),
    [
        (bytes([0x7F]), 127),
        (bytes([0x83, 0x60]), 480),
        (bytes([0x81, 0x80, 0x00]), 1 << 14),
        (bytes([0xFF, 0xFF, 0xFF, 0x7F]), 0x0FFFFFFF),  # the largest a file may hold
    ],
)
def test_delta_times_of_one_to_four_bytes_give_their_ticks(delta, ticks):
    midi = parse_midi(
        smf(delta + bytes([0x99, 38, 100]) + delta + bytes([0x89, 38, 0]) + END), PATH
    )
    notes = midi.events(midi.tracks[0]).notes
    assert notes == [(ticks, 38, 100), (2 * ticks, 38, 0)]


@pytest.mark.parametrize(
    ("track", "problem"),
    [
        (bytes([0x00, 0x99, 38, 100, 0x83]), "track 0 ends inside an event"),
        (bytes([0x00, 0x99, 38, 100, 0x81, 0x80, 0x80]), "track 0 ends inside an event"),
        (
            bytes([0x00, 0x99, 38, 100, 0x81, 0x80, 0x80, 0x80, 0x00]),
            "track 0 has a bad delta time",
        ),
        (bytes([0x00, 0xFF, 0x01, 0x80]), "track 0 ends inside a length"),
        (bytes([0x00, 0xFF, 0x01, 0x80, 0x80, 0x80, 0x80, 0x00]), "track 0 has a bad length"),
    ],
)
def test_a_cut_or_overlong_quantity_is_a_chart_error_naming_the_file(track, problem):
    with pytest.raises(ChartError) as refused:
        midi = parse_midi(smf(track), PATH)
        midi.events(midi.tracks[0])
    assert str(refused.value) == f"{PATH}: {problem}"
