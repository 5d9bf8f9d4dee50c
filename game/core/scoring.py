"""Scoring rules for one player: multiplier, points, accuracy, grade and the running score card."""

from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass, field

from game.core.judgement import Judgement
from game.core.star_power import StarPowerStats

DYNAMICS_BONUS = 20
ACCENT_RATIO = 0.7
GHOST_RATIO = 0.4
RECENT_PEAK_HITS = 8
"""The recent peak velocity is the loudest of the player's last this-many hits (this one too)."""


def multiplier_for(combo: int) -> int:
    """The combo multiplier: x1 below combo 10, x2 from 10, x3 from 20, x4 from 30."""
    return 1 + min(3, max(combo, 0) // 10)


def grade_for(accuracy: float) -> str:
    """The grade of an accuracy in [0, 1]: SS = 100%, S >= 95%, A >= 90%, B >= 80%, C >= 70%, D."""
    if accuracy >= 1.0:
        return "SS"
    for floor, grade in ((0.95, "S"), (0.90, "A"), (0.80, "B"), (0.70, "C")):
        if accuracy >= floor - 1e-12:
            return grade
    return "D"


@dataclass(frozen=True)
class PlayerStats:
    """A player's results: score, accuracy (0-1), grade, combos, counts, hit errors (s) and
    star power (phrases, completed, activations)."""

    score: int
    accuracy: float
    grade: str
    combo: int
    max_combo: int
    full_combo: bool
    counts: dict[Judgement, int]
    errors_s: tuple[float, ...]
    notes: int
    star_power: StarPowerStats = field(default_factory=StarPowerStats)

    @property
    def mean_error_ms(self) -> float | None:
        """Mean signed hit error in milliseconds (positive = late), None without hits."""
        return statistics.fmean(self.errors_s) * 1000.0 if self.errors_s else None

    @property
    def stdev_error_ms(self) -> float | None:
        """Population standard deviation of the hit errors in milliseconds, None without hits."""
        return statistics.pstdev(self.errors_s) * 1000.0 if self.errors_s else None


@dataclass
class ScoreCard:
    """The running score of one player; the engine feeds it judgements in time order."""

    notes: int
    overhits_break_combo: bool = False
    score: int = 0
    combo: int = 0
    max_combo: int = 0
    combo_broken: bool = False
    accuracy_tenths: int = 0
    judged_notes: int = 0
    counts: dict[Judgement, int] = field(default_factory=lambda: {j: 0 for j in Judgement})
    errors_s: list[float] = field(default_factory=list)
    _recent: deque[float] = field(default_factory=lambda: deque(maxlen=RECENT_PEAK_HITS))

    @property
    def multiplier(self) -> int:
        """The multiplier in force for the next note."""
        return multiplier_for(self.combo)

    def note_velocity(self, velocity: float) -> float:
        """Remember a hit's velocity; return the player's recent peak including it."""
        self._recent.append(velocity)
        return max(self._recent)

    def judge(self, judgement: Judgement, error_s: float = math.nan, factor: int = 1) -> int:
        """Count one judgement; return the points it scored (base x multiplier x `factor`).

        A hit scores with the multiplier in force before it, then extends the combo.
        """
        self.counts[judgement] += 1
        points = 0
        if judgement.is_hit:
            points = judgement.base_points * self.multiplier * factor
            self.combo += 1
            self.max_combo = max(self.max_combo, self.combo)
            self.errors_s.append(error_s)
        if judgement is not Judgement.OVERHIT:
            self.judged_notes += 1
            self.accuracy_tenths += judgement.accuracy_tenths
        if judgement.breaks_combo(self.overhits_break_combo):
            self.combo = 0
            self.combo_broken = True
        self.score += points
        return points

    def add_bonus(self, points: int) -> None:
        """Add bonus points (dynamics, Sync); bonuses never touch the combo."""
        if points < 0:
            raise ValueError("bonus points are never negative")
        self.score += points

    @property
    def accuracy(self) -> float:
        """Mean accuracy weight over the notes judged so far; 1.0 before any."""
        if not self.judged_notes:
            return 1.0
        return self.accuracy_tenths / (10.0 * self.judged_notes)

    def stats(self) -> PlayerStats:
        """A frozen copy of the results so far."""
        acc = self.accuracy
        return PlayerStats(
            score=self.score,
            accuracy=acc,
            grade=grade_for(acc),
            combo=self.combo,
            max_combo=self.max_combo,
            full_combo=not self.combo_broken,
            counts=dict(self.counts),
            errors_s=tuple(self.errors_s),
            notes=self.notes,
        )
