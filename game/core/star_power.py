"""Star power: the chart's phrases fill a meter, a fill's last note sets it off, x2 while it drains.

The rules, as players of Clone Hero, YARG and Rock Band know them:

- **Phrases.** Hitting every note of a star-power phrase (MIDI note 116, `.chart` `S 2`) adds a
  quarter to the meter (`PHRASE_GAIN`), up to a full meter. One missed note of the phrase and it
  gives nothing. An overhit does not spoil a phrase (only its notes count).
- **Activation.** Drummers have no button: the chart's activation fills (MIDI 120-124, `.chart`
  `S 64`) do it. A fill is only offered while star power is off and the meter is at least half
  full (`ACTIVATION_THRESHOLD`); hitting a note of the fill's last instant then starts star power.
  The meter is judged as it stood before that note's own phrase (if it completes one) added to it,
  so a fill never "appears" on the very note that carries the meter over half.
- **While active** every note scores x2 (`STAR_FACTOR`, on top of the combo multiplier); the notes
  of the activating instant are scored before star power starts. The meter drains by bars of the
  tempo map: a
  full meter lasts `FULL_METER_BARS` (8) bars, whatever the tempo and time signature (Clone Hero's
  8 measures; the same bars that measure the duet's Harmony). A phrase completed while active adds
  its quarter to what is left and so extends it. When the meter is empty, star power ends.
- **Chart time, not hit time.** Star power starts, is extended and ends at the *chart* times of
  the notes that do it, and a note scores x2 when its own chart time lies inside (after the
  activating instant, before the end). So the same notes hit with the same judgements score the
  same, whether a hit came a millisecond early or late: the end of star power often falls on a bar
  line, where a downbeat's notes stand, and a hit's jitter must not decide their points.
- **Determinism.** Everything here changes only on a judgement and the drain is a function of the
  tempo map: a replay re-simulates it bit for bit, at any frame rate.

**In a duet** there is no personal meter: the duet already has its own star power, Goodwill and
Harmony (x2 for 8 bars, started by both players hitting green together). Two x2s that stack to x4
would reward each player for playing alone, and a fill that one player fires by themselves works
against the game's point, which is playing *together*. So in a duet a phrase a player completes
gives the shared Goodwill meter `DUET_GOODWILL_PER_PHRASE` points instead (a phrase both players
complete gives it twice): the phrases still matter and are still drawn, and what they earn is
spent together, through Harmony. Fills do nothing in a duet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from game.core.chart import NoteTrack, Phrase, PhraseKind
from game.core.tempo import TempoMap

PHRASE_GAIN = 0.25
"""What one completed phrase adds to the meter (a full meter is 1.0)."""
ACTIVATION_THRESHOLD = 0.5
"""The least meter a fill activates star power with."""
FULL_METER_BARS = 8.0
"""How many bars of the tempo map a full meter lasts once active."""
STAR_FACTOR = 2
"""The points factor while star power is active."""
DUET_GOODWILL_PER_PHRASE = 5
"""Goodwill a player's completed phrase gives in a duet (where there is no personal meter)."""
_EDGE_S = 1e-9  # a note this close before a phrase's end (seconds) still counts as outside it


def mark_star_power(track: NoteTrack, phrases: Sequence[Phrase]) -> NoteTrack:
    """`track` with each note's star-power phrase and activation fill set from `phrases`.

    A phrase holds the notes from its start up to (not including) its end; overlapping phrases of
    one kind count as one. Ids count only the phrases and fills that hold at least one of this
    track's notes, from 0 in time order (`NoteTrack` renumbers them).
    """
    times = track.times
    star = _ids(times, [p for p in phrases if p.kind is PhraseKind.STAR_POWER])
    fills = _ids(times, [p for p in phrases if p.kind is PhraseKind.FILL])
    return track.with_star_power(star, fills)


def _ids(times: NDArray[np.float64], spans: list[Phrase]) -> NDArray[np.int32]:
    """Per note, the index of the span holding it (-1 for none); overlapping spans are one.

    Vectorised (a bad file may hold 250,000 phrases): spans sorted by start are merged while the
    next starts before the running end, and each note is found by one `np.searchsorted`.
    """
    out = np.full(len(times), -1, dtype=np.int32)
    if not spans or not len(times):
        return out
    starts = np.array([p.start_s for p in spans], dtype=np.float64) - _EDGE_S
    ends = np.array([p.end_s for p in spans], dtype=np.float64) - _EDGE_S
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    new = np.ones(len(starts), dtype=bool)
    new[1:] = starts[1:] >= reach[:-1]
    first = np.flatnonzero(new)
    group_start, group_end = starts[first], np.maximum.reduceat(ends, first)
    k = np.searchsorted(group_start, times, side="right") - 1
    inside = (k >= 0) & (times < group_end[np.maximum(k, 0)])
    out[inside] = k[inside]
    return out


