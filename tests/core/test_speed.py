"""A chart, its tempo map and an arrangement played at another speed: every time / speed."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core.arrangement import Arrangement, InstrumentPart, Voice, notes_array
from game.core.chart import Chart, Phrase, PhraseKind, Section, SongMeta
from game.core.lanes import Difficulty, Part
from game.core.tempo import TempoChange, TempoMap, TimeSignature
from tests.helpers import B, K, R, track

SPEEDS = st.sampled_from([0.25, 0.5, 0.75, 0.95, 1.25, 1.5])


def tempo_map() -> TempoMap:
    return TempoMap(
        480,
        [TempoChange(0, 500_000), TempoChange(1920, 400_000), TempoChange(4000, 650_000)],
        [TimeSignature(0, 4, 4), TimeSignature(3840, 3, 4)],
        offset_s=0.12,
    )


@given(SPEEDS, st.lists(st.floats(0, 20_000), min_size=1, max_size=20))
def test_each_tick_falls_at_its_seconds_over_the_speed_and_bars_stay(speed, ticks):
    tempo = tempo_map()
    fast = tempo.at_speed(speed)
    assert np.allclose(fast.seconds(ticks), tempo.seconds(ticks) / speed)
    seconds = tempo.seconds(ticks)
    assert np.allclose(fast.bar_position(seconds / speed), tempo.bar_position(seconds))
    assert fast.bpm_at(float(seconds[0]) / speed) == pytest.approx(
        tempo.bpm_at(float(seconds[0])) * speed
    )


def test_a_chart_at_speed_keeps_its_notes_in_order_and_scales_every_time():
    notes = track((0.5, K), (0.5, R), (1.0, B, True), (2.25, R))
    chart = Chart(
        SongMeta("Song"),
        tempo_map(),
        {(Part.FULL, Difficulty.EXPERT): notes},
        (Section(0.0, "Intro"), Section(1.0, "Verse")),
        {Part.FULL: (Phrase(PhraseKind.STAR_POWER, 0.4, 1.1),)},
    )
    slow = chart.at_speed(0.5)
    got = slow.track(Part.FULL, Difficulty.EXPERT)
    assert np.allclose(got.times, notes.times / 0.5)
    assert np.array_equal(got.lanes, notes.lanes) and np.array_equal(got.cymbal, notes.cymbal)
    assert [s.time_s for s in slow.sections] == [0.0, 2.0]
    assert [s.name for s in slow.sections] == ["Intro", "Verse"]
    assert slow.phrases[Part.FULL][0] == Phrase(PhraseKind.STAR_POWER, 0.8, 2.2)
    assert slow.duration_s == pytest.approx(4.5)
    assert chart.at_speed(1.0) is chart
    with pytest.raises(ValueError, match="speed"):
        chart.at_speed(0.0)


def test_an_arrangement_at_speed_lasts_longer_at_the_same_pitches():
    part = InstrumentPart(
        "bass", Voice.BASS, notes_array([(0.0, 0.5, 40, 0.8), (1.0, 0.25, 43, 1)])
    )
    arrangement = Arrangement(tempo_map(), (part,), 2.0)
    slow = arrangement.at_speed(0.75)
    notes = slow.parts[0].notes
    assert np.allclose(notes["start_s"], [0.0, 1.0 / 0.75])
    assert np.allclose(notes["duration_s"], [0.5 / 0.75, 0.25 / 0.75])
    assert list(notes["pitch"]) == [40, 43]
    assert slow.length_s == pytest.approx(2.0 / 0.75)
    assert list(arrangement.parts[0].notes["start_s"]) == [0.0, 1.0]  # the original untouched


@given(SPEEDS, st.floats(-5.0, 30.0), st.lists(st.floats(0, 20_000), min_size=1, max_size=20))
def test_a_shifted_map_puts_each_tick_delta_earlier_and_keeps_bars_and_tempos(speed, delta, ticks):
    tempo = tempo_map().at_speed(speed)
    moved = tempo.shifted(delta)
    assert np.allclose(moved.seconds(ticks), tempo.seconds(ticks) - delta)
    seconds = tempo.seconds(ticks)
    assert np.allclose(moved.bar_position(seconds - delta), tempo.bar_position(seconds))
    assert moved.bpm_at(float(seconds[0]) - delta) == tempo.bpm_at(float(seconds[0]))


def test_a_shifted_chart_moves_every_time_and_keeps_its_notes():
    notes = track((0.5, K), (0.5, R), (1.0, B, True), (2.25, R))
    chart = Chart(
        SongMeta("Song"),
        tempo_map(),
        {(Part.FULL, Difficulty.EXPERT): notes},
        (Section(0.0, "Intro"), Section(1.0, "Verse")),
        {Part.FULL: (Phrase(PhraseKind.STAR_POWER, 0.4, 1.1),)},
    )
    moved = chart.shifted(0.75)
    got = moved.track(Part.FULL, Difficulty.EXPERT)
    assert np.allclose(got.times, notes.times - 0.75)
    assert np.array_equal(got.lanes, notes.lanes) and np.array_equal(got.cymbal, notes.cymbal)
    assert [s.time_s for s in moved.sections] == [-0.75, 0.25]
    assert moved.phrases[Part.FULL][0] == Phrase(PhraseKind.STAR_POWER, 0.4 - 0.75, 1.1 - 0.75)
    assert moved.tempo.second(0) == pytest.approx(chart.tempo.second(0) - 0.75)
    assert chart.shifted(0.0) is chart
    with pytest.raises(ValueError, match="shift"):
        chart.shifted(float("nan"))
