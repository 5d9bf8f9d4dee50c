"""Accuracy per lane: each lane counted as the engine counts its whole accuracy."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.engine import EngineParams, PlayerEngine
from game.core.events import InputEvent
from game.core.lane_accuracy import lane_accuracy
from game.core.lanes import Lane
from game.core.session import PlaySession
from tests.helpers import K, R, track


def played(notes, hits):
    """The engine of a solo session on `notes` [(time_s, lane)] given `hits` [(time_s, lane)],
    finished."""
    session = PlaySession([track(*notes)], [EngineParams()])
    for t, lane in hits:
        session.queue_input(InputEvent(t, 0, lane, False))
    session.finish()
    return session.engines[0]


def test_a_lane_played_alone_has_the_engines_own_accuracy():
    notes = [(0.5 * k, K) for k in range(8)]
    # 3 perfect, 2 great (35 ms late), 1 good (70 ms late), 2 missed
    offsets = [0.0, 0.0, 0.0, 0.035, 0.035, 0.070]
    engine = played(notes, [(0.5 * k + off, Lane.KICK) for k, off in enumerate(offsets)])
    (kick,) = lane_accuracy(engine)
    assert kick.lane is Lane.KICK and kick.notes == 8 and kick.hit == 6
    assert kick.accuracy == engine.stats().accuracy


def test_each_lane_counts_only_its_own_notes():
    notes = [(0.5 * k, K) for k in range(4)] + [(0.25 + 0.5 * k, R) for k in range(4)]
    engine = played(notes, [(0.5 * k, Lane.KICK) for k in range(4)])  # the snare left alone
    by_lane = {x.lane: x for x in lane_accuracy(engine)}
    assert set(by_lane) == {Lane.KICK, Lane.RED}
    assert by_lane[Lane.KICK].accuracy == 1.0 and by_lane[Lane.RED].accuracy == 0.0
    assert by_lane[Lane.RED].hit == 0 and by_lane[Lane.RED].notes == 4


def test_no_lane_judged_yet_has_no_accuracy():
    engine = PlayerEngine(track((1.0, K)))
    (kick,) = lane_accuracy(engine)
    assert kick.notes == 0 and kick.accuracy is None


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([K, R]), st.sampled_from([None, 0.0, 0.03, -0.06, 0.08])),
        min_size=1,
        max_size=30,
    )
)
def test_the_lanes_weighted_by_their_notes_give_the_engines_accuracy(plan):
    notes = [(0.4 * k, lane) for k, (lane, _) in enumerate(plan)]
    hits = [(0.4 * k + off, Lane(lane)) for k, (lane, off) in enumerate(plan) if off is not None]
    engine = played(notes, hits)
    lanes = lane_accuracy(engine)
    total = sum(x.notes for x in lanes)
    mean = sum(x.accuracy * x.notes for x in lanes if x.accuracy is not None) / total
    assert math.isclose(mean, engine.stats().accuracy, abs_tol=1e-12)
    assert sum(x.hit for x in lanes) == int(np.count_nonzero(~np.isnan(engine.hit_times)))
