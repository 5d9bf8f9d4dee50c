"""Calibration arithmetic: taps matched to clicks, strays, the median and spread, the sign of the
offset that cancels a measured lag."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core.calibration import (
    MIN_TAPS,
    OFFSET_LIMIT_MS,
    STRAY_S,
    OffsetMeasurement,
    TapPlan,
    corrected_offset_ms,
    match_taps,
    measure,
    measure_taps,
    median_abs_deviation,
    offset_from_play,
    unsteady_reason,
)

PLAN = TapPlan(bpm=100.0, count_in=4, taps=16, start_s=1.0)
CLICKS = PLAN.tap_times()


def test_plan_at_100_bpm_counts_in_then_gives_clicks_to_tap_on():
    clicks = PLAN.click_times()
    assert len(clicks) == 20 and clicks[0] == 1.0
    assert clicks[1] - clicks[0] == pytest.approx(0.6)
    assert PLAN.tap_times() == clicks[4:]
    assert PLAN.first_tap_s == pytest.approx(clicks[4] - 0.3)
    assert PLAN.end_s == pytest.approx(clicks[-1] + 0.3)


@pytest.mark.parametrize("bad", [{"bpm": 10.0}, {"taps": 0}, {"count_in": -1}])
def test_plan_rejects_a_test_that_cannot_be_played(bad):
    with pytest.raises(ValueError):
        TapPlan(**bad)


def test_taps_30_ms_late_measure_plus_30_with_no_spread():
    result = measure_taps([t + 0.030 for t in CLICKS], CLICKS)
    assert result == OffsetMeasurement(pytest.approx(30.0), pytest.approx(0.0), 16, 0)
    assert result.ready


def test_early_taps_measure_negative():
    assert measure_taps([t - 0.012 for t in CLICKS], CLICKS).median_ms == pytest.approx(-12.0)


def test_each_tap_is_matched_to_its_nearest_click_in_tap_order():
    marks = match_taps([CLICKS[3] + 0.29, CLICKS[0] - 0.01, CLICKS[1] + 0.31], CLICKS)
    assert [m.click for m in marks] == [3, 0, 2]
    assert [round(m.error_ms, 6) for m in marks] == [290.0, -10.0, -290.0]


def test_a_tap_far_from_the_median_is_a_stray_and_does_not_count():
    taps = [t + 0.020 for t in CLICKS[:10]] + [CLICKS[10] + 0.020 + STRAY_S + 0.01]
    marks = match_taps(taps, CLICKS)
    assert [m.stray for m in marks] == [False] * 10 + [True]
    result = measure(marks)
    assert result.count == 10 and result.strays == 1
    assert result.median_ms == pytest.approx(20.0)


def test_a_tap_just_inside_the_stray_limit_counts():
    taps = [t + 0.020 for t in CLICKS[:10]] + [CLICKS[10] + 0.020 + STRAY_S - 0.01]
    assert not match_taps(taps, CLICKS)[-1].stray


def test_a_steady_250_ms_lag_is_measured_not_thrown_away():
    """Wireless headphones: every tap lands late by a quarter second, all of them count."""
    result = measure_taps([t + 0.250 for t in CLICKS], CLICKS)
    assert result.count == 16 and result.median_ms == pytest.approx(250.0)


def test_a_double_tap_keeps_the_tap_nearer_the_median():
    taps = [t + 0.010 for t in CLICKS[:9]] + [CLICKS[4] + 0.060]
    marks = match_taps(taps, CLICKS)
    assert marks[4].click == marks[9].click == 4
    assert not marks[4].stray and marks[9].stray
    assert measure(marks).count == 9


def test_a_result_is_offered_only_from_eight_taps():
    assert not measure_taps([t + 0.01 for t in CLICKS[: MIN_TAPS - 1]], CLICKS).ready
    assert measure_taps([t + 0.01 for t in CLICKS[:MIN_TAPS]], CLICKS).ready


def test_no_taps_measure_nothing_and_no_clicks_is_an_error():
    assert measure_taps([], CLICKS) is None
    with pytest.raises(ValueError):
        match_taps([1.0], [])


def test_spread_is_the_median_absolute_deviation():
    assert median_abs_deviation([1.0, 2.0, 3.0, 4.0, 100.0]) == 1.0
    assert median_abs_deviation([]) == 0.0
    errors = [0.010, 0.020, 0.030, 0.040, 0.050, 0.060, 0.070, 0.080]
    result = measure_taps([t + e for t, e in zip(CLICKS, errors, strict=False)], CLICKS)
    assert result.median_ms == pytest.approx(45.0)
    assert result.spread_ms == pytest.approx(20.0)


def test_offset_from_play_is_the_median_hit_error_once_there_are_enough_hits():
    errors = [12.0, 15.0, 9.0, 40.0, 11.0, 13.0, 14.0, -80.0]
    assert offset_from_play(errors) == 12.5
    assert offset_from_play(errors[:-1]) is None
    assert offset_from_play([5.0], min_hits=1) == 5.0
    assert offset_from_play([]) is None


def test_the_measured_lag_adds_to_the_offset_already_applied():
    assert corrected_offset_ms(10.0, 20.0) == 30.0
    assert corrected_offset_ms(10.0, -25.0) == -15.0
    assert corrected_offset_ms(900.0, 200.0) == OFFSET_LIMIT_MS
    assert corrected_offset_ms(-900.0, -200.0) == -OFFSET_LIMIT_MS
    assert str(corrected_offset_ms(0.02, -0.04)) == "0.0"


# -- properties ----------------------------------------------------------------------------------

lags = st.floats(-0.28, 0.28)
jitters = st.lists(st.floats(-0.012, 0.012), min_size=16, max_size=16)


@given(lag=lags, jitter=jitters)
def test_steady_taps_measure_their_lag_within_the_jitter(lag, jitter):
    taps = [t + lag + j for t, j in zip(CLICKS, jitter, strict=True)]
    result = measure_taps(taps, CLICKS)
    assert result.count == 16 and result.strays == 0
    assert abs(result.median_ms - lag * 1000) <= 12.0 + 1e-6
    assert result.spread_ms <= 24.0 + 1e-6


@given(lag=lags, jitter=jitters, shift=st.floats(-100.0, 100.0), seed=st.integers(0, 99))
def test_measurement_ignores_tap_order_and_where_the_test_starts(lag, jitter, shift, seed):
    taps = [t + lag + j for t, j in zip(CLICKS, jitter, strict=True)]
    shuffled = taps[:]
    random.Random(seed).shuffle(shuffled)
    base = measure_taps(taps, CLICKS)
    moved = measure_taps([t + shift for t in shuffled], [c + shift for c in CLICKS])
    assert moved.count == base.count and moved.strays == base.strays
    assert moved.median_ms == pytest.approx(base.median_ms, abs=1e-6)
    assert moved.spread_ms == pytest.approx(base.spread_ms, abs=1e-6)


@given(
    lag=st.floats(-0.1, 0.1),
    stray_clicks=st.lists(st.integers(0, 15), min_size=1, max_size=4, unique=True),
    stray_at=st.floats(0.26, 0.29),
    sign=st.sampled_from([-1, 1]),
)
def test_a_few_strays_do_not_move_the_median(lag, stray_clicks, stray_at, sign):
    taps = [t + lag for t in CLICKS]
    strays = [CLICKS[k] + sign * stray_at for k in stray_clicks]
    result = measure_taps(taps + strays, CLICKS)  # each stray lies >= 160 ms from the lag
    assert result.count == 16 and result.strays == len(strays)
    assert result.median_ms == pytest.approx(lag * 1000, abs=1e-6)


@given(true_lag_ms=st.floats(-250.0, 250.0), current_ms=st.floats(-250.0, 250.0))
def test_applying_a_measurement_makes_the_offset_the_true_lag(true_lag_ms, current_ms):
    """Hits stamped `true_lag` late are seen `current` earlier by the clock; the correction
    lands on the true lag whatever offset was applied while measuring."""
    seen = [t + (true_lag_ms - current_ms) / 1000 for t in CLICKS]
    lag_left = true_lag_ms - current_ms
    if abs(lag_left) >= 290.0:  # beyond half a beat: not measurable at 100 BPM
        return
    measured = measure_taps(seen, CLICKS).median_ms
    assert corrected_offset_ms(current_ms, measured) == pytest.approx(true_lag_ms, abs=0.06)


@pytest.mark.parametrize(
    ("median_ms", "spread_ms", "count", "strays", "unsteady"),
    [
        (30.0, 0.0, 16, 0, None),
        (-159.0, 8.0, 16, 0, None),  # a big offset, steadily tapped, is trusted
        (10.0, 20.0, 16, 0, None),  # at the limit
        (10.0, 20.1, 16, 0, "half of the taps lie more than 20 ms from their median"),
        (-159.0, 50.0, 16, 0, "half of the taps lie more than 50 ms from their median"),
        (10.0, 5.0, 12, 4, None),  # 4 of 16 strays: a quarter
        (10.0, 5.0, 11, 5, "5 of 16 taps were far off the others"),
    ],
)
def test_taps_are_steady_only_with_a_small_spread_and_few_strays(
    median_ms, spread_ms, count, strays, unsteady
):
    reason = unsteady_reason(OffsetMeasurement(median_ms, spread_ms, count, strays))
    if unsteady is None:
        assert reason is None
    else:
        assert reason is not None and reason.startswith(unsteady)
