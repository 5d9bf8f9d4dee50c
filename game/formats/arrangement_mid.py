"""arrangement.mid: a song's backing as a General MIDI multi-track file any DAW opens.

One track per instrument, named after its synthesizer voice ("bass", "keys chords", "lead hook":
the first word is the `Voice`), on its own channel with a GM program change, CC10 pan and CC7
volume at the start; percussion (claps, shakers) on the GM drum channel. Track 0 holds the tempo
map, which is the same as the song's notes.mid.
"""

from __future__ import annotations

import io
from pathlib import Path

import mido

from game.base.atomic import write_atomic
from game.base.bounded import read_bounded
from game.core.arrangement import Arrangement, InstrumentPart, Voice, notes_array
from game.core.tempo import TempoChange, TempoMap, TimeSignature
from game.formats.errors import ChartError
from game.formats.midi_file import parse_midi

MAX_ARRANGEMENT_BYTES = 16 * 1024 * 1024
DRUM_CHANNEL = 9
GM_PROGRAM = {
    Voice.BASS: 38,  # Synth Bass 1
    Voice.KEYS: 4,  # Electric Piano 1
    Voice.BRASS: 61,  # Brass Section
    Voice.PAD: 89,  # Pad 2 (warm)
    Voice.LEAD: 80,  # Lead 1 (square)
    Voice.PLUCK: 46,  # Orchestral Harp
    Voice.PERCUSSION: 0,
}


def write_arrangement(arrangement: Arrangement, path: Path) -> None:
    """Write `arrangement` as a type-1 GM file at its tempo map's resolution (atomically)."""
    tempo = arrangement.tempo
    mid = mido.MidiFile(type=1, ticks_per_beat=tempo.resolution)
    head = [(0, mido.MetaMessage("track_name", name="tempo"))]
    head += [
        (t.tick, mido.MetaMessage("set_tempo", tempo=round(t.us_per_quarter))) for t in tempo.tempos
    ]
    head += [
        (
            s.tick,
            mido.MetaMessage("time_signature", numerator=s.numerator, denominator=s.denominator),
        )
        for s in tempo.time_signatures
    ]
    mid.tracks.append(_track(head))
    melodic = iter(c for c in range(16) if c != DRUM_CHANNEL)
    for part in arrangement.parts:
        channel = DRUM_CHANNEL if part.voice is Voice.PERCUSSION else next(melodic)
        events = [
            (0, mido.MetaMessage("track_name", name=part.name)),
            (0, mido.Message("program_change", channel=channel, program=GM_PROGRAM[part.voice])),
            (
                0,
                mido.Message(
                    "control_change",
                    channel=channel,
                    control=10,
                    value=_pan_value(part.pan),
                ),
            ),
            (
                0,
                mido.Message(
                    "control_change",
                    channel=channel,
                    control=7,
                    value=min(127, round(part.gain * 100)),
                ),
            ),
        ]
        notes = part.notes
        starts = tempo.ticks(notes["start_s"])
        ends = tempo.ticks(notes["start_s"] + notes["duration_s"])
        for a, b, pitch, vel in zip(starts, ends, notes["pitch"], notes["velocity"], strict=True):
            a, b = round(float(a)), max(round(float(b)), round(float(a)) + 1)
            velocity = max(1, min(127, round(float(vel) * 127)))
            events.append(
                (a, mido.Message("note_on", channel=channel, note=int(pitch), velocity=velocity))
            )
            events.append((b, mido.Message("note_off", channel=channel, note=int(pitch))))
        mid.tracks.append(_track(events))
    out = io.BytesIO()
    mid.save(file=out)
    write_atomic(path, out.getvalue())


def read_arrangement(path: Path) -> Arrangement:
    """Read an arrangement.mid; ChartError naming the file for any problem."""
    midi = parse_midi(read_bounded(path, MAX_ARRANGEMENT_BYTES, ChartError), path)
    head = midi.events(midi.tracks[0])
    try:
        tempo = TempoMap(
            midi.resolution,
            [TempoChange(t, us) for t, us in head.tempos],
            [TimeSignature(t, n, d) for t, n, d in head.time_signatures],
        )
    except ValueError as e:
        raise ChartError(path, str(e)) from None
    parts = []
    for track in midi.tracks[1:]:
        words = (track.name or "").split()
        if not words:
            continue
        try:
            voice = Voice(words[0].lower())
        except ValueError:
            continue  # a track the synthesizer does not play (a DAW's marker track, say)
        events = midi.events(track)
        pan, gain = _mix(events.controls)
        parts.append(
            InstrumentPart(track.name or voice.value, voice, _notes(events.notes, tempo), pan, gain)
        )
    if not parts:
        raise ChartError(path, "no instrument tracks (named bass, keys, brass, pad, lead, ...)")
    arrangement = Arrangement(tempo, tuple(parts), 0.0)
    return Arrangement(tempo, arrangement.parts, arrangement.end_s)


def _notes(notes: list[tuple[int, int, int]], tempo: TempoMap):
    """Pair note-ons with their note-offs (the last open note of a pitch ends first)."""
    open_notes: dict[int, list[tuple[int, int]]] = {}
    rows = []
    for tick, pitch, velocity in notes:
        if velocity:
            open_notes.setdefault(pitch, []).append((tick, velocity))
        elif open_notes.get(pitch):
            start, vel = open_notes[pitch].pop()
            rows.append((start, tick, pitch, vel))
    starts = tempo.seconds([r[0] for r in rows]) if rows else []
    ends = tempo.seconds([r[1] for r in rows]) if rows else []
    return notes_array(
        [
            (float(a), float(b - a), r[2], r[3] / 127.0)
            for a, b, r in zip(starts, ends, rows, strict=True)
        ]
    )


def _mix(controls: list[tuple[int, int, int]]) -> tuple[float, float]:
    """The track's CC10 (pan) and CC7 (volume) at its start: (-1..1, linear gain)."""
    start = {control: value for tick, control, value in controls if tick == 0}
    pan, volume = start.get(10, 64), start.get(7, 100)
    return (pan - 64) / (63.0 if pan >= 64 else 64.0), volume / 100.0


def _pan_value(pan: float) -> int:
    """CC10 of a pan in [-1, 1]: 0 hard left, 64 centre, 127 hard right."""
    return round(64 + pan * (63 if pan >= 0 else 64))


def _track(events: list) -> mido.MidiTrack:
    track = mido.MidiTrack()
    now = 0
    order = {"note_off": 0}
    for tick, msg in sorted(events, key=lambda e: (e[0], order.get(e[1].type, 1))):
        track.append(msg.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=0))
    return track
