"""Practice mode's rules: speeds on the 5% grid, auto speed-up, section and A-B loops on beats,
the chart of a pass (notes in [A, B) at speed after a lead-in), hit windows at other speeds,
and the per-bar and per-section stats of real passes through the real engine."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.chart import Chart, NoteTrack, Section, SongMeta
from game.core.engine import EngineParams
from game.core.events import InputEvent
from game.core.judgement import Judgement
from game.core.lanes import Difficulty, Lane, Part
from game.core.practice import (
    BAD_ACCURACY,
    CLEAN_ACCURACY,
    DEFAULT_LEAD_IN_S,
    LOOP_TAIL_S,
    MAX_SPEED,
    MIN_SPEED,
    Loop,
    LoopError,
    PassageStat,
    ab_loop,
    bar_stats,
    check_loop,
    clamp_speed,
    clock_label,
    loop_audio_start_s,
    loop_chart,
    loop_end_played_s,
    loop_track,
    next_speed,
    section_loop,
    section_stats,
    snap_to_beat,
    step_speed,
    whole_song,
    worst_passage,
)
from game.core.session import PlaySession
from game.core.tempo import TempoChange, TempoMap, TimeSignature
from game.formats.song_folder import load_song
from tests.helpers import ROOT, K, R, Y, chart_of, track

SPEEDS = st.sampled_from([0.25, 0.5, 0.75, 0.85, 1.0, 1.25, 1.5])
GRID = [round(0.25 + 0.05 * k, 2) for k in range(26)]
FULL_X = (Part.FULL, Difficulty.EXPERT)


def nara() -> Chart:
    return load_song(ROOT / "charts" / "nara-soundcheck").chart


def eighths(bars: int, start_bar: int = 1, bpm: float = 120.0) -> Chart:
    """A 4/4 chart at `bpm` with a kick and a red note on every eighth of `bars` bars from
    `start_bar` (0-based), sections every two bars named "Part 1", "Part 2"..."""
    beat = 60.0 / bpm
    times = [(start_bar * 4 + k / 2) * beat for k in range(bars * 8)]
    notes = track(*[(t, K if i % 2 == 0 else R) for i, t in enumerate(times)])
    chart = chart_of({("full", "expert"): notes}, bpm)
    sections = tuple(Section(b * 4 * beat, f"Part {b // 2 + 1}") for b in range(0, 40, 2))
    return Chart(chart.meta, chart.tempo, chart.tracks, sections)


def play(chart: Chart, errors_s: dict[int, float] | None = None, missed: set[int] = frozenset()):
    """Play the full/expert track of `chart` through a real PlaySession: every note hit on time
    plus `errors_s[i]` seconds, except the `missed` ones; the engine."""
    notes = chart.track(*FULL_X)
    session = PlaySession([notes], [EngineParams()])
    errors_s = errors_s or {}
    for i in range(len(notes)):
        if i not in missed:
            t = float(notes.times[i]) + errors_s.get(i, 0.0)
            session.queue_input(InputEvent(t, 0, Lane(int(notes.lanes[i]))))
    session.finish()
    return session.engines[0]


# speeds ---------------------------------------------------------------------------------------
@given(st.floats(-10, 10))
def test_a_speed_is_rounded_to_the_5_percent_grid_and_kept_in_range(speed):
    got = clamp_speed(speed)
    assert got in GRID
    assert clamp_speed(got) == got
    if MIN_SPEED <= speed <= MAX_SPEED:
        assert abs(got - speed) <= 0.025 + 1e-9


@given(st.sampled_from(GRID), st.integers(-40, 40))
def test_steps_move_by_5_percent_and_stop_at_the_ends(speed, steps):
    got = step_speed(speed, steps)
    assert got == min(max(round(speed + 0.05 * steps, 2), MIN_SPEED), MAX_SPEED)
    assert got in GRID


def test_a_speed_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        clamp_speed(math.nan)


@pytest.mark.parametrize(
    ("speed", "accuracy", "top", "expected"),
    [
        (0.5, CLEAN_ACCURACY, 1.0, 0.55),  # clean: faster
        (0.5, 1.0, 1.0, 0.55),
        (1.0, 1.0, 1.0, 1.0),  # at the top: stays
        (0.95, 0.99, 1.0, 1.0),
        (1.2, 0.99, 1.5, 1.25),  # a top above 1.0
        (1.5, 0.99, 1.5, 1.5),
        (1.1, 0.99, 1.0, 1.1),  # already above the top: stays, never slows
        (0.5, 0.94, 1.0, 0.5),  # in between: the same
        (0.5, BAD_ACCURACY, 1.0, 0.5),
        (0.5, 0.79, 1.0, 0.45),  # bad: slower
        (0.25, 0.1, 1.0, 0.25),  # not below 0.25
        (0.5, math.nan, 1.0, 0.5),  # nothing judged: the same
    ],
)
def test_auto_speed_up_goes_faster_after_clean_passes_and_back_after_bad_ones(
    speed, accuracy, top, expected
):
    assert next_speed(speed, accuracy, top=top) == expected


def test_auto_speed_up_takes_another_target_and_bad_line():
    assert next_speed(0.7, 0.9, target=0.9) == 0.75
    assert next_speed(0.7, 0.89, target=0.9, bad=0.9) == 0.65


# loops ----------------------------------------------------------------------------------------
def test_section_loops_run_from_a_section_to_the_start_of_the_next_on_a_built_in_song():
    chart = nara()
    names = [s.name for s in chart.sections]
    assert names == ["Count-In", "Intro", "Verse", "Chorus", "Outro"]
    verse = section_loop(chart, 2, 2)
    assert (verse.start_s, verse.end_s, verse.label) == (
        chart.sections[2].time_s,
        chart.sections[3].time_s,
        "Verse",
    )
    span = section_loop(chart, 1, 3)
    assert span.label == "Intro – Chorus"
    assert (span.start_s, span.end_s) == (chart.sections[1].time_s, chart.sections[4].time_s)
    outro = section_loop(chart, 4, 4)  # the last section: to just after the last note
    assert outro.end_s == pytest.approx(chart.duration_s + LOOP_TAIL_S)
    last_note = max(float(t.times[-1]) for t in chart.tracks.values())
    assert outro.holds(last_note)


def test_a_section_range_out_of_the_song_is_refused():
    chart = nara()
    for first, last in [(3, 2), (-1, 0), (0, 5)]:
        with pytest.raises(LoopError):
            section_loop(chart, first, last)
    with pytest.raises(LoopError, match="no sections"):
        section_loop(chart_of({("full", "expert"): track((1.0, K))}), 0, 0)


def test_a_loop_without_notes_is_a_loop_that_check_loop_refuses():
    chart = nara()
    count_in = section_loop(chart, 0, 0)  # the count-in: no notes, a loop all the same
    assert (count_in.start_s, count_in.end_s) == (0.0, chart.sections[1].time_s)
    with pytest.raises(LoopError, match="There are no notes in this loop"):
        check_loop(chart, count_in)
    verse = section_loop(chart, 2, 2)
    assert check_loop(chart, verse) is verse
    assert check_loop(chart, verse, "p2", "expert") is verse
    lone = chart_of({("p1", "expert"): track((1.0, K)), ("p2", "expert"): track((3.0, K))})
    with pytest.raises(LoopError):
        check_loop(lone, Loop(0.5, 2.0, "x"), "p2", "expert")  # only the other part plays
    assert check_loop(lone, Loop(0.5, 2.0, "x"), "p1", "expert")


def test_sections_at_one_instant_end_at_the_next_that_starts_later():
    chart = eighths(8)
    beat = 0.5
    sections = (Section(0.0, "Intro"), Section(4 * beat, "A"), Section(4 * beat, "A'"))
    chart = Chart(chart.meta, chart.tempo, chart.tracks, (*sections, Section(16 * beat, "B")))
    loop = section_loop(chart, 1, 1)
    assert (loop.start_s, loop.end_s, loop.label) == (2.0, 8.0, "A")


def test_the_whole_song_holds_every_note():
    chart = nara()
    whole = whole_song(chart)
    assert whole.start_s == 0.0 and whole.label == "Whole song"
    for t in chart.tracks.values():
        assert all(whole.holds(float(x)) for x in t.times)


def odd_tempo_chart() -> Chart:
    """120 BPM in 4/4 for two bars, then 3/4 at 90 BPM, then 6/8 at 60 BPM; notes on beats."""
    tempo = TempoMap(
        480,
        [TempoChange(0, 500_000), TempoChange(3840, 666_667), TempoChange(3840 + 1440, 1_000_000)],
        [TimeSignature(0, 4, 4), TimeSignature(3840, 3, 4), TimeSignature(5280, 6, 8)],
    )
    times = tempo.seconds(np.arange(0, 9000, 240))
    notes = NoteTrack(times, [0] * len(times))
    return Chart(SongMeta("Odd"), tempo, {FULL_X: notes})


def test_a_time_snaps_to_the_nearest_beat_line_of_the_tempo_map():
    chart = odd_tempo_chart()
    tempo = chart.tempo
    beats, _ = tempo.beat_lines(0.0, 12.0)
    assert snap_to_beat(chart, 0.74) == pytest.approx(0.5)  # 4/4 at 120: beats every 0.5 s
    assert snap_to_beat(chart, 0.76) == pytest.approx(1.0)
    assert snap_to_beat(chart, 0.75) == pytest.approx(0.5)  # halfway: the earlier
    rng = np.random.default_rng(7)
    for t in rng.uniform(0.0, 11.5, 300):
        got = snap_to_beat(chart, float(t))
        nearest = beats[np.argmin(np.abs(beats - t))]
        assert got == pytest.approx(nearest, abs=1e-9), t
    assert snap_to_beat(chart, -0.2) == pytest.approx(0.0)


def test_an_ab_loop_is_snapped_to_beats_and_named_by_its_times():
    chart = nara()  # 90 BPM: a beat every 2/3 s
    loop = ab_loop(chart, 10.3, 12.9)
    assert loop.start_s == pytest.approx(10.0, abs=1e-4)
    assert loop.end_s == pytest.approx(12.0 + 2 / 3, abs=1e-4)
    assert loop.label == "A–B 0:10.0–0:12.7"
    assert clock_label(42.5) == "0:42.5" and clock_label(59.96) == "1:00.0"
    assert clock_label(125.04) == "2:05.0" and clock_label(-1.0) == "0:00.0"


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        (12.0, 10.0, "A must come before B"),
        (10.0, 10.0, "A must come before B"),
        (10.1, 10.2, "The loop is shorter than a beat"),  # both snap to 10.0
        (0.1, 0.5, "There are no notes between A and B"),  # the count-in is silent
    ],
)
def test_an_ab_loop_that_cannot_be_played_says_why(a, b, reason):
    with pytest.raises(LoopError) as caught:
        ab_loop(nara(), a, b)
    assert reason in str(caught.value)


def test_a_loop_must_start_before_it_ends():
    with pytest.raises(ValueError):
        Loop(2.0, 2.0, "empty")
    assert Loop(1.0004, 2.0006, "x").span_ms == (1000, 2001)


# the chart of a pass --------------------------------------------------------------------------
@settings(deadline=None, max_examples=60)
@given(
    SPEEDS,
    st.lists(st.integers(0, 400), min_size=1, max_size=60, unique=True),
    st.integers(0, 400),
    st.integers(1, 400),
    st.sampled_from([0.0, 0.5, 2.0, 5.0]),
)
def test_a_loop_chart_holds_the_notes_in_a_b_at_speed_after_the_lead_in(
    speed, slots, a_slot, length, lead_in
):
    step = 0.0625  # notes on a 1/16 grid at 60 BPM
    notes = track(*[(s * step, Lane(s % 5)) for s in slots])
    other = track(*[(s * step, K) for s in slots[::2]])
    chart = chart_of({("p1", "expert"): notes, ("p2", "expert"): other}, 60.0)
    loop = Loop(a_slot * step, (a_slot + length) * step, "loop")
    played = loop_chart(chart, loop, speed, lead_in)
    start = loop_audio_start_s(loop, speed, lead_in)
    assert start == pytest.approx(max(0.0, loop.start_s / speed - lead_in))
    for part in ("p1", "p2"):
        original = chart.track(part, "expert")
        keep = (original.times >= loop.start_s) & (original.times < loop.end_s)
        got = played.track(part, "expert")
        assert np.array_equal(got.lanes, original.lanes[keep])
        assert np.allclose(got.times, original.times[keep] / speed - start)
        assert loop_track(chart, loop, part, "expert") == original.subset(keep)
    if len(played.track("p1", "expert")):
        assert float(played.track("p1", "expert").times[0]) >= min(lead_in, loop.start_s / speed)
    # the tempo map moves with the notes: the beat at A in the original is at A in the pass
    assert float(played.tempo.bar_position(loop.start_s / speed - start)) == pytest.approx(
        float(chart.tempo.bar_position(loop.start_s))
    )
    assert loop_end_played_s(loop, speed, lead_in) == pytest.approx(loop.end_s / speed - start)


def test_the_lead_in_is_two_seconds_of_audio_at_speed_and_never_before_the_start():
    loop = Loop(10.0, 20.0, "x")
    assert loop_audio_start_s(loop, 0.5) == 20.0 - DEFAULT_LEAD_IN_S
    assert loop_audio_start_s(loop, 1.25) == pytest.approx(8.0 - DEFAULT_LEAD_IN_S)
    assert loop_audio_start_s(Loop(1.0, 2.0, "x"), 1.0) == 0.0
    with pytest.raises(ValueError):
        loop_audio_start_s(loop, 0.0)


def test_a_star_power_phrase_or_fill_cut_by_the_loop_counts_no_more():
    notes = NoteTrack(
        [1.0, 1.5, 2.0, 2.5, 3.0, 3.5],
        [0, 1, 0, 1, 0, 1],
        star_phrase_id=[0, 0, 1, 1, 2, 2],
        fill_id=[-1, 0, 0, -1, 1, 1],
    )
    chart = chart_of({("full", "expert"): notes})
    played = loop_chart(chart, Loop(1.5, 3.75, "x"), 1.0, 0.0).track(*FULL_X)
    assert list(played.star_phrase_id) == [-1, 0, 0, 1, 1]  # phrase 0 was cut by A
    assert list(played.fill_id) == [0, 0, -1, 1, 1]  # fill 0 is whole, 1 too
    assert list(played.fill_end) == [False, True, False, False, True]
    cut = loop_chart(chart, Loop(1.5, 3.25, "x"), 1.0, 0.0).track(*FULL_X)
    assert list(cut.fill_id) == [0, 0, -1, -1]  # fill 1 cut by B: its note at 3.0 ends nothing
    assert list(cut.star_phrase_id) == [-1, 0, 0, -1]
    assert not cut.fill_end[3]


def test_a_loop_chart_keeps_the_section_in_force_at_a_and_those_in_the_loop():
    chart = eighths(16)
    loop = section_loop(chart, 1, 2)  # "Part 2" and "Part 3": bars 2-5 at 120 BPM
    played = loop_chart(chart, loop, 0.5)
    start = loop_audio_start_s(loop, 0.5)
    assert [s.name for s in played.sections] == ["Part 2", "Part 3"]
    assert played.sections[0].time_s == pytest.approx(loop.start_s / 0.5 - start)
    inside = loop_chart(chart, Loop(loop.start_s + 0.5, loop.end_s, "x"), 1.0)
    assert [s.name for s in inside.sections] == ["Part 2", "Part 3"]


@pytest.mark.parametrize("speed", [0.5, 1.0, 0.25, 1.5])
def test_hit_windows_keep_their_width_in_played_time_at_any_speed(speed):
    """Practice plays the loop chart on the unchanged engine: 40 ms (played) late is Great and
    60 ms late is Good at 50% exactly as at 100% (YARG scales its windows in chart time by the
    speed, to the same effect)."""
    notes = track((1.0, K), (2.0, R), (3.0, Y), (4.0, K))
    chart = chart_of({("full", "expert"): notes})
    loop = Loop(0.5, 4.5, "x")
    played = loop_chart(chart, loop, speed).track(*FULL_X)
    session = PlaySession([played], [EngineParams()])
    offsets = [0.040, 0.060, -0.040, 0.095]  # played seconds from each note
    for i, off in enumerate(offsets):
        session.queue_input(InputEvent(float(played.times[i]) + off, 0, Lane(int(notes.lanes[i]))))
    session.finish()
    judged = [Judgement(j) for j in session.engines[0].judgements]
    assert judged == [Judgement.GREAT, Judgement.GOOD, Judgement.GREAT, Judgement.MISS]


# how a pass went ------------------------------------------------------------------------------
def test_bar_stats_of_a_real_slow_pass_find_the_late_bar_in_played_milliseconds():
    chart = eighths(8)  # bars 1-8 (0-based), 8 notes each
    loop = Loop(chart.tempo.seconds_after_bars(0.0, 2), chart.tempo.seconds_after_bars(0.0, 6), "x")
    speed = 0.5
    played = loop_chart(chart, loop, speed)
    original = loop_track(chart, loop, "full", "expert")
    assert len(original) == 32
    engine = play(played, {i: 0.030 for i in range(8, 16)}, missed={20})  # bar 4 late, one miss
    bars = bar_stats(
        chart, original, engine.judgements, engine.hit_times, speed, loop_audio_start_s(loop, speed)
    )
    assert [b.label for b in bars] == ["Bar 3", "Bar 4", "Bar 5", "Bar 6"]
    assert [b.notes for b in bars] == [8, 8, 8, 8]
    assert bars[0].accuracy == 1.0 and bars[0].mean_error_ms == pytest.approx(0.0, abs=1e-6)
    assert bars[1].accuracy == pytest.approx(0.7) and bars[1].mean_error_ms == pytest.approx(30.0)
    assert bars[2].accuracy == pytest.approx(7 / 8)
    assert bars[0].start_s == pytest.approx(loop.start_s) and bars[-1].end_s == pytest.approx(
        loop.end_s
    )
    worst = worst_passage(chart, bars, span_bars=1)
    assert worst is not None and worst.label == "Bar 4"
    assert (worst.start_s, worst.end_s) == (bars[1].start_s, bars[1].end_s)
    assert worst_passage(chart, bars, span_bars=2).label == "Bars 4-5"
    assert worst_passage(chart, bars).label == "Bars 3-6"  # fewer bars than the span: all


def test_section_stats_of_a_built_in_song_count_every_judged_note_once():
    chart = nara()
    notes = chart.track("p1", "expert")
    played = Chart(chart.meta, chart.tempo, {FULL_X: notes}, chart.sections)
    engine = play(played, {i: 0.02 for i in range(0, len(notes), 3)}, missed=set(range(0, 40, 7)))
    stats = section_stats(chart, notes, engine.judgements, engine.hit_times)
    names = [s.name for s in chart.sections]
    assert [s.label for s in stats] == names[names.index(stats[0].label) :]
    assert sum(s.notes for s in stats) == len(notes)
    total = sum(s.accuracy * s.notes for s in stats if s.notes)
    assert total / len(notes) == pytest.approx(engine.stats().accuracy, abs=1e-9)
    for s in stats:
        inside = (notes.times >= s.start_s) & (notes.times < s.end_s)
        assert s.notes == int(inside.sum())


@settings(deadline=None, max_examples=50)
@given(
    SPEEDS,
    st.lists(st.sampled_from([-1, 0, 1, 2, 3]), min_size=64, max_size=64),
    st.lists(st.integers(-80, 80), min_size=64, max_size=64),
    st.integers(0, 12),
    st.integers(1, 12),
)
def test_bar_and_section_stats_add_up_to_the_pass(speed, judged, errors_ms, a_bar, bars):
    chart = eighths(8)
    tempo = chart.tempo
    loop = Loop(
        tempo.seconds_after_bars(0.0, a_bar), tempo.seconds_after_bars(0.0, a_bar + bars), "x"
    )
    original = loop_track(chart, loop, "full", "expert")
    played = loop_chart(chart, loop, speed).track(*FULL_X)
    n = len(original)
    judgements = np.array(judged[:n], dtype=np.int8)
    hit = (judgements >= 0) & (judgements <= 2)
    hit_times = np.where(hit, played.times + np.array(errors_ms[:n]) / 1000.0, np.nan)
    shift = loop_audio_start_s(loop, speed)
    counted = judgements >= 0
    tenths = np.array([Judgement(j).accuracy_tenths if j >= 0 else 0 for j in judgements])
    for stats in (
        bar_stats(chart, original, judgements, hit_times, speed, shift),
        section_stats(chart, original, judgements, hit_times, speed, shift),
    ):
        assert sum(s.notes for s in stats) == int(counted.sum())
        assert sum(s.accuracy * s.notes for s in stats if s.notes) == pytest.approx(
            tenths[counted].sum() / 10
        )
        error_sum = sum(
            s.mean_error_ms
            * sum(1 for i in range(n) if hit[i] and s.start_s <= original.times[i] < s.end_s)
            for s in stats
            if not math.isnan(s.mean_error_ms)
        )
        assert error_sum == pytest.approx(float(np.array(errors_ms[:n])[hit].sum()), abs=1e-6)
        assert all(a.end_s == pytest.approx(b.start_s) for a, b in itertools.pairwise(stats))
        assert all(math.isnan(s.accuracy) == (s.notes == 0) for s in stats)
    if n == 0:
        assert bar_stats(chart, original, judgements, hit_times, speed, shift) == []


def test_stats_want_one_judgement_and_hit_time_per_note():
    chart = eighths(2)
    notes = chart.track(*FULL_X)
    with pytest.raises(ValueError, match="one judgement"):
        bar_stats(chart, notes, np.zeros(3), np.zeros(len(notes)))


def test_the_worst_passage_skips_empty_bars_and_takes_the_earliest_of_equals():
    def bar(k: int, notes: int, accuracy: float):
        return PassageStat(k * 2.0, k * 2.0 + 2.0, f"Bar {k + 1}", notes, accuracy, math.nan)

    chart = eighths(12, start_bar=0)
    bars = [bar(0, 8, 0.5), bar(1, 0, math.nan), bar(2, 8, 0.5), bar(3, 8, 1.0), bar(4, 8, 0.9)]
    one = worst_passage(chart, bars, span_bars=1)
    assert one is not None and one.label == "Bar 1"  # a tie with bar 3: the earliest
    two = worst_passage(chart, bars, span_bars=2)
    assert two.label == "Bars 1-2" and (two.start_s, two.end_s) == (0.0, 4.0)
    empty = [bar(0, 0, math.nan), bar(1, 0, math.nan)]
    assert worst_passage(chart, empty) is None
    assert worst_passage(chart, []) is None


def test_notes_before_the_first_section_count_in_a_song_start_passage():
    chart = eighths(4, start_bar=0)  # notes from 0.0 s, bars of 2 s
    chart = Chart(chart.meta, chart.tempo, chart.tracks, (Section(4.0, "Verse"),))
    notes = chart.track(*FULL_X)
    engine = play(chart, missed={0})
    stats = section_stats(chart, notes, engine.judgements, engine.hit_times)
    assert [(s.label, s.start_s, s.notes) for s in stats] == [
        ("Song start", 0.0, 16),
        ("Verse", 4.0, 16),
    ]
    assert stats[0].accuracy == pytest.approx(15 / 16) and stats[1].accuracy == 1.0
