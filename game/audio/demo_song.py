"""A generated demo song as dense as a real pop arrangement, for benchmarks, tests and a settings
preview: disco-pop in A minor over a four-chord loop (Am F C G), with octave-funk bass 8ths, EP
chord stabs, a pad, brass stabs, a lead hook, pluck arpeggios, claps on 2 and 4, shaker 16ths,
tambourine, cowbell and a count-in on sticks; and a matching drum part (`demo_drums`).

Everything is a pure function of its arguments (no randomness), so renders are reproducible.
"""

from __future__ import annotations

from game.core.arrangement import Arrangement, InstrumentPart, Voice, notes_array
from game.core.chart import Note, NoteTrack
from game.core.lanes import Dynamics, Lane
from game.core.tempo import TempoChange, TempoMap

CHORDS = ((57, 60, 64), (53, 57, 60), (48, 52, 55), (55, 59, 62))  # Am F C G (root position)
ROOTS = (33, 29, 36, 31)  # A1 F1 C2 G1
HOOK = ((0.0, 0, 0.5), (0.5, 2, 0.5), (1.0, 4, 1.0), (2.5, 5, 0.5), (3.0, 4, 1.0))
"""The lead hook per bar: (beat, scale steps above the chord's root, length in beats)."""
SCALE = (0, 2, 3, 5, 7, 8, 10)  # A natural minor, in semitones above A
DEGREES = (0, 5, 2, 6)  # the scale degree of each chord's root (A, F, C, G)


def _section(bar: int) -> str:
    """verse, pre, chorus or bridge for a bar after the count-in (a 40-bar cycle)."""
    pos = bar % 40
    if pos < 12:
        return "verse"
    if pos < 16:
        return "pre"
    if pos < 32:
        return "chorus"
    return "bridge"


def _bars(length_s: float, bpm: float) -> int:
    return max(int((length_s - 2.0) / (4 * 60.0 / bpm)) - 1, 1)


