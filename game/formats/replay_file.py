"""Replay files: versioned JSON with the engine parameters, every input and the final stats.

    {"format": "drum-duet-replay", "version": 1,
     "song": {"path": "...", "chart_sha256": "..."},
     "players": [{"part": "p1", "difficulty": "expert", "params": {...}}],
     "inputs": [[time_s, player, lane, cymbal, velocity], ...],
     "stats": {... as `drum-duet simulate --json` prints ...}}

Floats are written with Python's shortest round-trip repr, so a replay re-simulates exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.atomic import write_atomic
from game.core.engine import EngineParams
from game.core.events import InputEvent
from game.core.lanes import Difficulty, Lane, Part
from game.core.replay import REPLAY_VERSION, PlayerSetup, Replay
from game.formats.errors import ReplayError
from game.formats.limits import MAX_REPLAY_BYTES, read_bounded

FORMAT = "drum-duet-replay"


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
    """The inverse of `replay_to_json`; ValueError on anything malformed."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f'not a Drum Duet replay (expected "format": "{FORMAT}")')
    if doc.get("version") != REPLAY_VERSION:
        raise ValueError(f"unsupported replay version {doc.get('version')!r}")
    song = doc["song"]
    players = tuple(
        PlayerSetup(
            Part(p["part"]), Difficulty(p["difficulty"]), EngineParams.from_dict(p["params"])
        )
        for p in doc["players"]
    )
    if not 1 <= len(players) <= 2:
        raise ValueError(f"a replay has one or two players, not {len(players)}")
    inputs = []
    for k, row in enumerate(doc["inputs"]):
        if not isinstance(row, list) or len(row) != 5:
            raise ValueError(f"input {k} must be [time_s, player, lane, cymbal, velocity]")
        time_s, player, lane, cymbal, velocity = row
        if not isinstance(player, int) or not 0 <= player < len(players):
            raise ValueError(f"input {k} names player {player!r}")
        if not isinstance(cymbal, bool) or isinstance(time_s, bool):
            raise ValueError(f"input {k} is malformed")
        inputs.append(InputEvent(float(time_s), player, Lane(lane), cymbal, float(velocity)))
    stats = doc["stats"]
    if not isinstance(stats, dict):
        raise ValueError("stats must be an object")
    return Replay(
        song_path=str(song["path"]),
        chart_sha256=str(song["chart_sha256"]),
        players=players,
        inputs=tuple(inputs),
        stats=stats,
    )


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
    """Write a replay atomically: a reader sees the old file or the whole new one, never a part."""
    text = json.dumps(replay_to_json(replay), separators=(",", ":"))
    write_atomic(Path(path), text.encode("utf-8"))
