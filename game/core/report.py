"""Results, typed from the engine to the results screen and the score book: `SessionReport`
(each player's `PlayerReport`, the duet's `TeamStats`); `to_json()` gives the JSON-ready dicts
that `drum-duet simulate --json` prints and replays keep."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.core.duet import DuetSession, TeamStats
from game.core.judgement import Judgement
from game.core.scoring import PlayerStats
from game.core.session import PlaySession
from game.core.star_power import StarPowerStats

COUNT_NAMES = {
    Judgement.PERFECT: "perfect",
    Judgement.GREAT: "great",
    Judgement.GOOD: "good",
    Judgement.MISS: "miss",
    Judgement.OVERHIT: "overhit",
}
"""The JSON name of each judgement's count, in the order the JSON lists them."""


@dataclass(frozen=True, slots=True)
class JudgementCounts:
    """How many notes (hits, for overhits) a player got of each judgement."""

    perfect: int = 0
    great: int = 0
    good: int = 0
    miss: int = 0
    overhit: int = 0

    @classmethod
    def of(cls, counts: dict[Judgement, int]) -> JudgementCounts:
        """The counts of an engine's `{Judgement: count}` (a judgement absent counts 0)."""
        return cls(**{name: counts.get(j, 0) for j, name in COUNT_NAMES.items()})

    def to_json(self) -> dict[str, int]:
        """The counts by name ("perfect" ... "overhit"), in that order."""
        return {name: getattr(self, name) for name in COUNT_NAMES.values()}


@dataclass(frozen=True, slots=True)
class PlayerReport:
    """One player's results: score, accuracy (0-1), grade, max combo, full combo, judgement
    counts, the hit-error summary (ms, positive = late; None without hits) and star power."""

    score: int
    accuracy: float
    grade: str
    max_combo: int
    full_combo: bool
    counts: JudgementCounts
    mean_error_ms: float | None
    stdev_error_ms: float | None
    star_power: StarPowerStats = field(default_factory=StarPowerStats)

    @classmethod
    def of(cls, stats: PlayerStats) -> PlayerReport:
        """The report of a player's engine stats."""
        return cls(
            score=stats.score,
            accuracy=stats.accuracy,
            grade=stats.grade,
            max_combo=stats.max_combo,
            full_combo=stats.full_combo,
            counts=JudgementCounts.of(stats.counts),
            mean_error_ms=stats.mean_error_ms,
            stdev_error_ms=stats.stdev_error_ms,
            star_power=stats.star_power,
        )

    def to_json(self) -> dict[str, Any]:
        """The player's results as a JSON-ready dict (the keys `simulate --json` prints)."""
        return {
            "score": self.score,
            "accuracy": self.accuracy,
            "grade": self.grade,
            "max_combo": self.max_combo,
            "full_combo": self.full_combo,
            "counts": self.counts.to_json(),
            "mean_error_ms": self.mean_error_ms,
            "stdev_error_ms": self.stdev_error_ms,
            "star_power": self.star_power.to_json(),
        }


def team_json(team: TeamStats) -> dict[str, Any]:
    """A duet team's results as a JSON-ready dict (the keys `simulate --json` prints)."""
    return {
        "score": team.score,
        "syncs": team.syncs,
        "unison_notes": team.unison_notes,
        "tightness_ms": team.tightness_ms,
        "harmonies": team.harmonies,
        "awards": list(team.awards),
    }


@dataclass(frozen=True, slots=True)
class SessionReport:
    """A play's results: each player's, in player order, and the team's for a duet (None solo)."""

    players: tuple[PlayerReport, ...]
    team: TeamStats | None = None

    @classmethod
    def of(cls, session: PlaySession) -> SessionReport:
        """The results of `session` so far (its final results once it is finished)."""
        players = tuple(PlayerReport.of(s) for s in session.stats())
        team = session.team_stats() if isinstance(session, DuetSession) else None
        return cls(players, team)

    @property
    def duet(self) -> bool:
        """True for a duet (two players and a team)."""
        return self.team is not None

    def to_json(self) -> dict[str, Any]:
        """The results as JSON-ready dicts: {"players": [...], "team": {...}} (no "team" solo);
        what `drum-duet simulate --json` prints and a replay keeps."""
        out: dict[str, Any] = {"players": [p.to_json() for p in self.players]}
        if self.team is not None:
            out["team"] = team_json(self.team)
        return out


def differences(expected: object, actual: object, path: str = "") -> list[str]:
    """Paths at which two JSON-like values differ, each with both values ("players[0].score")."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in sorted(set(expected) | set(actual), key=str):
            sub = f"{path}.{key}" if path else str(key)
            if key not in expected or key not in actual:
                out.append(
                    f"{sub}: {expected.get(key, '<absent>')!r} != {actual.get(key, '<absent>')!r}"
                )
            else:
                out.extend(differences(expected[key], actual[key], sub))
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(expected)} entries != {len(actual)} entries"]
        out = []
        for i, (a, b) in enumerate(zip(expected, actual, strict=True)):
            out.extend(differences(a, b, f"{path}[{i}]"))
        return out
    if type(expected) is not type(actual) or expected != actual:
        return [f"{path}: recorded {expected!r}, re-simulated {actual!r}"]
    return []
