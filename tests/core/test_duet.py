"""The duet rules at their edges: Sync, Goodwill, Harmony, Tightness and the team's awards."""

from __future__ import annotations

from typing import get_args

import pytest

from game.core.duet import SIGNED_DRUMSTICKS, DuetSession
from game.core.engine import EngineParams
from game.core.events import HarmonyEvent, InputEvent, JudgementEvent, SyncEvent
from game.core.session import Event
from game.core.tempo import TempoChange, TempoMap
from tests.helpers import G, K, R, track

TEMPO_120 = TempoMap(480, [TempoChange(0, 500_000)])  # a 4/4 bar lasts 2 s


def duet(p1_notes, p2_notes, tempo=TEMPO_120):
    return DuetSession([track(*p1_notes), track(*p2_notes)], [EngineParams()] * 2, tempo)


def hit(session, t, player, lane, cymbal=True):
    session.queue_input(InputEvent(t, player, lane, cymbal))


def run(session, hits):
    for t, player, lane in hits:
        hit(session, t, player, lane)
    return session.finish()


@pytest.mark.parametrize(
    ("delta_ms", "syncs"), [(0.0, 1), (30.0, 1), (-30.0, 1), (30.1, 0), (-30.1, 0)]
)
def test_sync_when_both_hit_a_unison_note_within_30_ms(delta_ms, syncs):
    s = duet([(1.0, G, True)], [(1.0, G, True)])
    events = run(s, [(1.0, 0, G), (1.0 + delta_ms / 1000, 1, G)])
    assert s.syncs == syncs
    assert sum(isinstance(e, SyncEvent) for e in events) == syncs
    assert s.team_stats().tightness_ms == pytest.approx(abs(delta_ms))


def test_sync_gives_each_player_50_times_their_multiplier():
    p1 = [(0.5 * i, R) for i in range(10)] + [(10.0, K)]
    s = duet(p1, [(10.0, K)])
    run(s, [(0.5 * i, 0, R) for i in range(10)] + [(10.0, 0, K), (10.0, 1, K)])
    p1_stats, p2_stats = s.stats()
    # P1: ten x1 hits, then the kick at combo 10 (x2) = 200, then Sync at x2 = 100.
    assert p1_stats.score == 1000 + 200 + 100
    # P2: one x1 Perfect, then Sync 50 x (combo 1 -> x1).
    assert p2_stats.score == 100 + 50
    assert s.team_stats().score == p1_stats.score + p2_stats.score


def test_no_sync_when_either_player_misses_the_unison_note():
    s = duet([(1.0, K)], [(1.0, K)])
    run(s, [(1.0, 0, K)])
    team = s.team_stats()
    assert team.syncs == 0 and team.unison_notes == 1 and team.tightness_ms is None


def test_a_unison_chord_is_one_sync_per_note_both_play():
    s = duet([(1.0, K), (1.0, G, True), (1.0, R)], [(1.0, K), (1.0, G, True)])
    run(s, [(1.0, 0, K), (1.0, 0, G), (1.0, 0, R), (1.02, 1, K), (1.05, 1, G)])
    team = s.team_stats()
    assert team.unison_notes == 2 and team.syncs == 1  # the kick within 30 ms, the crash not
    assert team.tightness_ms == pytest.approx((20.0 + 50.0) / 2)


def test_tightness_is_the_mean_absolute_delta_over_unison_notes_both_hit():
    s = duet([(1.0, K), (2.0, K), (3.0, K)], [(1.0, K), (2.0, K), (3.0, K)])
    run(s, [(1.0, 0, K), (1.010, 1, K), (2.0, 0, K), (1.950, 1, K), (3.0, 0, K)])
    # 2.0 / 1.95: P2's hit at 1.95 takes the note at 2.0 (50 ms early); the note at 3.0 is missed.
    team = s.team_stats()
    assert team.tightness_ms == pytest.approx((10.0 + 50.0) / 2)
    assert team.syncs == 1


def test_goodwill_counts_perfects_syncs_misses_and_overhits_and_stays_in_0_100():
    s = duet([(1.0, K), (2.0, K)], [(1.0, K), (3.0, R)])
    hit(s, 1.0, 0, K)
    hit(s, 1.0, 1, K)
    s.update(1.5)  # 2 Perfects + a Sync = 6
    assert s.goodwill == 6
    hit(s, 1.6, 1, R)  # overhit -1
    s.update(1.7)
    assert s.goodwill == 5
    s.update(2.2)  # P1 misses 2.0: -3
    assert s.goodwill == 2
    s.finish()  # P2 misses 3.0: -3, floor 0
    assert s.goodwill == 0


def test_goodwill_tops_out_at_100():
    n = 120
    s = duet([(0.1 * i, K) for i in range(n)], [(100.0, R)])
    for i in range(n):
        hit(s, 0.1 * i, 0, K)
    s.update(50.0)
    assert s.goodwill == 100


def charged_duet(extra_p1=(), extra_p2=(), tempo=TEMPO_120, charge=50):
    """A duet whose first `charge` Perfects (by P1, 0.1 s apart) fill the meter to `charge`."""
    p1 = [(0.1 * i, K) for i in range(charge)] + list(extra_p1)
    s = duet(p1, [(100.0, R), *extra_p2], tempo)
    for i in range(charge):
        hit(s, 0.1 * i, 0, K)
    s.update(0.1 * charge)
    assert s.goodwill == charge
    return s


