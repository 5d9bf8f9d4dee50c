"""Invariants of the engine over generated charts (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.autoplay import autoplay_inputs
from game.core.duet import DuetSession
from game.core.engine import EngineParams
from game.core.events import InputEvent
from game.core.judgement import Judgement, WindowPreset
from game.core.lanes import Lane
from game.core.session import PlaySession
from game.core.tempo import TempoMap
from tests.core.strategies import note_tracks

ALL_PARAMS = st.builds(
    EngineParams,
    preset=st.sampled_from(list(WindowPreset)),
    pro_cymbals=st.booleans(),
    overhits_break_combo=st.booleans(),
    score_dynamics=st.booleans(),
)


def solo(track, params, inputs):
    session = PlaySession([track], [params])
    for e in inputs:
        session.queue_input(e)
    session.finish()
    return session


@settings(max_examples=60, deadline=None)
@given(note_tracks(), ALL_PARAMS)
def test_autoplay_on_any_chart_is_100_percent_and_a_full_combo(track, params):
    stats = solo(track, params, autoplay_inputs(track)).stats()[0]
    assert stats.accuracy == 1.0 and stats.grade == "SS"
    assert stats.full_combo and stats.max_combo == len(track)
    assert stats.counts[Judgement.PERFECT] == len(track)
    assert stats.counts[Judgement.OVERHIT] == 0


@settings(max_examples=60, deadline=None)
@given(note_tracks(), st.integers(0, 2**32 - 1))
def test_hits_jittered_within_25_ms_are_all_perfect(track, seed):
    stats = solo(track, EngineParams(), autoplay_inputs(track, 0, 0.025, seed)).stats()[0]
    assert stats.counts[Judgement.PERFECT] == len(track)
    assert all(abs(e) <= 0.025 + 1e-9 for e in stats.errors_s)


@settings(max_examples=60, deadline=None)
@given(note_tracks(min_step_s=0.11), st.integers(0, 2**32 - 1))
def test_hits_jittered_within_50_ms_are_never_worse_than_great(track, seed):
    stats = solo(track, EngineParams(), autoplay_inputs(track, 0, 0.050, seed)).stats()[0]
    assert stats.counts[Judgement.PERFECT] + stats.counts[Judgement.GREAT] == len(track)


random_hits = st.lists(
    st.tuples(
        st.floats(-1.0, 110.0), st.sampled_from(list(Lane)), st.booleans(), st.floats(0.0, 1.0)
    ),
    max_size=150,
)


@settings(max_examples=60, deadline=None)
@given(note_tracks(), ALL_PARAMS, random_hits, st.lists(st.floats(0.001, 0.5), min_size=1))
def test_score_never_decreases_and_accuracy_stays_in_0_1(track, params, hits, frame_gaps):
    session = PlaySession([track], [params])
    for t, lane, cymbal, velocity in hits:
        session.queue_input(InputEvent(t, 0, lane, cymbal, velocity))
    now, last_score, k = -1.0, 0, 0
    while not session.finished:
        now += frame_gaps[k % len(frame_gaps)]
        k += 1
        for event in session.update(now):
            assert getattr(event, "points", 0) >= 0
        stats = session.stats()[0]
        assert stats.score >= last_score
        assert 0.0 <= stats.accuracy <= 1.0
        last_score = stats.score
    stats = session.stats()[0]
    judged = sum(stats.counts[j] for j in Judgement if j is not Judgement.OVERHIT)
    assert judged == len(track)


@settings(max_examples=40, deadline=None)
@given(note_tracks(), note_tracks())
def test_autoplay_duet_syncs_every_unison_note(p1, p2):
    session = DuetSession([p1, p2], [EngineParams()] * 2, TempoMap(480))
    for player, track in enumerate((p1, p2)):
        for e in autoplay_inputs(track, player):
            session.queue_input(e)
    session.finish()
    team = session.team_stats()
    assert team.syncs == team.unison_notes == len(session.unison)
    assert team.tightness_ms is None or team.tightness_ms < 1e-6  # float noise of a chord mean
    assert "signed-drumsticks" in team.awards
    assert all(s.accuracy == 1.0 for s in session.stats())
