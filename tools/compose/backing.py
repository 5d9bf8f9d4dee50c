"""The backing band: bass lines, chord comping, stabs, pads, arpeggios, a hook and percussion.

Every helper writes one bar (or one melody) into a `Score`, in ticks, from readable data:

- chords of a bar: "Gm7" (whole bar), "Cm7 D7" (half each), "Eb . . D7" (quarters; `.` holds);
- bass patterns, one step per sixteenth: `R` the chord's bass note, `O` its octave, `5` `3` `7`
  chord tones above it, `A` a chromatic approach to the next chord, `-` hold, `.` rest;
- rhythm patterns for comping and percussion: `x` a hit, `X` an accented hit, `-` hold, `.` rest;
- arpeggio patterns: a digit is the n-th chord tone counted up from the part's low note;
- melodies: "5:2 6:2 8:4 r:2" — scale degree (8 = the octave above, 0 = the 7th below, `#`/`b`
  to alter) and length in sixteenths, `r` a rest.

`transpose` moves a whole bar up by semitones without changing its shape: a key lift keeps every
voicing and bass line, a whole tone higher.

No randomness: velocities follow the beat (downbeats a little louder), so builds are identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from game.core.arrangement import Arrangement, InstrumentPart, Voice, notes_array
from game.core.tempo import TempoMap
from tools.compose.theory import Chord, Key, chord, voice

RESOLUTION = 480
BAR_TICKS = 4 * RESOLUTION
SIXTEENTH = RESOLUTION // 4

_TOKEN = re.compile(r"^(r|-?\d+)([#b]?):(\d+)$")


@dataclass
class _Track:
    voice: Voice
    pan: float
    gain: float
    rows: list[tuple[int, int, int, float]] = field(default_factory=list)


class Score:
    """The backing being written: instruments by name, each a list of notes in ticks."""

    def __init__(self) -> None:
        self._tracks: dict[str, _Track] = {}
        self._voicing: dict[str, tuple[int, ...]] = {}

    def instrument(self, name: str, voice_: Voice, pan: float = 0.0, gain: float = 1.0) -> None:
        """Declare an instrument; its track name starts with the voice ("bass funk")."""
        if not name.split()[0] == voice_.value:
            raise ValueError(f"track {name!r} must start with its voice {voice_.value!r}")
        self._tracks[name] = _Track(voice_, pan, gain)

    def add(self, name: str, tick: int, length: int, pitch: int, velocity: float) -> None:
        """One note: start tick, length in ticks, MIDI pitch, velocity 0-1."""
        if not 0 <= pitch <= 127:
            raise ValueError(f"{name}: pitch {pitch} out of range")
        self._tracks[name].rows.append((tick, max(1, length), pitch, min(1.0, velocity)))

    def pitches(self, name: str) -> list[int]:
        """Every pitch written to `name` so far, in order."""
        return [r[2] for r in self._tracks[name].rows]

    def arrangement(self, tempo: TempoMap, length_s: float) -> Arrangement:
        """The finished `Arrangement`, note times in song seconds."""
        parts = []
        for name, track in self._tracks.items():
            rows = sorted(track.rows)
            starts = tempo.seconds([r[0] for r in rows]) if rows else []
            ends = tempo.seconds([r[0] + r[1] for r in rows]) if rows else []
            notes = notes_array(
                [
                    (float(a), float(b - a), r[2], r[3])
                    for a, b, r in zip(starts, ends, rows, strict=True)
                ]
            )
            parts.append(InstrumentPart(name, track.voice, notes, track.pan, track.gain))
        return Arrangement(tempo, tuple(parts), length_s)

    # voice leading memory ------------------------------------------------------------------------
    def voiced(self, name: str, c: Chord, low: int, high: int, size: int) -> tuple[int, ...]:
        """A voicing of `c` for instrument `name` that moves least from its last one."""
        v = voice(c, self._voicing.get(name), low, high, size)
        self._voicing[name] = v
        return v


def bar_chords(spec: str) -> list[tuple[int, Chord]]:
    """(start sixteenth, chord) of each chord of a bar spec ("Cm7 D7", "Eb . . D7")."""
    slots = spec.split()
    width = 16 // len(slots)
    out: list[tuple[int, Chord]] = []
    for i, symbol in enumerate(slots):
        if symbol != ".":
            out.append((i * width, chord(symbol)))
    return out


def chord_at(chords: list[tuple[int, Chord]], step: int) -> Chord:
    """The chord sounding at sixteenth `step` of the bar."""
    current = chords[0][1]
    for start, c in chords:
        if start <= step:
            current = c
    return current


def _steps(pattern: str) -> tuple[str, int]:
    pattern = pattern.replace("|", "")
    if BAR_TICKS % len(pattern):
        raise ValueError(f"a bar cannot have {len(pattern)} steps: {pattern!r}")
    return pattern, BAR_TICKS // len(pattern)


def _held(pattern: str, i: int) -> int:
    """How many steps the note at step i lasts (itself plus the holds after it)."""
    n = 1
    while i + n < len(pattern) and pattern[i + n] == "-":
        n += 1
    return n


def _beat_velocity(tick: int, base: float) -> float:
    """Downbeats a little louder, off-sixteenths a little softer."""
    if tick % RESOLUTION == 0:
        return base + (0.06 if tick % BAR_TICKS == 0 else 0.03)
    return base - (0.04 if tick % (RESOLUTION // 2) else 0.0)


def bass(
    score: Score,
    name: str,
    tick: int,
    spec: str,
    pattern: str,
    low: int,
    next_spec: str | None = None,
    velocity: float = 0.8,
    transpose: int = 0,
    next_shift: int = 0,
) -> None:
    """One bar of bass on the chords of `spec`; `low` is the lowest root allowed.

    `next_spec` is the next bar's chords (for approach notes), `next_shift` how many semitones
    the next bar is lifted above this one (a key change).
    """
    chords = bar_chords(spec)
    upcoming = chord_at(bar_chords(next_spec), 0).transpose(next_shift) if next_spec else None
    pattern, step = _steps(pattern)
    for i, ch in enumerate(pattern):
        if ch in ".-":
            continue
        c = chord_at(chords, i * step // SIXTEENTH)
        root = low + (c.bass - low) % 12
        if ch == "R":
            pitch = root
        elif ch == "O":
            pitch = root + 12
        elif ch in "357":
            pitch = root + (c.tone(ch) - c.bass) % 12
        elif ch == "A":
            target = upcoming or chord_at(chords, 0)
            goal = low + (target.bass - low) % 12
            pitch = goal - 1 if goal - 1 >= low else goal + 1
        else:
            raise ValueError(f"unknown bass step {ch!r}")
        length = _held(pattern, i) * step
        gate = 0.92 if length > step else 0.6
        at = tick + i * step
        accent = 0.05 if ch == "O" else 0.0
        vel = _beat_velocity(i * step, velocity) + accent
        score.add(name, at, round(length * gate), pitch + transpose, vel)


def comp(
    score: Score,
    name: str,
    tick: int,
    spec: str,
    rhythm: str,
    low: int,
    high: int,
    velocity: float = 0.6,
    size: int = 4,
    gate: float = 0.9,
    transpose: int = 0,
) -> None:
    """One bar of chords played on the `rhythm` (keys comping, brass stabs), voice-led."""
    chords = bar_chords(spec)
    rhythm, step = _steps(rhythm)
    for i, ch in enumerate(rhythm):
        if ch not in "xX":
            continue
        c = chord_at(chords, i * step // SIXTEENTH)
        length = round(_held(rhythm, i) * step * gate)
        vel = _beat_velocity(i * step, velocity) + (0.12 if ch == "X" else 0.0)
        for pitch in score.voiced(name, c, low, high, size):
            score.add(name, tick + i * step, length, pitch + transpose, vel)


def pad(
    score: Score,
    name: str,
    tick: int,
    spec: str,
    low: int,
    high: int,
    velocity: float = 0.45,
    transpose: int = 0,
) -> None:
    """One bar of sustained chords, each held until the next."""
    chords = bar_chords(spec)
    for k, (start, c) in enumerate(chords):
        end = chords[k + 1][0] if k + 1 < len(chords) else 16
        length = (end - start) * SIXTEENTH - 10
        for pitch in score.voiced(name, c, low, high, 4):
            score.add(name, tick + start * SIXTEENTH, length, pitch + transpose, velocity)


def arpeggio(
    score: Score,
    name: str,
    tick: int,
    spec: str,
    pattern: str,
    low: int,
    velocity: float = 0.5,
    transpose: int = 0,
) -> None:
    """One bar of broken chords: digit n is the n-th chord tone counted up from `low`."""
    chords = bar_chords(spec)
    pattern, step = _steps(pattern)
    for i, ch in enumerate(pattern):
        if not ch.isdigit():
            continue
        c = chord_at(chords, i * step // SIXTEENTH)
        tones = sorted(p for p in range(low, low + 36) if p % 12 in c.pitch_classes)
        length = round(_held(pattern, i) * step * 0.95)
        vel = _beat_velocity(i * step, velocity)
        score.add(name, tick + i * step, length, tones[int(ch)] + transpose, vel)


def melody(
    score: Score,
    name: str,
    tick: int,
    key: Key,
    base: int,
    tokens: str,
    velocity: float = 0.7,
) -> int:
    """A melody from degree:length tokens starting at `tick`; returns the tick after it.

    `base` is the pitch of scale degree 1; notes are slightly detached (legato within 8%).
    """
    at = tick
    for token in tokens.split():
        m = _TOKEN.match(token)
        if m is None:
            raise ValueError(f"bad melody token {token!r}")
        length = int(m.group(3)) * SIXTEENTH
        if m.group(1) != "r":
            accidental = {"": 0, "#": 1, "b": -1}[m.group(2)]
            pitch = key.pitch(int(m.group(1)), base, accidental)
            score.add(name, at, round(length * 0.92), pitch, _beat_velocity(at - tick, velocity))
        at += length
    return at


def percussion(
    score: Score, name: str, tick: int, pattern: str, pitch: int, velocity: float = 0.6
) -> None:
    """One bar of a GM percussion sound (`pitch`) on a rhythm pattern."""
    pattern, step = _steps(pattern)
    for i, ch in enumerate(pattern):
        if ch in "xX":
            vel = _beat_velocity(i * step, velocity) + (0.15 if ch == "X" else 0.0)
            score.add(name, tick + i * step, step // 2, pitch, vel)