@pytest.mark.parametrize(
    ("gap_ms", "starts"), [(0, True), (100, True), (-100, True), (100.1, False)]
)
def test_harmony_starts_when_both_hit_green_within_100_ms(gap_ms, starts):
    s = charged_duet()
    hit(s, 6.0, 0, G)
    hit(s, 6.0 + gap_ms / 1000, 1, G)
    events = s.update(6.5)
    assert (s.harmony is not None) == starts
    assert any(isinstance(e, HarmonyEvent) and e.active for e in events) == starts


def test_harmony_needs_a_meter_of_50():
    s = charged_duet(charge=49)
    hit(s, 6.0, 0, G)
    hit(s, 6.05, 1, G)
    s.update(6.5)
    assert s.harmony is None


def test_harmony_with_one_player_alone_does_not_start():
    s = charged_duet()
    hit(s, 6.0, 0, G)
    hit(s, 6.05, 0, G)
    s.update(6.5)
    assert s.harmony is None


def test_harmony_doubles_points_for_8_bars_and_drains_the_meter():
    notes = [(7.0, R), (21.9, R), (22.1, R)]
    s = charged_duet(extra_p1=notes)
    hit(s, 6.0, 0, G)
    hit(s, 6.0, 1, G)
    s.update(6.0)
    assert s.harmony.end_s == pytest.approx(6.0 + 8 * 2.0)
    assert s.goodwill_at(6.0) == pytest.approx(50)
    assert s.goodwill_at(14.0) == pytest.approx(25)  # half way through 8 bars
    before = s.stats()[0].score
    for t in (7.0, 21.9, 22.1):
        hit(s, t, 0, R)
    events = s.update(30.0)
    gains = [e.points for e in events if getattr(e, "note_index", -1) >= 50]
    # Combo 50.. -> x4: inside Harmony 400 x 2, after it 400.
    assert gains == [800, 800, 400]
    assert s.stats()[0].score == before + 2000
    assert any(isinstance(e, HarmonyEvent) and not e.active for e in events)
    # Harmony ended at 22.0 with the meter at 0; the Perfect at 22.1 counts again.
    assert s.harmony is None and s.goodwill == 1


def test_harmony_length_is_8_bars_of_the_tempo_map_across_a_tempo_change():
    # 120 BPM for the first 4 bars (2 s each, to 8 s), then 60 BPM (4 s bars).
    tempo = TempoMap(480, [TempoChange(0, 500_000), TempoChange(4 * 1920, 1_000_000)])
    s = charged_duet(tempo=tempo)
    hit(s, 6.0, 0, G)
    hit(s, 6.0, 1, G)
    s.update(6.0)
    # 6.0 s is bar 3.0; bar 11.0 lies 1 bar (2 s) + 7 bars (28 s) later.
    assert s.harmony.end_s == pytest.approx(6.0 + 2.0 + 7 * 4.0)


def test_goodwill_gains_pause_during_harmony():
    s = charged_duet(extra_p1=[(7.0, R)])
    hit(s, 6.0, 0, G)
    hit(s, 6.0, 1, G)
    hit(s, 7.0, 0, R)
    s.update(8.0)
    assert s.goodwill_at(8.0) == pytest.approx(50 * (1 - 1 / 8))


def test_signed_drumsticks_for_two_full_combos_and_90_percent_syncs():
    p1 = [(float(i), G) for i in range(1, 11)]
    p2 = [(float(i), G) for i in range(1, 11)]
    good = duet(p1, p2)
    run(
        good,
        [(float(i), 0, G) for i in range(1, 11)]
        + [(i + (0.05 if i == 1 else 0.0), 1, G) for i in range(1, 11)],
    )
    assert good.syncs == 9
    assert good.team_stats().awards == (SIGNED_DRUMSTICKS,)
    short = duet(p1, p2)
    run(
        short,
        [(float(i), 0, G) for i in range(1, 11)]
        + [(i + (0.05 if i <= 2 else 0.0), 1, G) for i in range(1, 11)],
    )
    assert short.syncs == 8 and short.team_stats().awards == ()
    missed = duet(p1, p2)
    run(missed, [(float(i), 0, G) for i in range(1, 10)] + [(float(i), 1, G) for i in range(1, 11)])
    assert missed.team_stats().awards == ()


def test_every_event_of_a_duet_is_one_of_the_event_union_and_each_kind_occurs():
    """`Event` is the union of what a session returns: a duet with Syncs and a Harmony gives
    judgements, Syncs and Harmony events and nothing else."""
    s = charged_duet(extra_p1=[(7.0, R)])
    hit(s, 6.0, 0, G)
    hit(s, 6.0, 1, G)
    hit(s, 7.0, 0, R)
    events = s.update(5.0) + s.finish()
    assert get_args(Event) == (JudgementEvent, SyncEvent, HarmonyEvent)
    assert events and all(isinstance(e, Event) for e in events)
    assert {type(e) for e in events} == {JudgementEvent, HarmonyEvent}
    first = duet([(1.0, K)], [(1.0, K)])
    assert {type(e) for e in run(first, [(1.0, 0, K), (1.01, 1, K)])} == {
        JudgementEvent,
        SyncEvent,
    }
