"""Star power in the engine: phrases fill the meter, a fill's last note activates it, x2 while it
drains by bars, phrases extend it; in a duet phrases feed Goodwill instead."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.chart import NoteTrack, Phrase, PhraseKind
from game.core.duet import DuetSession
from game.core.engine import EngineParams
from game.core.events import InputEvent, JudgementEvent
from game.core.judgement import Judgement
from game.core.scoring import multiplier_for
from game.core.session import PlaySession
from game.core.star_power import (
    DUET_GOODWILL_PER_PHRASE,
    FULL_METER_BARS,
    PHRASE_GAIN,
    STAR_FACTOR,
    mark_star_power,
)
from game.core.tempo import TempoChange, TempoMap, TimeSignature
from tests.helpers import K, R

TEMPO_120 = TempoMap(480, [TempoChange(0, 500_000)])  # a 4/4 bar lasts 2 s
WALTZ_120 = TempoMap(480, [TempoChange(0, 500_000)], [TimeSignature(0, 3, 4)])  # 1.5 s a bar
TIMES = [0.5 * k for k in range(2, 60)]  # a red note every half second from 1.0 s to 29.5 s
PHRASE_A = Phrase(PhraseKind.STAR_POWER, 1.0, 2.0)  # holds 1.0 and 1.5
PHRASE_B = Phrase(PhraseKind.STAR_POWER, 3.0, 4.0)  # holds 3.0 and 3.5
FILL = Phrase(PhraseKind.FILL, 5.0, 6.01)  # holds 5.0, 5.5 and 6.0: 6.0 is its last note
PHRASE_C = Phrase(PhraseKind.STAR_POWER, 8.0, 9.0)  # holds 8.0 and 8.5


def marked(*phrases: Phrase, times=TIMES) -> NoteTrack:
    return mark_star_power(NoteTrack(times, [R] * len(times)), phrases)


def solo(track: NoteTrack, tempo: TempoMap = TEMPO_120, star_power: bool = True) -> PlaySession:
    return PlaySession([track], [EngineParams(star_power=star_power)], tempo=tempo)


def play(session: PlaySession, times, player: int = 0) -> list:
    for t in times:
        session.queue_input(InputEvent(t, player, R))
    return session.finish()


def engine_at(track: NoteTrack, now_s: float, tempo: TempoMap = TEMPO_120, times=TIMES):
    """Player 1's engine when the song reaches `now_s`, every note of `times` hit on time."""
    s = solo(track, tempo)
    for t in times:
        s.queue_input(InputEvent(t, 0, R))
    s.update(now_s)
    return s.engines[0]


def hits_at(events: list, time_s: float) -> JudgementEvent:
    return next(e for e in events if isinstance(e, JudgementEvent) and e.time_s == time_s)


def factor_at(events: list, time_s: float) -> float:
    """The factor beyond the combo multiplier that the Perfect hit at `time_s` scored with."""
    e = hits_at(events, time_s)
    return e.points / (100 * multiplier_for(e.combo - 1))  # scored at the combo before it


# marks -------------------------------------------------------------------------------------------
def test_marks_number_only_the_phrases_that_hold_notes_and_flag_each_fills_last_instant():
    empty = Phrase(PhraseKind.STAR_POWER, 0.1, 0.2)  # before the first note: holds nothing
    t = marked(empty, PHRASE_A, PHRASE_B, FILL)
    assert t.star_phrase_id[[0, 1]].tolist() == [0, 0]  # 1.0 and 1.5
    assert t.star_phrase_id[[4, 5]].tolist() == [1, 1]  # 3.0 and 3.5
    assert t.star_phrase.sum() == 4 and t.star_phrase_id[2] == -1  # 2.0 is outside (end is open)
    assert t.times[t.fill_end].tolist() == [6.0]
    assert t.times[t.fill_id >= 0].tolist() == [5.0, 5.5, 6.0]


# phrases fill the meter --------------------------------------------------------------------------
def test_a_phrase_hit_whole_fills_a_quarter():
    s = solo(marked(PHRASE_A))
    play(s, TIMES)
    engine = s.engines[0]
    assert engine.star_meter(10.0) == PHRASE_GAIN == 0.25
    assert engine.stats().star_power.filled == 1 and engine.stats().star_power.phrases == 1


def test_a_phrase_with_a_missed_note_fills_nothing():
    s = solo(marked(PHRASE_A))
    play(s, [t for t in TIMES if t != 1.5])
    assert s.engines[0].star_meter(10.0) == 0.0
    assert s.engines[0].stats().star_power.filled == 0


