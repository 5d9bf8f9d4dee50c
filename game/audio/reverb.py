"""A plate-like stereo reverb: convolution with a decaying stereo noise impulse response.

The impulse response is noise split into four bands, each with its own decay (highs die first, as
on a plate), after a short pre-delay, decorrelated between left and right for width. The send bus is
mono; the convolution runs by FFT overlap-add over blocks (`fftconv`), so memory stays small.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from game.audio.dsp import F32, SAMPLE_RATE, remove_dc, rng_for, smoothstep
from game.audio.fftconv import filtered_chunks

REVERB_S = 2.0
PRE_DELAY_S = 0.012
FFT_SIZE = 1 << 18
_BANDS = (
    (0.0, 350.0, 1.5, 0.45),
    (350.0, 2500.0, 1.6, 1.0),
    (2500.0, 7000.0, 1.1, 0.8),
    (7000.0, SAMPLE_RATE / 2, 0.6, 0.45),
)
"""(low Hz, high Hz, RT60 s, gain) of each band of the impulse response."""


@lru_cache(maxsize=1)
def impulse_response() -> NDArray[np.float32]:
    """The reverb's (2, n) impulse response, with unit energy per channel (wet RMS ~ send RMS)."""
    n = round(REVERB_S * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    delay = round(PRE_DELAY_S * SAMPLE_RATE)
    f = np.fft.rfftfreq(n, 1.0 / SAMPLE_RATE)
    chans = []
    for side in ("left", "right"):
        spec = np.fft.rfft(rng_for("plate reverb", side).standard_normal(n))
        out = np.zeros(n)
        for lo, hi, rt60, gain in _BANDS:
            band = np.fft.irfft(np.where((f >= lo) & (f < hi), spec, 0.0), n)
            out += gain * band * np.exp(-6.91 * t / rt60)
        chans.append(out)
    ir = np.zeros((2, n))
    ir[:, delay:] = np.array(chans)[:, : n - delay]
    env = smoothstep((t - PRE_DELAY_S) / 0.006) * (
        1.0 - smoothstep((t - 0.8 * REVERB_S) / (0.2 * REVERB_S))
    )
    ir *= env
    ir /= np.sqrt(np.sum(ir * ir, axis=1, keepdims=True))
    return remove_dc(ir.astype(F32), env.astype(F32))


@lru_cache(maxsize=1)
def _spectra() -> NDArray[np.complex64]:
    ir = impulse_response()
    padded = np.zeros((2, FFT_SIZE), dtype=F32)
    padded[:, : ir.shape[1]] = ir
    return np.fft.rfft(padded, axis=1).astype(np.complex64)


def add_reverb(out: NDArray[np.float32], send: NDArray[np.float32], gain: float) -> None:
    """Add the plate's response to the mono `send` bus, times `gain`, into the (n, 2) `out`."""
    if not np.any(send):
        return
    block = FFT_SIZE - impulse_response().shape[1] + 1
    for start, chunk in filtered_chunks(send, _spectra(), FFT_SIZE, block, len(out)):
        out[start : start + chunk.shape[1]] += chunk.T * F32(gain)
