"""The small JSON chart format: what it reads, and a ChartError naming the file for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.core.lanes import Dynamics, Lane
from game.formats.errors import ChartError
from game.formats.json_chart import read_json_chart
from game.formats.song_folder import chart_file_in, find_songs, load_song

GOOD = {
    "format": "drum-duet-chart",
    "version": 1,
    "song": {"title": "Tiny", "artist": "Us"},
    "resolution": 480,
    "tempos": [[0, 120], [1920, 60]],
    "time_signatures": [[0, 4, 4]],
    "sections": [[0, "Intro"], [1920, "Verse"]],
    "parts": {
        "full": {
            "expert": [
                [0, "kick"],
                [0, "yellow"],
                [480, "blue", "tom", "ghost"],
                [1920, "green", "accent"],
            ]
        },
        "p1": {"easy": [[0, "kick"]]},
    },
}


def write(tmp_path: Path, doc, name="chart.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return path


def test_reads_notes_tempo_sections_and_flags(tmp_path):
    chart = read_json_chart(write(tmp_path, GOOD))
    full = chart.track("full", "expert")
    assert full.times.tolist() == [0.0, 0.0, 0.5, 2.0]
    assert full.lanes.tolist() == [Lane.KICK, Lane.YELLOW, Lane.BLUE, Lane.GREEN]
    assert full.cymbal.tolist() == [False, True, False, True]
    assert full.dynamics.tolist() == [0, 0, Dynamics.GHOST, Dynamics.ACCENT]
    assert [(s.time_s, s.name) for s in chart.sections] == [(0.0, "Intro"), (2.0, "Verse")]
    assert chart.meta.title == "Tiny" and len(chart.track("p1", "easy")) == 1


def test_song_folder_loads_and_fingerprints_its_chart(tmp_path):
    write(tmp_path, GOOD)
    song = load_song(tmp_path)
    assert song.chart_file == tmp_path / "chart.json" and len(song.chart_sha256) == 64
    assert chart_file_in(tmp_path / "chart.json") == tmp_path / "chart.json"


BAD = [
    ("{not json", "not valid JSON"),
    ("\xff\xfe", "not valid JSON"),
    ({"format": "other"}, "not a Drum Duet chart"),
    ({**GOOD, "version": 9}, "unsupported chart version"),
    ({**GOOD, "tempos": [[0, -5]]}, "bpm must be between"),
    ({**GOOD, "tempos": [[0, "fast"]]}, "bpm must be a number"),
    ({**GOOD, "tempos": [[960, 100], [0, 100]]}, "tick order"),
    ({**GOOD, "resolution": 0}, "resolution must be positive"),
    ({**GOOD, "time_signatures": [[0, 4, 3]]}, "bad time signature"),
    ({**GOOD, "parts": {"p9": {}}}, "'p9' is not a valid Part"),
    ({**GOOD, "parts": {"full": {"impossible": []}}}, "not a valid Difficulty"),
    ({**GOOD, "parts": {"full": {"expert": [[0, "cowbell"]]}}}, "unknown lane"),
    ({**GOOD, "parts": {"full": {"expert": [[0, "red", "loud"]]}}}, "unknown flags"),
    ({**GOOD, "parts": {"full": {"expert": [[-5, "red"]]}}}, "non-negative integer"),
    ({**GOOD, "parts": {"full": {"expert": [[True, "red"]]}}}, "non-negative integer"),
    ({**GOOD, "parts": {"full": {"expert": [5]}}}, "must be \\[tick, lane"),
    ({**GOOD, "parts": {"full": {"expert": "x"}}}, "notes must be a list"),
    ({**GOOD, "sections": [[0]]}, "sections must be a list"),
    ("[" * 100_000, "not valid JSON"),
]


@pytest.mark.parametrize(("doc", "problem"), BAD)
def test_bad_chart_gives_a_chart_error_naming_the_file_and_problem(tmp_path, doc, problem):
    path = write(tmp_path, doc)
    with pytest.raises(ChartError, match=problem) as caught:
        read_json_chart(path)
    assert caught.value.path == str(path)
    assert str(path) in str(caught.value)


def test_oversized_chart_is_refused_before_reading(tmp_path):
    path = write(tmp_path, " " * (4 * 1024 * 1024 + 1))
    with pytest.raises(ChartError, match="4,194,305 bytes, more than the 4,194,304 allowed"):
        read_json_chart(path)


def test_missing_folder_and_folder_without_chart(tmp_path):
    with pytest.raises(ChartError, match="no such song folder"):
        load_song(tmp_path / "nope")
    with pytest.raises(ChartError, match="no chart in this folder"):
        load_song(tmp_path)


def test_find_songs_finds_every_kind_of_song_folder(tmp_path):
    for name, chart in (("a", "chart.json"), ("b/c", "notes.mid"), ("d", "Song [Y].chart")):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / chart).write_text("x")
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "song.ogg").write_text("x")
    assert find_songs(tmp_path) == [tmp_path / "a", tmp_path / "b/c", tmp_path / "d"]
    assert find_songs(tmp_path / "absent") == []
