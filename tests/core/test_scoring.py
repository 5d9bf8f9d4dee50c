"""Scoring: multiplier, points, accuracy, grades, combos and the dynamics bonus."""

from __future__ import annotations

import pytest

from game.core.engine import EngineParams, PlayerEngine
from game.core.events import InputEvent
from game.core.judgement import Judgement
from game.core.scoring import ScoreCard, grade_for, multiplier_for
from tests.helpers import ACCENT, GHOST, R, track

P, GR, GO, M, OH = (
    Judgement.PERFECT,
    Judgement.GREAT,
    Judgement.GOOD,
    Judgement.MISS,
    Judgement.OVERHIT,
)


@pytest.mark.parametrize(
    ("combo", "mult"), [(0, 1), (9, 1), (10, 2), (19, 2), (20, 3), (29, 3), (30, 4), (500, 4)]
)
def test_multiplier_by_combo(combo, mult):
    assert multiplier_for(combo) == mult


def test_points_use_the_multiplier_in_force_before_each_hit():
    card = ScoreCard(notes=40)
    points = [card.judge(P) for _ in range(40)]
    assert points[:10] == [100] * 10  # combo 0..9 before the hit: x1
    assert points[10:20] == [200] * 10
    assert points[20:30] == [300] * 10
    assert points[30:] == [400] * 10
    assert card.score == 100 * 10 * (1 + 2 + 3 + 4)


def test_points_per_judgement_and_a_miss_resets_the_combo():
    card = ScoreCard(notes=5)
    assert [card.judge(j) for j in (P, GR, GO, M, P)] == [100, 70, 40, 0, 100]
    assert card.combo == 1 and card.max_combo == 3 and card.combo_broken


def test_good_keeps_the_combo():
    card = ScoreCard(notes=12)
    for _ in range(10):
        card.judge(GO)
    assert card.combo == 10 and card.judge(GO) == 80


def test_factor_doubles_points_for_harmony():
    card = ScoreCard(notes=1)
    assert card.judge(GR, 0.03, factor=2) == 140


def test_accuracy_is_the_mean_weight_over_notes_and_ignores_overhits():
    card = ScoreCard(notes=4)
    for j in (P, GR, GO, M, OH, OH):
        card.judge(j)
    assert card.accuracy == pytest.approx((1.0 + 0.7 + 0.4 + 0.0) / 4)
    stats = card.stats()
    assert stats.counts[OH] == 2 and stats.counts[P] == 1
    assert stats.full_combo is False


@pytest.mark.parametrize(
    ("accuracy", "grade"),
    [
        (1.0, "SS"),
        (0.9999, "S"),
        (0.95, "S"),
        (0.9499, "A"),
        (0.90, "A"),
        (0.8999, "B"),
        (0.80, "B"),
        (0.7999, "C"),
        (0.70, "C"),
        (0.6999, "D"),
        (0.0, "D"),
    ],
)
def test_grade_boundaries(accuracy, grade):
    assert grade_for(accuracy) == grade


def test_grade_of_a_card_with_19_perfects_and_1_good_is_s_not_ss():
    card = ScoreCard(notes=20)
    for _ in range(19):
        card.judge(P)
    card.judge(GR)
    assert card.stats().grade == "S"  # 19.7 / 20 = 98.5%


def test_error_summary_in_milliseconds():
    card = ScoreCard(notes=3)
    for e in (-0.010, 0.0, 0.010):
        card.judge(P, e)
    stats = card.stats()
    assert stats.mean_error_ms == pytest.approx(0.0, abs=1e-9)
    assert stats.stdev_error_ms == pytest.approx(8.16496, rel=1e-4)


def test_no_hits_means_no_error_summary():
    card = ScoreCard(notes=1)
    card.judge(M)
    assert card.stats().mean_error_ms is None and card.stats().stdev_error_ms is None


def dynamics_engine(*notes, on=True):
    return PlayerEngine(track(*notes), EngineParams(score_dynamics=on))


def test_accent_hit_hard_enough_earns_the_dynamics_bonus():
    engine = dynamics_engine((1.0, R), (2.0, R, False, ACCENT))
    engine.hit(InputEvent(1.0, 0, R, velocity=1.0))  # recent peak 1.0
    hard = engine.hit(InputEvent(2.0, 0, R, velocity=0.7))
    assert hard.bonus == 20 and hard.points == 120


def test_accent_hit_too_softly_earns_no_bonus():
    engine = dynamics_engine((1.0, R), (2.0, R, False, ACCENT))
    engine.hit(InputEvent(1.0, 0, R, velocity=1.0))
    assert engine.hit(InputEvent(2.0, 0, R, velocity=0.69)).bonus == 0


def test_ghost_hit_softly_earns_the_bonus_and_hard_does_not():
    engine = dynamics_engine((1.0, R), (2.0, R, False, GHOST), (3.0, R, False, GHOST))
    engine.hit(InputEvent(1.0, 0, R, velocity=1.0))
    assert engine.hit(InputEvent(2.0, 0, R, velocity=0.4)).bonus == 20
    assert engine.hit(InputEvent(3.0, 0, R, velocity=0.41)).bonus == 0


def test_recent_peak_forgets_hits_older_than_the_last_eight():
    notes = [(1.0 + i, R) for i in range(9)] + [(10.0, R, False, GHOST)]
    engine = dynamics_engine(*notes)
    engine.hit(InputEvent(1.0, 0, R, velocity=1.0))
    for i in range(1, 9):
        engine.hit(InputEvent(1.0 + i, 0, R, velocity=0.5))
    # The 1.0 hit has left the window: the peak is 0.5 and 0.2 / 0.5 = 0.4.
    assert engine.hit(InputEvent(10.0, 0, R, velocity=0.2)).bonus == 20


def test_dynamics_bonus_only_when_the_player_scores_dynamics():
    engine = dynamics_engine((1.0, R), (2.0, R, False, ACCENT), on=False)
    engine.hit(InputEvent(1.0, 0, R, velocity=0.5))
    assert engine.hit(InputEvent(2.0, 0, R, velocity=1.0)).bonus == 0


def test_bonus_does_not_touch_the_combo():
    engine = dynamics_engine((1.0, R, False, ACCENT))
    event = engine.hit(InputEvent(1.0, 0, R, velocity=1.0))
    assert event.combo == 1 and engine.card.score == 120
