"""Underruns and the callback's own cost: a buffer handed over more than two periods after the
one before (the device, holding two, ran dry) is counted and logged; a steady, jittery or
slowly drifting cadence is not; every callback's render cost is kept."""

from __future__ import annotations

import logging

import numpy as np

from game.audio.clock import SongClock
from game.audio.stream import AudioStream, StreamMix

RATE = 48000
FRAMES = 256
PERIOD = FRAMES / RATE


def stream() -> AudioStream:
    mix = StreamMix(np.zeros((RATE, 2), np.float32), 0, rate=RATE)
    return AudioStream(mix, SongClock(RATE), FRAMES)


def test_a_steady_cadence_with_jitter_has_no_underrun():
    s = stream()
    rng = np.random.default_rng(1)
    for k in range(2000):  # 10 s of buffers, each up to half a period late at random
        s._count(FRAMES, 100.0 + k * PERIOD + rng.uniform(0, 0.5 * PERIOD))
    assert s.underruns == 0 and s.buffers == 2000


def test_a_device_clock_slightly_slower_than_ours_is_no_underrun():
    s = stream()
    for k in range(40000):  # 3.5 minutes at 500 ppm: a drift of over 100 ms by the end
        s._count(FRAMES, 100.0 + k * PERIOD * 1.0005)
    assert s.underruns == 0


def test_a_device_that_runs_slow_and_late_after_each_buffer_is_no_underrun():
    """SDL's dummy driver sleeps a period after each callback: its cadence is some percent
    slower than the nominal one, with jitter; the device waits, it is never starved."""
    s = stream()
    rng = np.random.default_rng(2)
    t = 100.0
    for _ in range(20000):
        t += PERIOD * 1.06 + rng.uniform(0, 0.2 * PERIOD)
        s._count(FRAMES, t)
    assert s.underruns == 0


def test_a_buffer_handed_over_after_its_deadline_is_counted_and_logged(caplog):
    s = stream()
    caplog.set_level(logging.INFO, logger="game.audio.stream")
    t = 100.0
    for k in range(100):
        s._count(FRAMES, t + k * PERIOD)
    late = 100.0 + 100 * PERIOD + 1.6 * PERIOD  # a stall: 1.6 periods behind the cadence
    s._count(FRAMES, late)
    for k in range(1, 100):  # the device goes on from there: no more underruns
        s._count(FRAMES, late + k * PERIOD)
    assert s.underruns == 1
    assert any("audio underrun" in r.message for r in caplog.records)


def test_every_callback_render_cost_is_kept():
    s = stream()
    memory = memoryview(bytearray(FRAMES * 8))
    for _ in range(50):
        s._post_mix(None, memory)
    summary = s.cost_summary()
    assert len(s.render_costs_s) == 50 and s.buffers == 50 and s.device_frames == FRAMES
    assert 0.0 < summary["median_ms"] <= summary["p99_ms"] <= summary["max_ms"] < 50.0
