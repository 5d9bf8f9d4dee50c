"""An onset detector at sample resolution, for checking that guide drums land on their notes.

Detection: the rise of short-term energy, the mean square over the next millisecond or two divided
by what sounded in the 25 ms before, in four bands, so one sound cannot hide another that lives
elsewhere: below 1 kHz (kick, toms), 150 Hz-1 kHz (the snare's body, clear of a ringing kick),
both compared with the loudest recent crest, as low tones swell and beat; above 2.5 kHz and above
10 kHz (hi-hats, cymbals, snare wires: quiet in energy, but nearly alone up there). Peaks of the
largest rise above `RISE`, at least `min_gap_s` apart, are onsets.

Placement: each onset is put at the change point of its band's energy in the few milliseconds
around the peak (the split into a quieter "before" and a louder "after" that best explains every
sample's energy), which noise on either side barely moves.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from game.audio.dsp import box_mean, sliding_max
from game.audio.fftconv import overlap_add

BEFORE_S = 0.025
RISE = 4.0
"""Minimum ratio of new to previous energy for an onset (+6 dB)."""
FLOOR_DB = -40.0
"""Energy below this, relative to the loudest moment of its band, is silence."""
_BANDS = (
    (None, 1000.0, 0.002, True),
    (150.0, 1000.0, 0.002, True),
    (2500.0, None, 0.0012, False),
    (10000.0, None, 0.0012, False),
)
"""(low and high cutoff in Hz or None, length of the "new energy" window in s, and whether
"before" is the loudest such window in the 25 ms before rather than their mean)."""
SEARCH_S = 0.012
AFTER_S = 0.004
"""The stretch around a detection peak in which its onset is placed (before, after)."""
_FFT_SIZE = 1 << 15
_BLOCK = _FFT_SIZE - (1 << 11)
_BUTTERWORTH_4 = (0.5412, 1.3066)  # the Qs of a 4th-order Butterworth's two sections


def filtered(x: NDArray, rate: float, low_hz: float | None, high_hz: float | None) -> NDArray:
    """`x` band-passed above `low_hz` and below `high_hz` (None: no limit) by causal 4th-order
    Butterworth filters (biquads, applied by FFT blocks); causal, so no onset leaks before it."""
    z1 = np.exp(-2j * math.pi * np.fft.rfftfreq(_FFT_SIZE))
    response = np.ones(len(z1), dtype=np.complex128)
    for kind, cutoff in (("high", low_hz), ("low", high_hz)):
        if cutoff is None:
            continue
        w0 = 2.0 * math.pi * cutoff / rate
        cw = math.cos(w0)
        for q in _BUTTERWORTH_4:
            alpha = math.sin(w0) / (2.0 * q)
            if kind == "high":
                b = ((1 + cw) / 2, -(1 + cw), (1 + cw) / 2)
            else:
                b = ((1 - cw) / 2, 1 - cw, (1 - cw) / 2)
            a = (1 + alpha, -2 * cw, 1 - alpha)
            response *= (b[0] + b[1] * z1 + b[2] * z1 * z1) / (a[0] + a[1] * z1 + a[2] * z1 * z1)
    return overlap_add(x, response[None, :], _FFT_SIZE, _BLOCK)[0]


def _energies(power: NDArray, after: int, before: int, crest: bool) -> tuple[NDArray, NDArray]:
    """(mean power in the `after` samples from i, the mean power in the `before` samples up to i
    or, if `crest`, the largest `after`-sample mean power that ends by i)."""
    new = box_mean(power, 0, after - 1)
    old = np.zeros(len(power))
    if crest:
        recent = sliding_max(new, before - after, 0)
        old[after:] = recent[:-after]
    else:
        old[1:] = box_mean(power, before - 1, 0)[:-1]
    return new, old


def detect_onsets(mono: NDArray, rate: float, min_gap_s: float = 0.03) -> NDArray[np.float64]:
    """Times in seconds of the onsets in `mono` (1-D audio at `rate` Hz), in order."""
    x = np.asarray(mono, dtype=np.float64)
    before = max(round(BEFORE_S * rate), 1)
    if len(x) < before:
        return np.zeros(0)
    signals, news, olds = [], [], []
    for low, high, after_s, crest in _BANDS:
        sig = filtered(x, rate, low, high).astype(np.float64)
        new, old = _energies(sig * sig, max(round(after_s * rate), 1), before, crest)
        signals.append(sig)
        news.append(new)
        olds.append(old)
    floors = [float(new.max()) * 10.0 ** (FLOOR_DB / 10.0) for new in news]
    if max(floors) <= 0.0:
        return np.zeros(0)
    floors = [max(f, max(floors) * 1e-6) for f in floors]  # a band with nothing in it stays quiet
    ratios = np.stack(
        [(new + f) / (old + f) for new, old, f in zip(news, olds, floors, strict=True)]
    )
    best = ratios.max(axis=0)
    gap = max(round(min_gap_s * rate), 1)
    peaks = np.flatnonzero((best >= RISE) & (best == sliding_max(best, gap, gap)))
    onsets: list[float] = []
    last = -gap
    for p in peaks.tolist():
        if p - last < gap:
            continue
        band = int(np.argmax(ratios[:, p]))
        onsets.append(_change_point(signals[band], p, floors[band], rate) / rate)
        last = p
    return np.array(onsets)


def _change_point(sig: NDArray, peak: int, floor: float, rate: float) -> int:
    """Where the rise detected at `peak` began: the split of the energy around it into a quieter
    "before" and a louder "after", each with its own mean, that is most likely (exponentially
    distributed energies), using every sample rather than one threshold crossing."""
    lo = max(peak - round(SEARCH_S * rate), 0)
    hi = min(peak + round(AFTER_S * rate), len(sig))
    p = sig[lo:hi] ** 2 + floor * 1e-3
    if len(p) < 3:
        return peak
    c = np.cumsum(p)
    k = np.arange(1, len(p))
    before = c[:-1] / k
    after = (c[-1] - c[:-1]) / (len(p) - k)
    score = -k * np.log(before) - (len(p) - k) * np.log(after)
    score[after <= before] = -np.inf  # an onset is a rise
    return lo + int(k[np.argmax(score)]) if np.isfinite(score.max()) else peak
