"""Small signal helpers shared by the synthesizer: seeds, pitch, pan, envelopes, windows, noise.

Every buffer is float32 at `SAMPLE_RATE`; times are seconds. Nothing here keeps global state:
randomness always comes from a generator seeded by `seed_of` (a hash of what is being rendered).
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
from numpy.typing import NDArray

SAMPLE_RATE = 48000
"""Samples per second of every buffer the synthesizer makes (stereo, float32): the output's
default rate, so a song is resampled only for a device that plays at another."""

F32 = np.float32


def resample(frames: NDArray, from_rate: int, to_rate: int) -> NDArray[np.float32]:
    """`frames` ((n, channels) at `from_rate` Hz) linearly resampled to `to_rate` Hz, float32;
    the same array when the rates are equal."""
    if from_rate == to_rate or not len(frames):
        return frames
    n = round(len(frames) * to_rate / from_rate)
    src = np.arange(n, dtype=np.float64) * (from_rate / to_rate)
    x = np.arange(len(frames), dtype=np.float64)
    return np.ascontiguousarray(
        np.stack([np.interp(src, x, frames[:, c]) for c in range(frames.shape[1])], axis=1),
        dtype=F32,
    )


def seed_of(*values: object) -> int:
    """A 64-bit seed from a stable hash of `values` (their repr), the same in every process."""
    digest = hashlib.blake2b(repr(values).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def rng_for(*values: object) -> np.random.Generator:
    """A random generator seeded from `values` (a note's content), never from global state."""
    return np.random.default_rng(seed_of(*values))


def midi_hz(pitch: float) -> float:
    """The frequency in Hz of MIDI note `pitch` (69 = A4 = 440 Hz)."""
    return 440.0 * 2.0 ** ((pitch - 69.0) / 12.0)


def cents(c: float) -> float:
    """The frequency ratio of `c` cents."""
    return 2.0 ** (c / 1200.0)


def pan_gains(pan: float) -> tuple[float, float]:
    """Constant-power (left, right) gains for `pan` from -1 (left) to 1 (right); 1, 1 centred."""
    angle = (min(max(pan, -1.0), 1.0) + 1.0) * math.pi / 4.0
    return math.cos(angle) * math.sqrt(2.0), math.sin(angle) * math.sqrt(2.0)


def velocity_gain(velocity: float, range_db: float = 24.0) -> float:
    """Linear level of a note of `velocity` (0..1): 0 dB at 1, `range_db` down at 0.1."""
    v = min(max(velocity, 0.02), 1.0)
    return 10.0 ** (range_db * math.log10(v) / 20.0)


def seconds(n: int, rate: int = SAMPLE_RATE) -> NDArray[np.float32]:
    """The times in seconds of samples 0..n-1 at `rate` Hz."""
    return np.arange(n, dtype=F32) * F32(1.0 / rate)


def samples(t_s: float, rate: int = SAMPLE_RATE) -> int:
    """The number of whole samples in `t_s` seconds at `rate` Hz (rounded)."""
    return round(t_s * rate)


def smoothstep(x: NDArray) -> NDArray:
    """0 below 0, 1 above 1, and a smooth (zero-slope at both ends) ramp between."""
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def adsr(
    n: int,
    gate_s: float,
    attack_s: float,
    decay_s: float,
    sustain: float,
    release_s: float,
) -> NDArray[np.float32]:
    """An amplitude envelope of n samples: smooth attack, exponential decay to `sustain`,
    held while the gate is open, then a smooth release that ends at exactly zero.

    The note sounds for `gate_s` seconds; the buffer should be `gate_s + release_s` long.
    """
    t = seconds(n)
    attack_s = max(attack_s, 0.001)
    rise = smoothstep(t / F32(attack_s))
    level = F32(sustain) + F32(1.0 - sustain) * np.exp(
        -np.maximum(t - F32(attack_s), 0) / F32(max(decay_s, 1e-4))
    )
    env = rise * level
    g = min(max(gate_s, 0.001), n / SAMPLE_RATE)  # a note shorter than its attack releases early
    fall = 1.0 - smoothstep((t - F32(g)) / F32(max(release_s, 0.005)))
    return (env * fall).astype(F32)


def decay_env(
    n: int, attack_s: float, tau_s: float, end_fade_s: float = 0.01, rate: int = SAMPLE_RATE
) -> NDArray[np.float32]:
    """A percussive envelope at `rate` Hz: smooth attack, exponential decay (time constant
    `tau_s`), and a short smooth fade over the last `end_fade_s` seconds so it ends at zero."""
    t = seconds(n, rate)
    env = smoothstep(t / F32(max(attack_s, 1e-4))) * np.exp(-t / F32(tau_s))
    return (env * end_fade(n, end_fade_s, rate)).astype(F32)


def end_fade(n: int, fade_s: float, rate: int = SAMPLE_RATE) -> NDArray[np.float32]:
    """1 until the last `fade_s` seconds of n samples (at `rate` Hz), then a smooth fall to zero
    at the end."""
    m = max(min(samples(fade_s, rate), n), 1)
    out = np.ones(n, dtype=F32)
    out[n - m :] = 1.0 - smoothstep(np.arange(1, m + 1, dtype=F32) / F32(m))
    return out


def remove_dc(buf: NDArray[np.float32], env: NDArray[np.float32]) -> NDArray[np.float32]:
    """`buf` (channels last axis = time) minus the multiple of `env` that makes its mean zero.

    Subtracting a shape that starts and ends at zero keeps the sound's smooth edges.
    """
    total = float(env.sum())
    if total <= 0.0:
        return buf
    offset = buf.sum(axis=-1, keepdims=True, dtype=np.float64) / total
    return (buf - offset.astype(F32) * env).astype(F32)


def box_mean(x: NDArray, before: int, after: int) -> NDArray[np.float64]:
    """The mean of x over the window [i - before, i + after] for every i (shorter at the edges)."""
    n = len(x)
    c = np.cumsum(x, dtype=np.float64)
    padded = np.concatenate((np.zeros(before + 1), c, np.full(after, c[-1] if n else 0.0)))
    sums = padded[before + 1 + after :] - padded[:n]
    counts = np.full(n, float(before + after + 1))
    head = np.arange(min(before, n))
    counts[head] -= before - head
    tail = np.arange(max(n - after, 0), n)
    counts[tail] -= tail + after - (n - 1)
    return sums / counts


def sliding_max(x: NDArray, before: int, after: int) -> NDArray:
    """The maximum of x over [i - before, i + after] for every i, by doubling spans (O(n log w))."""
    out = np.asarray(x).copy()
    for span, shift_right in ((before, True), (after, False)):
        covered = 0  # out[i] covers [i - covered, i] (or [i, i + covered])
        cur = out
        while covered < span:
            step = min(covered + 1, span - covered)
            nxt = cur.copy()
            if shift_right:
                np.maximum(nxt[step:], cur[:-step], out=nxt[step:])
            else:
                np.maximum(nxt[:-step], cur[step:], out=nxt[:-step])
            cur = nxt
            covered += step
        out = cur
    return out


def shaped_noise(
    rng: np.random.Generator,
    n: int,
    low_hz: float,
    high_hz: float,
    order: int = 2,
    tilt: float = 0.0,
    rate: int = SAMPLE_RATE,
) -> NDArray[np.float32]:
    """n samples (at `rate` Hz) of noise band-passed between `low_hz` and `high_hz`, made in the
    frequency domain (Butterworth-like slopes: `order` poles below, 4 above, so little reaches
    the top octave; the spectrum tilted by (f / 2 kHz) ** tilt), with unit RMS."""
    size = max(n, 64)
    f = np.fft.rfftfreq(size, 1.0 / rate)
    f[0] = 1e-3
    mag = 1.0 / np.sqrt(1.0 + (low_hz / f) ** (2 * order))
    if high_hz < rate / 2:
        mag /= np.sqrt(1.0 + (f / high_hz) ** (2 * max(order, 4)))
    if tilt:
        mag *= (np.maximum(f, 40.0) / 2000.0) ** tilt
    mag[0] = 0.0
    # white noise's spectrum: independent complex Gaussians (cheaper than transforming noise)
    spec = (rng.standard_normal(len(f)) + 1j * rng.standard_normal(len(f))) * mag
    out = np.fft.irfft(spec.astype(np.complex64), size)[:n]
    rms = float(np.sqrt(np.mean(out * out))) or 1.0
    return (out / F32(rms)).astype(F32)
