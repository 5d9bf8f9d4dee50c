"""Accuracy per lane: the engine's accuracy rule (Perfect 10, Great 7, Good 4, Miss 0 tenths,
overhits not counted) over the notes of one lane at a time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.core.engine import PlayerEngine
from game.core.judgement import Judgement
from game.core.lanes import Lane

_TENTHS = np.array([Judgement(j).accuracy_tenths for j in range(len(Judgement))], dtype=np.int64)


@dataclass(frozen=True, slots=True)
class LaneAccuracy:
    """One lane's judged notes, how many of them were hit, and their accuracy (0-1; None
    before any is judged)."""

    lane: Lane
    notes: int
    hit: int
    accuracy: float | None


def lane_accuracy(engine: PlayerEngine) -> tuple[LaneAccuracy, ...]:
    """Each lane that has notes in the engine's track (kick first), with its accuracy so far
    counted as the engine counts its own: the mean accuracy weight of its judged notes."""
    judged = engine.judgements
    lanes = engine.track.lanes
    out = []
    for lane in Lane:
        mine = judged[(lanes == lane) & (judged >= 0)].astype(np.int64)
        if not np.any(lanes == lane):
            continue
        tenths = int(_TENTHS[mine].sum())
        accuracy = tenths / (10.0 * len(mine)) if len(mine) else None
        hit = int(np.count_nonzero(mine <= Judgement.GOOD))
        out.append(LaneAccuracy(lane, len(mine), hit, accuracy))
    return tuple(out)
