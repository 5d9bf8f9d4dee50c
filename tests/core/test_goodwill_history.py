"""The Goodwill meter over a finished duet, read again from its inputs: the same meter the
live duet showed at every moment, and the Harmonies where they ran."""

from __future__ import annotations

import numpy as np

from game.core.duet import DuetSession
from game.core.engine import EngineParams
from game.core.events import HarmonyEvent, InputEvent
from game.core.goodwill_history import goodwill_history
from game.core.tempo import TempoChange, TempoMap
from tests.helpers import G, K, R, track

TEMPO_120 = TempoMap(480, [TempoChange(0, 500_000)])


def live_duet():
    """A duet played live, updated every 50 ms: P1 fills the meter with 60 Perfects, both hit
    green together at 7 s (Harmony), P2 misses snares after it. Returns the session and the
    meter it showed at each update."""
    p1 = [(0.1 * i, K) for i in range(60)] + [(7.0, G)]
    p2 = [(7.0, G)] + [(25.0 + 0.5 * i, R) for i in range(6)]
    session = DuetSession([track(*p1), track(*p2)], [EngineParams()] * 2, TEMPO_120)
    hits = [InputEvent(0.1 * i, 0, K, False) for i in range(60)]
    hits += [InputEvent(7.0, 0, G, True), InputEvent(7.03, 1, G, True)]
    for e in hits:
        session.queue_input(e)
    shown, harmonies = [], []
    times = np.arange(0.0, 30.0, 0.05)
    for t in times:
        for e in session.update(float(t)):
            if isinstance(e, HarmonyEvent) and e.active:
                harmonies.append((e.time_s, e.end_s))
        shown.append(session.goodwill_at(float(t)))
    session.finish()
    return session, times, np.array(shown), harmonies


def test_the_history_reads_the_meter_the_live_duet_showed():
    session, times, shown, harmonies = live_duet()
    history = goodwill_history(session, times)
    assert np.array_equal(history.times_s, times)
    assert np.allclose(history.goodwill, shown)
    assert history.harmonies == tuple(harmonies) and len(harmonies) == 1
    assert shown.max() >= 60 and shown[-1] == 0  # it rose, Harmony drained it


def test_the_history_does_not_depend_on_how_often_it_is_read():
    session, times, shown, _ = live_duet()
    coarse = goodwill_history(session, times[::7])
    assert np.allclose(coarse.goodwill, shown[::7])


def test_reading_the_history_leaves_the_played_session_as_it_was():
    session, times, _, _ = live_duet()
    before = session.team_stats()
    goodwill_history(session, times)
    assert session.team_stats() == before
