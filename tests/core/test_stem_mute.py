"""The drums stem's level: a miss mutes a player's share, the next hit brings it back."""

from __future__ import annotations

import math

import pytest

from game.core.engine import EngineParams
from game.core.events import InputEvent, JudgementEvent, SyncEvent
from game.core.judgement import Judgement
from game.core.lanes import Lane
from game.core.session import PlaySession
from game.core.stem_mute import DrumStemMute
from tests.helpers import R, track

P, GR, GO, M, OH = (
    Judgement.PERFECT,
    Judgement.GREAT,
    Judgement.GOOD,
    Judgement.MISS,
    Judgement.OVERHIT,
)


def judged(judgement: Judgement, player: int = 0, time_s: float = 1.0) -> JudgementEvent:
    """A judgement event of `player` (the fields the rule does not read are plausible)."""
    note = -1 if judgement is OH else 0
    return JudgementEvent(time_s, player, note, Lane.RED, judgement, math.nan, 0, 0, 0, 1)


def levels(rule: DrumStemMute, sequence: list[JudgementEvent]) -> list[float]:
    return [rule.on_events([e]) for e in sequence]


def test_solo_level_starts_on_mutes_on_a_miss_and_returns_on_the_next_hit():
    rule = DrumStemMute()
    assert rule.level == 1.0
    seq = [judged(P), judged(M), judged(M), judged(GO), judged(GR), judged(M), judged(P)]
    assert levels(rule, seq) == [1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0]


def test_overhit_keeps_the_drums_unless_overhits_break_combo():
    assert levels(DrumStemMute(), [judged(OH), judged(M), judged(OH)]) == [1.0, 0.0, 0.0]
    strict = DrumStemMute(overhits_break_combo=True)
    assert levels(strict, [judged(P), judged(OH), judged(GO)]) == [1.0, 0.0, 1.0]


def test_duet_each_player_owns_half_of_the_level():
    rule = DrumStemMute(players=2)
    seq = [
        judged(M, 0),  # P1 misses: half
        judged(P, 1),  # P2 hits: still half (P1 is still missing)
        judged(M, 1),  # both missing: silent
        judged(GR, 0),  # P1 back: half
        judged(GO, 1),  # both back: full
    ]
    assert levels(rule, seq) == [0.5, 0.5, 0.0, 0.5, 1.0]
    assert rule.is_on(0) and rule.is_on(1)


def test_duet_overhit_flag_is_per_player():
    rule = DrumStemMute(players=2, overhits_break_combo=[False, True])
    assert rule.on_events([judged(OH, 0)]) == 1.0
    assert rule.on_events([judged(OH, 1)]) == 0.5
    assert not rule.is_on(1)


def test_a_batch_of_events_is_followed_in_order_and_other_events_are_ignored():
    rule = DrumStemMute(players=2)
    sync = SyncEvent(1.0, 0, 0.01, (50, 50))
    assert rule.on_events([judged(M, 0), sync, judged(P, 0), judged(M, 1), judged(M, 5)]) == 0.5
    assert rule.is_on(0) and not rule.is_on(1)


def test_bad_player_counts_are_refused():
    with pytest.raises(ValueError):
        DrumStemMute(players=0)
    with pytest.raises(ValueError):
        DrumStemMute(players=2, overhits_break_combo=[True])


def test_level_follows_a_real_session_miss_then_hit():
    """Events straight from the engine: note 1 hit, note 2 missed, note 3 hit."""
    session = PlaySession([track((1.0, R), (2.0, R), (3.0, R))], [EngineParams()])
    for t in (1.0, 3.01):
        session.queue_input(InputEvent(t, 0, R))
    rule = DrumStemMute()
    trace = [(now, rule.on_events(session.update(now))) for now in (1.5, 2.05, 2.2, 3.05)]
    # the miss is known once note 2's Good window (+90 ms) has closed, not before
    assert trace == [(1.5, 1.0), (2.05, 1.0), (2.2, 0.0), (3.05, 1.0)]
