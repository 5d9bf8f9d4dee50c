"""The chart model: note tracks, parts and difficulties, sections and unison instants."""

from __future__ import annotations

import numpy as np
import pytest

from game.core.chart import Chart, Note, NoteTrack, Section, SongMeta, find_unison
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.core.tempo import TempoMap
from tests.helpers import ACCENT, G, K, R, Y, track


def test_track_sorts_by_time_then_lane_and_is_read_only():
    t = track((2.0, R), (1.0, Y, True), (1.0, K))
    assert t.times.tolist() == [1.0, 1.0, 2.0]
    assert t.lanes.tolist() == [K, Y, R]
    with pytest.raises(ValueError):
        t.times[0] = 5.0


def test_cymbal_flag_only_on_yellow_blue_green():
    t = NoteTrack([1.0, 1.0, 1.0], [K, R, G], [True, True, True])
    assert t.cymbal.tolist() == [False, False, True]


def test_duplicate_note_on_one_lane_at_one_instant_is_one_note():
    assert len(track((1.0, R), (1.0, R), (1.0, K))) == 2


def test_note_round_trip_and_lane_counts():
    notes = [Note(1.0, Lane.KICK), Note(1.5, Lane.YELLOW, True, Dynamics.ACCENT)]
    t = NoteTrack.from_notes(notes)
    assert list(t) == notes
    assert t.lane_counts()[Lane.YELLOW] == 1 and t.lane_counts()[Lane.BLUE] == 0


def test_bad_notes_are_refused():
    with pytest.raises(ValueError):
        NoteTrack([1.0], [7])
    with pytest.raises(ValueError):
        NoteTrack(np.array([1.0]), np.array([260]))  # would wrap to 4 as int8
    with pytest.raises(ValueError):
        NoteTrack([float("nan")], [1])
    with pytest.raises(ValueError):
        NoteTrack([1.0, 2.0], [1])


def test_chart_has_parts_by_difficulty_and_names_what_is_missing():
    full = track((1.0, K))
    chart = Chart(
        SongMeta("Song"),
        TempoMap(480),
        {(Part.FULL, Difficulty.EXPERT): full},
        (Section(0.0, "Intro"), Section(10.0, "Verse")),
    )
    assert chart.track("full", "expert") is full
    with pytest.raises(KeyError, match="no p1 part at easy"):
        chart.track("p1", "easy")
    assert chart.section_at(12.0).name == "Verse" and chart.section_at(-1.0) is None
    assert chart.duration_s == 1.0


def test_unison_notes_are_one_lane_at_one_instant_in_both_parts():
    p1 = track((1.0, K), (1.0, Y, True), (1.5, R), (2.0, K), (2.0, G, True))
    p2 = track((1.0, K), (1.0, G, True, ACCENT), (1.75, Y), (2.0, G, True))
    u = find_unison(p1, p2)
    assert u.times.tolist() == [1.0, 2.0] and u.lanes.tolist() == [K, G]
    assert u.instant_of_note[0].tolist() == [0, -1, -1, -1, 1]
    assert u.instant_of_note[1].tolist() == [0, -1, -1, 1]
    assert u.notes_at(0, 1).tolist() == [4]


def test_unison_with_no_common_note_or_empty_parts():
    assert len(find_unison(track((1.0, K)), track((1.5, K)))) == 0
    assert len(find_unison(track((1.0, K)), track((1.0, R)))) == 0  # same instant, other lane
    empty = NoteTrack([], [])
    u = find_unison(empty, track((1.0, K)))
    assert len(u) == 0 and u.instant_of_note[1].tolist() == [-1]


def test_unison_tolerates_float_noise_below_a_tenth_of_a_millisecond():
    t = 123.456
    u = find_unison(track((t, K)), track((t + 1e-9, K)))
    assert len(u) == 1 and np.isclose(u.times[0], t)
