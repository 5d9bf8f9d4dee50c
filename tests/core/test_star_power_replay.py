"""Replays of plays with star power: re-simulated bit for bit at any frame rate, and verified."""

from __future__ import annotations

import copy
import dataclasses
import random

import numpy as np
import pytest

from game.core.autoplay import autoplay_inputs
from game.core.chart import Chart, NoteTrack, Phrase, PhraseKind, SongMeta
from game.core.lanes import Difficulty, Lane, Part
from game.core.replay import PlayerSetup, record, simulate, verify
from game.core.report import SessionReport
from game.core.star_power import mark_star_power
from game.core.tempo import TempoChange, TempoMap

BARS = 40
SETUP = [PlayerSetup(Part.FULL, Difficulty.EXPERT)]


def star_chart() -> Chart:
    """A rock beat for 40 bars with a tempo change at bar 20; a star-power phrase on bars
    2, 6, 10, ... and a fill over bars 4, 8, 12, ... that ends on the next downbeat's crash."""
    tempo = TempoMap(480, [TempoChange(0, 500_000), TempoChange(20 * 1920, 400_000)])
    ticks, lanes, cymbals = [], [], []
    for bar in range(BARS):
        for step in range(8):
            tick = bar * 1920 + step * 240
            ticks.append(tick), lanes.append(Lane.YELLOW), cymbals.append(True)
            if step in (0, 4):
                ticks.append(tick), lanes.append(Lane.KICK), cymbals.append(False)
            if step in (2, 6):
                ticks.append(tick), lanes.append(Lane.RED), cymbals.append(False)
        ticks.append(bar * 1920), lanes.append(Lane.GREEN), cymbals.append(True)
    phrases = []
    for bar in range(2, BARS - 2, 4):
        start, end = tempo.seconds([bar * 1920, (bar + 1) * 1920])
        phrases.append(Phrase(PhraseKind.STAR_POWER, float(start), float(end)))
        start, end = tempo.seconds([(bar + 2) * 1920, (bar + 3) * 1920 + 1])
        phrases.append(Phrase(PhraseKind.FILL, float(start), float(end)))
    track = NoteTrack(tempo.seconds(np.array(ticks, dtype=float)), lanes, cymbals)
    track = mark_star_power(track, phrases)
    return Chart(SongMeta("Star"), tempo, {(Part.FULL, Difficulty.EXPERT): track},
                 phrases={Part.FULL: tuple(phrases)})  # fmt: skip


CHART = star_chart()


def played(seed: int, drop: float = 0.05):
    """Autoplay with 20 ms of jitter, a share `drop` of the notes left out."""
    rng = random.Random(seed)
    inputs = autoplay_inputs(CHART.track(Part.FULL, Difficulty.EXPERT), jitter_s=0.02, seed=seed)
    return [e for e in inputs if rng.random() >= drop]


def frames(fps: float, seed: int, end_s: float):
    """Frame times at `fps` with up to 10% jitter on every frame."""
    rng = random.Random(seed)
    t, out = 0.0, []
    while t < end_s:
        out.append(t)
        t += (1.0 + rng.uniform(-0.1, 0.1)) / fps
    return out


def test_a_play_with_star_power_replays_to_the_same_stats_at_every_frame_rate():
    inputs = played(seed=1)
    whole = SessionReport.of(simulate(CHART, SETUP, inputs)).to_json()
    assert whole["players"][0]["star_power"]["activations"] >= 2  # the test needs star power
    for fps in (30.0, 60.0, 144.0, 1000.0):
        framed = simulate(CHART, SETUP, inputs, frames(fps, seed=int(fps), end_s=CHART.duration_s))
        assert SessionReport.of(framed).to_json() == whole, fps


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_replay_verify_passes_on_plays_with_star_power(seed):
    session = simulate(CHART, SETUP, played(seed))
    replay = record("star", "0" * 64, SETUP, session)
    assert replay.stats["players"][0]["star_power"]["activations"] >= 1
    assert verify(CHART, replay) == []


def test_replay_verify_names_a_tampered_star_power_count():
    replay = record("star", "0" * 64, SETUP, simulate(CHART, SETUP, played(5)))
    stats = copy.deepcopy(replay.stats)
    stats["players"][0]["star_power"]["activations"] += 1
    bad = verify(CHART, dataclasses.replace(replay, stats=stats))
    assert len(bad) == 1 and bad[0].startswith("players[0].star_power.activations")


def test_star_power_changes_the_score_a_replay_records():
    inputs = played(seed=6, drop=0.0)
    with_star = simulate(CHART, SETUP, inputs).stats()[0]
    unmarked = {key: NoteTrack(t.times, t.lanes, t.cymbal) for key, t in CHART.tracks.items()}
    plain = dataclasses.replace(CHART, tracks=unmarked)
    without = simulate(plain, SETUP, inputs).stats()[0]
    assert with_star.star_power.activations >= 2 and without.star_power.activations == 0
    assert without.score < with_star.score < 2 * without.score
