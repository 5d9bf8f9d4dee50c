"""The onset and click detectors on signals whose answers are known, and their helpers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.audio import SAMPLE_RATE, detect_onsets, find_clicks
from game.audio.dsp import box_mean, sliding_max

RATE = SAMPLE_RATE


def burst(n: int, freq: float, tau: float, seed: int = 0, noise: float = 0.2) -> np.ndarray:
    """A decaying tone plus a little noise, starting with a 0.5 ms ramp."""
    t = np.arange(n) / RATE
    noise = np.random.default_rng(seed).standard_normal(n) * noise
    ramp = np.clip(t / 0.0005, 0, 1)
    return ramp * np.exp(-t / tau) * (np.sin(2 * math.pi * freq * t) + noise)


def test_onsets_of_bursts_are_found_at_their_first_sample():
    x = np.zeros(RATE * 3)
    starts = [4410, 20000, 31234, 52001, 70000, 97003, 110000]
    for k, s in enumerate(starts):
        x[s : s + 20000] += burst(20000, 150.0 * (k + 1), 0.08, k)[: len(x) - s] * (0.3 + 0.1 * k)
    onsets = detect_onsets(x, RATE)
    assert len(onsets) == len(starts)
    assert np.abs(onsets - np.array(starts) / RATE).max() < 0.001


def test_a_quiet_hit_on_the_ring_of_a_loud_one_is_found():
    x = np.zeros(RATE)
    x[1000:] += burst(RATE - 1000, 60.0, 0.4, noise=0.0) * 0.9  # a long, loud, low ring
    hat = np.random.default_rng(5).standard_normal(4000) * np.exp(-np.arange(4000) / 300.0)
    x[12000:16000] += np.diff(hat, prepend=0.0) * 0.1  # a bright, quiet tick 250 ms later
    onsets = detect_onsets(x, RATE)
    assert len(onsets) == 2 and abs(onsets[1] - 12000 / RATE) < 0.001


def test_steady_and_beating_tones_have_no_onsets_after_their_start():
    t = np.arange(RATE * 2) / RATE
    beating = np.sin(2 * math.pi * 98 * t) + np.sin(2 * math.pi * 104 * t)
    x = beating * np.clip(t / 0.01, 0, 1) * 0.3
    assert len(detect_onsets(x, RATE)) == 1
    assert len(detect_onsets(np.zeros(RATE), RATE)) == 0


def test_clicks_in_silence_noise_and_a_tone():
    x = np.zeros(RATE)
    x[12345] = 0.01
    assert find_clicks(x, RATE) == [pytest.approx(12345 / RATE, abs=1e-4)]
    noise = np.random.default_rng(2).standard_normal(RATE * 5) * 0.1
    assert find_clicks(noise, RATE) == []
    t = np.arange(RATE) / RATE
    tone = 0.5 * np.sin(2 * math.pi * 440 * t)
    assert find_clicks(tone, RATE) == []
    tone[20000:] = -tone[20000:]  # a phase flip: a jump of the whole amplitude
    assert find_clicks(tone, RATE) == [pytest.approx(20000 / RATE, abs=2e-4)]


def test_clicks_in_both_channels_count_once():
    x = np.zeros((RATE, 2))
    x[5000, :] = 0.2
    x[30000, 1] = 0.2
    assert find_clicks(x, RATE) == [
        pytest.approx(5000 / RATE, abs=1e-4),
        pytest.approx(30000 / RATE, abs=1e-4),
    ]


def test_window_helpers_match_the_plain_definitions():
    x = np.random.default_rng(4).standard_normal(300)
    for before, after in [(0, 0), (3, 0), (0, 7), (5, 9), (400, 400)]:
        mean = [x[max(i - before, 0) : i + after + 1].mean() for i in range(len(x))]
        peak = [x[max(i - before, 0) : i + after + 1].max() for i in range(len(x))]
        assert box_mean(x, before, after) == pytest.approx(mean)
        assert sliding_max(x, before, after) == pytest.approx(peak)
