"""Band-limited oscillators: additive wavetables with a low-pass filter built into each row.

A `WaveTable` holds one cycle of a waveform at many filter cutoffs (rows a quarter octave apart,
cutoff measured in harmonics of the note). Reading a row blend per sample gives a swept low-pass
filter for the price of a table look-up, and since each row stops well below half the sample rate
for the note being played, nothing aliases. Tables are built once and shared (they are small).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from game.audio.dsp import F32, SAMPLE_RATE

TABLE_SIZE = 2048
ROWS_PER_OCTAVE = 4
ROWS = 36  # cutoff from the 1st harmonic up to 2 ** (35 / 4) ~ 430 harmonics
HIGHEST_CONTENT_HZ = 0.45 * SAMPLE_RATE
"""No row read for a note has partials above this (the row's content ends at twice its cutoff)."""


@dataclass(frozen=True)
class WaveTable:
    """One waveform at `ROWS` cutoffs: `rows[r]` is a cycle low-passed at 2 ** (r / 4) harmonics.

    Each row has `TABLE_SIZE + 1` samples (the first repeated at the end for interpolation).
    """

    name: str
    rows: NDArray[np.float32]


def _harmonic_amplitudes(shape: str, h: NDArray[np.float64]) -> NDArray[np.float64]:
    if shape == "saw":
        return 1.0 / h
    if shape == "square":
        return np.where(h % 2 == 1, 1.0 / h, 0.0)
    if shape == "pulse":  # 25% duty: a hollow, nasal tone
        return np.abs(np.sin(math.pi * h * 0.25)) / h
    raise ValueError(f"unknown waveform {shape!r}")


@cache
def wavetable(shape: str, resonance: float = 0.0) -> WaveTable:
    """The shared table of `shape` ("saw", "square", "pulse"), its filter peaking by `resonance`
    (0 = plain 12 dB/octave low-pass; 1 = about +6 dB at the cutoff).

    Harmonic phases are spread (a quadratic "Schroeder" sequence) above the 4th harmonic: the ear
    hears the same timbre, the waveform has a lower crest factor and no sharp edge per cycle.
    """
    top = TABLE_SIZE // 2 - 1
    h = np.arange(1, top + 1, dtype=np.float64)
    amp = _harmonic_amplitudes(shape, h)
    phase = np.where(h > 4, math.pi * (h - 4) ** 2 / 24.0, 0.0)
    rows = np.zeros((ROWS, TABLE_SIZE + 1), dtype=np.float64)
    for r in range(ROWS):
        c = 2.0 ** (r / ROWS_PER_OCTAVE)
        x = h / c
        weight = 1.0 / np.sqrt(1.0 + x**4)
        weight *= 1.0 + resonance * np.exp(-(((x - 1.0) / 0.35) ** 2))
        guard = np.clip((2.0 - x) / 0.5, 0.0, 1.0)  # nothing above twice the cutoff
        spec = np.zeros(TABLE_SIZE // 2 + 1, dtype=np.complex128)
        spec[1 : top + 1] = amp * weight * guard * np.exp(1j * (phase - math.pi / 2))
        cycle = np.fft.irfft(spec, TABLE_SIZE) * (TABLE_SIZE / 2)
        rows[r, :TABLE_SIZE] = cycle
        rows[r, TABLE_SIZE] = cycle[0]
    rows /= np.abs(rows).max()
    return WaveTable(shape, rows.astype(F32))


def phase_of(freq_hz: float | NDArray, n: int, phase0: float = 0.0) -> NDArray[np.float64]:
    """Oscillator phase in cycles (0..1) for n samples at a fixed or per-sample frequency."""
    if np.ndim(freq_hz) == 0:
        ph = np.arange(n, dtype=np.float64) * (float(freq_hz) / SAMPLE_RATE) + phase0
    else:
        inc = np.asarray(freq_hz, dtype=np.float64) / SAMPLE_RATE
        ph = np.cumsum(inc) - inc[0] + phase0
    return ph - np.floor(ph)


def _row_position(freq_hz: float | NDArray, cutoff_hz: float | NDArray) -> NDArray | float:
    """Fractional row index for a cutoff (Hz) of a note at `freq_hz`, clamped below aliasing."""
    f = np.maximum(freq_hz, 1.0)
    harmonics = np.minimum(np.maximum(cutoff_hz, f) / f, HIGHEST_CONTENT_HZ / (2.0 * f))
    return np.clip(ROWS_PER_OCTAVE * np.log2(np.maximum(harmonics, 1.0)), 0.0, ROWS - 1.0)


def table_osc(
    table: WaveTable,
    freq_hz: float | NDArray,
    cutoff_hz: float | NDArray,
    n: int,
    phase0: float = 0.0,
) -> NDArray[np.float32]:
    """n samples of `table` at `freq_hz`, low-passed at `cutoff_hz` (each a number or per-sample
    array), starting at `phase0` cycles. Peak level about 1."""
    ph = phase_of(freq_hz, n, phase0)
    pos = ph.astype(F32) * F32(TABLE_SIZE)
    i0 = pos.astype(np.int32)
    frac = pos - i0
    r = _row_position(freq_hz, cutoff_hz)
    if np.ndim(r) == 0:
        r0 = min(int(r), ROWS - 2)
        rf = float(r) - r0
        row = table.rows[r0] * F32(1.0 - rf) + table.rows[r0 + 1] * F32(rf)
        a = row[i0]
        b = row[i0 + 1]
        return a + (b - a) * frac
    r = np.broadcast_to(np.asarray(r, dtype=F32), (n,))
    r0 = np.minimum(r.astype(np.int32), ROWS - 2)
    rf = r - r0
    flat = table.rows.reshape(-1)
    j = r0 * (TABLE_SIZE + 1) + i0
    lo = flat[j] + (flat[j + 1] - flat[j]) * frac
    j += TABLE_SIZE + 1
    hi = flat[j] + (flat[j + 1] - flat[j]) * frac
    return lo + (hi - lo) * rf


def radians(freq_hz: float | NDArray, n: int, phase0: float = 0.0) -> NDArray[np.float32]:
    """Oscillator phase in radians, wrapped to [0, 2 pi): accumulated in float64, so long notes
    keep their precision (float32 seconds times a frequency would not)."""
    return phase_of(freq_hz, n, phase0).astype(F32) * F32(2.0 * math.pi)


def sine(freq_hz: float | NDArray, n: int, phase0: float = 0.0) -> NDArray[np.float32]:
    """n samples of a sine at a fixed or per-sample frequency, starting at `phase0` cycles."""
    return np.sin(radians(freq_hz, n, phase0))