def test_an_overhit_inside_a_phrase_does_not_spoil_it():
    s = solo(marked(PHRASE_A))
    play(s, sorted([*TIMES, 1.25]))  # 1.25 is 250 ms from any note: an overhit
    assert s.engines[0].stats().counts[Judgement.OVERHIT] == 1
    assert s.engines[0].star_meter(10.0) == 0.25


def test_the_meter_stops_at_full():
    phrases = [Phrase(PhraseKind.STAR_POWER, 1.0 + k, 1.4 + k) for k in range(6)]
    s = solo(marked(*phrases))
    play(s, TIMES)
    assert s.engines[0].stats().star_power.filled == 6
    assert s.engines[0].star_meter(20.0) == 1.0


# activation --------------------------------------------------------------------------------------
def test_fills_are_offered_only_with_half_a_meter_and_star_power_off():
    track = marked(PHRASE_A, PHRASE_B, FILL)
    assert not engine_at(track, 2.5).star_ready(2.5)  # a quarter
    assert engine_at(track, 4.0).star_ready(4.0)  # a half
    assert not engine_at(track, 7.0).star_ready(7.0)  # active
    assert not engine_at(track, 15.0).star_ready(15.0)  # spent
    duet = DuetSession([track, track], [EngineParams()] * 2, TEMPO_120)
    for t in TIMES:
        duet.queue_input(InputEvent(t, 0, R))
    duet.update(4.0)
    assert not duet.engines[0].star_ready(4.0)  # no personal star power in a duet


def test_no_activation_under_half_a_meter():
    s = solo(marked(PHRASE_A, FILL))
    events = play(s, TIMES)
    engine = s.engines[0]
    assert engine.stats().star_power.activations == 0 and not engine.star_active(6.5)
    assert factor_at(events, 6.5) == 1  # no x2


def test_activation_on_the_fills_last_note_with_half_a_meter():
    s = solo(marked(PHRASE_A, PHRASE_B, FILL))
    events = play(s, TIMES)
    assert s.engines[0].stats().star_power.activations == 1
    assert not engine_at(s.engines[0].track, 5.999).star_active(5.999)
    assert engine_at(s.engines[0].track, 6.0).star_active(6.0)
    assert factor_at(events, 5.5) == 1 and factor_at(events, 6.0) == 1
    assert factor_at(events, 6.5) == 2  # x2 from the next note on


def test_missing_the_fills_last_note_does_not_activate():
    s = solo(marked(PHRASE_A, PHRASE_B, FILL))
    play(s, [t for t in TIMES if t != 6.0])
    engine = s.engines[0]
    assert engine.stats().star_power.activations == 0 and engine.star_meter(7.0) == 0.5


def test_the_note_that_carries_the_meter_to_half_does_not_open_its_own_fill():
    # Phrase B ends on the fill's last note: the meter was a quarter when the fill was played.
    b_on_fill = Phrase(PhraseKind.STAR_POWER, 5.5, 6.01)
    s = solo(marked(PHRASE_A, b_on_fill, FILL))
    play(s, TIMES)
    engine = s.engines[0]
    assert engine.stats().star_power.activations == 0 and engine.star_meter(7.0) == 0.5


def test_x2_multiplies_the_combo_multiplier_while_active():
    s = solo(marked(PHRASE_A, PHRASE_B, FILL))
    events = play(s, TIMES)
    for e in events:
        if isinstance(e, JudgementEvent) and 6.0 < e.time_s < 13.9:
            assert e.points == 100 * multiplier_for(e.combo - 1) * STAR_FACTOR, e


# drain -------------------------------------------------------------------------------------------
def test_the_meter_drains_over_8_bars_a_full_meter():
    track = marked(PHRASE_A, PHRASE_B, FILL)
    events = play(solo(track), TIMES)
    bar = 2.0
    assert engine_at(track, 6.0).star_meter(6.0) == 0.5
    drained = 0.5 - 1 / FULL_METER_BARS
    assert engine_at(track, 6.0 + bar).star_meter(6.0 + bar) == pytest.approx(drained)
    end = 6.0 + 0.5 * FULL_METER_BARS * bar  # half a meter lasts 4 bars: 14.0 s
    assert engine_at(track, end - 1e-6).star_active(end - 1e-6)
    assert not engine_at(track, end).star_active(end)
    assert engine_at(track, end).star_meter(end) == 0.0
    assert factor_at(events, 13.5) == STAR_FACTOR and factor_at(events, 14.0) == 1


def test_the_drain_counts_bars_of_the_time_signature():
    track = marked(PHRASE_A, PHRASE_B, FILL)
    end = 6.0 + 4 * 1.5  # four bars of 3/4 at 120 BPM
    assert engine_at(track, end - 1e-6, WALTZ_120).star_active(end - 1e-6)
    assert not engine_at(track, end + 1e-6, WALTZ_120).star_active(end + 1e-6)


