"""The mix bus: loudness normalisation to about -14 LUFS and a look-ahead peak limiter.

The limiter works on the attenuation each sample needs (dB above the ceiling), entirely with
vectorised numpy: a forward sliding maximum over the look-ahead (so the gain is already down when
the peak arrives), a linear-in-dB release computed exactly by `np.maximum.accumulate`, and a short
moving average that turns the attack into a smooth ramp. The result never exceeds the ceiling.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from game.audio.dsp import F32, SAMPLE_RATE, box_mean, end_fade, sliding_max, smoothstep
from game.audio.loudness import integrated_loudness

TARGET_LUFS = -14.0
CEILING_DBFS = -1.5
LOOKAHEAD_S = 0.0015
RELEASE_DB_PER_S = 30.0
MAX_GAIN_DB = 40.0
_SCAN = 1 << 18


def _dense_gain(need: NDArray[np.float32], look: int) -> NDArray[np.float32]:
    """The limiter's gain for a stretch whose first and last `2 * look + 2` samples need nothing
    (so it joins unity gain smoothly on both sides)."""
    ahead = sliding_max(need, 0, look).astype(np.float64)
    rate = RELEASE_DB_PER_S / SAMPLE_RATE
    ramp = np.arange(len(ahead), dtype=np.float64) * rate
    held = np.maximum.accumulate(ahead + ramp) - ramp
    smooth = box_mean(held, look, 0)
    return np.power(F32(10.0), (-smooth / 20.0).astype(F32)).astype(F32)


def _peaks(audio: NDArray, lo: int, hi: int) -> NDArray[np.float32]:
    """Per-sample absolute maximum over the channels of audio[lo:hi] ((n,) or (n, c))."""
    part = audio[lo:hi]
    if part.ndim == 1:
        return np.abs(part)
    peak = np.abs(part[:, 0])
    for c in range(1, part.shape[1]):
        np.maximum(peak, np.abs(part[:, c]), out=peak)
    return peak


def limiter_regions(
    audio: NDArray, ceiling_dbfs: float = CEILING_DBFS
) -> list[tuple[int, NDArray]]:
    """The limiter's work on a whole song ((n,) or (n, channels)): (start, gain) for each stretch
    where the gain is not 1.

    A stretch's gain is exact (as if computed over the whole song) because stretches are cut only
    where the release has ended; the song is scanned in chunks, so no whole-song temporary is made.
    """
    ceiling = F32(10.0 ** (ceiling_dbfs / 20.0))
    n = len(audio)
    over_parts, level_parts = [], []
    for lo in range(0, n, _SCAN):
        peak = _peaks(audio, lo, lo + _SCAN)
        hits = np.flatnonzero(peak > ceiling)
        over_parts.append(hits + lo)
        level_parts.append(peak[hits])
    over = np.concatenate(over_parts) if over_parts else np.zeros(0, dtype=np.int64)
    if not len(over):
        return []
    look = max(round(LOOKAHEAD_S * SAMPLE_RATE), 1)
    need_db = 20.0 * np.log10(np.concatenate(level_parts).astype(np.float64) / float(ceiling))
    starts = over - 2 * look - 2
    ends = over + np.ceil(need_db * SAMPLE_RATE / RELEASE_DB_PER_S).astype(np.int64) + 2 * look + 2
    reach = np.maximum.accumulate(ends)
    cut = np.flatnonzero(starts[1:] > reach[:-1]) + 1
    regions = []
    firsts = np.concatenate(([0], cut))
    lasts = np.concatenate((cut, [len(over)])) - 1
    for first, last in zip(firsts.tolist(), lasts.tolist(), strict=True):
        lo, hi = max(int(starts[first]), 0), min(int(reach[last]), n)
        ratio = np.maximum(_peaks(audio, lo, hi).astype(F32) / ceiling, F32(1.0))
        regions.append((lo, _dense_gain((F32(20.0) * np.log10(ratio)).astype(F32), look)))
    return regions


def limit(mix: NDArray[np.float32], ceiling_dbfs: float = CEILING_DBFS) -> NDArray[np.float32]:
    """`mix` ((n,) or (n, channels)) with its sample peaks held at or below `ceiling_dbfs`,
    changed in place and returned."""
    for start, gain in limiter_regions(mix, ceiling_dbfs):
        seg = mix[start : start + len(gain)]
        seg *= gain if seg.ndim == 1 else gain[:, None]
    return mix


def loudness_gain(mix: NDArray[np.float32], target_lufs: float = TARGET_LUFS) -> float:
    """The linear gain that brings the (n, 2) `mix` to `target_lufs` (1.0 for silence)."""
    lufs = integrated_loudness(mix, SAMPLE_RATE)
    if not math.isfinite(lufs):
        return 1.0
    return 10.0 ** (min(max(target_lufs - lufs, -MAX_GAIN_DB), MAX_GAIN_DB) / 20.0)


def finish(mix: NDArray[np.float32]) -> NDArray[np.float32]:
    """Limit the (n, 2) `mix` in place, fade its first 3 ms in and last 50 ms out; return it."""
    limit(mix)
    n = len(mix)
    fade_in = min(round(0.003 * SAMPLE_RATE), n)
    if fade_in:
        mix[:fade_in] *= smoothstep(np.arange(fade_in, dtype=F32) / F32(fade_in))[:, None]
    fade_out = min(round(0.05 * SAMPLE_RATE), n)
    if fade_out:
        mix[n - fade_out :] *= end_fade(fade_out, 0.05)[:, None]
    return mix
