"""The backing percussion the players do not play: claps, shaker, tambourine, cowbell, claves,
side stick and sticks (General MIDI drum-map pitches), synthesized from shaped noise and partials.

A hit is rendered by `percussion_hit(pitch, velocity, variant)`; `variant` (0..VARIANTS-1, chosen
by the renderer from a hash of the note) picks one of a few noise seeds so repeated hits are not
identical copies. Velocity shapes brightness here; the renderer applies the level.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from game.audio.dsp import F32, SAMPLE_RATE, decay_env, remove_dc, rng_for, seconds, shaped_noise
from game.audio.oscillators import sine

VARIANTS = 4
"""Round-robin variations of each percussion sound."""

Hit = NDArray[np.float32]
"""A rendered hit: shape (2, n)."""


def _n(length_s: float) -> int:
    return round(length_s * SAMPLE_RATE)


def _stereo(left: NDArray, right: NDArray, env: NDArray) -> Hit:
    return remove_dc(np.stack((left * env, right * env)).astype(F32), env)


def _partials(n: int, freqs: tuple[float, ...], amps: tuple[float, ...]) -> NDArray[np.float32]:
    out = np.zeros(n, dtype=F32)
    for f, a in zip(freqs, amps, strict=True):
        out += F32(a) * sine(f, n)
    return out


def clap(velocity: float, variant: int) -> Hit:
    """Hand clap: three quick noise bursts then a short band-passed tail."""
    rng = rng_for("clap", variant)
    n = _n(0.28)
    t = seconds(n)
    bright = 2600.0 + 1600.0 * velocity
    left = shaped_noise(rng, n, 700.0, bright)
    right = shaped_noise(rng, n, 700.0, bright)
    env = np.zeros(n, dtype=F32)
    for k, start in enumerate((0.0, 0.009 + 0.002 * (variant % 2), 0.019)):
        burst = decay_env(n, 0.0008, 0.0045, 0.0)
        shift = _n(start)
        env[shift:] += burst[: n - shift] * F32(1.0 - 0.12 * k)
    tail = np.where(t > F32(0.02), np.exp(-(t - F32(0.02)) / F32(0.065)), F32(1.0))
    env += F32(0.7) * decay_env(n, 0.02, 10.0, 0.0) * tail.astype(F32)
    env = (env * decay_env(n, 0.0004, 10.0, 0.02)).astype(F32)
    return _stereo(left, right, env)


def shaker(velocity: float, variant: int) -> Hit:
    """Shaker: high band-passed noise with a soft swell and a quick fall."""
    rng = rng_for("shaker", variant)
    n = _n(0.11)
    t = seconds(n)
    left = shaped_noise(rng, n, 4500.0, 9000.0 + 4000.0 * velocity)
    right = shaped_noise(rng, n, 4500.0, 9000.0 + 4000.0 * velocity)
    swell = np.clip(t / F32(0.012), 0.0, 1.0) ** 2
    env = (swell * np.exp(-np.maximum(t - F32(0.012), 0) / F32(0.022))).astype(F32)
    env *= decay_env(n, 0.0001, 100.0, 0.02)
    return _stereo(left * F32(0.8), right * F32(0.8), env)


def tambourine(velocity: float, variant: int) -> Hit:
    """Tambourine: jingles (inharmonic partials) over bright noise, decaying over ~0.3 s."""
    rng = rng_for("tambourine", variant)
    n = _n(0.45)
    freqs = tuple(float(f) for f in rng.uniform(5200.0, 9500.0, 8))
    jingle = _partials(n, freqs, tuple(0.35 for _ in freqs))
    noise_l = shaped_noise(rng, n, 6000.0, 14000.0)
    noise_r = shaped_noise(rng, n, 6000.0, 14000.0)
    env = decay_env(n, 0.001, 0.09 + 0.04 * velocity, 0.03)
    return _stereo((jingle + noise_l) * F32(0.5), (jingle + noise_r) * F32(0.5), env)


def cowbell(velocity: float, variant: int) -> Hit:
    """Cowbell: two detuned square-ish partials (a classic drum-machine bell), band-passed."""
    n = _n(0.5)
    t = seconds(n)
    tone = _partials(n, (587.0, 845.0, 1761.0, 2535.0), (1.0, 0.8, 0.25 * velocity, 0.18))
    env = decay_env(n, 0.001, 0.35, 0.03) * (F32(0.3) + F32(0.7) * np.exp(-t / F32(0.05)))
    return _stereo(tone * F32(0.45), tone * F32(0.45), env.astype(F32))


def claves(velocity: float, variant: int, pitch_hz: float = 2500.0) -> Hit:
    """Claves (and wood blocks at a lower `pitch_hz`): a short, bright wooden ping."""
    n = _n(0.18)
    tone = _partials(n, (pitch_hz, pitch_hz * 2.71), (1.0, 0.15 + 0.2 * velocity))
    env = decay_env(n, 0.001, 0.028, 0.02)
    return _stereo(tone * F32(0.6), tone * F32(0.6), env)


def _knock(
    name: str,
    variant: int,
    length_s: float,
    wood: tuple[tuple[float, ...], tuple[float, ...], float],
    click: tuple[float, float, float, float],
    release_s: float,
    gain: float,
) -> Hit:
    """Wood struck on wood: `wood` partials (frequencies Hz, amplitudes, decay s) and a `click`
    of noise (low Hz, high Hz, level, decay s), released over `release_s`, times `gain`."""
    rng = rng_for(name, variant)
    n = _n(length_s)
    t = seconds(n)
    freqs, amps, wood_decay_s = wood
    low_hz, high_hz, click_level, click_decay_s = click
    tone = _partials(n, freqs, amps)
    noise = shaped_noise(rng, n, low_hz, high_hz)
    body = tone * np.exp(-t / F32(wood_decay_s)) + noise * F32(click_level) * np.exp(
        -t / F32(click_decay_s)
    )
    env = decay_env(n, 0.0004, 10.0, release_s)
    return _stereo(body * F32(gain), body * F32(gain), env)


def side_stick(velocity: float, variant: int) -> Hit:
    """Side stick (cross stick): a woody knock on the snare rim."""
    wood = ((410.0, 1650.0), (0.7, 0.4), 0.03)
    click = (1500.0, 5000.0 + 3000.0 * velocity, 0.5, 0.006)
    return _knock("side stick", variant, 0.16, wood, click, 0.02, 0.7)


def sticks(velocity: float, variant: int) -> Hit:
    """Drumsticks clicked together (the count-in): two dry wooden partials and a click."""
    wood = ((1750.0, 3180.0, 4900.0), (1.0, 0.6, 0.2), 0.016)
    return _knock("sticks", variant, 0.12, wood, (2500.0, 9000.0, 0.4, 0.004), 0.015, 0.6)


def triangle(velocity: float, variant: int, open_: bool = True) -> Hit:
    """Triangle: high, long inharmonic partials."""
    n = _n(1.2 if open_ else 0.2)
    tone = _partials(n, (4700.0, 5900.0, 7150.0, 9450.0), (1.0, 0.5, 0.35, 0.2))
    env = decay_env(n, 0.001, 0.45 if open_ else 0.05, 0.05)
    return _stereo(tone * F32(0.35), tone * F32(0.35), env)


def hand_drum(velocity: float, variant: int, pitch_hz: float = 220.0) -> Hit:
    """Bongos and congas: a membrane tone with a small pitch drop and a slap of noise."""
    rng = rng_for("hand drum", variant, pitch_hz)
    n = _n(0.4)
    t = seconds(n)
    freq = F32(pitch_hz) * (F32(1.0) + F32(0.25) * np.exp(-t / F32(0.02)))
    phase = np.cumsum(freq.astype(np.float64)) / SAMPLE_RATE
    tone = np.sin(2.0 * math.pi * phase).astype(F32) * np.exp(-t / F32(0.12))
    slap = shaped_noise(rng, n, 800.0, 4000.0 + 3000.0 * velocity) * np.exp(-t / F32(0.008))
    env = decay_env(n, 0.0005, 10.0, 0.03)
    body = tone + slap * F32(0.25)
    return _stereo(body * F32(0.7), body * F32(0.7), env)


PERCUSSION: dict[int, Callable[[float, int], Hit]] = {
    31: sticks,
    37: side_stick,
    39: clap,
    54: tambourine,
    56: cowbell,
    60: lambda v, k: hand_drum(v, k, 330.0),  # hi bongo
    61: lambda v, k: hand_drum(v, k, 250.0),  # low bongo
    62: lambda v, k: hand_drum(v, k, 300.0),  # mute hi conga
    63: lambda v, k: hand_drum(v, k, 260.0),  # open hi conga
    64: lambda v, k: hand_drum(v, k, 190.0),  # low conga
    69: shaker,  # cabasa
    70: shaker,  # maracas
    75: claves,
    76: lambda v, k: claves(v, k, 1300.0),  # hi wood block
    77: lambda v, k: claves(v, k, 950.0),  # low wood block
    80: lambda v, k: triangle(v, k, open_=False),
    81: triangle,
    82: shaker,
}
"""The General MIDI drum-map pitches the backing plays, and the sound of each."""

PERCUSSION_LEVEL = {39: 0.9, 82: 0.35, 69: 0.35, 70: 0.35, 54: 0.45, 56: 0.35, 37: 0.6}
"""Mix levels of the sounds that would otherwise sit too loud; the rest play at `DEFAULT_LEVEL`."""
DEFAULT_LEVEL = 0.6
PERCUSSION_SEND = {39: 0.3, 54: 0.15, 82: 0.1}
"""Reverb sends by pitch; the rest use `DEFAULT_SEND`."""
DEFAULT_SEND = 0.12


def percussion_hit(pitch: int, velocity: float, variant: int) -> Hit:
    """One hit of GM drum-map `pitch` (an unknown pitch plays sticks) at `velocity`, with a
    peak of 1 (the renderer sets the level)."""
    hit = PERCUSSION.get(int(pitch), sticks)(float(velocity), int(variant) % VARIANTS)
    peak = float(np.abs(hit).max()) or 1.0
    return (hit / F32(peak)).astype(F32)
