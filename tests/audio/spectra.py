"""Spectral measures of a drum sound for the kit tests and `bench/kit_spectra.py`: band energy as a
share of the whole, spectral centroid, the strongest peak in a band, and decay times on an RMS
envelope. Sounds are float arrays (n,) mono or (n, channels); rates in Hz, times in seconds."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

ENVELOPE_WINDOW_S = 0.005
"""The RMS envelope's window (5 ms hops of 5 ms windows)."""


def mono(sound: NDArray) -> NDArray[np.float64]:
    """The sound's channels averaged, as float64."""
    a = np.asarray(sound, dtype=np.float64)
    return a if a.ndim == 1 else a.mean(axis=1)


def power_spectrum(sound: NDArray, rate: int) -> tuple[NDArray, NDArray]:
    """(frequencies in Hz, power per bin) of the whole sound."""
    x = mono(sound)
    return np.fft.rfftfreq(len(x), 1.0 / rate), np.abs(np.fft.rfft(x)) ** 2


def band_share(sound: NDArray, rate: int, low_hz: float, high_hz: float) -> float:
    """The share (0..1) of the sound's energy between `low_hz` and `high_hz`."""
    f, p = power_spectrum(sound, rate)
    return float(p[(f >= low_hz) & (f < high_hz)].sum() / (p.sum() or 1.0))


def centroid(sound: NDArray, rate: int) -> float:
    """The spectral centroid in Hz (power-weighted mean frequency)."""
    f, p = power_spectrum(sound, rate)
    return float((f * p).sum() / (p.sum() or 1.0))


def peak_hz(sound: NDArray, rate: int, low_hz: float, high_hz: float, pad: int = 1 << 17) -> float:
    """The frequency (Hz) of the strongest spectral peak between `low_hz` and `high_hz` (the sound
    Hann-windowed and zero-padded to `pad` samples for a fine frequency grid)."""
    x = mono(sound)
    x = x * np.hanning(len(x))
    spec = np.abs(np.fft.rfft(x, max(pad, len(x))))
    f = np.fft.rfftfreq(max(pad, len(x)), 1.0 / rate)
    pick = (f >= low_hz) & (f < high_hz)
    return float(f[pick][np.argmax(spec[pick])])


def peak_prominence_db(sound: NDArray, rate: int, low_hz: float, high_hz: float) -> float:
    """How far (dB) the strongest peak between `low_hz` and `high_hz` stands above the median
    level of that band (a drum with a pitch has a clear peak; noise has none)."""
    f, p = power_spectrum(sound, rate)
    band = p[(f >= low_hz) & (f < high_hz)]
    return float(10.0 * np.log10(band.max() / (np.median(band) or 1e-30)))


def rms_envelope_db(sound: NDArray, rate: int) -> NDArray[np.float64]:
    """The RMS level (dB re the loudest window) in consecutive `ENVELOPE_WINDOW_S` windows."""
    x = mono(sound)
    w = max(round(ENVELOPE_WINDOW_S * rate), 1)
    m = len(x) // w
    r = np.sqrt(np.mean(x[: m * w].reshape(m, w) ** 2, axis=1))
    return 20.0 * np.log10(r / (r.max() or 1.0) + 1e-12)


def decay_s(sound: NDArray, rate: int, drop_db: float) -> float:
    """The time (s) from the loudest RMS window until the envelope last sits within `drop_db` of
    it: how long the sound takes to fall by `drop_db`."""
    env = rms_envelope_db(sound, rate)
    top = int(np.argmax(env))
    above = np.flatnonzero(env > -drop_db)
    return float((above[-1] + 1 - top) * ENVELOPE_WINDOW_S)


def window(sound: NDArray, rate: int, start_s: float, end_s: float) -> NDArray[np.float64]:
    """The mono samples between `start_s` and `end_s`."""
    x = mono(sound)
    return x[round(start_s * rate) : round(end_s * rate)]


def band_level_db(
    sound: NDArray, rate: int, start_s: float, end_s: float, low_hz: float, high_hz: float
) -> float:
    """The mean power (dB, per second of sound) between `low_hz` and `high_hz` in the part of the
    sound from `start_s` to `end_s`: compares a band early and late in a hit."""
    x = window(sound, rate, start_s, end_s)
    f = np.fft.rfftfreq(len(x), 1.0 / rate)
    p = np.abs(np.fft.rfft(x)) ** 2
    e = p[(f >= low_hz) & (f < high_hz)].sum() / len(x) ** 2
    return float(10.0 * np.log10(e + 1e-30))


def average_peak_hz(sound: NDArray, rate: int, low_hz: float, high_hz: float) -> float:
    """The frequency (Hz) of the strongest peak between `low_hz` and `high_hz` in the sound's
    average spectrum (Hann windows of 16384 samples, half overlapped; the peak placed between
    bins by a parabola through the log powers): the pitch a listener hears held through a song,
    not the fine beating of detuned oscillators that one whole-song transform resolves."""
    x = mono(sound)
    n = 16384
    window = np.hanning(n)
    power = np.zeros(n // 2 + 1)
    for lo in range(0, len(x) - n + 1, n // 2):
        power += np.abs(np.fft.rfft(x[lo : lo + n] * window)) ** 2
    f = np.fft.rfftfreq(n, 1.0 / rate)
    pick = np.flatnonzero((f >= low_hz) & (f < high_hz))
    k = int(pick[np.argmax(power[pick])])
    a, b, c = np.log(power[k - 1 : k + 2] + 1e-30)
    return float((k + 0.5 * (a - c) / (a - 2 * b + c)) * rate / n)