def test_the_drain_follows_tempo_changes():
    # 120 BPM until 8 s (tick 7680), then 60 BPM: bars take 2 s, then 4 s.
    tempo = TempoMap(480, [TempoChange(0, 500_000), TempoChange(7680, 1_000_000)])
    track = marked(PHRASE_A, PHRASE_B, FILL)
    end = 8.0 + 3 * 4.0  # one bar at 120 BPM (6 -> 8 s), three at 60 BPM
    assert engine_at(track, end - 1e-6, tempo).star_active(end - 1e-6)
    assert not engine_at(track, end + 1e-6, tempo).star_active(end + 1e-6)


def test_a_phrase_completed_while_active_extends_it():
    track = marked(PHRASE_A, PHRASE_B, FILL, PHRASE_C)
    # At 8.5 s (1.25 bars after 6.0) the meter is 0.5 - 1.25/8 = 0.34375; +0.25 = 0.59375,
    # which lasts 0.59375 x 8 bars x 2 s = 9.5 s: until 18.0 s.
    assert engine_at(track, 8.49).star_meter(8.49) < 0.35
    assert engine_at(track, 8.5).star_meter(8.5) == pytest.approx(0.59375)
    assert engine_at(track, 17.999).star_active(17.999)
    assert not engine_at(track, 18.0).star_active(18.0)
    engine = engine_at(track, 30.0)
    assert engine.stats().star_power.filled == 3 and engine.stats().star_power.activations == 1


def test_star_power_can_be_used_again_after_it_runs_out():
    later = [Phrase(PhraseKind.STAR_POWER, 15.0 + k, 15.6 + k) for k in range(2)]
    second_fill = Phrase(PhraseKind.FILL, 19.0, 20.01)
    track = marked(PHRASE_A, PHRASE_B, FILL, *later, second_fill)
    assert engine_at(track, 30.0).stats().star_power.activations == 2
    assert not engine_at(track, 19.5).star_active(19.5)
    assert engine_at(track, 20.0).star_active(20.0)


def test_a_replay_from_before_star_power_plays_without_it():
    s = solo(marked(PHRASE_A, PHRASE_B, FILL), star_power=False)
    events = play(s, TIMES)
    assert s.engines[0].stats().star_power.activations == 0
    assert factor_at(events, 6.5) == 1


# properties --------------------------------------------------------------------------------------
PHRASES = [Phrase(PhraseKind.STAR_POWER, 1.0 + 2 * k, 2.0 + 2 * k) for k in range(8)]
FILLS = [Phrase(PhraseKind.FILL, 2.0 + 4 * k, 2.51 + 4 * k) for k in range(7)]


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from(TIMES), max_size=len(TIMES)))
def test_filled_phrases_are_those_hit_whole_and_star_power_at_most_doubles(missed):
    track = marked(*PHRASES, *FILLS)
    played = [t for t in TIMES if t not in missed]
    s = solo(track)
    play(s, played)
    plain = solo(track, star_power=False)
    play(plain, played)
    whole = sum(all(t not in missed for t in TIMES if p.holds(t)) for p in PHRASES)
    stats = s.engines[0].stats()
    assert stats.star_power.phrases == len(PHRASES) and stats.star_power.filled == whole
    base = plain.engines[0].stats().score
    assert base <= stats.score <= STAR_FACTOR * base
    if stats.star_power.activations == 0:
        assert stats.score == base
    for k in range(0, 64, 5):
        meter = engine_at(track, k * 0.5, times=played).star_meter(k * 0.5)
        assert 0.0 <= meter <= 1.0


@settings(max_examples=30, deadline=None)
@given(
    st.sets(st.sampled_from(TIMES), max_size=10),
    st.sampled_from([30.0, 60.0, 144.0, 1000.0]),
    st.floats(0.0, 0.1),
    st.integers(0, 2**16),
)
def test_star_power_does_not_depend_on_the_frame_rate(missed, fps, jitter, seed):
    track = marked(*PHRASES, *FILLS)
    played = [t + 0.01 * ((k * 7) % 5 - 2) for k, t in enumerate(TIMES) if t not in missed]
    whole = solo(track)
    play(whole, played)
    framed = solo(track)
    for t in played:
        framed.queue_input(InputEvent(t, 0, R))
    rng = random.Random(seed)
    now, step = 0.0, 1.0 / fps
    while now < 32.0:
        framed.update(now)
        now += step * (1.0 + rng.uniform(-jitter, jitter))
    framed.finish()
    a, b = whole.engines[0], framed.engines[0]
    assert a.stats() == b.stats()
    assert a.star.end_s == b.star.end_s and a.star_meter(40.0) == b.star_meter(40.0)


