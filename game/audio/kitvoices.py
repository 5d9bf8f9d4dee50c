"""How each drum-kit piece is synthesized: membranes (pitch-dropping sines, their higher modes and
the stick's or beater's attack), snare wires (band-passed noise with its own, longer decay), metal
(inharmonic partials plus noise reaching 16 kHz and above). Each function takes a velocity (0..1,
which shapes brightness and decay), a round-robin variant and the sample rate (Hz) to render at,
and returns a (2, n) float32 sound normalized to a peak of 1; `drumkit` applies level and stereo
place. Every sound starts at its first sample (hit onsets are measured to the millisecond).

The targets come from a real kit's published spectra (checked in tests/audio/test_kit_spectra.py
and printed beside ours by bench/kit_spectra.py):

- kick: strongest at 30-60 Hz, most of it below 200 Hz (spectrum of a recorded bass drum,
  audiorecording.me, "Drum Frequencies of Kick Bass Drum, Hi Hats, Snare and Crash Cymbals");
  the beater's attack at 2.5-4 kHz (W. DeBoy, "Frequency Spectrums for Drums",
  entertainmentguide.local.com);
- snare: strongest near 200 Hz (audiorecording.me), body about 150 Hz, attack and wires from 2 kHz
  up to about 10 kHz (DeBoy);
- toms: 70 Hz to 7 kHz, floor toms' fullness at 80-120 Hz, rack toms' at 240-400 Hz (DeBoy);
- hi-hat: strongest near 10 kHz (audiorecording.me), extending to 10-17 kHz ("Percussion
  frequencies part 2", musical-u.com);
- crash: two centres, near 500 Hz and 10 kHz (audiorecording.me); cymbals measured with lab
  microphones reach 30 kHz and beyond, a ride's ping level to about 9 kHz (J. E. Johnson Jr.,
  "Cymbal Reviews with Spectral Analysis", drummerworld.com forums).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from game.audio.dsp import F32, SAMPLE_RATE, decay_env, remove_dc, rng_for, seconds, shaped_noise

Sound = NDArray[np.float32]
TILT_PER_VELOCITY = 0.5
METAL_TOP_HZ = 19000.0
"""The highest partial of a cymbal (kept below 0.45 of the sample rate)."""


def _n(length_s: float, rate: int) -> int:
    return round(length_s * rate)


def _slope(velocity: float) -> float:
    """The spectral tilt (about 2 kHz) of a hit: a harder hit excites more of the high modes
    (about +-2.5 dB at 8 kHz between a ghost and an accent)."""
    return TILT_PER_VELOCITY * (velocity - 0.75)


def _finish(left: NDArray, right: NDArray, env: NDArray) -> Sound:
    out = remove_dc(np.stack((left * env, right * env)).astype(F32), env)
    peak = float(np.abs(out).max()) or 1.0
    return (out / F32(peak)).astype(F32)


def _swept_sine(
    n: int, start_hz: float, end_hz: float, tau_s: float, rate: int
) -> NDArray[np.float32]:
    """A sine gliding from `start_hz` to `end_hz` (exponentially, time constant `tau_s`)."""
    t = np.arange(n, dtype=np.float64) / rate
    freq = end_hz + (start_hz - end_hz) * np.exp(-t / tau_s)
    phase = np.cumsum(freq) / rate - freq[0] / rate
    return np.sin(2.0 * math.pi * phase).astype(F32)


def _membrane(
    n: int, pitch_hz: float, drop: float, modes: tuple[tuple[float, float, float], ...], rate: int
) -> NDArray[np.float32]:
    """A struck head: its fundamental at `pitch_hz` and higher `modes` (ratio, level, decay s),
    each starting `drop` times higher and settling within some 50 ms (the head's tension falls
    as the stroke's displacement dies)."""
    t = seconds(n, rate)
    out = np.zeros(n, dtype=F32)
    for ratio, level, tau in modes:
        f = pitch_hz * ratio
        out += _swept_sine(n, f * drop, f, 0.05, rate) * np.exp(-t / F32(tau)) * F32(level)
    return out


def kick(velocity: float, variant: int, rate: int = SAMPLE_RATE) -> Sound:
    """Kick drum: a sine swept from ~150 Hz down to 55 Hz with a damped decay, and the beater's
    click (a short 2-5 kHz burst: a resonance near 3 kHz plus noise), louder when hit harder."""
    rng = rng_for("kick", variant)
    tilt = _slope(velocity)
    n = _n(0.45, rate)
    t = seconds(n, rate)
    body = _swept_sine(n, 85.0 + 70.0 * velocity, 55.0, 0.03, rate) * np.exp(-t / F32(0.085))
    click_env = np.exp(-t / F32(0.0045)) * F32(0.2 + 0.8 * velocity)
    knock = _swept_sine(n, 3600.0, 3000.0, 0.003, rate) * F32(0.8)
    noise = shaped_noise(rng, n, 1800.0, 3500.0 + 3000.0 * velocity, order=4, tilt=tilt, rate=rate)
    click = (knock + noise * F32(0.3)) * click_env
    y = (np.tanh(body * F32(1.8)) + click).astype(F32)
    return _finish(y, y, decay_env(n, 0.0003, 100.0, 0.04, rate))


def snare(velocity: float, variant: int, rate: int = SAMPLE_RATE) -> Sound:
    """Snare drum: the batter head's modes near 185 and 330 Hz, the stick's crack, and the wires'
    buzz (2-10 kHz noise ringing on after the head); a ghost is darker and shorter."""
    rng = rng_for("snare", variant)
    n = _n(0.45, rate)
    t = seconds(n, rate)
    tilt = _slope(velocity)
    body = _membrane(n, 185.0, 1.08, ((1.0, 0.8, 0.07), (1.78, 0.4, 0.045), (2.3, 0.2, 0.03)), rate)
    top = 7000.0 + 5000.0 * velocity
    wire_env = np.exp(-t / F32(0.06 + 0.045 * velocity)) * F32(0.55 + 0.45 * velocity)
    wire_env *= F32(1.0) - F32(0.5) * np.exp(-t / F32(0.004))  # the wires lag the head a little
    stick = shaped_noise(rng, n, 1500.0, top, tilt=tilt, rate=rate)
    stick *= np.exp(-t / F32(0.004)) * F32(0.3 + 0.4 * velocity)
    hit = body + stick
    chans = [
        hit + shaped_noise(rng, n, 1800.0, top, order=3, tilt=tilt, rate=rate) * wire_env
        for _ in range(2)
    ]
    return _finish(chans[0], chans[1], decay_env(n, 0.0004, 100.0, 0.03, rate))


def rim_shot(velocity: float, variant: int, rate: int = SAMPLE_RATE) -> Sound:
    """Rim shot: the snare with the stick's crack on the rim and the shell's ring."""
    rng = rng_for("rim shot", variant)
    base = snare(velocity, variant, rate)
    n = base.shape[1]
    t = seconds(n, rate)
    crack = shaped_noise(rng, n, 2000.0, 14000.0, rate=rate) * np.exp(-t / F32(0.008)) * F32(0.35)
    ring = _swept_sine(n, 880.0, 880.0, 1.0, rate) + F32(0.6) * _swept_sine(
        n, 1630.0, 1630.0, 1.0, rate
    )
    ring *= np.exp(-t / F32(0.045)) * F32(0.35)
    extra = crack + ring
    env = decay_env(n, 0.0004, 100.0, 0.03, rate)
    out = remove_dc(np.stack((base[0] + extra * env, base[1] + extra * env)).astype(F32), env)
    return (out / F32(max(float(np.abs(out).max()), 1.0))).astype(F32)  # louder than the snare


def _sines(
    n: int, freqs: NDArray, amps: NDArray, phases: NDArray, rate: int, tilt: float = 0.0
) -> NDArray[np.float32]:
    """The sum of steady sines (frequencies in Hz, amplitudes, phases in cycles, amplitudes
    tilted by (f / 2 kHz) ** tilt) over n samples at `rate` Hz, built in the frequency domain: one
    inverse FFT for any number of partials (each lands on the nearest bin, a fraction of a hertz
    away); partials above 0.45 of the rate are left out."""
    freqs = np.asarray(freqs, dtype=np.float64)
    keep = freqs < 0.45 * rate
    freqs, amps, phases = freqs[keep], np.asarray(amps)[keep], np.asarray(phases)[keep]
    spec = np.zeros(n // 2 + 1, dtype=np.complex64)
    bins = np.clip(np.rint(freqs * n / rate).astype(np.int64), 1, n // 2 - 1)
    gains = amps * (freqs / 2000.0) ** tilt * (n / 2.0)
    np.add.at(spec, bins, gains * np.exp(1j * (2.0 * math.pi * phases - math.pi / 2)))
    return np.fft.irfft(spec, n).astype(F32)


def _metal(
    rng: np.random.Generator, n: int, low_hz: float, high_hz: float, tilt: float, rate: int
) -> NDArray[np.float32]:
    """Six band-limited square waves at inharmonic ratios (the classic hi-hat metal), band-passed
    between low_hz and high_hz."""
    top = min(METAL_TOP_HZ, 0.45 * rate)
    freqs, amps = [], []
    for f0 in (205.3, 304.4, 369.6, 522.7, 540.0, 800.0):
        f = f0 * (1.0 + 0.004 * rng.uniform(-1.0, 1.0))
        h = np.arange(1, int(top / f) + 1, 2)
        freqs.append(f * h)
        amps.append(1.0 / h)
    f, a = np.concatenate(freqs), np.concatenate(amps)
    a = a / np.sqrt(1.0 + (low_hz / f) ** 6) / np.sqrt(1.0 + (f / high_hz) ** 4)
    return _sines(n, f, a, rng.uniform(size=len(f)), rate, tilt)


def _hihat(
    velocity: float,
    variant: int,
    length_s: float,
    tau_s: float,
    low_hz: float,
    rate: int,
) -> Sound:
    rng = rng_for("hihat", variant, length_s)
    n = _n(length_s, rate)
    t = seconds(n, rate)
    high = 11000.0 + 8000.0 * velocity
    tilt = _slope(velocity)
    chans = []
    for _ in range(2):
        metal = _metal(rng, n, low_hz, high, tilt, rate)
        metal /= F32(float(np.sqrt(np.mean(metal * metal))) or 1.0)
        noise = shaped_noise(rng, n, low_hz, high, order=3, tilt=tilt, rate=rate)
        chans.append(metal * F32(0.6) + noise * F32(0.6))
    tick = shaped_noise(rng, n, 3000.0, 14000.0, rate=rate) * np.exp(-t / F32(0.002))
    tick *= F32(1.4 * velocity)
    env = decay_env(n, 0.0003, tau_s, min(0.03, length_s / 4), rate)
    return _finish(chans[0] + tick, chans[1] + tick, env)


def hihat_closed(velocity: float, variant: int, rate: int = SAMPLE_RATE) -> Sound:
    """Closed hi-hat: a short, bright metallic tick (down 20 dB within about 60 ms)."""
    return _hihat(velocity, variant, 0.16, 0.018 + 0.01 * velocity, 6500.0, rate)


def hihat_open(velocity: float, variant: int, rate: int = SAMPLE_RATE) -> Sound:
    """Open hi-hat: the metal left ringing (the game chokes it at the next hi-hat note)."""
    return _hihat(velocity, variant, 1.3, 0.3 + 0.1 * velocity, 5000.0, rate)


def hihat_pedal(velocity: float, variant: int, rate: int = SAMPLE_RATE) -> Sound:
    """Hi-hat pedal "chick": the cymbals closing, short and darker."""
    return _hihat(velocity, variant, 0.14, 0.018, 3500.0, rate)


def tom(
    velocity: float, variant: int, pitch_hz: float, decay_s: float, rate: int = SAMPLE_RATE
) -> Sound:
    """A tom at `pitch_hz`: the head's fundamental (starting 25-40% sharp and settling within
    about 100 ms) and three higher modes, with the stick's attack (1-12 kHz), the stroke's peak
    gently squeezed (a louder tom at the same peak); rings for about 2.2 * `decay_s` seconds."""
    rng = rng_for("tom", variant, pitch_hz)
    n = _n(decay_s * 2.2, rate)
    t = seconds(n, rate)
    drop = 1.25 + 0.15 * velocity
    body = _swept_sine(n, pitch_hz * drop, pitch_hz, 0.06, rate) * np.exp(-t / F32(decay_s / 2.5))
    over = _membrane(
        n, pitch_hz, 1.15, ((1.59, 0.5, 0.14), (2.14, 0.35, 0.09), (2.65, 0.2, 0.06)), rate
    )
    attack = shaped_noise(
        rng, n, 900.0, 6000.0 + 6000.0 * velocity, tilt=_slope(velocity), rate=rate
    )
    attack *= np.exp(-t / F32(0.005)) * F32(0.5 + 0.9 * velocity)
    y = body + over + attack
    y = np.tanh(y * F32(1.5 / (float(np.abs(y).max()) or 1.0)))  # the stroke's peak, squeezed
    return _finish(y, y, decay_env(n, 0.0004, 100.0, 0.05, rate))


def _partials(
    rng: np.random.Generator,
    n: int,
    band: tuple[float, float],
    count: int,
    taus: tuple[float, float],
    tilt: float,
    rate: int,
) -> NDArray[np.float32]:
    """`count` inharmonic sine partials spread over `band` (Hz); higher ones decay faster
    (in four groups, time constants from taus[0] for the lowest to taus[1] for the highest)."""
    lo, hi = band
    t = seconds(n, rate)
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
            wave = _sines(n, freqs[pick], amps[pick], phases[pick], rate, tilt)
            out += wave * np.exp(-t / F32(tau))
    return out


def crash(velocity: float, variant: int, rate: int = SAMPLE_RATE) -> Sound:
    """Crash cymbal: a dense wash of partials (400 Hz to 16 kHz, the highest dying first) and
    noise reaching past 16 kHz; brighter and longer when hit harder (down 20 dB after 1-2 s)."""
    rng = rng_for("crash", variant)
    tilt = _slope(velocity)
    n = _n(3.2, rate)
    t = seconds(n, rate)
    chans = []
    for _ in range(2):
        metal = _partials(rng, n, (400.0, 16000.0), 110, (2.2, 0.4), tilt + 0.3, rate)
        metal /= F32(float(np.sqrt(np.mean(metal[: n // 4] ** 2))) or 1.0)
        noise = shaped_noise(rng, n, 3000.0, 10000.0 + 8000.0 * velocity, tilt=tilt, rate=rate)
        noise *= np.exp(-t / F32(0.06 + 0.08 * velocity)) * F32(0.8 + 0.6 * velocity)
        chans.append(metal * F32(0.6) + noise)
    env = decay_env(n, 0.0008, 1.0 + 0.7 * velocity, 0.3, rate)
    return _finish(chans[0], chans[1], env)


def ride(velocity: float, variant: int, rate: int = SAMPLE_RATE) -> Sound:
    """Ride cymbal: the stick's ping, the bell's few clear partials (a pitched "ping" near
    1.2 kHz and its inharmonic overtones), and a quieter wash reaching 16 kHz."""
    rng = rng_for("ride", variant)
    tilt = _slope(velocity)
    n = _n(2.4, rate)
    t = seconds(n, rate)
    ping = shaped_noise(rng, n, 2500.0, 7000.0 + 5000.0 * velocity, tilt=tilt, rate=rate)
    ping *= np.exp(-t / F32(0.008))
    ratios = np.array([1.0, 2.41, 3.83, 5.37])
    bell_f = 1180.0 * ratios * (1.0 + 0.002 * rng.uniform(-1.0, 1.0, len(ratios)))
    bell_a = np.array([1.0, 0.6, 0.35, 0.2])
    chans = []
    for _ in range(2):
        bell = _sines(n, bell_f, bell_a, rng.uniform(size=len(ratios)), rate, tilt)
        bell *= np.exp(-t / F32(0.7))
        wash = _partials(rng, n, (1500.0, 16000.0), 60, (1.8, 0.9), tilt, rate) * F32(0.15)
        noise = shaped_noise(rng, n, 5000.0, 16000.0, tilt=tilt, rate=rate)
        noise *= np.exp(-t / F32(0.9)) * F32(0.1)
        chans.append(bell * F32(0.35) + wash + noise + ping * F32(1.0 + 0.6 * velocity))
    env = decay_env(n, 0.0008, 1.1, 0.3, rate)
    return _finish(chans[0], chans[1], env)
