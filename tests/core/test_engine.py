"""Judging one player: scripted inputs on tiny charts, one rule per test."""

from __future__ import annotations

import math

import pytest

from game.core.engine import EngineParams, PlayerEngine
from game.core.events import InputEvent
from game.core.judgement import Judgement
from game.core.session import PlaySession
from tests.helpers import B, G, K, R, Y, track

P, GR, GO, M, OH = (
    Judgement.PERFECT,
    Judgement.GREAT,
    Judgement.GOOD,
    Judgement.MISS,
    Judgement.OVERHIT,
)


def play(notes, hits, params=None):
    """Judge `hits` ((time, lane[, cymbal]) tuples) on `notes` to the end; return the session."""
    session = PlaySession([track(*notes)], [params or EngineParams()])
    for h in hits:
        session.queue_input(InputEvent(h[0], 0, h[1], *h[2:]))
    session.finish()
    return session


def judgements(session):
    return [Judgement(int(j)) for j in session.engines[0].judgements]


def test_three_notes_hit_perfect_great_good():
    s = play([(1.0, R), (2.0, R), (3.0, R)], [(1.01, R), (1.96, R), (3.08, R)])
    assert judgements(s) == [P, GR, GO]
    assert s.engines[0].card.errors_s == pytest.approx([0.01, -0.04, 0.08])


def test_hit_is_judged_at_its_own_time_not_when_update_runs():
    session = PlaySession([track((1.0, R))], [EngineParams()])
    session.queue_input(InputEvent(1.002, 0, R))
    events = session.update(5.0)  # a very late frame notices the hit
    assert [e.judgement for e in events] == [P]
    assert events[0].error_s == pytest.approx(0.002)


def test_unhit_note_becomes_a_miss_when_its_window_passes():
    session = PlaySession([track((1.0, R))], [EngineParams()])
    assert session.update(1.05) == []
    (miss,) = session.update(1.2)
    assert miss.judgement is M and math.isnan(miss.error_s)


def test_hit_with_no_note_in_reach_is_an_overhit_and_keeps_combo_by_default():
    s = play([(1.0, R), (2.0, R)], [(1.0, R), (1.5, R), (2.0, R)])
    assert judgements(s) == [P, P]
    card = s.engines[0].card
    assert card.counts[OH] == 1 and card.max_combo == 2 and not card.combo_broken


def test_overhit_breaks_combo_when_that_option_is_on():
    params = EngineParams(overhits_break_combo=True)
    s = play([(1.0, R), (2.0, R)], [(1.0, R), (1.5, R), (2.0, R)], params)
    card = s.engines[0].card
    assert card.max_combo == 1 and card.combo_broken
    assert s.stats()[0].full_combo is False


def test_hit_on_the_wrong_lane_is_an_overhit_and_the_note_is_missed():
    s = play([(1.0, R)], [(1.0, Y)])
    assert judgements(s) == [M]
    assert s.engines[0].card.counts[OH] == 1


def test_kick_and_snare_at_one_instant_are_two_notes():
    s = play([(1.0, K), (1.0, R)], [(1.001, R), (1.003, K)])
    assert judgements(s) == [P, P]  # sorted by lane: kick first
    assert s.stats()[0].max_combo == 2


def test_chord_with_one_lane_missing_misses_only_that_note():
    s = play([(1.0, K), (1.0, R), (1.0, Y)], [(1.0, K), (1.0, Y)])
    assert judgements(s) == [P, M, P]


def test_repeated_notes_on_one_lane_each_hit_takes_the_earliest_unjudged_note():
    # Two snare notes 60 ms apart: both hits fall in both windows.
    s = play([(1.0, R), (1.06, R)], [(1.03, R), (1.04, R)])
    assert judgements(s) == [GR, P]
    assert s.engines[0].card.errors_s == pytest.approx([0.03, -0.02])


def test_single_hit_between_two_close_notes_takes_the_earlier_and_the_later_is_missed():
    s = play([(1.0, R), (1.06, R)], [(1.05, R)])
    assert judgements(s) == [GR, M]


def test_late_hit_after_a_missed_note_takes_the_next_note():
    # The first note's window closes at 1.09; a hit at 1.12 belongs to the note at 1.15.
    s = play([(1.0, R), (1.15, R)], [(1.12, R)])
    assert judgements(s) == [M, GR]


def test_early_hit_outside_the_window_is_an_overhit_and_does_not_consume_the_note():
    s = play([(1.0, R)], [(0.8, R), (1.0, R)])
    assert judgements(s) == [P]
    assert s.engines[0].card.counts[OH] == 1


@pytest.mark.parametrize("lane", [Y, B, G])
def test_pro_cymbals_off_any_hit_on_the_lane_counts(lane):
    s = play([(1.0, lane, True), (2.0, lane, False)], [(1.0, lane, False), (2.0, lane, True)])
    assert judgements(s) == [P, P]


@pytest.mark.parametrize("lane", [Y, B, G])
def test_pro_cymbals_on_a_cymbal_note_wants_a_cymbal_and_a_tom_note_a_tom(lane):
    params = EngineParams(pro_cymbals=True)
    notes = [(1.0, lane, True), (2.0, lane, False)]
    wrong = play(notes, [(1.0, lane, False), (2.0, lane, True)], params)
    assert judgements(wrong) == [M, M]
    assert wrong.engines[0].card.counts[OH] == 2
    right = play(notes, [(1.0, lane, True), (2.0, lane, False)], params)
    assert judgements(right) == [P, P]


def test_pro_cymbals_tom_hit_skips_an_earlier_cymbal_note_for_the_matching_tom_note():
    params = EngineParams(pro_cymbals=True)
    s = play([(1.0, Y, True), (1.03, Y, False)], [(1.01, Y, False)], params)
    assert judgements(s) == [M, P]


def test_pro_cymbals_do_not_apply_to_kick_and_snare():
    s = play([(1.0, K), (1.0, R)], [(1.0, K, True), (1.0, R, True)], EngineParams(pro_cymbals=True))
    assert judgements(s) == [P, P]


def test_miss_events_come_in_time_order_with_the_window_close_as_their_time():
    engine = PlayerEngine(track((1.0, R), (1.2, K), (1.4, Y)))
    misses = engine.advance_to(10.0)
    assert [m.note_index for m in misses] == [0, 1, 2]
    assert [m.time_s for m in misses] == pytest.approx([1.09, 1.29, 1.49])


def test_inputs_queued_out_of_order_are_judged_in_time_order():
    session = PlaySession([track((1.0, R), (1.5, R))], [EngineParams()])
    session.queue_input(InputEvent(1.5, 0, R))
    session.queue_input(InputEvent(1.0, 0, R))
    events = session.finish()
    assert [e.note_index for e in events] == [0, 1]
    assert [e.time_s for e in session.inputs] == [1.0, 1.5]


def test_input_for_an_unknown_player_is_refused():
    session = PlaySession([track((1.0, R))], [EngineParams()])
    with pytest.raises(ValueError, match="no player 1"):
        session.queue_input(InputEvent(1.0, 1, R))


def test_session_is_finished_only_when_every_note_is_judged():
    session = PlaySession([track((1.0, R))], [EngineParams()])
    session.update(0.5)
    assert not session.finished
    session.update(2.0)
    assert session.finished
