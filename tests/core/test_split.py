"""The automatic duet split: musical rules, balance at every difficulty, determinism."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from game.core.chart import Chart, NoteTrack, Phrase, PhraseKind, SongMeta, find_unison
from game.core.lanes import Difficulty, Dynamics, Part
from game.core.split import MIN_SHARE, split_chart, split_track
from game.core.tempo import TempoMap
from tests.core.strategies import note_tracks
from tests.helpers import B, G, K, R, Y, track

TEMPO = TempoMap(480)  # 120 BPM, 4/4: a bar is 2 s


def rock_beat(bars: int = 8, crash_every: int = 4) -> NoteTrack:
    """Eighth-note hats, kick on 1 and 3, snare on 2 and 4, a crash with the kick every few bars,
    and a tom fill in the last half bar of every fourth bar."""
    notes = []
    for bar in range(bars):
        t0 = bar * 2.0
        for e in range(8):
            t = t0 + e * 0.25
            if bar % crash_every == 0 and e == 0:
                notes.append((t, G, True))
            elif bar % 4 == 3 and e >= 4:
                notes.append((t, (Y, B, G)[e % 3], False))
            else:
                notes.append((t, Y, True))
        notes += [(t0, K), (t0 + 1.0, K), (t0 + 0.5, R), (t0 + 1.5, R)]
    return track(*notes)


def shares(full: NoteTrack, p1: NoteTrack, p2: NoteTrack) -> tuple[float, float]:
    return len(p1) / len(full), len(p2) / len(full)


def keys(t: NoteTrack) -> set[tuple[float, int]]:
    return set(zip(t.times.tolist(), t.lanes.tolist(), strict=True))


def test_p1_keeps_the_groove_and_p2_plays_toms_and_crashes():
    full = rock_beat()
    p1, p2 = split_track(full, TEMPO)
    assert all(m >= MIN_SHARE for m in shares(full, p1, p2))
    p2_toms = (p2.lanes >= Y) & ~p2.cymbal
    assert p2_toms.sum() == ((full.lanes >= Y) & ~full.cymbal).sum()  # every tom is P2's
    assert set(p1.lanes.tolist()) >= {K, R, Y}


def test_crash_with_kick_on_a_downbeat_is_unison():
    full = rock_beat()
    p1, p2 = split_track(full, TEMPO)
    u = find_unison(p1, p2)
    crash_kick = {0.0, 8.0}  # bars 0 and 4
    assert crash_kick <= set(u.times.tolist())
    for t in crash_kick:
        assert {(t, K), (t, G)} <= keys(p1) & keys(p2)


def test_union_of_the_parts_is_the_full_part():
    full = rock_beat()
    p1, p2 = split_track(full, TEMPO)
    assert keys(p1) | keys(p2) == keys(full)


def test_accents_go_to_p2():
    full = track((0.0, K), (0.5, R, False, Dynamics.ACCENT), (1.0, R), (1.5, Y, True))
    p1, p2 = split_track(full, TEMPO)
    assert (0.5, R) in keys(p2) and (0.5, R) not in keys(p1)


def test_versus_phrases_become_call_and_response():
    full = rock_beat()
    phrases = (Phrase(PhraseKind.VERSUS_P1, 2.0, 4.0), Phrase(PhraseKind.VERSUS_P2, 4.0, 6.0))
    p1, p2 = split_track(full, TEMPO, phrases)
    in_p1_phrase = {k for k in keys(full) if 2.0 <= k[0] < 4.0}
    in_p2_phrase = {k for k in keys(full) if 4.0 <= k[0] < 6.0}
    assert in_p1_phrase <= keys(p1) and not in_p1_phrase & keys(p2)
    assert in_p2_phrase <= keys(p2) and not in_p2_phrase & keys(p1)


def test_a_groove_only_chart_is_balanced_by_trading_the_hi_hat_in_two_bar_blocks():
    notes = [(b * 2.0 + e * 0.25, Y, True) for b in range(8) for e in range(8)]
    notes += [(b * 2.0, K) for b in range(8)] + [(b * 2.0 + 0.5, R) for b in range(8)]
    full = track(*notes)
    p1, p2 = split_track(full, TEMPO)
    assert all(m >= MIN_SHARE for m in shares(full, p1, p2))
    hats_p2 = p2.times[p2.lanes == Y]
    blocks = set(np.floor(TEMPO.bar_position(hats_p2) / 2).astype(int).tolist())
    assert blocks and all(b % 2 == 1 for b in blocks)  # odd blocks first: call and response


def test_split_is_deterministic():
    full = rock_beat(16)
    a, b = split_track(full, TEMPO), split_track(full, TEMPO)
    assert a[0] == b[0] and a[1] == b[1]


@settings(max_examples=80, deadline=None)
@given(note_tracks(min_step_s=0.1, max_notes=60))
def test_any_chart_splits_with_35_percent_each_and_covers_the_full_part(full):
    p1, p2 = split_track(full, TEMPO)
    assert min(shares(full, p1, p2)) >= MIN_SHARE
    assert keys(p1) | keys(p2) == keys(full)


def test_split_chart_adds_p1_and_p2_at_every_difficulty_of_the_full_part():
    tracks = {(Part.FULL, d): rock_beat(4 + i) for i, d in enumerate(Difficulty.standard())}
    chart = split_chart(Chart(SongMeta("Beat"), TEMPO, tracks))
    for d in Difficulty.standard():
        full, p1, p2 = (chart.track(p, d) for p in Part)
        assert min(shares(full, p1, p2)) >= MIN_SHARE


def test_empty_track_splits_into_empty_parts():
    empty = NoteTrack([], [])
    assert [len(t) for t in split_track(empty, TEMPO)] == [0, 0]


@pytest.mark.parametrize("n", [1, 2, 3])
def test_tiny_charts_fall_back_to_unison(n):
    full = track(*[(i * 0.5, K) for i in range(n)])
    p1, p2 = split_track(full, TEMPO)
    assert min(shares(full, p1, p2)) >= MIN_SHARE
