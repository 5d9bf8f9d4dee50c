"""The melodic instruments: one function per `Voice` that renders one note as a stereo buffer.

Every note is rendered whole, with numpy over all its samples at once: band-limited oscillators
(`oscillators`), detuned and spread across the stereo field, a filter envelope (the wavetable row
swept per sample), an amplitude envelope that starts and ends at zero, and no DC.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from game.audio.dsp import F32, SAMPLE_RATE, adsr, cents, midi_hz, remove_dc, seconds
from game.audio.oscillators import radians, sine, table_osc, wavetable
from game.core.arrangement import Voice

NoteBuffer = NDArray[np.float32]
"""A rendered note: shape (2, n), left and right."""


@dataclass(frozen=True)
class VoiceSpec:
    """How a voice sits in the mix: its render function, release (s), level and reverb send."""

    render: Callable[[int, float, float], NoteBuffer]
    release_s: float
    level: float
    reverb_send: float


def _length(duration_s: float, release_s: float) -> int:
    return math.ceil((max(duration_s, 0.01) + release_s) * SAMPLE_RATE) + 1


def _finish(left: NDArray, right: NDArray, env: NDArray) -> NoteBuffer:
    out = np.stack((left * env, right * env)).astype(F32)
    return remove_dc(out, env)


BASS_RELEASE = 0.045


def bass(pitch: int, duration_s: float, velocity: float) -> NoteBuffer:
    """Funk synth bass: resonant saw with a plucky filter envelope, a sine sub, mild drive."""
    n = _length(duration_s, BASS_RELEASE)
    f = midi_hz(pitch)
    t = seconds(n)
    cutoff = F32(f * 1.5 + 180.0) + F32(400.0 + 2600.0 * velocity**1.5) * np.exp(-t / F32(0.11))
    body = table_osc(wavetable("saw", 0.8), f, cutoff, n)
    sub = sine(f, n) * F32(0.55)
    y = np.tanh((body * F32(0.8) + sub) * F32(1.4)) * F32(1.0 / math.tanh(1.4))
    env = adsr(n, duration_s, 0.003, 0.35, 0.7, BASS_RELEASE)
    return _finish(y, y, env)


KEYS_RELEASE = 0.16


def keys(pitch: int, duration_s: float, velocity: float) -> NoteBuffer:
    """Electric piano: a 1:1 FM tone whose brightness decays, a short tine ping, stereo tremolo."""
    n = _length(duration_s, KEYS_RELEASE)
    f = midi_hz(pitch)
    t = seconds(n)
    scale = min(1.0, 700.0 / f)  # keep the FM sidebands of high notes well below Nyquist
    index = (F32(0.5 + 2.0 * velocity) * np.exp(-t / F32(0.35)) + F32(0.25)) * F32(scale)
    phase = radians(f, n)
    y = np.sin(phase + index * np.sin(phase))
    tine_hz = f * 13.0 if f * 13.0 < 12000.0 else f * 5.0
    y += F32(0.18 * velocity) * sine(tine_hz, n) * np.exp(-t / F32(0.025))
    trem = F32(0.3) * sine(4.6, n)
    decay = 1.6 * (262.0 / f) ** 0.35
    env = adsr(n, duration_s, 0.002, decay, 0.0, KEYS_RELEASE)
    return _finish(y * (1.0 + trem), y * (1.0 - trem), env)


BRASS_RELEASE = 0.09
_BRASS_DETUNE = ((-9.0, 0.85, 0.25), (1.0, 0.6, 0.6), (10.0, 0.25, 0.85))  # cents, left, right


def brass(pitch: int, duration_s: float, velocity: float) -> NoteBuffer:
    """Brass section: three detuned saws with a fast filter swell, a pitch scoop, stereo spread."""
    n = _length(duration_s, BRASS_RELEASE)
    f = midi_hz(pitch)
    t = seconds(n)
    scoop = np.exp2(F32(-0.3 / 12.0) * np.exp(-t / F32(0.03)))
    swell = (F32(1.0) - np.exp(-t / F32(0.022))) * (F32(0.6) + F32(0.4) * np.exp(-t / F32(0.3)))
    cutoff = F32(f * 1.2) + F32(f * (2.5 + 7.0 * velocity)) * swell
    table = wavetable("saw", 0.5)
    left = np.zeros(n, dtype=F32)
    right = np.zeros(n, dtype=F32)
    for k, (c, gl, gr) in enumerate(_BRASS_DETUNE):
        osc = table_osc(table, scoop * F32(f * cents(c)), cutoff, n, phase0=0.31 * k)
        left += osc * F32(gl)
        right += osc * F32(gr)
    env = adsr(n, duration_s, 0.01, 0.25, 0.75, BRASS_RELEASE)
    return _finish(left * F32(0.6), right * F32(0.6), env)


PAD_RELEASE = 0.7
_PAD_DETUNE = ((-12.0, 1.0, 0.15), (0.0, 0.55, 0.55), (11.0, 0.15, 1.0))


def pad(pitch: int, duration_s: float, velocity: float) -> NoteBuffer:
    """Warm pad: three detuned saws spread wide, a dark fixed low-pass, slow attack and release."""
    n = _length(duration_s, PAD_RELEASE)
    f = midi_hz(pitch)
    cutoff = f * 2.0 + 500.0 + 900.0 * velocity
    table = wavetable("saw")
    left = np.zeros(n, dtype=F32)
    right = np.zeros(n, dtype=F32)
    for k, (c, gl, gr) in enumerate(_PAD_DETUNE):
        osc = table_osc(table, f * cents(c), cutoff, n, phase0=0.23 * k)
        left += osc * F32(gl)
        right += osc * F32(gr)
    env = adsr(n, duration_s, 0.35, 0.8, 0.85, PAD_RELEASE)
    return _finish(left * F32(0.55), right * F32(0.55), env)


LEAD_RELEASE = 0.12


def lead(pitch: int, duration_s: float, velocity: float) -> NoteBuffer:
    """Soaring lead: two detuned saws plus a pulse an octave down, with delayed vibrato."""
    n = _length(duration_s, LEAD_RELEASE)
    f = midi_hz(pitch)
    t = seconds(n)
    depth = F32(0.22 / 12.0) * np.clip((t - F32(0.22)) / F32(0.35), 0.0, 1.0)
    freq = F32(f) * np.exp2(depth * sine(5.6, n))
    cutoff = F32(f * (3.0 + 6.0 * velocity)) * (F32(0.75) + F32(0.25) * np.exp(-t / F32(0.2)))
    saw = wavetable("saw", 0.3)
    a = table_osc(saw, freq * F32(cents(-6.0)), cutoff, n)
    b = table_osc(saw, freq * F32(cents(6.0)), cutoff, n, phase0=0.4)
    low = table_osc(wavetable("pulse"), freq * F32(0.5), cutoff, n) * F32(0.35)
    env = adsr(n, duration_s, 0.006, 0.3, 0.85, LEAD_RELEASE)
    return _finish(
        (a * F32(0.8) + b * F32(0.35) + low) * F32(0.6),
        (b * F32(0.8) + a * F32(0.35) + low) * F32(0.6),
        env,
    )


PLUCK_RELEASE = 0.09


def pluck(pitch: int, duration_s: float, velocity: float) -> NoteBuffer:
    """Pluck: square and saw with a fast-closing filter and a short exponential decay."""
    n = _length(duration_s, PLUCK_RELEASE)
    f = midi_hz(pitch)
    t = seconds(n)
    cutoff = F32(f * 1.1) + F32(f * (3.0 + 10.0 * velocity)) * np.exp(-t / F32(0.07))
    a = table_osc(wavetable("square"), f * cents(-4.0), cutoff, n)
    b = table_osc(wavetable("saw"), f * cents(4.0), cutoff, n, phase0=0.5)
    env = adsr(n, duration_s, 0.0015, 0.4, 0.0, PLUCK_RELEASE)
    return _finish(a * F32(0.6) + b * F32(0.3), b * F32(0.6) + a * F32(0.3), env)


MELODIC: dict[Voice, VoiceSpec] = {
    Voice.BASS: VoiceSpec(bass, BASS_RELEASE, 0.48, 0.0),
    Voice.KEYS: VoiceSpec(keys, KEYS_RELEASE, 0.17, 0.22),
    Voice.BRASS: VoiceSpec(brass, BRASS_RELEASE, 0.6, 0.2),
    Voice.PAD: VoiceSpec(pad, PAD_RELEASE, 0.27, 0.35),
    Voice.LEAD: VoiceSpec(lead, LEAD_RELEASE, 0.85, 0.28),
    Voice.PLUCK: VoiceSpec(pluck, PLUCK_RELEASE, 0.55, 0.3),
}
"""Every melodic voice's renderer and mix settings (percussion lives in `percussion`)."""
