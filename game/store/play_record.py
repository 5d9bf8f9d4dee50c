"""What a finished play leaves in the score book: each player's result, the team's, the play
with its replay (stored compressed), and the lines of a high-score table."""

from __future__ import annotations

import json
import uuid
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.core.report import COUNT_NAMES, PlayerReport, SessionReport

if TYPE_CHECKING:
    from collections.abc import Sequence

    from game.core.replay import PlayerSetup

MAX_REPLAY_BYTES = 16 * 1024 * 1024  # largest replay kept: bytes of its UTF-8 JSON text
MAX_TEXT_CHARS = 256  # longest title or artist kept (characters)
MAX_NAME_CHARS = 32  # longest player name kept (characters)
COUNTS = tuple(COUNT_NAMES.values())  # "perfect" ... "overhit": the columns of the counts
Pick = tuple[Part, Difficulty]  # what one player plays: a part at a difficulty


@dataclass(frozen=True, slots=True)
class SongFacts:
    """The song a play was of, as the score book keeps it: its folder (as text any file takes),
    the SHA-256 of its chart (hex), its title and artist."""

    folder: str | Path
    chart_sha256: str
    title: str
    artist: str


class ReplayTooLargeError(ValueError):
    """A replay's JSON text is larger than MAX_REPLAY_BYTES; nothing was saved."""


@dataclass(frozen=True, slots=True)
class PlayerResult:
    """One player's result in a play; accuracy 0-1, hit errors in milliseconds (None: no hits)."""

    player: int
    name: str
    part: Part
    difficulty: Difficulty
    preset: WindowPreset
    score: int
    accuracy: float
    grade: str
    max_combo: int
    full_combo: bool
    perfect: int
    great: int
    good: int
    miss: int
    overhit: int
    mean_error_ms: float | None
    stdev_error_ms: float | None


