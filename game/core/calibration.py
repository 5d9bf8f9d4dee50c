"""Calibration arithmetic: taps matched to clicks (or flashes), the median offset and its spread.

A tap test plays clicks at a steady tempo; the player taps along. Each tap is matched to the
nearest click, so an offset can be measured up to half a beat either way (±300 ms at 100 BPM,
enough for wireless headphones). A tap far from the player's own median is a *stray*: a double
tap, a lost count, a cough. Judging strays against the median rather than at a fixed distance from
the clicks keeps every tap of a player whose sound lags by 250 ms, while the taps a player meant
lie close together (a spread of 5-20 ms) and a stray lies far outside them.

The spread is the median absolute deviation (MAD): half of the taps lie within ±MAD of the
median, which a player can read at a glance, and a few strays do not move it.

Signs: an error is positive when the tap came late. The clock already applies the current
offset, so what a test measures is what is left over: the new offset is the current one plus
the measured median (`corrected_offset_ms`).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from game.base.language import _

MIN_TAPS = 8
"""Taps (not counting strays) needed before a result is offered."""
STRAY_S = 0.150
"""A tap farther than this (seconds) from the median error is a stray and does not count."""
OFFSET_LIMIT_MS = 1000.0
"""Offsets are kept within ±this many milliseconds (as the settings file does)."""
STEADY_SPREAD_MS = 20.0
"""The largest spread (MAD, ms) of steady taps: a player tapping along meaning each tap keeps
half of them within 5-20 ms of their median; wider, the median may be off by as much."""
STRAY_SHARE = 0.25
"""The largest share of all taps that may be strays (double taps, lost counts) before the taps
are not steady."""


@dataclass(frozen=True, slots=True)
class TapPlan:
    """A tap test: `count_in` clicks to listen to, then `taps` clicks to tap along with, at `bpm`,
    the first click at song time `start_s` (seconds)."""

    bpm: float = 100.0
    count_in: int = 4
    taps: int = 16
    start_s: float = 0.0

    def __post_init__(self) -> None:
        if not 20.0 <= self.bpm <= 300.0:
            raise ValueError(f"a tap test runs at 20-300 BPM, got {self.bpm!r}")
        if self.count_in < 0 or self.taps < 1:
            raise ValueError("a tap test needs a count-in of 0 or more and at least one tap")

    @property
    def beat_s(self) -> float:
        """Seconds between clicks."""
        return 60.0 / self.bpm

    def click_times(self) -> list[float]:
        """Song times (seconds) of every click: the count-in, then the clicks to tap on."""
        return [self.start_s + i * self.beat_s for i in range(self.count_in + self.taps)]

    def tap_times(self) -> list[float]:
        """Song times (seconds) of the clicks the player taps along with."""
        return self.click_times()[self.count_in :]

    @property
    def first_tap_s(self) -> float:
        """The earliest song time a tap counts from: half a beat before the first tap click."""
        return self.tap_times()[0] - self.beat_s / 2

    @property
    def end_s(self) -> float:
        """Song time at which the test is over: half a beat after the last click."""
        return self.click_times()[-1] + self.beat_s / 2


@dataclass(frozen=True, slots=True)
class TapMark:
    """One tap: its song time, the click it was matched to and its signed error (seconds,
    positive = late); `stray` when it does not count."""

    time_s: float
    click: int
    error_s: float
    stray: bool = False

    @property
    def error_ms(self) -> float:
        """The signed error in milliseconds."""
        return self.error_s * 1000.0


@dataclass(frozen=True, slots=True)
class OffsetMeasurement:
    """What a tap test (or a play) measured: the median error and its spread (MAD), in ms, from
    `count` taps, with `strays` left out."""

    median_ms: float
    spread_ms: float
    count: int
    strays: int = 0

    @property
    def ready(self) -> bool:
        """True when enough taps counted to offer the result (`MIN_TAPS`)."""
        return self.count >= MIN_TAPS


def median_abs_deviation(values: Sequence[float]) -> float:
    """The median of the distances of `values` from their median (same unit); 0 for none."""
    if not values:
        return 0.0
    m = statistics.median(values)
    return float(statistics.median(abs(v - m) for v in values))


def match_taps(
    taps_s: Sequence[float], clicks_s: Sequence[float], stray_s: float = STRAY_S
) -> list[TapMark]:
    """Each tap (song seconds, in tap order) matched to its nearest click; strays marked.

    A stray lies more than `stray_s` from the median error, or is the second tap on one click
    (the one farther from the median). Raises ValueError without clicks.
    """
    clicks = sorted(clicks_s)
    if not clicks:
        raise ValueError("a tap test needs at least one click")
    matched: list[tuple[float, int, float]] = []
    for tap in taps_s:
        k = _nearest(clicks, tap)
        matched.append((tap, k, tap - clicks[k]))
    if not matched:
        return []
    errors = [e for _, _, e in matched]
    centre = statistics.median(errors)
    near = [e for e in errors if abs(e - centre) <= stray_s]
    if near:  # the median of the taps the player meant, not pulled by the strays
        centre = statistics.median(near)
    best: dict[int, int] = {}  # click -> the tap that keeps it
    for i, (_tap, k, e) in enumerate(matched):
        if abs(e - centre) > stray_s:
            continue
        if k not in best or abs(e - centre) < abs(matched[best[k]][2] - centre):
            best[k] = i
    kept = set(best.values())
    return [TapMark(t, k, e, i not in kept) for i, (t, k, e) in enumerate(matched)]


def _nearest(clicks: list[float], t: float) -> int:
    """The index of the click nearest to `t` in sorted `clicks` (the earlier one on a tie)."""
    lo, hi = 0, len(clicks)
    while lo < hi:
        mid = (lo + hi) // 2
        if clicks[mid] < t:
            lo = mid + 1
        else:
            hi = mid
    if lo == 0:
        return 0
    if lo == len(clicks):
        return lo - 1
    return lo if clicks[lo] - t < t - clicks[lo - 1] else lo - 1


def unsteady_reason(measurement: OffsetMeasurement) -> str | None:
    """Why the taps of `measurement` were not steady enough to trust its median, in words; None
    when they were (a spread of at most `STEADY_SPREAD_MS` and at most `STRAY_SHARE` of the taps
    strays). Too few taps is `OffsetMeasurement.ready`'s to say."""
    m = measurement
    if m.spread_ms > STEADY_SPREAD_MS + 1e-9:
        return _(
            "half of the taps lie more than {spread:.0f} ms from their median"
            " (steady taps stay within {steady:.0f} ms)"
        ).format(spread=m.spread_ms, steady=STEADY_SPREAD_MS)
    taps = m.count + m.strays
    if taps and m.strays > STRAY_SHARE * taps + 1e-9:
        return _("{strays} of {taps} taps were far off the others").format(
            strays=m.strays, taps=taps
        )
    return None


