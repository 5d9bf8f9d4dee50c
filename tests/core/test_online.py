"""A live duet over the network, one machine's side: the settled duet equals `simulate` of the
merged inputs whatever the link's delays, your feel judges at once, the partner is checked."""

from __future__ import annotations

import math
import random

import pytest

from game.core.autoplay import autoplay_inputs
from game.core.events import InputEvent, JudgementEvent
from game.core.lanes import Lane
from game.core.online import ClockOffset, OnlineDuet, PartnerFaultError, clock_offset
from game.core.replay import simulate
from game.core.report import SessionReport
from tests.core.test_replay import SETUPS, groove_chart, messy_inputs


@pytest.fixture(scope="module")
def chart():
    return groove_chart()


def play_over_link(chart, inputs, delays_s, frame_s=1 / 240, seed=0, gone=None):
    """Both machines play `inputs` (each its own player's) on song clocks ticking `frame_s`,
    each sending its new hits and promise every frame; a message from player p arrives
    `delays_s[p]` ± 40% later. `gone` = (from_s, back_s): the guest's game closes at song
    second from_s (what is on the wire either way is lost) and a new one comes back at back_s,
    given its kept hits and all the host's. Returns the two sides, finished."""
    rng = random.Random(seed)
    sides = [OnlineDuet(chart, SETUPS, you) for you in (0, 1)]
    mine = [sorted((e for e in inputs if e.player == p), key=lambda e: e.time_s) for p in (0, 1)]
    next_hit = [0, 0]
    in_flight: list[list[tuple[float, list[InputEvent], float]]] = [[], []]  # to player p
    end = max(e.time_s for e in inputs) + 2.0
    now, last_arrival = -1.0, [-math.inf, -math.inf]
    while now < end:
        now += frame_s
        if gone is not None and gone[0] <= now < gone[1]:
            sides[1] = None
            in_flight = [[], []]
            while next_hit[1] < len(mine[1]) and mine[1][next_hit[1]].time_s <= now:
                next_hit[1] += 1  # played into a closed game
        elif gone is not None and sides[1] is None:
            host = sides[0]
            sides[1] = OnlineDuet(chart, SETUPS, 1)
            sides[1].resume(host.partner_kept(), host.partner_upto)
            sides[1].partner_hits(list(host.mine), host.sent_upto)
        for p, side in enumerate(sides):
            if side is None:
                continue
            batch = []
            while next_hit[p] < len(mine[p]) and mine[p][next_hit[p]].time_s <= now:
                batch.append(side.play(mine[p][next_hit[p]]))
                next_hit[p] += 1
            side.promise(now)
            delay = delays_s[p] * (1 + rng.uniform(-0.4, 0.4))
            arrival = max(last_arrival[p], now + delay)  # the link keeps order
            last_arrival[p] = arrival
            in_flight[1 - p].append((arrival, batch, now))
        for p, side in enumerate(sides):
            if side is None:
                continue
            while in_flight[p] and in_flight[p][0][0] <= now:
                _, batch, upto = in_flight[p].pop(0)
                side.partner_hits(batch, upto)
            side.update(now)
    for p, side in enumerate(sides):
        for _, batch, upto in in_flight[p]:
            side.partner_hits(batch, upto)
        side.finish()
    return sides


@pytest.mark.parametrize(
    ("delays_s", "seed"), [((0.15, 0.15), 1), ((0.01, 0.4), 2), ((0.3, 0.05), 3)]
)
def test_both_machines_settle_on_the_duet_simulate_plays_of_the_merged_inputs(
    chart, delays_s, seed
):
    inputs = messy_inputs(chart)
    inputs = [e for e in inputs if e.time_s < chart.duration_s]
    host, guest = play_over_link(chart, inputs, delays_s, seed=seed)
    want = SessionReport.of(simulate(chart, SETUPS, inputs)).to_json()
    for side in (host, guest):
        assert SessionReport.of(side.session).to_json() == want
        assert sorted(side.merged_inputs(), key=lambda e: (e.time_s, e.player)) == sorted(
            inputs, key=lambda e: (e.time_s, e.player)
        )
    assert host.session.team_stats() == guest.session.team_stats()
    assert host.session.team_stats().syncs > 0 and host.session.harmonies > 0


