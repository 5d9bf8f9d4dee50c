"""Replays: the same inputs give the same stats at any frame rate; verify catches tampering."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from game.core.autoplay import autoplay_inputs
from game.core.chart import Chart, NoteTrack, SongMeta
from game.core.engine import EngineParams
from game.core.events import InputEvent
from game.core.lanes import Difficulty, Lane, Part
from game.core.replay import PlayerSetup, new_session, record, simulate, verify
from game.core.report import SessionReport
from game.core.tempo import TempoChange, TempoMap


def groove_chart(bars: int = 24) -> Chart:
    """A duet with a groove for P1, crashes and toms for P2, unison kicks, and a tempo change."""
    tempo = TempoMap(480, [TempoChange(0, 500_000), TempoChange(12 * 1920, 600_000)])
    full, p1, p2 = [], [], []
    for bar in range(bars):
        for step in range(16):
            tick = bar * 1920 + step * 120
            if step % 2 == 0:
                p1.append((tick, Lane.YELLOW, True))
            if step in (0, 8, 10):
                p1.append((tick, Lane.KICK, False))
            if step in (4, 12):
                p1.append((tick, Lane.RED, False))
            if step == 0:
                p2 += [(tick, Lane.GREEN, True), (tick, Lane.KICK, False)]
            if bar % 4 == 3 and step >= 12:
                p2.append((tick, Lane.BLUE, False))
    full = p1 + p2

    def make(notes):
        ticks = np.array([n[0] for n in notes])
        return NoteTrack(tempo.seconds(ticks), [n[1] for n in notes], [n[2] for n in notes])

    tracks = {
        (Part.FULL, Difficulty.EXPERT): make(full),
        (Part.P1, Difficulty.EXPERT): make(p1),
        (Part.P2, Difficulty.EXPERT): make(p2),
    }
    return Chart(SongMeta("Groove"), tempo, tracks)


SETUPS = (
    PlayerSetup(Part.P1, Difficulty.EXPERT, EngineParams()),
    PlayerSetup(Part.P2, Difficulty.EXPERT, EngineParams(pro_cymbals=True, preset="strict")),
)


def messy_inputs(chart: Chart) -> list[InputEvent]:
    """Jittered hits of both players, some notes skipped, some extra hits, green pairs."""
    rng = np.random.default_rng(7)
    inputs = []
    for player, setup in enumerate(SETUPS):
        hits = autoplay_inputs(
            chart.track(setup.part, setup.difficulty), player, 0.035, 11 + player
        )
        inputs += [h for h in hits if rng.random() > 0.05]
        inputs += [
            InputEvent(
                float(t),
                player,
                Lane(int(rng.integers(0, 5))),
                bool(rng.random() < 0.5),
                float(rng.random()),
            )
            for t in rng.uniform(0, 50, 40)
        ]
        inputs += [
            InputEvent(float(t) + player * 0.04, player, Lane.GREEN, True, 1.0)
            for t in (20.0, 30.0, 41.0)
        ]
    return inputs


def frames(fps: float, end_s: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    gaps = (1.0 / fps) * rng.uniform(0.9, 1.1, int(end_s * fps * 1.2) + 10)
    return np.cumsum(gaps) - 0.5


def test_stats_are_identical_at_30_60_144_and_1000_fps_with_jitter():
    chart = groove_chart()
    inputs = messy_inputs(chart)
    reference = SessionReport.of(simulate(chart, SETUPS, inputs))
    assert reference.team is not None and reference.team.harmonies >= 1  # it exercises Harmony
    assert reference.players[0].counts.overhit > 0
    for fps in (30, 60, 144, 1000):
        for seed in range(3):
            session = simulate(chart, SETUPS, inputs, frames(fps, 60.0, seed))
            assert SessionReport.of(session) == reference, f"{fps} fps, seed {seed}"


def test_verify_accepts_the_recorded_stats_and_names_every_tampered_one():
    chart = groove_chart()
    session = simulate(chart, SETUPS, messy_inputs(chart))
    replay = record("songs/groove", "ab" * 32, SETUPS, session)
    assert verify(chart, replay) == []
    tampered = copy.deepcopy(replay.stats)
    tampered["players"][1]["score"] += 10
    tampered["team"]["syncs"] -= 1
    bad = type(replay)(**{**replay.__dict__, "stats": tampered})
    diffs = verify(chart, bad)
    assert len(diffs) == 2
    assert any(d.startswith("players[1].score") for d in diffs)
    assert any(d.startswith("team.syncs") for d in diffs)


def test_verify_catches_a_tampered_input():
    chart = groove_chart()
    session = simulate(chart, SETUPS, messy_inputs(chart))
    replay = record("songs/groove", "ab" * 32, SETUPS, session)
    inputs = list(replay.inputs)
    inputs[5] = InputEvent(inputs[5].time_s + 0.2, inputs[5].player, inputs[5].lane)
    bad = type(replay)(**{**replay.__dict__, "inputs": tuple(inputs)})
    assert verify(chart, bad) != []


def test_solo_replay_and_three_players_refused():
    chart = groove_chart(4)
    solo = (PlayerSetup(Part.FULL, Difficulty.EXPERT),)
    session = simulate(chart, solo, autoplay_inputs(chart.track("full", "expert")))
    assert SessionReport.of(session).team is None
    assert "team" not in SessionReport.of(session).to_json()
    with pytest.raises(ValueError, match="one or two players"):
        simulate(chart, solo * 3, [])


def test_a_solo_replay_judged_in_one_pass_equals_the_queued_engine_at_any_frame_rate():
    """simulate() without frames judges a solo play in one pass (no events built); the result
    equals the input queue's, frame by frame, with dynamics and combo-breaking overhits on."""
    chart = groove_chart()
    params = EngineParams(pro_cymbals=True, overhits_break_combo=True, score_dynamics=True)
    solo = (PlayerSetup(Part.FULL, Difficulty.EXPERT, params),)
    rng = np.random.default_rng(3)
    inputs = [
        InputEvent(e.time_s, 0, e.lane, e.cymbal, float(rng.uniform(0.1, 1.0)))
        for e in autoplay_inputs(chart.track("full", "expert"), 0, 0.04, 5)
        if rng.random() > 0.05
    ] + [e for e in messy_inputs(chart) if e.player == 0]
    reference = SessionReport.of(simulate(chart, solo, inputs))
    counts = reference.players[0].counts
    assert counts.overhit > 0 and counts.miss > 0 and counts.great > 0
    for fps in (30, 144, 1000):
        assert SessionReport.of(simulate(chart, solo, inputs, frames(fps, 60.0, fps))) == reference


def test_judge_all_wants_its_inputs_in_time_order():
    chart = groove_chart(2)
    session = new_session(chart, SETUPS[:1])
    late, early = InputEvent(2.0, 0, Lane.RED), InputEvent(1.0, 0, Lane.RED)
    with pytest.raises(ValueError, match="time order"):
        session.judge_all([late, early])
    with pytest.raises(ValueError, match="no player 1"):
        new_session(chart, SETUPS[:1]).judge_all([InputEvent(1.0, 1, Lane.RED)])