def demo_arrangement(length_s: float = 180.0, bpm: float = 114.0) -> Arrangement:
    """The demo song's backing: about `length_s` seconds at `bpm`, one bar of count-in first."""
    beat = 60.0 / bpm
    bar_s = 4 * beat
    bars = _bars(length_s, bpm)
    parts: dict[str, list[tuple[float, float, int, float]]] = {
        k: [] for k in ("bass", "keys", "pad", "brass", "lead", "pluck", "percussion")
    }
    perc = parts["percussion"]
    for b in range(4):
        perc.append((b * beat, 0.05, 31, 0.9 if b == 0 else 0.75))  # count-in on sticks
    for bar in range(bars):
        t0 = (bar + 1) * bar_s
        section = _section(bar)
        chord = bar % 4
        root = ROOTS[chord]
        for e in range(8):  # octave funk bass 8ths
            pitch = root + (12 if e % 2 else 0)
            parts["bass"].append(
                (t0 + e * beat / 2, 0.55 * beat / 2, pitch, 0.95 if e % 4 == 0 else 0.75)
            )
        voicing = [p + 12 for p in CHORDS[chord]] + [CHORDS[chord][0] + 24]
        for pos, length in ((0.0, 0.45), (1.5, 0.4), (2.5, 0.4), (3.5, 0.35)):  # EP chord stabs
            for p in voicing:
                parts["keys"].append((t0 + pos * beat, length * beat, p, 0.7 if pos else 0.8))
        for p in (*CHORDS[chord], CHORDS[chord][0] + 12):  # pad: the whole bar
            parts["pad"].append((t0, bar_s, p, 0.6))
        if section in ("chorus", "pre"):
            for pos in (1.5, 3.5):  # brass stabs on the off-beats of 2 and 4
                for p in CHORDS[chord]:
                    parts["brass"].append((t0 + pos * beat, 0.18, p + 12, 0.85))
        if section in ("chorus", "verse"):
            key = 69 if section == "chorus" else 57  # A4 in the chorus, A3 in the verse
            for pos, step, length in HOOK:
                degree = DEGREES[chord] + step
                pitch = key + SCALE[degree % 7] + 12 * (degree // 7)
                parts["lead"].append((t0 + pos * beat, length * beat * 0.9, pitch, 0.8))
        if section in ("pre", "bridge", "chorus"):
            arp = [*CHORDS[chord], CHORDS[chord][0] + 12]
            for s in range(16):  # pluck arpeggio 16ths
                parts["pluck"].append(
                    (t0 + s * beat / 4, beat / 4 * 0.8, arp[s % 4] + 12, 0.55 + 0.2 * (s % 4 == 0))
                )
        for b in (1, 3):  # claps on 2 and 4
            perc.append((t0 + b * beat, 0.1, 39, 0.9))
        for s in range(16):  # shaker 16ths, accented on the off-beats
            perc.append((t0 + s * beat / 4, 0.05, 82, 0.8 if s % 2 else 0.55))
        if section == "chorus":
            for b in range(4):
                perc.append((t0 + (b + 0.5) * beat, 0.1, 54, 0.7))  # tambourine off-beats
            perc.append((t0 + 3.75 * beat, 0.1, 56, 0.6))  # a cowbell push into the next bar
        if section == "bridge" and bar % 2 == 0:
            perc.append((t0 + 2.5 * beat, 0.05, 75, 0.7))  # claves
    arr_parts = (
        InstrumentPart("bass", Voice.BASS, notes_array(parts["bass"]), 0.0, 1.0),
        InstrumentPart("keys chords", Voice.KEYS, notes_array(parts["keys"]), -0.25, 1.0),
        InstrumentPart("pad", Voice.PAD, notes_array(parts["pad"]), 0.0, 1.0),
        InstrumentPart("brass stabs", Voice.BRASS, notes_array(parts["brass"]), 0.2, 1.0),
        InstrumentPart("lead hook", Voice.LEAD, notes_array(parts["lead"]), 0.05, 1.0),
        InstrumentPart("pluck arp", Voice.PLUCK, notes_array(parts["pluck"]), 0.35, 1.0),
        InstrumentPart("percussion", Voice.PERCUSSION, notes_array(perc), 0.0, 1.0),
    )
    tempo = TempoMap(480, [TempoChange(0, 60_000_000.0 / bpm)])
    return Arrangement(tempo, arr_parts, length_s)


def demo_drums(length_s: float = 180.0, bpm: float = 114.0) -> NoteTrack:
    """A full-kit drum part for the demo song: four-on-the-floor kick, snare on 2 and 4 with
    ghosts, 8th hi-hats with open (accented) hats on the off-beats, crashes at section starts,
    ride in the bridge, and tom fills in 16ths at the end of each section."""
    beat = 60.0 / bpm
    bar_s = 4 * beat
    notes: list[Note] = []
    bars = _bars(length_s, bpm)
    for bar in range(bars):
        t0 = (bar + 1) * bar_s
        section = _section(bar)
        fill = _section(bar + 1) != section
        new_section = bar == 0 or _section(bar - 1) != section
        for b in range(4):
            notes.append(Note(t0 + b * beat, Lane.KICK))
        notes.append(
            Note(
                t0 + beat,
                Lane.RED,
                dynamics=Dynamics.ACCENT if section == "chorus" else Dynamics.NORMAL,
            )
        )
        notes.append(Note(t0 + 3 * beat, Lane.RED))
        if section == "verse" and bar % 2:
            notes.append(Note(t0 + 2.75 * beat, Lane.RED, dynamics=Dynamics.GHOST))
        top = Lane.BLUE if section == "bridge" else Lane.YELLOW
        last_8th = 5 if fill else 8
        for e in range(last_8th):
            t = t0 + e * beat / 2
            if e == 0 and new_section:
                notes.append(Note(t, Lane.GREEN, cymbal=True, dynamics=Dynamics.ACCENT))
                continue
            open_hat = section == "chorus" and e % 2 == 1 and top is Lane.YELLOW
            notes.append(
                Note(t, top, cymbal=True, dynamics=Dynamics.ACCENT if open_hat else Dynamics.NORMAL)
            )
        if fill:
            for s in range(6):
                lane = (Lane.YELLOW, Lane.YELLOW, Lane.BLUE, Lane.BLUE, Lane.GREEN, Lane.GREEN)[s]
                notes.append(Note(t0 + (2.5 + s * 0.25) * beat, lane))
    return NoteTrack.from_notes(n for n in notes if n.time_s < length_s - 1.0)