# the duet ----------------------------------------------------------------------------------------
def test_in_a_duet_each_completed_phrase_gives_goodwill_and_nothing_activates():
    times = [1.0, 1.5, 3.0, 3.5, 5.0, 5.5, 6.0, 6.5]
    with_marks = marked(PHRASE_A, PHRASE_B, FILL, times=times)
    without = NoteTrack(times, [R] * len(times))
    p2_hits = [t for t in times if t != 3.5]  # Player 2 spoils phrase B

    def goodwill(track: NoteTrack) -> tuple[float, DuetSession]:
        s = DuetSession([track, track], [EngineParams()] * 2, TEMPO_120)
        for t in times:
            s.queue_input(InputEvent(t, 0, R))
        for t in p2_hits:
            s.queue_input(InputEvent(t + 0.002, 1, R))
        s.finish()
        return s.goodwill_at(7.0), s

    marked_goodwill, s = goodwill(with_marks)
    plain_goodwill, _ = goodwill(without)
    # Player 1 completes A and B, Player 2 only A: three phrases.
    assert marked_goodwill - plain_goodwill == 3 * DUET_GOODWILL_PER_PHRASE
    assert [p.star_power.filled for p in s.stats()] == [2, 1]
    for engine in s.engines:
        assert engine.stats().star_power.activations == 0
        assert engine.star_meter(6.0) == 0.0 and not engine.star_active(6.5)


def test_a_track_without_marks_has_no_star_power():
    s = solo(NoteTrack(TIMES, [R] * len(TIMES)))
    play(s, TIMES)
    assert s.engines[0].stats().star_power.phrases == 0
    assert s.engines[0].star_meter(5.0) == 0.0 and not s.engines[0].star_active(5.0)
    assert math.isinf(s.engines[0].star.end_s)


def edge_play(shift_s: float) -> tuple[int, list[tuple[float, int]]]:
    """Star power from the fill's last note (6.0 s) to 14.0 s; a kick stands with the crash that
    activates it and with the note on the end; the notes on both edges are hit `shift_s` off.
    Returns the score and the (time, lane) of the notes that scored x2."""
    times = [*TIMES, 6.0, 14.0]
    lanes = [R] * len(TIMES) + [K, K]
    track = mark_star_power(NoteTrack(times, lanes), [PHRASE_A, PHRASE_B, FILL])
    s = solo(track)
    for t, lane in zip(times, lanes, strict=True):
        s.queue_input(InputEvent(t + (shift_s if t in (6.0, 14.0) else 0.0), 0, lane))
    events = [e for e in s.finish() if isinstance(e, JudgementEvent)]
    doubled = sorted(
        (float(track.times[e.note_index]), int(e.lane))
        for e in events
        if e.points == 100 * multiplier_for(e.combo - 1) * STAR_FACTOR
    )
    return s.engines[0].stats().score, doubled


def test_points_depend_on_the_notes_hit_not_on_a_hits_jitter_at_the_edges():
    score, doubled = edge_play(0.0)
    assert (6.0, K) not in doubled and (6.0, R) not in doubled  # the activating instant
    assert (14.0, K) not in doubled and (14.0, R) not in doubled  # the end is open
    assert (6.5, R) in doubled and (13.5, R) in doubled
    for shift_s in (-0.004, -0.001, 0.001, 0.004):
        assert edge_play(shift_s) == (score, doubled), shift_s


def test_a_subset_keeps_only_the_phrases_its_notes_are_in():
    track = marked(PHRASE_A, PHRASE_B, FILL, PHRASE_C)
    later = track.subset(track.times >= 3.0)  # phrase A is gone
    assert sorted(set(later.star_phrase_id.tolist())) == [-1, 0, 1]
    s = solo(later)
    play(s, [t for t in TIMES if t >= 3.0])
    assert s.engines[0].stats().star_power.phrases == 2
    assert s.engines[0].stats().star_power.filled == 2


def test_overlapping_phrases_of_one_kind_are_one_phrase():
    overlapping = [Phrase(PhraseKind.STAR_POWER, 1.0, 2.0), Phrase(PhraseKind.STAR_POWER, 1.4, 2.6)]
    track = marked(*overlapping, Phrase(PhraseKind.STAR_POWER, 3.0, 3.2))
    assert track.star_phrase_id[:6].tolist() == [0, 0, 0, 0, 1, -1]  # 1.0-2.5, then 3.0