@pytest.mark.parametrize(("delays_s", "seed"), [((0.15, 0.15), 4), ((0.02, 0.3), 5)])
def test_a_guest_whose_game_closed_comes_back_and_both_still_settle_alike(chart, delays_s, seed):
    """The guest's game closes mid-song and a new one comes back a few seconds later: given
    its kept hits and all the host's, both machines end with the duet `simulate` plays of what
    the host had of the guest's before the close and what came after the return."""
    inputs = [e for e in messy_inputs(chart) if e.time_s < chart.duration_s]
    from_s, back_s = chart.duration_s * 0.3, chart.duration_s * 0.5
    host, guest = play_over_link(chart, inputs, delays_s, seed=seed, gone=(from_s, back_s))
    merged = host.merged_inputs()
    assert merged == guest.merged_inputs()
    guests = [e for e in merged if e.player == 1]
    assert any(e.time_s < from_s for e in guests) and any(e.time_s > back_s for e in guests)
    assert not any(from_s - 0.5 * delays_s[1] < e.time_s <= back_s for e in guests)
    want = SessionReport.of(simulate(chart, SETUPS, merged)).to_json()
    assert SessionReport.of(host.session).to_json() == want
    assert SessionReport.of(guest.session).to_json() == want
    assert guest.feel.stats().counts == guest.session.engines[1].stats().counts


def test_only_a_fresh_duet_resumes_and_never_past_its_promise(chart):
    side = OnlineDuet(chart, SETUPS, you=1)
    with pytest.raises(ValueError, match="after the promise"):
        side.resume([InputEvent(2.0, 1, Lane.RED)], 1.0)
    side = OnlineDuet(chart, SETUPS, you=1)
    side.resume([InputEvent(0.5, 1, Lane.RED)], 1.0)
    assert side.sent_upto == 1.0 and side.play(InputEvent(0.9, 1, Lane.KICK)).time_s > 1.0
    with pytest.raises(ValueError, match="only a duet with no hits"):
        side.resume([], 2.0)


def test_hits_at_the_very_same_instant_settle_in_one_order_on_both_machines(chart):
    """The bot with no jitter hits both parts' unison notes at the same float second: the
    machines must queue them alike (time, then player), as a replay's inputs are."""
    inputs = []
    for player, setup in enumerate(SETUPS):
        inputs += autoplay_inputs(chart.track(setup.part, setup.difficulty), player)
    host, guest = play_over_link(chart, inputs, (0.02, 0.3), seed=5)
    assert host.merged_inputs() == guest.merged_inputs()
    replayed = simulate(chart, SETUPS, host.merged_inputs())
    assert SessionReport.of(host.session).to_json() == SessionReport.of(replayed).to_json()
    assert host.session.team_stats().syncs == len(host.session.unison)


def test_your_feel_judges_at_once_and_takes_the_notes_the_settled_duet_takes(chart):
    side = OnlineDuet(chart, SETUPS, you=0)
    track = chart.track(SETUPS[0].part, SETUPS[0].difficulty)
    hits = autoplay_inputs(track, 0, 0.02, 4)
    first = hits[0]
    side.play(first)
    feel, settled = side.update(first.time_s)
    assert len([e for e in feel if e.judgement.is_hit]) == 1  # before the partner sent a thing
    assert settled == []  # the partner has promised nothing: nothing is settled
    for hit in hits[1:]:
        side.play(hit)
    side.promise(chart.duration_s + 5)
    feel_events, _ = side.update(chart.duration_s + 5)
    side.partner_hits([], chart.duration_s + 5)
    side.finish()
    mine = [(e.note_index, e.judgement) for e in feel + feel_events if e.note_index >= 0]
    settled_engine = side.session.engines[0]
    assert [j for _, j in mine] and all(j.is_hit for _, j in mine)
    assert settled_engine.stats().counts == side.feel.stats().counts
    views = side.views()
    assert views[0] is side.feel and views[1] is side.session.engines[1]


