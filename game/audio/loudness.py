"""Loudness and level measurements: ITU-R BS.1770-4 integrated loudness, sample peak, DC offset.

The K-weighting (a high shelf and a high-pass, two biquads) is applied in the frequency domain by
overlap-add, which is exact for these filters and fast on whole songs. The biquad coefficients are
derived from the standard's analogue prototypes for any sample rate (as libebur128 does); at 48 kHz
they equal the coefficients printed in BS.1770.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numpy.typing import NDArray

from game.audio.fftconv import filtered_chunks, overlap_add

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
BLOCK_S = 0.4
STEP_S = 0.1  # 75 % overlap
_FFT_SIZE = 1 << 15
_BLOCK = _FFT_SIZE - (1 << 12)  # the K-weighting dies out (below 1e-9) within 4096 samples


def k_weighting_coefficients(
    rate: float,
) -> tuple[tuple[NDArray, NDArray], tuple[NDArray, NDArray]]:
    """((b, a) of the shelving stage, (b, a) of the high-pass stage) at sample `rate` (Hz)."""
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / rate)
    vh = 10.0 ** (gain_db / 20.0)
    vb = vh**0.4996667741545416
    a0 = 1.0 + k / q + k * k
    shelf_b = np.array(
        [(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0]
    )
    shelf_a = np.array([1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0])
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / rate)
    a0 = 1.0 + k / q + k * k
    hp_b = np.array([1.0, -2.0, 1.0])
    hp_a = np.array([1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0])
    return (shelf_b, shelf_a), (hp_b, hp_a)


def k_weighting_response(freqs_hz: NDArray, rate: float) -> NDArray[np.complex128]:
    """The K-weighting filter's complex frequency response at `freqs_hz`."""
    z1 = np.exp(-2j * math.pi * np.asarray(freqs_hz) / rate)  # z ** -1 on the unit circle
    h = np.ones_like(z1)
    for b, a in k_weighting_coefficients(rate):
        h *= (b[0] + b[1] * z1 + b[2] * z1 * z1) / (a[0] + a[1] * z1 + a[2] * z1 * z1)
    return h


def _channels(audio: NDArray) -> NDArray:
    a = np.asarray(audio)
    if a.ndim == 1:
        return a[None, :]
    if a.ndim != 2 or a.shape[1] > 2:
        raise ValueError("audio must be mono (n,) or (n, 1) / (n, 2)")
    return a.T


def k_weighted(channel: NDArray, rate: float) -> NDArray[np.float32]:
    """One channel passed through the K-weighting filter."""
    return overlap_add(channel, _k_spectrum(rate), _FFT_SIZE, _BLOCK)[0]


def _k_spectrum(rate: float) -> NDArray[np.complex128]:
    return k_weighting_response(np.fft.rfftfreq(_FFT_SIZE, 1.0 / rate), rate)[None, :]


def segment_powers(channel: NDArray, rate: float, step: int) -> NDArray[np.float64]:
    """Mean square of the K-weighted `channel` over each whole segment of `step` samples."""
    segments = len(channel) // step
    sums = np.zeros(segments + 1, dtype=np.float64)
    usable = segments * step
    spectrum = _k_spectrum(rate)
    for start, chunk in filtered_chunks(channel, spectrum, _FFT_SIZE, _BLOCK, usable):
        y = chunk[0].astype(np.float64)
        first = start // step
        bounds = np.arange((first + 1) * step, start + len(y), step) - start
        parts = np.add.reduceat(y * y, np.concatenate(([0], bounds)))
        sums[first : first + len(parts)] += parts
    return sums[:segments] / step


def block_powers(audio: NDArray, rate: float) -> NDArray[np.float64]:
    """Sum over channels of the mean square of the K-weighted signal in each 400 ms gating block
    (blocks start every 100 ms; only whole blocks count)."""
    step = round(STEP_S * rate)
    per_block = round(BLOCK_S / STEP_S)
    chans = _channels(audio)
    segments = chans.shape[1] // step
    if segments < per_block:
        return np.zeros(0)
    if len(chans) > 1 and segments > 100:  # numpy's FFTs release the GIL: one thread a channel
        with ThreadPoolExecutor(len(chans)) as pool:
            powers = list(pool.map(lambda ch: segment_powers(ch, rate, step), chans))
    else:
        powers = [segment_powers(ch, rate, step) for ch in chans]
    total = np.sum(powers, axis=0)
    c = np.concatenate(([0.0], np.cumsum(total)))
    return (c[per_block:] - c[:-per_block]) / per_block


def _lufs(power: NDArray | float) -> NDArray | float:
    return -0.691 + 10.0 * np.log10(np.maximum(power, 1e-30))


def integrated_loudness(audio: NDArray, rate: float) -> float:
    """Integrated loudness in LUFS (BS.1770-4, gated) of mono (n,) or stereo (n, 2) audio.

    -inf when no block passes the absolute gate (silence, or shorter than 400 ms).
    """
    z = block_powers(audio, rate)
    z = z[_lufs(z) > ABSOLUTE_GATE_LUFS]
    if not len(z):
        return float("-inf")
    relative_gate = _lufs(float(z.mean())) + RELATIVE_GATE_LU
    z = z[_lufs(z) > relative_gate]
    return float(_lufs(float(z.mean())))


def sample_peak_dbfs(audio: NDArray) -> float:
    """The largest absolute sample in dB relative to full scale (1.0); -inf for silence."""
    peak = float(np.max(np.abs(audio))) if np.size(audio) else 0.0
    return 20.0 * math.log10(peak) if peak > 0 else float("-inf")


def dc_offset(audio: NDArray) -> float:
    """The largest per-channel mean (the DC offset), as a fraction of full scale."""
    return float(np.max(np.abs(np.mean(_channels(audio), axis=1, dtype=np.float64))))
