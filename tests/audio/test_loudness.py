"""The loudness meter (ITU-R BS.1770-4) against reference signals, and the level measurements."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.audio import dc_offset, integrated_loudness, sample_peak_dbfs
from game.audio.loudness import k_weighted, k_weighting_coefficients

RATE = 44100


def sine(freq: float, peak_dbfs: float, seconds: float, rate: int = RATE) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return 10 ** (peak_dbfs / 20) * np.sin(2 * math.pi * freq * t)


def stereo(left: np.ndarray, right: np.ndarray | None = None) -> np.ndarray:
    return np.stack((left, left if right is None else right), axis=1)


def test_k_weighting_coefficients_at_48k_are_the_standards():
    (shelf_b, shelf_a), (hp_b, hp_a) = k_weighting_coefficients(48000)
    assert shelf_b == pytest.approx(
        [1.53512485958697, -2.69169618940638, 1.19839281085285], abs=1e-9
    )
    assert shelf_a == pytest.approx([1.0, -1.69065929318241, 0.73248077421585], abs=1e-9)
    assert hp_b == pytest.approx([1.0, -2.0, 1.0])
    assert hp_a == pytest.approx([1.0, -1.99004745483398, 0.99007225036621], abs=1e-9)


def test_frequency_domain_k_weighting_equals_the_biquads_run_sample_by_sample():
    x = np.random.default_rng(7).standard_normal(3000)
    expected = x.copy()
    for b, a in k_weighting_coefficients(RATE):
        y = np.zeros_like(expected)
        x1 = x2 = y1 = y2 = 0.0
        for i, xi in enumerate(expected):
            yi = b[0] * xi + b[1] * x1 + b[2] * x2 - a[1] * y1 - a[2] * y2
            x2, x1, y2, y1 = x1, xi, y1, yi
            y[i] = yi
        expected = y
    assert np.max(np.abs(k_weighted(x, RATE) - expected)) < 1e-4


def test_997_hz_sine_at_minus_20_dbfs_in_one_channel_reads_minus_23_01():
    s = sine(997, -20.0, 20.0)
    assert integrated_loudness(stereo(s, np.zeros_like(s)), RATE) == pytest.approx(-23.01, abs=0.02)
    assert integrated_loudness(s, RATE) == pytest.approx(-23.01, abs=0.02)  # mono is one channel


def test_full_scale_1_khz_sine_in_one_channel_reads_minus_3_01():
    s = sine(1000, 0.0, 10.0)
    assert integrated_loudness(stereo(s, np.zeros_like(s)), RATE) == pytest.approx(-3.01, abs=0.02)


def test_997_hz_sine_at_minus_20_dbfs_in_both_channels_reads_minus_20():
    assert integrated_loudness(stereo(sine(997, -20.0, 20.0)), RATE) == pytest.approx(
        -20.0, abs=0.02
    )


@pytest.mark.parametrize(
    ("segments", "expected"),
    [
        ([(-23.0, 20.0)], -23.0),  # EBU Tech 3341 case 1
        ([(-33.0, 20.0)], -33.0),  # case 2
        ([(-36.0, 10.0), (-23.0, 60.0), (-36.0, 10.0)], -23.0),  # case 3: relative gate
        ([(-72.0, 10.0), (-36.0, 10.0), (-23.0, 60.0), (-36.0, 10.0), (-72.0, 10.0)], -23.0),
        ([(-26.0, 20.0), (-20.0, 20.1), (-26.0, 20.0)], -23.0),  # case 5
    ],
)
def test_ebu_tech_3341_gating_cases(segments, expected):
    s = np.concatenate([sine(1000, level, length) for level, length in segments])
    assert integrated_loudness(stereo(s), RATE) == pytest.approx(expected, abs=0.1)


def test_48_khz_audio_measures_the_same():
    s = sine(997, -20.0, 10.0, rate=48000)
    assert integrated_loudness(stereo(s), 48000) == pytest.approx(-20.0, abs=0.02)


def test_silence_and_short_audio_read_minus_infinity():
    assert integrated_loudness(np.zeros((RATE * 2, 2)), RATE) == float("-inf")
    assert integrated_loudness(stereo(sine(1000, 0.0, 0.3)), RATE) == float("-inf")


def test_sample_peak_and_dc_offset():
    x = stereo(0.5 * np.ones(100), -0.25 * np.ones(100))
    assert sample_peak_dbfs(x) == pytest.approx(-6.0206, abs=1e-3)
    assert dc_offset(x) == pytest.approx(0.5)
    assert sample_peak_dbfs(np.zeros(10)) == float("-inf")
