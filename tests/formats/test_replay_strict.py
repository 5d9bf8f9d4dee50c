"""Replay files are read strictly: a bool is not a number, a string is not a number, NaN and
infinite times are refused, lanes and players must exist; each refusal is one ReplayError naming
the file and the field (with the input's index). Over the input cap, a replay is refused."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.events import InputEvent
from game.core.lanes import Lane
from game.core.replay import Replay, record, simulate
from game.formats.errors import ReplayError
from game.formats.limits import MAX_REPLAY_BYTES
from game.formats.replay_file import (
    MAX_REPLAY_INPUTS,
    read_replay,
    replay_to_json,
    write_replay,
)
from tests.core.test_replay import SETUPS, groove_chart, messy_inputs

K = 3
"""The input whose field each case spoils."""


@pytest.fixture(scope="module")
def good_doc() -> dict:
    chart = groove_chart(4)
    session = simulate(chart, SETUPS, messy_inputs(chart))
    return replay_to_json(record("songs/groove", "cd" * 32, SETUPS, session))


def with_field(doc: dict, column: int, value: object) -> dict:
    doc = json.loads(json.dumps(doc))
    doc["inputs"][K][column] = value
    return doc


TIME, PLAYER, LANE, CYMBAL, VELOCITY = range(5)

BAD_INPUTS = [
    (LANE, True, f"inputs[{K}]: lane must be a lane number 0-4, not true"),
    (LANE, False, f"inputs[{K}]: lane must be a lane number 0-4, not false"),
    (LANE, 1.0, f"inputs[{K}]: lane must be a lane number 0-4, not the number 1.0"),
    (LANE, "1", f"inputs[{K}]: lane must be a lane number 0-4, not a string '1'"),
    (LANE, 5, f"inputs[{K}]: lane must be a lane number 0-4, not 5"),
    (LANE, -1, f"inputs[{K}]: lane must be a lane number 0-4, not -1"),
    (TIME, "12.5", f"inputs[{K}]: time_s must be a finite number of seconds, not a string '12.5'"),
    (TIME, True, f"inputs[{K}]: time_s must be a finite number of seconds, not true"),
    (TIME, 10**400, f"inputs[{K}]: time_s must be a finite number of seconds, not 1000000"),
    (LANE, 10**30, f"inputs[{K}]: lane must be a lane number 0-4, not 1000000"),
    (TIME, None, f"inputs[{K}]: time_s must be a finite number of seconds, not null"),
    (TIME, math.nan, f"inputs[{K}]: time_s must be a finite number of seconds, not nan"),
    (TIME, math.inf, f"inputs[{K}]: time_s must be a finite number of seconds, not inf"),
    (TIME, -math.inf, f"inputs[{K}]: time_s must be a finite number of seconds, not -inf"),
    (PLAYER, True, f"inputs[{K}]: player must be 0 or 1 (the replay's players), not true"),
    (PLAYER, 1.0, f"inputs[{K}]: player must be 0 or 1 (the replay's players), not the number"),
    (PLAYER, 2, f"inputs[{K}]: player must be 0 or 1 (the replay's players), not 2"),
    (PLAYER, -1, f"inputs[{K}]: player must be 0 or 1 (the replay's players), not -1"),
    (CYMBAL, 1, f"inputs[{K}]: cymbal must be true or false, not the number 1"),
    (CYMBAL, "false", f"inputs[{K}]: cymbal must be true or false, not a string 'false'"),
    (CYMBAL, None, f"inputs[{K}]: cymbal must be true or false, not null"),
    (VELOCITY, "1", f"inputs[{K}]: velocity must be a number 0-1, not a string '1'"),
    (VELOCITY, True, f"inputs[{K}]: velocity must be a number 0-1, not true"),
    (VELOCITY, math.nan, f"inputs[{K}]: velocity must be a number 0-1, not nan"),
    (VELOCITY, 1.5, f"inputs[{K}]: velocity must be a number 0-1, not 1.5"),
    (VELOCITY, -0.1, f"inputs[{K}]: velocity must be a number 0-1, not -0.1"),
]


@pytest.mark.parametrize(("column", "value", "message"), BAD_INPUTS)
def test_a_bad_input_field_is_refused_naming_the_file_index_and_field(
    tmp_path, good_doc, column, value, message
):
    path = tmp_path / "bad.replay.json"
    path.write_text(json.dumps(with_field(good_doc, column, value)))
    with pytest.raises(ReplayError) as caught:
        read_replay(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: malformed replay: ")
    assert message in text
    assert "\n" not in text


def spoil(doc: dict, how) -> dict:
    doc = json.loads(json.dumps(doc))
    how(doc)
    return doc


BAD_DOCS = [
    (lambda d: d.update(version=True), "unsupported replay version True"),
    (lambda d: d.update(version="1"), "unsupported replay version '1'"),
    (lambda d: d.pop("song"), "song is missing"),
    (lambda d: d.update(song=[]), "song must be an object, not a list"),
    (lambda d: d["song"].update(path=7), "song.path must be a string, not the number 7"),
    (lambda d: d["song"].update(chart_sha256="xyz"), "song.chart_sha256 must be 64 hexadecimal"),
    (lambda d: d.update(players={}), "players must be a list, not an object"),
    (lambda d: d["players"].__setitem__(1, "p2"), "players[1] must be an object, not a string"),
    (lambda d: d["players"][0].pop("part"), "players[0].part is missing"),
    (lambda d: d["players"][1].update(difficulty=3), "players[1].difficulty must be a string"),
    (lambda d: d["players"][0].update(params=[]), "players[0].params must be an object"),
    (lambda d: d["players"][1]["params"].update(preset=True), "players[1]: True is not a valid"),
    (lambda d: d.update(inputs={}), "inputs must be a list, not an object"),
    (lambda d: d["inputs"].__setitem__(K, {"t": 1}), f"inputs[{K}] must be [time_s, player"),
    (lambda d: d["inputs"][K].append(1), f"inputs[{K}] must be [time_s, player"),
    (lambda d: d.update(stats=None), "stats must be an object, not null"),
]


@pytest.mark.parametrize(("how", "message"), BAD_DOCS)
def test_a_bad_field_is_refused_naming_it(tmp_path, good_doc, how, message):
    path = tmp_path / "bad.replay.json"
    path.write_text(json.dumps(spoil(good_doc, how)))
    with pytest.raises(ReplayError) as caught:
        read_replay(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_whole_numbers_for_times_and_velocities_are_numbers(tmp_path, good_doc):
    doc = with_field(with_field(good_doc, TIME, 2), VELOCITY, 1)
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(doc))
    event = read_replay(path).inputs[K]
    assert (event.time_s, event.velocity) == (2.0, 1.0)
    assert type(event.time_s) is float and type(event.lane) is Lane


def test_a_replay_over_the_input_cap_is_refused(tmp_path, good_doc):
    doc = json.loads(json.dumps(good_doc))
    doc["inputs"] = [[1.0, 0, 1, False, 1.0]] * (MAX_REPLAY_INPUTS + 1)
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(ReplayError, match=f"more than the {MAX_REPLAY_INPUTS:,} allowed"):
        read_replay(path)


def test_writing_a_replay_over_the_input_cap_is_refused(tmp_path):
    inputs = (InputEvent(1.0, 0, Lane.RED),) * (MAX_REPLAY_INPUTS + 1)
    replay = Replay("s", "cd" * 32, SETUPS[:1], inputs, {})
    with pytest.raises(ReplayError, match="a replay may hold"):
        write_replay(replay, tmp_path / "huge.json")
    assert not (tmp_path / "huge.json").exists()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=5,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(column=st.integers(0, 4), value=JSON_VALUES)
def test_any_value_in_any_input_field_reads_or_is_a_replay_error(tmp_path, good_doc, column, value):
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(with_field(good_doc, column, value)))
    try:
        event = read_replay(path).inputs[K]
    except ReplayError as e:
        assert f"inputs[{K}]" in str(e)
        return
    # Accepted: then the value was of the field's own type, never coerced.
    got = (event.time_s, event.player, event.lane, event.cymbal, event.velocity)[column]
    assert got == value and (type(value) is bool) == (column == CYMBAL)


def test_replay_verify_refuses_a_file_over_the_size_cap_without_reading_it(tmp_path):
    assert MAX_REPLAY_BYTES == 16 * 1024 * 1024  # as README says: a cap-sized replay is ~6 MB
    path = tmp_path / "huge.replay.json"
    with path.open("wb") as f:
        f.truncate(MAX_REPLAY_BYTES + 1)  # sparse: nothing to read, only its size
    out = subprocess.run(
        [sys.executable, "-m", "game", "replay", "verify", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert out.stderr.strip() == (
        f"drum-duet: error: {path}: file is {MAX_REPLAY_BYTES + 1:,} bytes, "
        f"more than the {MAX_REPLAY_BYTES:,} allowed"
    )
