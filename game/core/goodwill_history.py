"""The Goodwill meter over a finished duet, for the results: the duet is played again from
its inputs (the result does not depend on how often it is updated) and the meter read at
chosen song times, with the spans Harmony ran."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from game.core.duet import DuetSession
from game.core.events import HarmonyEvent


@dataclass(frozen=True)
class GoodwillHistory:
    """The meter (0-100) at each of `times_s` (song seconds) and each Harmony's (start, end)."""

    times_s: np.ndarray
    goodwill: np.ndarray
    harmonies: tuple[tuple[float, float], ...]


def goodwill_history(session: DuetSession, times_s: Sequence[float]) -> GoodwillHistory:
    """The Goodwill meter of `session`'s play at each of `times_s` (song seconds, ascending),
    from a fresh duet of the same tracks, rules and tempo fed the same inputs."""
    times = np.asarray(times_s, dtype=np.float64)
    tracks = [e.track for e in session.engines]
    params = [e.params for e in session.engines]
    again = type(session)(tracks, params, session.tempo, type(session.engines[0]))
    for event in session.inputs:
        again.queue_input(event)
    meter = np.zeros(len(times))
    spans: list[tuple[float, float]] = []
    for k, t in enumerate(times.tolist()):
        for e in again.update(t):
            if isinstance(e, HarmonyEvent) and e.active:
                spans.append((e.time_s, e.end_s))
        meter[k] = again.goodwill_at(t)
    for e in again.finish():
        if isinstance(e, HarmonyEvent) and e.active:
            spans.append((e.time_s, e.end_s))
    return GoodwillHistory(times, meter, tuple(spans))
