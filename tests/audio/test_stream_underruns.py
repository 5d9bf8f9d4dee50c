"""Underruns are counted in the device's own timeline: a buffer handed over after the device had
played out all it held is one underrun (and logged); a late callback that the device's held sound
covers is none, nor is a device clock that runs slow, fast or jittery against ours. The stream is
driven by a simulated device whose clock the stream reads (injected), with real renders."""

from __future__ import annotations

import logging

import numpy as np

from game.audio.clock import SongClock
from game.audio.device_timeline import DEVICE_HOLDS_BUFFERS
from game.audio.stream import AudioStream, StreamMix

RATE = 48000
FRAMES = 256
PERIOD = FRAMES / RATE
RENDER_S = 0.0002  # an ordinary render: well under a period


class Device:
    """A sound device playing `FRAMES`-frame buffers at `pace` x the nominal period (its clock
    against ours). It holds `holds` periods and asks for the next buffer as soon as it has room,
    or `wake_s(k)` later (the thread was slow to start); the render of buffer k takes
    `render_s(k)`. `now` is its clock, as the stream reads it: the callback's arrival, then the
    hand-over. `gaps` counts the times it really ran dry (what the player hears)."""

    def __init__(
        self,
        stream_rate: int = RATE,
        holds: float = DEVICE_HOLDS_BUFFERS,
        pace: float = 1.0,
    ) -> None:
        self.period = FRAMES / stream_rate * pace
        self.holds = holds
        self.gaps = 0
        self._stamps: list[float] = []

    def now(self) -> float:
        return self._stamps.pop(0)

    def play(
        self,
        stream: AudioStream,
        buffers: int,
        wake_s=lambda k: 0.0,
        render_s=None,
        start_s: float = 100.0,
    ) -> None:
        """Play `buffers` buffers of `stream`, the device starting at its time `start_s`."""
        render_s = render_s or (lambda k: RENDER_S)
        memory = memoryview(bytearray(FRAMES * 8))
        runs_dry_at = start_s  # the device's time when its held sound runs out
        for k in range(buffers):
            arrived = runs_dry_at - self.holds * self.period + wake_s(k)
            done = arrived + render_s(k)
            self._stamps = [arrived, done]
            stream._post_mix(None, memory)
            if done > runs_dry_at:  # it played out everything it held: a gap
                self.gaps += 1
                runs_dry_at = done
            runs_dry_at += self.period


def stream(device: Device) -> AudioStream:
    mix = StreamMix(np.zeros((RATE, 2), np.float32), 0, rate=RATE)
    return AudioStream(mix, SongClock(RATE), FRAMES, now=device.now)


def test_an_on_time_stream_has_no_underrun():
    device = Device()
    s = stream(device)
    device.play(s, 2000)
    assert s.underruns == 0 and s.buffers == 2000 and device.gaps == 0


def test_one_render_late_past_what_the_device_held_is_exactly_one_underrun_and_logged(caplog):
    caplog.set_level(logging.INFO, logger="game.audio.stream")
    device = Device()
    s = stream(device)
    late = DEVICE_HOLDS_BUFFERS * PERIOD + 0.002  # 2 ms after the device ran dry
    device.play(s, 2000, render_s=lambda k: late if k == 1000 else RENDER_S)
    assert device.gaps == 1
    assert s.underruns == 1
    assert any("audio underrun: buffer 1000" in r.message for r in caplog.records)


def test_a_late_callback_that_the_held_sound_covers_is_no_underrun():
    """Two periods late, then SDL catches up with quick callbacks: the device, holding three,
    never ran dry (counting the gap between hand-overs called this an underrun)."""
    device = Device()
    s = stream(device)
    device.play(s, 2000, wake_s=lambda k: 2.0 * PERIOD if k % 400 == 399 else 0.0)
    assert device.gaps == 0
    assert s.underruns == 0


def test_a_device_clock_slow_fast_or_jittery_against_ours_is_no_underrun():
    rng = np.random.default_rng(1)
    for pace in (0.94, 0.9995, 1.0005, 1.06):  # 6% and 500 ppm each way: minutes of drift
        device = Device(pace=pace)
        s = stream(device)
        device.play(s, 20000, wake_s=lambda k: rng.uniform(0.0, 0.5 * PERIOD))
        assert device.gaps == 0
        assert s.underruns == 0, pace


def test_a_paused_stream_starts_its_timeline_again():
    device = Device()
    s = stream(device)
    device.play(s, 100)
    s.pause(True)
    device._stamps = [101.0]
    s._post_mix(None, memoryview(bytearray(FRAMES * 8)))  # silence while paused
    s.pause(False)
    device.play(s, 100, start_s=160.0)  # it plays on a minute later
    assert s.underruns == 0 and device.gaps == 0


def test_every_callback_render_cost_is_kept():
    s = AudioStream(StreamMix(np.zeros((RATE, 2), np.float32), 0, rate=RATE), SongClock(RATE))
    memory = memoryview(bytearray(FRAMES * 8))
    for _ in range(50):
        s._post_mix(None, memory)
    summary = s.cost_summary()
    assert len(s.render_costs_s) == 50 and s.buffers == 50 and s.device_frames == FRAMES
    assert 0.0 < summary["median_ms"] <= summary["p99_ms"] <= summary["max_ms"] < 50.0