def test_the_screen_is_shown_the_partners_settled_judgements_not_yours_twice(chart):
    side = OnlineDuet(chart, SETUPS, you=1)
    mine = InputEvent(1.0, 1, Lane.GREEN, True)
    theirs = InputEvent(1.01, 0, Lane.YELLOW, True)
    side.play(mine)
    side.promise(2.0)
    side.partner_hits([theirs], 2.0)
    _, settled = side.update(2.0)
    shown = side.shown(settled)
    judged = [e for e in shown if isinstance(e, JudgementEvent)]
    assert judged and all(e.player == 0 for e in judged)
    assert any(isinstance(e, JudgementEvent) and e.player == 1 for e in settled)


def test_a_hit_stamped_before_what_you_promised_is_moved_just_after_it(chart):
    side = OnlineDuet(chart, SETUPS, you=0)
    side.promise(3.0)
    kept = side.play(InputEvent(2.99, 0, Lane.RED))
    assert kept.time_s > 3.0 and kept.time_s == math.nextafter(3.0, math.inf)
    assert side.mine == [kept]


def test_a_partner_who_breaks_their_promise_is_refused_and_a_rejoins_resend_is_skipped(chart):
    side = OnlineDuet(chart, SETUPS, you=0)
    a, b = InputEvent(1.0, 1, Lane.KICK), InputEvent(1.5, 1, Lane.RED)
    assert side.partner_hits([a], 1.2) == 1
    assert side.partner_hits([a, b], 2.0) == 1  # sent again after a rejoin: `a` is here already
    assert side.theirs == 2
    with pytest.raises(PartnerFaultError, match="went back"):
        side.partner_hits([], 1.0)
    with pytest.raises(PartnerFaultError, match="promise"):
        side.partner_hits([InputEvent(3.5, 1, Lane.RED)], 3.0)
    with pytest.raises(PartnerFaultError, match="promise"):
        side.partner_hits([InputEvent(2.8, 1, Lane.RED), InputEvent(2.5, 1, Lane.RED)], 3.0)


def test_a_partner_who_leaves_misses_the_rest_and_the_duet_still_settles(chart):
    inputs = [e for e in messy_inputs(chart) if e.time_s < chart.duration_s]
    side = OnlineDuet(chart, SETUPS, you=0)
    for e in sorted((e for e in inputs if e.player == 0), key=lambda e: e.time_s):
        side.play(e)
    theirs = sorted(
        (e for e in inputs if e.player == 1 and e.time_s < 10.0), key=lambda e: e.time_s
    )
    side.partner_hits(theirs, 10.0)
    side.update(12.0)
    side.finish()  # the partner left at 10 s
    heard = [e for e in inputs if e.player == 0] + theirs
    want = SessionReport.of(simulate(chart, SETUPS, heard)).to_json()
    assert SessionReport.of(side.session).to_json() == want


def test_the_clock_offset_is_found_within_half_the_best_round_trip():
    rng = random.Random(9)
    true_offset = 1234.5678
    pings = []
    t = 100.0
    for _ in range(12):
        out, back = rng.uniform(0.11, 0.19), rng.uniform(0.11, 0.19)
        pings.append((t, t + out + true_offset, t + out + back))
        t += 0.5
    found = clock_offset(pings)
    assert isinstance(found, ClockOffset) and found.samples == 12
    assert found.rtt_s == pytest.approx(min(p[2] - p[0] for p in pings))
    assert abs(found.offset_s - true_offset) <= found.rtt_s / 2
    symmetric = [(0.0, 5.1, 0.2), (1.0, 6.3, 1.6)]  # the first is the faster: 5.1 - 0.1
    assert clock_offset(symmetric).offset_s == pytest.approx(5.0)
    with pytest.raises(ValueError, match="at least one"):
        clock_offset([])
    with pytest.raises(ValueError, match="before it left"):
        clock_offset([(2.0, 0.0, 1.0)])