@dataclass(frozen=True, slots=True)
class TeamResult:
    """A duet's team result: score, Syncs of unison notes, Tightness (ms), Harmonies, awards."""

    score: int
    syncs: int
    unison_notes: int
    tightness_ms: float | None
    harmonies: int
    awards: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlayRecord:
    """One finished play: the song, each player's result, the team's (duet) and the replay.

    `played_at` is UTC ISO-8601 text; `replay_json` is the replay file's JSON document (None
    when there is none, or when the record was read without it); `id` is None until saved;
    `key` is the play's own id (32 hex digits, made by `from_report`): the book keeps one play
    per key, so a play stored twice is kept once.
    """

    played_at: str
    song_folder: str
    chart_sha256: str
    title: str
    artist: str
    players: tuple[PlayerResult, ...]
    team: TeamResult | None = None
    replay_json: dict[str, Any] | None = field(default=None, hash=False, repr=False)
    id: int | None = None
    key: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if [p.player for p in self.players] not in ([0], [0, 1]):
            raise ValueError("a play has player 0, or players 0 and 1")
        if (self.team is not None) != (len(self.players) == 2):
            raise ValueError("a duet (two players) has team results and a solo play has none")

    @property
    def mode(self) -> str:
        """The mode: "solo" or "duet"."""
        return "duet" if len(self.players) == 2 else "solo"

    @classmethod
    def from_report(
        cls,
        report: SessionReport,
        song: SongFacts,
        setups: Sequence[PlayerSetup],
        names: Sequence[str] = (),
        replay_json: dict[str, Any] | str | None = None,
        played_at: datetime | None = None,
    ) -> PlayRecord:
        """The record of a play from its results, its song and each player's setup and name.

        A blank or missing name becomes "Player N"; `played_at` defaults to now (UTC);
        `replay_json` may be the replay document or its JSON text.
        """
        if len(report.players) != len(setups):
            raise ValueError(f"{len(report.players)} players' results for {len(setups)} players")
        results = []
        for i, (player, setup) in enumerate(zip(report.players, setups, strict=True)):
            name = one_line(names[i] if i < len(names) else "", MAX_NAME_CHARS) or f"Player {i + 1}"
            results.append(player_result(i, name, setup, player))
        t = report.team
        team = None
        if t is not None:
            team = TeamResult(
                t.score, t.syncs, t.unison_notes, t.tightness_ms, t.harmonies, tuple(t.awards)
            )
        if isinstance(replay_json, str):
            replay_json = decode_replay(replay_json.encode())
        when = (played_at or datetime.now(timezone.utc)).astimezone(timezone.utc)
        return cls(
            when.isoformat(timespec="seconds"), str(song.folder), str(song.chart_sha256),
            one_line(song.title), one_line(song.artist), tuple(results), team, replay_json,
            key=uuid.uuid4().hex,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class HighScore:
    """A line of a high-score table: who, how well (accuracy 0-1), when (UTC ISO-8601)."""

    play_id: int
    name: str
    score: int
    accuracy: float
    grade: str
    full_combo: bool
    preset: WindowPreset
    played_at: str


@dataclass(frozen=True, slots=True)
class SavedPart:
    """A player's part in a saved play that has a replay: who played which part how well
    (accuracy 0-1) and when (UTC ISO-8601); `player` is their number in the play (0 or 1)."""

    play_id: int
    player: int
    name: str
    part: Part
    difficulty: Difficulty
    score: int
    accuracy: float
    played_at: str


@dataclass(frozen=True)
class SongBests:
    """The best scores of one chart, modes apart: `solo` by (part, difficulty); `duet` each duet
    player's best by the (part, difficulty) they played; `team` the duet team's best by the pair
    of picks (`team_key`)."""

    solo: Mapping[Pick, int] = field(default_factory=dict)
    duet: Mapping[Pick, int] = field(default_factory=dict)
    team: Mapping[tuple[Pick, Pick], int] = field(default_factory=dict)

    def best_for(self, picks: Sequence[Pick]) -> int | None:
        """The best that applies to `picks`: one pick, its solo best; two, the team's best for
        that pair; None when never played so."""
        if len(picks) == 1:
            return self.solo.get(picks[0])
        if len(picks) == 2:
            return self.team.get(team_key(picks[0], picks[1]))
        return None


def team_key(a: Pick, b: Pick) -> tuple[Pick, Pick]:
    """The key of a duet's pair of picks, the same whichever player played which part."""
    order = list(Part)
    first, second = sorted((a, b), key=lambda pick: (order.index(pick[0]), pick[1].value))
    return first, second


def player_result(i: int, name: str, setup: PlayerSetup, report: PlayerReport) -> PlayerResult:
    """Player `i`'s PlayerResult from their results, name and setup."""
    c = report.counts
    return PlayerResult(
        i, name, Part(setup.part), Difficulty(setup.difficulty), WindowPreset(setup.params.preset),
        report.score, report.accuracy, report.grade, report.max_combo, report.full_combo,
        c.perfect, c.great, c.good, c.miss, c.overhit,
        report.mean_error_ms, report.stdev_error_ms,
    )  # fmt: skip


def encode_replay(doc: dict[str, Any]) -> tuple[int, bytes]:
    """(JSON size in bytes, zlib-compressed JSON) of a replay document; refuses > 16 MB."""
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    if len(text) > MAX_REPLAY_BYTES:
        raise ReplayTooLargeError(f"the replay is {len(text)} bytes; at most 16 MB is kept")
    return len(text), zlib.compress(text, 6)


def decode_replay(text: bytes) -> dict[str, Any]:
    """A replay document from its JSON text; ValueError when it is not a JSON object."""
    if len(text) > MAX_REPLAY_BYTES:
        raise ReplayTooLargeError(f"the replay is {len(text)} bytes; at most 16 MB is kept")
    doc = json.loads(text)
    if not isinstance(doc, dict):
        raise ValueError("a replay is a JSON object")
    return doc


def one_line(value: str, limit: int = MAX_TEXT_CHARS) -> str:
    """`value` as one line (runs of white space become one space) of at most `limit` characters."""
    return " ".join(str(value).split())[:limit]