def measure(marks: Sequence[TapMark]) -> OffsetMeasurement | None:
    """The median and spread (ms) of the taps that count; None when none counts."""
    errors = [m.error_ms for m in marks if not m.stray]
    if not errors:
        return None
    return OffsetMeasurement(
        float(statistics.median(errors)),
        median_abs_deviation(errors),
        len(errors),
        len(marks) - len(errors),
    )


def measure_taps(
    taps_s: Sequence[float], clicks_s: Sequence[float], stray_s: float = STRAY_S
) -> OffsetMeasurement | None:
    """`measure` of `match_taps`: the offset the taps show, or None without a tap that counts."""
    return measure(match_taps(taps_s, clicks_s, stray_s))


def offset_from_play(errors_ms: Sequence[float], min_hits: int = MIN_TAPS) -> float | None:
    """The median of a play's signed hit errors (ms, positive = late), or None with fewer than
    `min_hits` hits: "set offset from the last play"."""
    if len(errors_ms) < max(1, min_hits):
        return None
    return float(statistics.median(errors_ms))


def corrected_offset_ms(current_ms: float, measured_ms: float) -> float:
    """The offset (ms) that cancels `measured_ms`, measured while `current_ms` was applied.

    The clock already takes `current_ms` off every hit, so the lag left over adds to it. The
    result is kept within ±`OFFSET_LIMIT_MS` and rounded to 0.1 ms.
    """
    total = min(max(current_ms + measured_ms, -OFFSET_LIMIT_MS), OFFSET_LIMIT_MS)
    return round(total, 1) + 0.0  # never -0.0
