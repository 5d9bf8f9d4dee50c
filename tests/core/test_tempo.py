"""The tempo map: ticks <-> seconds across tempo changes, bars and beats."""

from __future__ import annotations

import numpy as np
import pytest

from game.core.tempo import TempoChange, TempoMap, TimeSignature

US_120, US_60 = 500_000, 1_000_000


def test_one_tempo_is_linear():
    tm = TempoMap(480, [TempoChange(0, US_120)])
    assert tm.seconds([0, 480, 960, 1920]) == pytest.approx([0.0, 0.5, 1.0, 2.0])


def test_tempo_change_and_back():
    tm = TempoMap(480, [TempoChange(0, US_120), TempoChange(960, US_60)])
    ticks = np.array([0, 480, 960, 1440, 1920])
    secs = tm.seconds(ticks)
    assert secs == pytest.approx([0.0, 0.5, 1.0, 2.0, 3.0])
    assert tm.ticks(secs) == pytest.approx(ticks)


def test_offset_shifts_every_time():
    tm = TempoMap(480, [TempoChange(0, US_120)], offset_s=0.25)
    assert tm.second(480) == pytest.approx(0.75)
    assert float(tm.ticks(0.75)) == pytest.approx(480)


def test_missing_tempo_defaults_to_120_bpm_in_4_4():
    tm = TempoMap(192)
    assert tm.second(192) == pytest.approx(0.5)
    assert tm.time_signatures[0].numerator == 4


def test_first_tempo_after_tick_zero_reaches_back_to_zero():
    tm = TempoMap(480, [TempoChange(480, US_60)])
    assert tm.second(480) == pytest.approx(1.0)


def test_bad_maps_are_refused():
    with pytest.raises(ValueError):
        TempoMap(0)
    with pytest.raises(ValueError):
        TempoMap(480, [TempoChange(0, 0)])
    with pytest.raises(ValueError):
        TempoMap(480, [TempoChange(960, US_120), TempoChange(480, US_60)])
    with pytest.raises(ValueError):
        TempoMap(480, time_signatures=[TimeSignature(0, 4, 3)])


def test_bar_lines_follow_time_signatures():
    # Two bars of 4/4 at 120 BPM (2 s each), then 3/4 (1.5 s bars).
    tm = TempoMap(
        480, [TempoChange(0, US_120)], [TimeSignature(0, 4, 4), TimeSignature(3840, 3, 4)]
    )
    assert tm.bar_lines(0.0, 8.0) == pytest.approx([0.0, 2.0, 4.0, 5.5, 7.0])
    beats, is_bar = tm.beat_lines(3.5, 5.6)
    assert beats == pytest.approx([3.5, 4.0, 4.5, 5.0, 5.5])
    assert is_bar.tolist() == [False, True, False, False, True]


def test_time_signature_mid_bar_starts_a_new_bar():
    tm = TempoMap(480, [], [TimeSignature(0, 4, 4), TimeSignature(960, 4, 4)])
    assert tm.bar_lines(0.0, 3.0) == pytest.approx([0.0, 0.5 * 2, 3.0])


def test_bar_position_round_trips_across_tempo_changes():
    tm = TempoMap(480, [TempoChange(0, US_120), TempoChange(1920, US_60)])
    secs = np.array([0.0, 1.0, 2.0, 3.0, 6.0])
    pos = tm.bar_position(secs)
    assert pos == pytest.approx([0.0, 0.5, 1.0, 1.25, 2.0])
    assert tm.seconds_at_bar_position(pos) == pytest.approx(secs)


def test_seconds_after_bars_spans_a_tempo_change():
    # Bar 0 at 120 BPM lasts 2 s, later bars at 60 BPM last 4 s.
    tm = TempoMap(480, [TempoChange(0, US_120), TempoChange(1920, US_60)])
    assert tm.seconds_after_bars(1.0, 2.0) == pytest.approx(2.0 + 4.0 + 2.0)


def test_6_8_beats_are_eighth_notes():
    tm = TempoMap(480, [TempoChange(0, US_120)], [TimeSignature(0, 6, 8)])
    beats, is_bar = tm.beat_lines(0.0, 3.0)
    assert beats == pytest.approx(np.arange(0, 3.01, 0.25))
    assert np.flatnonzero(is_bar).tolist() == [0, 6, 12]


def test_vectorised_conversion_of_a_large_array():
    tm = TempoMap(480, [TempoChange(i * 1920, US_120 + i * 1000) for i in range(200)])
    ticks = np.arange(0, 1920 * 200, 7)
    assert tm.ticks(tm.seconds(ticks)) == pytest.approx(ticks)
    assert np.all(np.diff(tm.seconds(ticks)) > 0)
