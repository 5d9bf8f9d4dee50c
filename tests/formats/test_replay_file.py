"""Replay files: exact round trips, atomic writes, and ReplayError for bad files."""

from __future__ import annotations

import json

import pytest

from game.core.autoplay import autoplay_inputs
from game.core.replay import record, simulate, verify
from game.formats.errors import ReplayError
from game.formats.replay_file import read_replay, replay_to_json, write_replay
from tests.core.test_replay import SETUPS, groove_chart, messy_inputs


@pytest.fixture
def replay():
    chart = groove_chart(8)
    session = simulate(chart, SETUPS, messy_inputs(chart))
    return chart, record("songs/groove", "cd" * 32, SETUPS, session)


def test_replay_round_trips_exactly_and_still_verifies(tmp_path, replay):
    chart, rep = replay
    path = tmp_path / "play.replay.json"
    write_replay(rep, path)
    back = read_replay(path)
    assert back == rep
    assert verify(chart, back) == []
    assert [p.name for p in tmp_path.iterdir()] == ["play.replay.json"]  # no temp file left


def test_write_replaces_an_existing_file_whole(tmp_path, replay):
    _, rep = replay
    path = tmp_path / "r.json"
    path.write_text("old")
    write_replay(rep, path)
    assert json.loads(path.read_text())["format"] == "drum-duet-replay"


def mutate(doc, fn):
    doc = json.loads(json.dumps(doc))
    fn(doc)
    return doc


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.update(format="x"), "not a Drum Duet replay"),
        (lambda d: d.update(version=3), "unsupported replay version"),
        (
            lambda d: d["players"].append(d["players"][0]) or d["players"].append(d["players"][0]),
            "one or two players",
        ),
        (lambda d: d["players"][0]["params"].update(cheat=True), "unknown engine parameters"),
        (lambda d: d["players"][0]["params"].update(pro_cymbals="yes"), "true or false"),
        (lambda d: d["players"][0].update(part="p7"), "not a valid Part"),
        (lambda d: d["inputs"].append([1.0, 5, 1, False, 1.0]), "player must be 0 or 1"),
        (lambda d: d["inputs"].append([1.0, 0, 9, False, 1.0]), "lane must be a lane number"),
        (lambda d: d["inputs"].append([1.0, 0, 1, False, 3.0]), "velocity must be a number 0-1"),
        (lambda d: d["inputs"].append(["NaN", 0, 1, False, 1.0]), "time_s must be a finite"),
        (lambda d: d["inputs"].append([1.0, 0]), "must be \\[time_s"),
        (lambda d: d.pop("stats"), "stats"),
        (lambda d: d.update(stats=[]), "stats must be an object"),
    ],
)
def test_bad_replay_gives_a_replay_error_naming_the_file(tmp_path, replay, change, problem):
    _, rep = replay
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(mutate(replay_to_json(rep), change)))
    with pytest.raises(ReplayError, match=problem) as caught:
        read_replay(path)
    assert str(path) in str(caught.value)


def test_truncated_and_missing_replays(tmp_path, replay):
    _, rep = replay
    path = tmp_path / "cut.json"
    write_replay(rep, path)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ReplayError, match="not valid JSON"):
        read_replay(path)
    with pytest.raises(ReplayError, match="file not found"):
        read_replay(tmp_path / "absent.json")


def test_autoplay_inputs_are_repeatable_by_seed():
    track = groove_chart(2).track("p1", "expert")
    assert autoplay_inputs(track, 0, 0.02, 5) == autoplay_inputs(track, 0, 0.02, 5)
    assert autoplay_inputs(track, 0, 0.02, 5) != autoplay_inputs(track, 0, 0.02, 6)
