"""A small, fast, bounded Standard MIDI File decoder for charts.

It finds every track and its name without decoding it, so a loader decodes only the tracks it
needs (mido decodes every message of every track). It tolerates what real charts do: running
status kept across meta and SysEx events, Phase Shift SysEx with 0xFF bytes, a missing
end-of-track, unknown chunks. Anything it cannot make sense of is a `ChartError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.formats.errors import ChartError
from game.formats.text_decoding import decode_text

MAX_TRACKS = 1024
NAME_SEARCH_EVENTS = 32
"""How many events at the start of a track are searched for its name when the file is opened;
a track named later is found by a search of the whole track when a name is asked for."""


@dataclass
class MidiTrack:
    """One MTrk chunk: where its events lie in the file, and its name (first name event).

    `name_searched` is true once the whole track was searched (so None means it has no name).
    """

    index: int
    start: int
    end: int
    name: str | None = None
    name_searched: bool = False


@dataclass
class TrackEvents:
    """The decoded events of one track that charts use, each list in file order.

    notes: (tick, pitch, velocity) with velocity 0 for a note-off, and note_channels the channel
    (0-15) of each of them; texts: (tick, text);
    tempos: (tick, microseconds per quarter); time_signatures: (tick, numerator, denominator);
    controls: (tick, controller, value).
    """

    notes: list[tuple[int, int, int]] = field(default_factory=list)
    note_channels: list[int] = field(default_factory=list)
    texts: list[tuple[int, str]] = field(default_factory=list)
    tempos: list[tuple[int, int]] = field(default_factory=list)
    time_signatures: list[tuple[int, int, int]] = field(default_factory=list)
    controls: list[tuple[int, int, int]] = field(default_factory=list)


@dataclass
class MidiFile:
    """A parsed header and the tracks of a Standard MIDI File held in `data`."""

    path: Path
    data: bytes
    format: int
    resolution: int
    tracks: list[MidiTrack]

    def track_named(self, *names: str) -> MidiTrack | None:
        """The first track whose name is the first of `names` found (in that preference).

        A name may stand anywhere in its track: when one of `names` is missing, the tracks whose
        name was not among their first events are searched to their end (once).
        """
        by_name = self._names()
        if any(n not in by_name for n in names) and self.search_all_names():
            by_name = self._names()
        return next((by_name[n] for n in names if n in by_name), None)

    def search_all_names(self) -> bool:
        """Search every track not yet searched to its end for its name; True if one was found."""
        found = False
        for track in self.tracks:
            if track.name is None and not track.name_searched:
                _decode(self, track, TrackEvents(), stop_at_name=True, name_events=None)
                found = found or track.name is not None
        return found

    def _names(self) -> dict[str, MidiTrack]:
        by_name: dict[str, MidiTrack] = {}
        for t in self.tracks:
            if t.name is not None:
                by_name.setdefault(t.name, t)
        return by_name

    def events(self, track: MidiTrack) -> TrackEvents:
        """Decode every event of `track`."""
        out = TrackEvents()
        _decode(self, track, out, stop_at_name=False)
        return out


def parse_midi(data: bytes, path: Path) -> MidiFile:
    """The header and track list of SMF bytes; ChartError naming `path` when malformed."""
    if len(data) < 14 or data[:4] != b"MThd":
        raise ChartError(path, "not a MIDI file (no MThd header)")
    length = int.from_bytes(data[4:8], "big")
    if length < 6 or 8 + length > len(data):
        raise ChartError(path, "MIDI header is truncated")
    fmt = int.from_bytes(data[8:10], "big")
    division = int.from_bytes(data[12:14], "big")
    if fmt not in (0, 1):
        raise ChartError(path, f"MIDI format {fmt} is not supported (charts are format 1)")
    if division & 0x8000:
        raise ChartError(path, "MIDI files timed in SMPTE frames are not supported")
    if division == 0:
        raise ChartError(path, "the MIDI header's division of 0 ticks per quarter note is invalid")
    midi = MidiFile(path, data, fmt, division, [])
    pos = 8 + length
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "big")
        start, end = pos + 8, pos + 8 + size
        if end > len(data):
            raise ChartError(path, f"track {len(midi.tracks)} is truncated")
        if chunk == b"MTrk":
            if len(midi.tracks) >= MAX_TRACKS:
                raise ChartError(path, f"more than {MAX_TRACKS} tracks")
            track = MidiTrack(len(midi.tracks), start, end)
            _decode(midi, track, TrackEvents(), stop_at_name=True)
            midi.tracks.append(track)
        pos = end
    if not midi.tracks:
        raise ChartError(path, "the MIDI file has no tracks")
    return midi


def _decode(
    midi: MidiFile,
    track: MidiTrack,
    out: TrackEvents,
    stop_at_name: bool,
    name_events: int | None = NAME_SEARCH_EVENTS,
) -> None:
    """Walk the events of `track`, filling `out`; with `stop_at_name`, only look for its name,
    among the first `name_events` events at tick 0 (None: in the whole track)."""
    data, pos, end, path = midi.data, track.start, track.end, midi.path
    tick, running, count = 0, 0, 0
    notes, texts, note_channels = out.notes, out.texts, out.note_channels
    while pos < end:
        # delta time: a variable-length quantity of at most 4 bytes (most are one byte)
        delta = data[pos]
        pos += 1
        if delta & 0x80:
            delta, pos = _vlq(data, pos - 1, end, path, track, "an event", "delta time")
        tick += delta
        if pos >= end:
            raise ChartError(path, f"track {track.index} ends inside an event")
        status = data[pos]
        if status & 0x80:
            pos += 1
        elif running:
            status = running
        else:
            raise ChartError(path, f"track {track.index} has data with no status byte")
        if status == 0xFF:
            if pos >= end:
                raise ChartError(path, f"track {track.index} ends inside a meta event")
            kind = data[pos]
            size, pos = _vlq(data, pos + 1, end, path, track)
            payload = data[pos : pos + size]
            pos += size
            if pos > end:
                raise ChartError(path, f"track {track.index} ends inside a meta event")
            if kind == 0x2F:
                break
            if kind == 0x03 and track.name is None:
                track.name = decode_text(payload)
                if stop_at_name:
                    return
            elif stop_at_name:
                pass
            elif 0x01 <= kind <= 0x0F:
                texts.append((tick, decode_text(payload)))
            elif kind == 0x51 and size == 3:
                out.tempos.append((tick, int.from_bytes(payload, "big")))
            elif kind == 0x58 and size >= 2:
                out.time_signatures.append((tick, payload[0], 2 ** min(payload[1], 8)))
        elif status == 0xF0 or status == 0xF7:
            size, pos = _vlq(data, pos, end, path, track)
            pos += size  # SysEx (Phase Shift's too): skipped; running status is kept
            if pos > end:
                raise ChartError(path, f"track {track.index} ends inside a SysEx event")
        else:
            if status < 0xF0:
                running = status
            kind = status & 0xF0
            if kind == 0xC0 or kind == 0xD0:
                pos += 1
            elif status >= 0xF0:  # system common/real-time bytes have no place in a file
                raise ChartError(path, f"track {track.index} has a stray status byte {status:#x}")
            else:
                if pos + 2 > end:
                    raise ChartError(path, f"track {track.index} ends inside a note")
                if (kind == 0x90 or kind == 0x80) and not stop_at_name:
                    velocity = data[pos + 1] if kind == 0x90 else 0
                    notes.append((tick, data[pos] & 0x7F, velocity & 0x7F))
                    note_channels.append(status & 0x0F)
                elif kind == 0xB0 and not stop_at_name:
                    out.controls.append((tick, data[pos] & 0x7F, data[pos + 1] & 0x7F))
                pos += 2
        count += 1
        if stop_at_name and name_events is not None and (count >= name_events or tick > 0):
            return
    if stop_at_name:
        track.name_searched = True


def _vlq(
    data: bytes,
    pos: int,
    end: int,
    path: Path,
    track: MidiTrack,
    inside: str = "a length",
    what: str = "length",
) -> tuple[int, int]:
    """The variable-length quantity (at most 4 bytes) at `pos` and the position after it; a
    ChartError saying the track ends inside `inside`, or has a bad `what`, else."""
    value = 0
    for _ in range(4):
        if pos >= end:
            raise ChartError(path, f"track {track.index} ends inside {inside}")
        b = data[pos]
        pos += 1
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            return value, pos
    raise ChartError(path, f"track {track.index} has a bad {what}")
