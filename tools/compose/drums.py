"""Drum patterns as readable text, and the chart parts they make at every difficulty.

A bar is written one line per instrument and player:

    "kick   p1    0...|1...|0...|1..."
    "hat    p2    ..2.|..2.|..2.|..2.   ..1.|..1.|..1.|..1."
    "tom3   p2    -                     ....|....|....|..2."

The fields are the instrument, who plays it in the duet (`p1`, `p2` or `both` — a unison note),
the full-kit pattern (`-` when the one-player kit leaves it out) and, optionally, the duet
pattern (else the duet plays the full-kit pattern). A pattern has one character per step:
16 steps are sixteenths, 12 eighth-note triplets, 8 eighths, 4 quarters; `|` is only for the eye.
A step is `.` (rest) or a note marked with the easiest difficulty that plays it, which is how
the difficulties are reduced (Expert has everything, Easy only the `0`/`A` notes):

    0 1 2 3   a normal note from Easy / Medium / Hard / Expert up
    A B C D   an accented note from Easy / Medium / Hard / Expert up
    G g       a ghost note from Hard / only on Expert

Dynamics are charted on Hard and Expert only; Easy and Medium play every note plain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game.core.chart import NoteTrack
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.core.tempo import TempoMap

RESOLUTION = 480
BAR_TICKS = 4 * RESOLUTION
PARTS = (Part.FULL, Part.P1, Part.P2)
LEVELS = Difficulty.standard()
DYNAMICS_FROM = 2  # Hard

INSTRUMENTS: dict[str, tuple[Lane, bool]] = {
    "kick": (Lane.KICK, False),
    "snare": (Lane.RED, False),
    "hat": (Lane.YELLOW, True),
    "ride": (Lane.BLUE, True),
    "crash": (Lane.GREEN, True),
    "tom1": (Lane.YELLOW, False),
    "tom2": (Lane.BLUE, False),
    "tom3": (Lane.GREEN, False),
}
"""Instrument -> (lane, cymbal flag): hi-hat, ride and crash are cymbals; toms are not."""

STEPS: dict[str, tuple[int, Dynamics]] = {
    **{str(tier): (tier, Dynamics.NORMAL) for tier in range(4)},
    **{letter: (tier, Dynamics.ACCENT) for tier, letter in enumerate("ABCD")},
    "G": (2, Dynamics.GHOST),
    "g": (3, Dynamics.GHOST),
}
PLAYERS: dict[str, tuple[Part, ...]] = {
    "p1": (Part.P1,),
    "p2": (Part.P2,),
    "both": (Part.P1, Part.P2),
}

Mark = tuple[int, Dynamics]  # (easiest difficulty index, dynamics)


@dataclass(frozen=True)
class Hit:
    """One drum hit of a bar: ticks from the bar's start, instrument, players and difficulties.

    `full` is the hit in the one-player kit (None when the kit leaves it out), `duet` the hit in
    the duet parts of `players`.
    """

    tick: int
    instrument: str
    players: tuple[Part, ...]
    full: Mark | None
    duet: Mark


Bar = tuple[Hit, ...]
"""One 4/4 bar of drums."""


def _steps(pattern: str) -> list[Mark | None]:
    pattern = pattern.replace("|", "")
    out: list[Mark | None] = []
    for ch in pattern:
        if ch == ".":
            out.append(None)
        elif ch in STEPS:
            out.append(STEPS[ch])
        else:
            raise ValueError(f"unknown step {ch!r} in pattern {pattern!r}")
    return out


def _step_ticks(count: int, pattern: str) -> int:
    if count == 0 or BAR_TICKS % count:
        raise ValueError(f"a bar pattern cannot have {count} steps: {pattern!r}")
    step = BAR_TICKS // count
    if step % (RESOLUTION // 4) and step % (RESOLUTION // 3):
        raise ValueError(f"{count} steps are on neither the 1/16 nor the 1/12 grid: {pattern!r}")
    return step


def bar(*lines: str) -> Bar:
    """A bar from pattern lines ("instrument who full-pattern [duet-pattern]")."""
    hits: list[Hit] = []
    for line in lines:
        fields = line.split()
        if len(fields) not in (3, 4):
            raise ValueError(f"a pattern line has 3 or 4 fields: {line!r}")
        instrument, who, full = fields[:3]
        duet = fields[3] if len(fields) == 4 else full
        if instrument not in INSTRUMENTS or who not in PLAYERS:
            raise ValueError(f"unknown instrument or player in {line!r}")
        duet_steps = _steps(duet)
        full_steps = [None] * len(duet_steps) if full == "-" else _steps(full)
        if len(full_steps) != len(duet_steps):
            raise ValueError(f"full and duet patterns differ in length: {line!r}")
        step = _step_ticks(len(duet_steps), line)
        for i, (f, d) in enumerate(zip(full_steps, duet_steps, strict=True)):
            if f is not None and (d is None or d[0] > f[0]):
                raise ValueError(f"step {i} of {line!r}: the full kit has a note the duet lacks")
            if d is not None:
                hits.append(Hit(i * step, instrument, PLAYERS[who], f, d))
    return tuple(sorted(hits, key=lambda h: (h.tick, h.instrument)))


def splice(base: Bar, fill: Bar, beat: float) -> Bar:
    """`base` up to `beat` (0-4 quarter notes into the bar), then `fill` from there on."""
    cut = round(beat * RESOLUTION)
    return tuple(h for h in base if h.tick < cut) + tuple(h for h in fill if h.tick >= cut)


def layer(*bars: Bar) -> Bar:
    """Several bars played at once (a groove plus an extra line, say)."""
    return tuple(sorted((h for b in bars for h in b), key=lambda h: (h.tick, h.instrument)))


REST: Bar = ()


def where(tick: int) -> str:
    """A tick as "bar B, sixteenth S" (both from 0), for error messages."""
    return f"bar {tick // BAR_TICKS}, sixteenth {(tick % BAR_TICKS) / (RESOLUTION / 4):g}"


class DrumChart:
    """The three parts (full, P1, P2) at every difficulty, filled bar by bar in ticks.

    Raises ValueError for what a chart must not hold: one lane hit twice at one tick in a part,
    or a tom and a cymbal of one colour at one tick in a part (notes.mid cannot say that).
    """

    def __init__(self) -> None:
        self._notes: dict[tuple[Part, Difficulty], dict[tuple[int, Lane], Dynamics]] = {
            (p, d): {} for p in PARTS for d in LEVELS
        }
        self._cymbal: dict[tuple[Part, int, Lane], bool] = {}

    def add(self, start_tick: int, b: Bar) -> None:
        """Add bar `b` starting at `start_tick`."""
        for h in b:
            tick = start_tick + h.tick
            if h.full is not None:
                self._put(Part.FULL, tick, h.instrument, h.full)
            for part in h.players:
                self._put(part, tick, h.instrument, h.duet)

    def add_bars(self, start_tick: int, bars: Iterable[Bar]) -> int:
        """Add consecutive bars from `start_tick`; return the tick after the last."""
        tick = start_tick
        for b in bars:
            self.add(tick, b)
            tick += BAR_TICKS
        return tick

    def _put(self, part: Part, tick: int, instrument: str, mark: Mark) -> None:
        lane, cymbal = INSTRUMENTS[instrument]
        seen = self._cymbal.setdefault((part, tick, lane), cymbal)
        if seen != cymbal:
            raise ValueError(f"{part.value}: a {lane.name} tom and cymbal at {where(tick)}")
        tier, dynamics = mark
        for level, difficulty in enumerate(LEVELS):
            if level < tier:
                continue
            notes = self._notes[(part, difficulty)]
            if (tick, lane) in notes:
                raise ValueError(
                    f"{part.value}/{difficulty.value}: {lane.name} twice at {where(tick)}"
                )
            notes[(tick, lane)] = dynamics if level >= DYNAMICS_FROM else Dynamics.NORMAL

    def tracks(self, tempo: TempoMap) -> dict[tuple[Part, Difficulty], NoteTrack]:
        """Every part and difficulty as a NoteTrack, note times in song seconds."""
        out = {}
        for (part, difficulty), notes in self._notes.items():
            keys = sorted(notes)
            ticks = [tick for tick, _ in keys]
            out[(part, difficulty)] = NoteTrack(
                tempo.seconds(ticks) if keys else [],
                [int(lane) for _, lane in keys],
                [self._cymbal[(part, tick, lane)] for tick, lane in keys],
                [int(notes[k]) for k in keys],
            )
        return out

    def ticks(self, part: Part, difficulty: Difficulty) -> list[tuple[int, Lane]]:
        """The (tick, lane) of every note of a part at a difficulty, in order."""
        return sorted(self._notes[(part, difficulty)])


def crash_in(b: Bar, crash: str = "A", kick: str = "0") -> Bar:
    """`b` with a unison crash and kick on its downbeat (both players), in place of the hats.

    `crash` and `kick` are the step marks of the two unison notes (their easiest difficulty);
    the hi-hat, ride, floor tom and kick of `b` on the downbeat make way for them.
    """
    replaced = ("hat", "ride", "kick", "crash", "tom3")
    kept = tuple(h for h in b if not (h.tick == 0 and h.instrument in replaced))
    rest = "." * 15
    return layer(kept, bar(f"crash both {crash}{rest}", f"kick both {kick}{rest}"))