@dataclass(frozen=True, slots=True)
class StarPowerStats:
    """A player's star power in a play: phrases in their part, phrases completed, activations."""

    phrases: int = 0
    filled: int = 0
    activations: int = 0

    def to_json(self) -> dict[str, int]:
        """{"phrases", "filled", "activations"}: what `simulate --json` prints per player."""
        return {"phrases": self.phrases, "filled": self.filled, "activations": self.activations}


class StarPower:
    """One player's star power: phrase progress, the meter, activation and drain.

    The engine calls `note_judged` for every judged note of a phrase or fill, in the order it judges
    them, with the note's chart time; `factor(t)` gives the points factor of a note at chart time
    `t`. With `meter` false (a duet, or a replay from before star power)
    phrases are still counted but the meter never fills and nothing activates.
    """

    def __init__(self, track: NoteTrack, tempo: TempoMap, meter: bool = True) -> None:
        ids = track.star_phrase_id
        count = int(ids.max()) + 1 if len(ids) else 0
        self.phrases = max(count, 0)
        self._left = np.bincount(ids[ids >= 0], minlength=self.phrases).tolist()
        self._broken = [False] * self.phrases
        self._phrase_of = ids.tolist()
        self._fill_end = track.fill_end.tolist()
        self._tempo = tempo
        self.meter_on = meter
        self.filled = 0
        self.activations = 0
        self._meter = 0.0  # the meter while off; while on, the meter at the anchor
        self._active = False
        self._start_s = math.inf  # when the current (or last) activation began
        self._anchor_s = 0.0
        self._anchor_bar = 0.0
        self._end_s = -math.inf

    # reading -----------------------------------------------------------------------------------
    def active_at(self, time_s: float) -> bool:
        """True when star power doubles the points of a hit at `time_s`."""
        return self._active and self._start_s <= time_s < self._end_s

    def meter_at(self, time_s: float) -> float:
        """The meter (0.0-1.0) at `time_s`; while active it drains by bars of the tempo map."""
        if not self._active:
            return self._meter
        if time_s >= self._end_s:
            return 0.0
        if time_s <= self._anchor_s:
            return self._meter
        used = (float(self._tempo.bar_position(time_s)) - self._anchor_bar) / FULL_METER_BARS
        return min(1.0, max(0.0, self._meter - used))

    def ready_at(self, time_s: float) -> bool:
        """True when a fill ending at `time_s` would activate: the meter is at least half full and
        star power is off (fills are only offered, and drawn, then)."""
        if not self.meter_on or self.active_at(time_s):
            return False
        return self.meter_at(time_s) >= ACTIVATION_THRESHOLD

    def doubles(self, note_s: float) -> bool:
        """True when a note at chart time `note_s` scores x2: after the activating instant and
        before the end."""
        return self._active and self._start_s < note_s < self._end_s

    def factor(self, note_s: float) -> int:
        """The points factor of a note at chart time `note_s`: `STAR_FACTOR` or 1."""
        return STAR_FACTOR if self.doubles(note_s) else 1

    @property
    def end_s(self) -> float:
        """When the current activation ends (seconds); -inf when star power has never been on."""
        return self._end_s

    def stats(self) -> StarPowerStats:
        """Phrases, phrases completed and activations so far."""
        return StarPowerStats(self.phrases, self.filled, self.activations)

    # changing ----------------------------------------------------------------------------------
    def note_judged(self, i: int, hit: bool, time_s: float) -> bool:
        """Note `i`, at chart time `time_s`, was hit (or missed): activate on a fill's last note,
        count its phrase. Returns True when this note completed a phrase."""
        self._settle(time_s)
        ready = self.meter_on and not self._active and self._meter >= ACTIVATION_THRESHOLD
        if hit and ready and self._fill_end[i]:
            self._activate(time_s)
        k = self._phrase_of[i]
        if k < 0:
            return False
        if not hit:
            self._broken[k] = True
        self._left[k] -= 1
        if self._left[k] or self._broken[k]:
            return False
        self.filled += 1
        if self.meter_on:
            self._gain(time_s)
        return True

    def _settle(self, time_s: float) -> None:
        """End an activation whose meter ran out before `time_s`."""
        if self._active and time_s >= self._end_s:
            self._active = False
            self._meter = 0.0

    def _activate(self, time_s: float) -> None:
        self._active = True
        self.activations += 1
        self._start_s = time_s
        self._anchor(time_s, self._meter)

    def _gain(self, time_s: float) -> None:
        meter = min(1.0, self.meter_at(time_s) + PHRASE_GAIN)
        if self._active:
            self._anchor(time_s, meter)
        else:
            self._meter = meter

    def _anchor(self, time_s: float, meter: float) -> None:
        """Drain from `meter` at `time_s` on: the end falls `meter` x 8 bars later."""
        self._meter = meter
        self._anchor_s = time_s
        self._anchor_bar = float(self._tempo.bar_position(time_s))
        bars = self._anchor_bar + meter * FULL_METER_BARS
        self._end_s = float(self._tempo.seconds_at_bar_position(bars))
