"""The tempo map: ticks <-> seconds across tempo changes, time signatures, bar and beat lines.

Every conversion is vectorised: one `np.searchsorted` over the segment starts plus arithmetic.
The chart offset lives here and nowhere else: `seconds = tick time + offset_s`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

DEFAULT_US_PER_QUARTER = 500_000  # 120 BPM, the MIDI default


@dataclass(frozen=True, slots=True)
class TempoChange:
    """A tempo from `tick` on, in microseconds per quarter note."""

    tick: int
    us_per_quarter: float

    @property
    def bpm(self) -> float:
        """Quarter notes per minute."""
        return 60_000_000.0 / self.us_per_quarter


@dataclass(frozen=True, slots=True)
class TimeSignature:
    """A time signature from `tick` on: `numerator` beats of 1/`denominator` notes per bar."""

    tick: int
    numerator: int
    denominator: int


class TempoMap:
    """Converts ticks to song seconds and back, and knows where bars and beats fall.

    `resolution` is ticks per quarter note. Tempo changes and time signatures must be given in tick
    order; a map with no change at tick 0 starts at 120 BPM in 4/4.
    """

    __slots__ = (
        "_bar_len",
        "_bars_before",
        "_seg_sec",
        "_seg_spt",
        "_seg_tick",
        "_ts_tick",
        "offset_s",
        "resolution",
        "tempos",
        "time_signatures",
    )

    def __init__(
        self,
        resolution: int,
        tempos: Sequence[TempoChange] = (),
        time_signatures: Sequence[TimeSignature] = (),
        offset_s: float = 0.0,
    ) -> None:
        if resolution <= 0:
            raise ValueError(f"resolution must be positive, got {resolution}")
        tempos = list(tempos)
        if not tempos or tempos[0].tick > 0:
            first = tempos[0].us_per_quarter if tempos else DEFAULT_US_PER_QUARTER
            tempos.insert(0, TempoChange(0, first))
        _check_ascending([t.tick for t in tempos], "tempo changes")
        for t in tempos:
            if not (t.us_per_quarter > 0 and np.isfinite(t.us_per_quarter)):
                raise ValueError(f"tempo at tick {t.tick} must be positive, got {t.us_per_quarter}")
        sigs = list(time_signatures)
        if not sigs or sigs[0].tick > 0:
            sigs.insert(0, TimeSignature(0, 4, 4))
        _check_ascending([s.tick for s in sigs], "time signatures")
        for s in sigs:
            if s.numerator <= 0 or s.denominator <= 0 or s.denominator & (s.denominator - 1):
                raise ValueError(f"bad time signature {s.numerator}/{s.denominator} at {s.tick}")
        self.resolution = int(resolution)
        self.tempos: tuple[TempoChange, ...] = tuple(_dedupe_last(tempos))
        self.time_signatures: tuple[TimeSignature, ...] = tuple(_dedupe_last(sigs))
        self.offset_s = float(offset_s)

        self._seg_tick = np.array([t.tick for t in self.tempos], dtype=np.float64)
        self._seg_spt = np.array(
            [t.us_per_quarter / 1e6 / self.resolution for t in self.tempos], dtype=np.float64
        )
        lengths = np.diff(self._seg_tick) * self._seg_spt[:-1]
        self._seg_sec = np.concatenate(([0.0], np.cumsum(lengths))) + self.offset_s

        self._ts_tick = np.array([s.tick for s in self.time_signatures], dtype=np.float64)
        self._bar_len = np.array(
            [s.numerator * self.resolution * 4.0 / s.denominator for s in self.time_signatures]
        )
        # A time signature that lands mid-bar starts a new bar: round the partial bar up.
        spans = np.ceil(np.diff(self._ts_tick) / self._bar_len[:-1] - 1e-9)
        self._bars_before = np.concatenate(([0.0], np.cumsum(spans)))

    # ticks <-> seconds -------------------------------------------------------------------------
    def seconds(self, ticks: ArrayLike) -> NDArray[np.float64]:
        """Song seconds of `ticks` (scalar or array); ticks before 0 extend the first tempo."""
        t = np.asarray(ticks, dtype=np.float64)
        i = np.maximum(np.searchsorted(self._seg_tick, t, side="right") - 1, 0)
        return self._seg_sec[i] + (t - self._seg_tick[i]) * self._seg_spt[i]

    def ticks(self, seconds: ArrayLike) -> NDArray[np.float64]:
        """Fractional ticks at song `seconds` (scalar or array): the inverse of `seconds`."""
        s = np.asarray(seconds, dtype=np.float64)
        i = np.maximum(np.searchsorted(self._seg_sec, s, side="right") - 1, 0)
        return self._seg_tick[i] + (s - self._seg_sec[i]) / self._seg_spt[i]

    def second(self, tick: float) -> float:
        """Song seconds of one tick."""
        return float(self.seconds(tick))

    # bars and beats ----------------------------------------------------------------------------
    def bar_position_at_tick(self, ticks: ArrayLike) -> NDArray[np.float64]:
        """Bars since the start of the song at `ticks`, with the fraction into the bar."""
        t = np.asarray(ticks, dtype=np.float64)
        i = np.maximum(np.searchsorted(self._ts_tick, t, side="right") - 1, 0)
        return self._bars_before[i] + (t - self._ts_tick[i]) / self._bar_len[i]

    def bar_position(self, seconds: ArrayLike) -> NDArray[np.float64]:
        """Bars since the start of the song at song `seconds` (fractional)."""
        return self.bar_position_at_tick(self.ticks(seconds))

    def tick_at_bar_position(self, bars: ArrayLike) -> NDArray[np.float64]:
        """The tick at a fractional bar position: the inverse of `bar_position_at_tick`."""
        b = np.asarray(bars, dtype=np.float64)
        i = np.maximum(np.searchsorted(self._bars_before, b, side="right") - 1, 0)
        return self._ts_tick[i] + (b - self._bars_before[i]) * self._bar_len[i]

    def seconds_at_bar_position(self, bars: ArrayLike) -> NDArray[np.float64]:
        """Song seconds at a fractional bar position."""
        return self.seconds(self.tick_at_bar_position(bars))

    def seconds_after_bars(self, start_s: float, bars: float) -> float:
        """The song second `bars` bars of the map after `start_s` (spans tempo changes)."""
        return float(self.seconds_at_bar_position(self.bar_position(start_s) + bars))

    def bar_lines(self, start_s: float, end_s: float) -> NDArray[np.float64]:
        """Song seconds of every bar line in [start_s, end_s]."""
        first = np.ceil(self.bar_position(start_s) - 1e-9)
        last = np.floor(self.bar_position(end_s) + 1e-9)
        if last < first:
            return np.empty(0)
        return self.seconds_at_bar_position(np.arange(first, last + 1))

    def beat_lines(
        self, start_s: float, end_s: float
    ) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        """Song seconds of every beat line in [start_s, end_s], and which of them are bar lines.

        A beat is one 1/denominator note of the time signature in force.
        """
        t0, t1 = float(self.ticks(start_s)), float(self.ticks(end_s))
        ticks: list[np.ndarray] = []
        bars: list[np.ndarray] = []
        for k, sig in enumerate(self.time_signatures):
            seg_start = self._ts_tick[k]
            seg_end = self._ts_tick[k + 1] if k + 1 < len(self._ts_tick) else np.inf
            lo, hi = max(t0, seg_start), min(t1, seg_end)
            if hi < lo:
                continue
            beat = self.resolution * 4.0 / sig.denominator
            n0 = np.ceil((lo - seg_start) / beat - 1e-9)
            n1 = np.floor((hi - seg_start) / beat + 1e-9)
            n = np.arange(n0, n1 + 1)
            seg_ticks = seg_start + n * beat
            keep = seg_ticks < seg_end
            ticks.append(seg_ticks[keep])
            bars.append((n[keep] % sig.numerator) == 0)
        if not ticks:
            return np.empty(0), np.empty(0, dtype=bool)
        return self.seconds(np.concatenate(ticks)), np.concatenate(bars)

    def at_speed(self, speed: float) -> TempoMap:
        """This map played at `speed` (0.5 = half as fast): every tempo and the offset scaled,
        so each tick falls at its song seconds / `speed`; bars and beats stay where they are."""
        if not (speed > 0 and np.isfinite(speed)):
            raise ValueError(f"speed must be positive, got {speed}")
        return TempoMap(
            self.resolution,
            [TempoChange(t.tick, t.us_per_quarter / speed) for t in self.tempos],
            self.time_signatures,
            self.offset_s / speed,
        )

    def shifted(self, delta_s: float) -> TempoMap:
        """This map moved `delta_s` seconds earlier: each tick falls at its song seconds minus
        `delta_s` (the offset takes it all); tempos, bars and beats stay."""
        if not np.isfinite(delta_s):
            raise ValueError(f"a shift must be finite, got {delta_s}")
        if delta_s == 0.0:
            return self
        return TempoMap(self.resolution, self.tempos, self.time_signatures, self.offset_s - delta_s)

    def bpm_at(self, seconds: float) -> float:
        """Quarter notes per minute at song `seconds`."""
        i = max(int(np.searchsorted(self._seg_sec, seconds, side="right")) - 1, 0)
        return self.tempos[i].bpm

    def __repr__(self) -> str:
        return (
            f"TempoMap(resolution={self.resolution}, tempos={len(self.tempos)}, "
            f"time_signatures={len(self.time_signatures)}, offset_s={self.offset_s})"
        )


def _check_ascending(ticks: list[int], what: str) -> None:
    if any(t < 0 for t in ticks):
        raise ValueError(f"{what} must not have negative ticks")
    if any(b < a for a, b in itertools.pairwise(ticks)):
        raise ValueError(f"{what} must be in tick order")


def _dedupe_last(items: list) -> list:
    """Keep only the last of several changes at one tick (the one a reader saw last wins)."""
    out: list = []
    for item in items:
        if out and out[-1].tick == item.tick:
            out[-1] = item
        else:
            out.append(item)
    return out
