"""Replays: the engine parameters, every input and the final stats of one play.

Re-simulating a replay runs the very engine the game runs; `verify` compares every stat.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from game.core.chart import Chart
from game.core.duet import DuetSession
from game.core.engine import EngineParams
from game.core.events import InputEvent
from game.core.lanes import Difficulty, Part
from game.core.report import SessionReport, differences
from game.core.session import PlaySession

REPLAY_VERSION = 2
REPLAY_VERSION_BEFORE_STAR_POWER = 1
"""Replays of this version were recorded without star power: they verify without it."""


@dataclass(frozen=True, slots=True)
class PlayerSetup:
    """What one player played: part, difficulty and engine parameters."""

    part: Part
    difficulty: Difficulty
    params: EngineParams = field(default_factory=EngineParams)

    def __post_init__(self) -> None:
        object.__setattr__(self, "part", Part(self.part))
        object.__setattr__(self, "difficulty", Difficulty(self.difficulty))


@dataclass(frozen=True)
class Replay:
    """One play: the song it was played on, the players' setups, every input and the final stats.

    `song_path` is where the song was (a hint for finding it again); `chart_sha256` identifies
    the chart exactly, so a replay is never verified against another chart.
    """

    song_path: str
    chart_sha256: str
    players: tuple[PlayerSetup, ...]
    inputs: tuple[InputEvent, ...]
    stats: dict[str, object]
    version: int = REPLAY_VERSION


def new_session(chart: Chart, players: Sequence[PlayerSetup]) -> PlaySession:
    """A fresh session for one player, or a `DuetSession` for two."""
    tracks = [chart.track(p.part, p.difficulty) for p in players]
    params = [p.params for p in players]
    if len(players) == 2:
        return DuetSession(tracks, params, chart.tempo)
    if len(players) == 1:
        return PlaySession(tracks, params, tempo=chart.tempo)
    raise ValueError(f"Drum Duet is for one or two players, not {len(players)}")


def simulate(
    chart: Chart,
    players: Sequence[PlayerSetup],
    inputs: Iterable[InputEvent],
    frame_times: Iterable[float] | None = None,
) -> PlaySession:
    """Play `inputs` through a fresh session and judge everything to the end.

    With `frame_times` (ascending song seconds), each input is queued at the first frame at or
    after its time and `update` runs once per frame, as in the game; without, all at once.
    """
    session = new_session(chart, players)
    events = sorted(inputs, key=attrgetter("time_s"))
    if frame_times is None:
        session.judge_all(events)
        return session
    i = 0
    for frame in frame_times:
        while i < len(events) and events[i].time_s <= frame:
            session.queue_input(events[i])
            i += 1
        session.update(frame)
    for event in events[i:]:
        session.queue_input(event)
    session.finish()
    return session


def record(
    song_path: str, chart_sha256: str, players: Sequence[PlayerSetup], session: PlaySession
) -> Replay:
    """A replay of a finished session."""
    return Replay(
        song_path=song_path,
        chart_sha256=chart_sha256,
        players=tuple(players),
        inputs=tuple(session.inputs),
        stats=SessionReport.of(session).to_json(),
    )


def verify(chart: Chart, replay: Replay) -> list[str]:
    """Re-run the replay's inputs on `chart`; return every stat that differs (empty: verified)."""
    session = simulate(chart, replay.players, replay.inputs)
    stats = SessionReport.of(session).to_json()
    if replay.version == REPLAY_VERSION_BEFORE_STAR_POWER:
        for player in stats["players"]:
            player.pop("star_power", None)
    return differences(replay.stats, stats)
