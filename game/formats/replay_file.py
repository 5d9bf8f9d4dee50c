"""Replay files: versioned JSON with the engine parameters, every input and the final stats.

    {"format": "drum-duet-replay", "version": 2,
     "song": {"path": "...", "chart_sha256": "..."},
     "players": [{"part": "p1", "difficulty": "expert", "params": {...}}],
     "inputs": [[time_s, player, lane, cymbal, velocity], ...],
     "stats": {... as `drum-duet simulate --json` prints ...}}

Floats are written with Python's shortest round-trip repr, so a replay re-simulates exactly.
Version 1 replays (recorded before star power) still load: their players play without star power
and their stats carry no "star_power", as they were recorded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from game.base.atomic import write_atomic
from game.base.bounded import read_bounded
from game.core.engine import EngineParams
from game.core.events import InputEvent
from game.core.lanes import Difficulty, Lane, Part
from game.core.replay import REPLAY_VERSION, REPLAY_VERSION_BEFORE_STAR_POWER, PlayerSetup, Replay
from game.formats.errors import ReplayError
from game.formats.limits import MAX_REPLAY_BYTES

FORMAT = "drum-duet-replay"
MAX_REPLAY_INPUTS = 120_000
"""The most inputs a replay may hold: two players at 5.5 hits a second for three hours (a dense
Expert chart averages 4-6 notes a second), and it re-simulates in well under 2 s."""
_SHA256 = re.compile(r"[0-9a-f]{64}")


def replay_to_json(replay: Replay) -> dict[str, Any]:
    """A replay as a JSON-ready dict."""
    return {
        "format": FORMAT,
        "version": replay.version,
        "song": {"path": replay.song_path, "chart_sha256": replay.chart_sha256},
        "players": [
            {"part": p.part.value, "difficulty": p.difficulty.value, "params": p.params.to_dict()}
            for p in replay.players
        ],
        "inputs": [[e.time_s, e.player, int(e.lane), e.cymbal, e.velocity] for e in replay.inputs],
        "stats": replay.stats,
    }


def replay_from_json(doc: Any) -> Replay:
    """The inverse of `replay_to_json`; ValueError naming the field (and the input's index) on
    anything malformed. Types are strict: a bool is not a number, a string is not a number, NaN
    and infinite times are refused, lanes are 0-4 and players those of the replay."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f'not a Drum Duet replay (expected "format": "{FORMAT}")')
    version = doc.get("version")
    if type(version) is not int or version not in (
        REPLAY_VERSION_BEFORE_STAR_POWER,
        REPLAY_VERSION,
    ):
        raise ValueError(f"unsupported replay version {version!r}")
    song = _field(doc, "song", dict, "an object")
    song_path = _field(song, "path", str, "a string", "song.")
    chart_sha256 = _field(song, "chart_sha256", str, "a string", "song.")
    if not _SHA256.fullmatch(chart_sha256):
        raise ValueError("song.chart_sha256 must be 64 hexadecimal digits")
    players = _players(_field(doc, "players", list, "a list"), version)
    rows = _field(doc, "inputs", list, "a list")
    if len(rows) > MAX_REPLAY_INPUTS:
        raise ValueError(f"{len(rows):,} inputs, more than the {MAX_REPLAY_INPUTS:,} allowed")
    inputs = _inputs(rows, len(players))
    stats = _field(doc, "stats", dict, "an object")
    return Replay(
        song_path=song_path,
        chart_sha256=chart_sha256,
        players=players,
        inputs=inputs,
        stats=stats,
        version=version,
    )


def _field(doc: dict, key: str, kind: type, words: str, prefix: str = "") -> Any:
    """`doc[key]` when it is of type `kind` (exactly; a bool is no int); ValueError else."""
    if key not in doc:
        raise ValueError(f"{prefix}{key} is missing")
    value = doc[key]
    if type(value) is not kind:
        raise ValueError(f"{prefix}{key} must be {words}, not {_json_type(value)}")
    return value


def _players(items: list, version: int) -> tuple[PlayerSetup, ...]:
    if not 1 <= len(items) <= 2:
        raise ValueError(f"a replay has one or two players, not {len(items)}")
    players = []
    for k, p in enumerate(items):
        where = f"players[{k}]"
        if type(p) is not dict:
            raise ValueError(f"{where} must be an object, not {_json_type(p)}")
        part = _field(p, "part", str, "a string", f"{where}.")
        difficulty = _field(p, "difficulty", str, "a string", f"{where}.")
        params = _field(p, "params", dict, "an object", f"{where}.")
        if version == REPLAY_VERSION_BEFORE_STAR_POWER:
            if "star_power" in params:
                raise ValueError(f"{where}.params: star_power is not a version 1 parameter")
            params = {**params, "star_power": False}
        try:
            setup = PlayerSetup(Part(part), Difficulty(difficulty), EngineParams.from_dict(params))
        except ValueError as e:
            raise ValueError(f"{where}: {e}") from None
        players.append(setup)
    return tuple(players)


def _inputs(rows: list, players: int) -> tuple[InputEvent, ...]:
    """The input rows as events, every column checked at once (a replay may hold many); the
    first bad row is then found and named."""
    if not all(type(r) is list and len(r) == 5 for r in rows):
        k = next(k for k, r in enumerate(rows) if type(r) is not list or len(r) != 5)
        raise ValueError(f"inputs[{k}] must be [time_s, player, lane, cymbal, velocity]")
    if not rows:
        return ()
    columns = zip(*rows, strict=True)
    numbers = "0" if players == 1 else "0 or 1"
    checks: list[tuple[str, set[type], str, type, Callable[[np.ndarray], np.ndarray] | None]] = [
        ("time_s", _NUMBER, "a finite number of seconds", np.float64, np.isfinite),
        ("player", {int}, f"{numbers} (the replay's players)", np.int64, _below(players)),
        ("lane", {int}, "a lane number 0-4", np.int64, _below(len(Lane))),
        ("cymbal", {bool}, "true or false", np.bool_, None),
        ("velocity", _NUMBER, "a number 0-1", np.float64, _unit),
    ]
    times, who, lanes, cymbals, velocities = (
        _column(values, *check) for values, check in zip(columns, checks, strict=True)
    )
    lane_of = list(Lane)
    return tuple(
        InputEvent(t, p, lane_of[n], c, v)
        for t, p, n, c, v in zip(times, who, lanes, cymbals, velocities, strict=True)
    )


_NUMBER = {int, float}


def _below(count: int) -> Callable[[np.ndarray], np.ndarray]:
    """A check that whole numbers lie in 0 to `count` - 1."""
    return lambda a: (a >= 0) & (a < count)


def _unit(a: np.ndarray) -> np.ndarray:
    """Numbers in [0, 1] (NaN is not)."""
    return (a >= 0.0) & (a <= 1.0)


def _column(
    values: tuple,
    name: str,
    kinds: set[type],
    words: str,
    dtype: type,
    valid: Callable[[np.ndarray], np.ndarray] | None,
) -> list:
    """One input field of every row, as Python values of `dtype` (numbers as floats), checked at
    once; ValueError naming the first input whose value is not of `kinds` or not `valid`."""
    if set(map(type, values)) <= kinds:
        column = _as_array(values, dtype)
        if column is not None and (valid is None or bool(valid(column).all())):
            return column.tolist()
    for k, v in enumerate(values):
        one = _as_array((v,), dtype) if type(v) in kinds else None
        if one is None or (valid is not None and not bool(valid(one).all())):
            shown = _short(repr(v)) if type(v) in kinds else _json_type(v)
            raise ValueError(f"inputs[{k}]: {name} must be {words}, not {shown}")
    raise AssertionError("a bad column has a bad value")  # pragma: no cover


def _short(text: str, limit: int = 40) -> str:
    """`text` cut to `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _as_array(values: tuple, dtype: type) -> np.ndarray | None:
    """`values` as a numpy array of `dtype`, None when one does not fit (a huge number)."""
    try:
        return np.array(values, dtype=dtype)
    except OverflowError:
        return None


def _json_type(value: Any) -> str:
    """The JSON name of a decoded value's type, with the value when it is short."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"a string {value[:40]!r}"
    if isinstance(value, (int, float)):
        return f"the number {_short(repr(value))}"
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, dict) else type(value).__name__


def read_replay(path: str | Path) -> Replay:
    """Read a replay file; any problem is a ReplayError naming the file."""
    path = Path(path)
    data = read_bounded(path, MAX_REPLAY_BYTES, ReplayError)
    try:
        doc = json.loads(data.decode("utf-8"))
        return replay_from_json(doc)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ReplayError(path, f"not valid JSON: {e}") from None
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError) as e:
        raise ReplayError(path, f"malformed replay: {e}") from None


def write_replay(replay: Replay, path: str | Path) -> None:
    """Write a replay atomically: a reader sees the old file or the whole new one, never a part.

    A replay of more than MAX_REPLAY_INPUTS inputs is refused (ReplayError): it could not be read.
    """
    if len(replay.inputs) > MAX_REPLAY_INPUTS:
        raise ReplayError(
            path,
            f"{len(replay.inputs):,} inputs, more than the {MAX_REPLAY_INPUTS:,} a replay may hold",
        )
    text = json.dumps(replay_to_json(replay), separators=(",", ":"))
    write_atomic(Path(path), text.encode("utf-8"))
