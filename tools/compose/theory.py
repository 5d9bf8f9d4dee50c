"""Music theory for the composer: pitch names, keys and scale degrees, chords and voice leading.

Pitches are MIDI note numbers (60 = middle C); pitch classes are 0-11 (0 = C).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LETTERS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
MAJOR_STEPS = (0, 2, 4, 5, 7, 9, 11)
MINOR_STEPS = (0, 2, 3, 5, 7, 8, 10)  # natural minor (aeolian)

CHORD_QUALITIES: dict[str, tuple[int, ...]] = {
    "": (0, 4, 7),
    "m": (0, 3, 7),
    "5": (0, 7),
    "6": (0, 4, 7, 9),
    "m6": (0, 3, 7, 9),
    "7": (0, 4, 7, 10),
    "m7": (0, 3, 7, 10),
    "maj7": (0, 4, 7, 11),
    "add9": (0, 4, 7, 14),
    "madd9": (0, 3, 7, 14),
    "9": (0, 4, 7, 10, 14),
    "m9": (0, 3, 7, 10, 14),
    "maj9": (0, 4, 7, 11, 14),
    "sus2": (0, 2, 7),
    "sus4": (0, 5, 7),
    "7sus4": (0, 5, 7, 10),
    "dim": (0, 3, 6),
    "m7b5": (0, 3, 6, 10),
}
"""Chord qualities as intervals in semitones above the root."""

_CHORD = re.compile(r"^([A-G][#b]?)([^/]*)(?:/([A-G][#b]?))?$")


def pitch_class(name: str) -> int:
    """The pitch class (0-11) of a note name such as "C", "F#" or "Bb"."""
    pc = LETTERS[name[0]]
    for accidental in name[1:]:
        pc += {"#": 1, "b": -1}[accidental]
    return pc % 12


def note(name: str) -> int:
    """The MIDI pitch of a name with an octave, "C4" = 60, "F#2" = 42, "Bb1" = 34."""
    m = re.fullmatch(r"([A-G][#b]?)(-?\d)", name)
    if m is None:
        raise ValueError(f"not a note name: {name!r}")
    return pitch_class(m.group(1)) + 12 * (int(m.group(2)) + 1)


@dataclass(frozen=True)
class Chord:
    """A chord: root pitch class, intervals above the root, and the bass pitch class."""

    symbol: str
    root: int
    intervals: tuple[int, ...]
    bass: int

    @property
    def pitch_classes(self) -> tuple[int, ...]:
        """The chord's pitch classes, root first, without repeats."""
        out: list[int] = []
        for i in self.intervals:
            pc = (self.root + i) % 12
            if pc not in out:
                out.append(pc)
        return tuple(out)

    def tone(self, degree: str) -> int:
        """The pitch class of a chord degree: "1" root, "3" third, "5" fifth, "7" seventh."""
        if degree == "1":
            return self.root
        wanted = {"3": (3, 4, 5, 2), "5": (7, 6, 8), "7": (10, 11, 9)}[degree]
        for interval in wanted:
            if interval in self.intervals:
                return (self.root + interval) % 12
        if degree == "7":
            return (self.root + 12 - 2) % 12  # a triad's "seventh" in a bass fill: the b7
        return self.root

    def transpose(self, semitones: int) -> Chord:
        """The same chord `semitones` higher (pitch classes wrap)."""
        return Chord(
            f"{self.symbol}{semitones:+d}",
            (self.root + semitones) % 12,
            self.intervals,
            (self.bass + semitones) % 12,
        )


def chord(symbol: str) -> Chord:
    """The chord named by a symbol: "Gm7", "Ebmaj7", "D7sus4", "F/A", "Bbadd9"."""
    m = _CHORD.match(symbol)
    if m is None or m.group(2) not in CHORD_QUALITIES:
        raise ValueError(f"unknown chord symbol {symbol!r}")
    root = pitch_class(m.group(1))
    bass = pitch_class(m.group(3)) if m.group(3) else root
    return Chord(symbol, root, CHORD_QUALITIES[m.group(2)], bass)


@dataclass(frozen=True)
class Key:
    """A key: tonic pitch class and mode ("major" or "minor")."""

    tonic: int
    mode: str = "major"

    @property
    def steps(self) -> tuple[int, ...]:
        """Semitones of the seven scale degrees above the tonic."""
        return MAJOR_STEPS if self.mode == "major" else MINOR_STEPS

    def pitch(self, degree: int, base: int, accidental: int = 0) -> int:
        """The MIDI pitch of 1-based scale `degree` (8 = the octave, 0 = the 7th below).

        `base` is the pitch of degree 1 in the octave meant; `accidental` raises or lowers.
        """
        octave, index = divmod(degree - 1, 7)
        return base + 12 * octave + self.steps[index] + accidental

    def transpose(self, semitones: int) -> Key:
        """The same mode `semitones` higher."""
        return Key((self.tonic + semitones) % 12, self.mode)


def _candidates(pcs: tuple[int, ...], low: int, high: int) -> list[tuple[int, ...]]:
    """Every close-position voicing (each inversion, each octave) inside [low, high]."""
    out = []
    n = len(pcs)
    for rotation in range(n):
        order = pcs[rotation:] + pcs[:rotation]
        for start in range(low, high + 1):
            if start % 12 != order[0]:
                continue
            voicing = [start]
            for pc in order[1:]:
                nxt = voicing[-1] + ((pc - voicing[-1]) % 12 or 12)
                voicing.append(nxt)
            if voicing[-1] <= high:
                out.append(tuple(voicing))
    return out


def voice(
    c: Chord, previous: tuple[int, ...] | None, low: int, high: int, size: int = 4
) -> tuple[int, ...]:
    """A close voicing of `c` within [low, high] that moves least from `previous`.

    At most `size` tones: a five-note chord drops its fifth, then its root (as pianists do).
    Without a previous voicing, the one centred nearest the middle of the range wins.
    """
    pcs = list(c.pitch_classes)
    for drop in ((c.root + 7) % 12, c.root):
        if len(pcs) > size and drop in pcs:
            pcs.remove(drop)
    candidates = _candidates(tuple(sorted(pcs)), low, high)
    if not candidates:
        raise ValueError(f"no voicing of {c.symbol} between {low} and {high}")

    def cost(v: tuple[int, ...]) -> float:
        if previous is None:
            return abs(sum(v) / len(v) - (low + high) / 2)
        if len(previous) == len(v):
            return float(sum(abs(a - b) for a, b in zip(previous, v, strict=True)))
        return abs(sum(v) / len(v) - sum(previous) / len(previous)) * 2

    return min(candidates, key=lambda v: (cost(v), v))


def nearest(pc: int, target: int) -> int:
    """The pitch of pitch class `pc` nearest to `target` (the lower one on a tie)."""
    below = target - ((target - pc) % 12)
    return below if target - below <= 6 else below + 12
