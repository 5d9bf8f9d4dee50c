"""How each drum-kit piece is synthesized: membranes (pitch-dropping sines plus noise), snare wires
(band-passed noise), metal (inharmonic partials plus noise). Each function takes a velocity (0..1,
which shapes brightness and decay) and a round-robin variant, and returns a (2, n) float32 sound
normalized to a peak of 1; `drumkit` applies level and stereo place.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from game.audio.dsp import F32, SAMPLE_RATE, decay_env, remove_dc, rng_for, seconds, shaped_noise
from game.audio.oscillators import sine

Sound = NDArray[np.float32]
TILT_PER_VELOCITY = 0.5


def _n(length_s: float) -> int:
    return round(length_s * SAMPLE_RATE)


def _slope(velocity: float) -> float:
    """The spectral tilt (about 2 kHz) of a hit: a harder hit excites more of the high modes
    (about +-2.5 dB at 8 kHz between a ghost and an accent)."""
    return TILT_PER_VELOCITY * (velocity - 0.75)


def _finish(left: NDArray, right: NDArray, env: NDArray) -> Sound:
    out = remove_dc(np.stack((left * env, right * env)).astype(F32), env)
    peak = float(np.abs(out).max()) or 1.0
    return (out / F32(peak)).astype(F32)


def _swept_sine(n: int, start_hz: float, end_hz: float, tau_s: float) -> NDArray[np.float32]:
    t = seconds(n).astype(np.float64)
    freq = end_hz + (start_hz - end_hz) * np.exp(-t / tau_s)
    phase = np.cumsum(freq) / SAMPLE_RATE - freq[0] / SAMPLE_RATE
    return np.sin(2.0 * math.pi * phase).astype(F32)


def kick(velocity: float, variant: int) -> Sound:
    """Kick drum: a sine swept from ~130 Hz down to 50 Hz, a beater click, gentle drive."""
    rng = rng_for("kick", variant)
    tilt = _slope(velocity)
    n = _n(0.6)
    t = seconds(n)
    body = _swept_sine(n, 85.0 + 60.0 * velocity, 50.0, 0.045) * np.exp(-t / F32(0.2))
    click = shaped_noise(rng, n, 1000.0, 2000.0 + 3000.0 * velocity, order=4, tilt=tilt)
    click *= F32(0.06 + 0.16 * velocity) * np.exp(-t / F32(0.005))
    y = (np.tanh(body * F32(1.6)) + click).astype(F32)
    return _finish(y, y, decay_env(n, 0.0006, 100.0, 0.04))


def snare(velocity: float, variant: int) -> Sound:
    """Snare drum: two membrane modes and bright wire noise; a ghost is darker and shorter."""
    rng = rng_for("snare", variant)
    n = _n(0.5)
    t = seconds(n)
    tilt = _slope(velocity)
    body = _swept_sine(n, 200.0, 182.0, 0.02) * np.exp(-t / F32(0.07))
    body += F32(0.5) * _swept_sine(n, 350.0, 330.0, 0.02) * np.exp(-t / F32(0.045))
    wires_l = shaped_noise(rng, n, 1400.0, 5000.0 + 7000.0 * velocity, tilt=tilt)
    wires_r = shaped_noise(rng, n, 1400.0, 5000.0 + 7000.0 * velocity, tilt=tilt)
    wire_env = np.exp(-t / F32(0.05 + 0.05 * velocity)) * F32(0.35 + 0.4 * velocity)
    stick = shaped_noise(rng, n, 1500.0, 6000.0 + 5000.0 * velocity, tilt=tilt)
    stick *= np.exp(-t / F32(0.004)) * F32(0.25 + 0.35 * velocity)
    env = decay_env(n, 0.0005, 100.0, 0.03)
    hit = body * F32(0.8) + stick
    return _finish(hit + wires_l * wire_env, hit + wires_r * wire_env, env)


def rim_shot(velocity: float, variant: int) -> Sound:
    """Rim shot: the snare with the stick's crack on the rim and the shell's ring."""
    rng = rng_for("rim shot", variant)
    base = snare(velocity, variant)
    n = base.shape[1]
    t = seconds(n)
    crack = shaped_noise(rng, n, 2000.0, 12000.0) * np.exp(-t / F32(0.008)) * F32(0.35)
    ring = sine(880.0, n) + F32(0.6) * sine(1630.0, n)
    ring *= np.exp(-t / F32(0.045)) * F32(0.35)
    extra = crack + ring
    env = decay_env(n, 0.0004, 100.0, 0.03)
    out = remove_dc(np.stack((base[0] + extra * env, base[1] + extra * env)).astype(F32), env)
    return (out / F32(max(float(np.abs(out).max()), 1.0))).astype(F32)  # louder than the snare


def _sines(
    n: int, freqs: NDArray, amps: NDArray, phases: NDArray, tilt: float = 0.0
) -> NDArray[np.float32]:
    """The sum of steady sines (frequencies in Hz, amplitudes, phases in cycles, amplitudes
    tilted by (f / 2 kHz) ** tilt) over n samples, built in the frequency domain: one inverse FFT
    for any number of partials (each lands on the nearest bin, a fraction of a hertz away)."""
    freqs = np.asarray(freqs, dtype=np.float64)
    spec = np.zeros(n // 2 + 1, dtype=np.complex64)
    bins = np.clip(np.rint(freqs * n / SAMPLE_RATE).astype(np.int64), 1, n // 2 - 1)
    gains = np.asarray(amps) * (freqs / 2000.0) ** tilt * (n / 2.0)
    np.add.at(spec, bins, gains * np.exp(1j * (2.0 * math.pi * np.asarray(phases) - math.pi / 2)))
    return np.fft.irfft(spec, n).astype(F32)


def _metal(
    rng: np.random.Generator, n: int, low_hz: float, high_hz: float, tilt: float
) -> NDArray[np.float32]:
    """Six band-limited square waves at inharmonic ratios (the classic hi-hat metal), band-passed
    between low_hz and high_hz."""
    freqs, amps = [], []
    for f0 in (205.3, 304.4, 369.6, 522.7, 540.0, 800.0):
        f = f0 * (1.0 + 0.004 * rng.uniform(-1.0, 1.0))
        h = np.arange(1, int(17000.0 / f) + 1, 2)
        freqs.append(f * h)
        amps.append(1.0 / h)
    f, a = np.concatenate(freqs), np.concatenate(amps)
    a = a / np.sqrt(1.0 + (low_hz / f) ** 6) / np.sqrt(1.0 + (f / high_hz) ** 4)
    return _sines(n, f, a, rng.uniform(size=len(f)), tilt)


def _hihat(
    velocity: float, variant: int, length_s: float, tau_s: float, attack_s: float, low_hz: float
) -> Sound:
    rng = rng_for("hihat", variant, length_s)
    n = _n(length_s)
    t = seconds(n)
    high = 9000.0 + 8000.0 * velocity
    tilt = _slope(velocity)
    chans = []
    for _ in range(2):
        metal = _metal(rng, n, low_hz, high, tilt)
        metal /= F32(float(np.sqrt(np.mean(metal * metal))) or 1.0)
        noise = shaped_noise(rng, n, low_hz, high, tilt=tilt)
        chans.append(metal * F32(0.7) + noise * F32(0.5))
    tick = shaped_noise(rng, n, 2500.0, 9000.0) * np.exp(-t / F32(0.002)) * F32(0.6 * velocity)
    env = decay_env(n, attack_s, tau_s, min(0.03, length_s / 4))
    return _finish(chans[0] + tick, chans[1] + tick, env)


def hihat_closed(velocity: float, variant: int) -> Sound:
    """Closed hi-hat: a short, bright metallic tick."""
    return _hihat(velocity, variant, 0.22, 0.03 + 0.015 * velocity, 0.0004, 6500.0)


def hihat_open(velocity: float, variant: int) -> Sound:
    """Open hi-hat: the metal left ringing (the game chokes it at the next hi-hat note)."""
    return _hihat(velocity, variant, 1.3, 0.3 + 0.1 * velocity, 0.0006, 5500.0)


def hihat_pedal(velocity: float, variant: int) -> Sound:
    """Hi-hat pedal "chick": the cymbals closing, short and darker."""
    return _hihat(velocity, variant, 0.14, 0.018, 0.002, 3500.0)


def tom(velocity: float, variant: int, pitch_hz: float, decay_s: float) -> Sound:
    """A tom at `pitch_hz`: a membrane tone with a pitch drop, an overtone and a stick attack."""
    rng = rng_for("tom", variant, pitch_hz)
    n = _n(decay_s * 3.0)
    t = seconds(n)
    body = _swept_sine(n, pitch_hz * (1.3 + 0.15 * velocity), pitch_hz, 0.06)
    body *= np.exp(-t / F32(decay_s / 2.2))
    over = _swept_sine(n, pitch_hz * 1.6 * 1.2, pitch_hz * 1.6, 0.05) * np.exp(-t / F32(0.08))
    attack = shaped_noise(rng, n, 700.0, 4000.0 + 6000.0 * velocity, tilt=_slope(velocity))
    attack *= np.exp(-t / F32(0.007))
    y = body + over * F32(0.3) + attack * F32(0.2 + 0.3 * velocity)
    return _finish(y, y, decay_env(n, 0.0006, 100.0, 0.05))


def _partials(
    rng: np.random.Generator,
    n: int,
    band: tuple[float, float],
    count: int,
    taus: tuple[float, float],
    tilt: float,
) -> NDArray[np.float32]:
    """`count` inharmonic sine partials spread over `band` (Hz); higher ones decay faster
    (in four groups, time constants from taus[0] for the lowest to taus[1] for the highest)."""
    lo, hi = band
    t = seconds(n)
    # evenly spread in log frequency with a little jitter: no two partials so close that they
    # beat slowly (a slow beat would swell like a new hit)
    slots = np.linspace(math.log(lo), math.log(hi), count)
    step = (math.log(hi) - math.log(lo)) / max(count - 1, 1)
    freqs = np.exp(slots + rng.uniform(-0.3, 0.3, count) * step)
    amps = rng.uniform(0.3, 1.0, count)
    phases = rng.uniform(size=count)
    groups = 4
    group = np.minimum((np.log(freqs / lo) / math.log(hi / lo) * groups).astype(int), groups - 1)
    out = np.zeros(n, dtype=F32)
    for g in range(groups):
        pick = group == g
        if pick.any():
            tau = taus[0] + (taus[1] - taus[0]) * (g + 0.5) / groups
            out += _sines(n, freqs[pick], amps[pick], phases[pick], tilt) * np.exp(-t / F32(tau))
    return out


def crash(velocity: float, variant: int) -> Sound:
    """Crash cymbal: a dense wash of partials and noise, brighter and longer when hit harder."""
    rng = rng_for("crash", variant)
    tilt = _slope(velocity)
    n = _n(2.5)
    t = seconds(n)
    chans = []
    for _ in range(2):
        metal = _partials(rng, n, (350.0, 14000.0), 90, (1.2, 0.3), tilt)
        metal /= F32(float(np.sqrt(np.mean(metal[: n // 4] ** 2))) or 1.0)
        noise = shaped_noise(rng, n, 2500.0, 8000.0 + 8000.0 * velocity, tilt=tilt)
        noise *= np.exp(-t / F32(0.15 + 0.15 * velocity)) * F32(0.6 + 0.5 * velocity)
        chans.append(metal * F32(0.6) + noise)
    env = decay_env(n, 0.001, 0.7 + 0.5 * velocity, 0.3)
    return _finish(chans[0], chans[1], env)


def ride(velocity: float, variant: int) -> Sound:
    """Ride cymbal: the stick's ping, a bell-like cluster of partials, a quiet wash."""
    rng = rng_for("ride", variant)
    tilt = _slope(velocity)
    n = _n(2.2)
    t = seconds(n)
    ping = shaped_noise(rng, n, 2500.0, 6000.0 + 4000.0 * velocity, tilt=tilt)
    ping *= np.exp(-t / F32(0.008))
    chans = []
    for _ in range(2):
        bell = _partials(rng, n, (2200.0, 6500.0), 14, (0.9, 0.5), tilt)
        wash = _partials(rng, n, (1200.0, 13000.0), 50, (1.6, 0.8), tilt) * F32(0.15)
        noise = shaped_noise(rng, n, 4500.0, 12000.0, tilt=tilt) * np.exp(-t / F32(0.9))
        noise *= F32(0.08)
        chans.append(bell * F32(0.3) + wash + noise + ping * F32(1.0 + 0.6 * velocity))
    env = decay_env(n, 0.001, 0.9, 0.3)
    return _finish(chans[0], chans[1], env)
