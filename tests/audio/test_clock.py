"""The song clock: stream position from the audio callback, monotonic, offsets applied once."""

from __future__ import annotations

import pytest

from game.audio.clock import SongClock

RATE = 1000  # one sample per millisecond keeps the arithmetic readable


class FakeNow:
    """An injectable `now` (seconds) that the test moves by hand."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_clock_follows_the_buffers_and_interpolates_between_them():
    now = FakeNow()
    clock = SongClock(RATE, lead_in_s=1.0, now=now)
    assert not clock.started and clock.song_time() == pytest.approx(-1.0)
    clock.on_buffer(1500, 10, stamp=100.0)  # samples 1500..1510 left at t=100.0
    assert clock.song_time() == pytest.approx(0.5)
    now.t = 100.004
    assert clock.song_time() == pytest.approx(0.504)
    now.t = 100.050  # no callback for 50 ms: the clock stops at the end of the last buffer
    assert clock.song_time() == pytest.approx(0.510)


def test_clock_never_goes_backwards():
    now = FakeNow()
    clock = SongClock(RATE, now=now)
    clock.on_buffer(0, 10, stamp=100.0)
    now.t = 100.009
    assert clock.song_time() == pytest.approx(0.009)
    clock.on_buffer(10, 10, stamp=100.012)  # the callback came late: 0.010 < 0.009 + 3 ms
    assert clock.song_time() >= 0.009


def test_clock_follows_the_stream_not_the_wall_clock_when_the_stream_runs_fast():
    now = FakeNow()
    clock = SongClock(RATE, now=now)
    for k in range(100):  # 100 buffers of 10 ms handed out in 0.1 s of wall time (10x fast)
        clock.on_buffer(k * 10, 10, stamp=100.0 + k * 0.001)
    now.t = 100.1
    assert clock.song_time() == pytest.approx(0.991)  # the last buffer started at 0.990


def test_input_stamped_before_the_last_callback_maps_back_into_the_stream():
    now = FakeNow()
    clock = SongClock(RATE, now=now)
    clock.on_buffer(500, 10, stamp=100.0)
    assert clock.input_time(99.997) == pytest.approx(0.497)
    assert clock.input_time(100.002, device_offset_s=0.004) == pytest.approx(0.498)


def test_offsets_audio_and_video():
    now = FakeNow()
    clock = SongClock(RATE, audio_offset_s=0.020, video_offset_s=0.010, now=now)
    clock.on_buffer(1000, 10, stamp=100.0)
    assert clock.song_time() == pytest.approx(0.980)
    assert clock.draw_time() == pytest.approx(0.990)
    assert clock.sample_of(0.25) == 250


def test_draw_time_at_a_given_instant_adds_the_video_offset():
    now = FakeNow()
    clock = SongClock(RATE, video_offset_s=0.020, now=now)
    clock.on_buffer(500, 10, stamp=100.0)
    assert clock.draw_time(100.004) == pytest.approx(0.524)
    now.t = 100.002
    assert clock.draw_time() == pytest.approx(0.524)  # never back: 100.004 was seen
