"""Engine benchmark: judge cost per input and the time to re-simulate a 3-minute Expert duet.

Each number is printed beside a naive baseline measured in the same run: a judge that scans every
note of the chart for each input (numpy masks over the whole track).

    .venv/bin/python bench/engine.py [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from game.core.autoplay import autoplay_inputs
from game.core.chart import Chart, NoteTrack, SongMeta
from game.core.duet import DuetSession
from game.core.engine import UNJUDGED, EngineParams, PlayerEngine
from game.core.events import InputEvent, JudgementEvent
from game.core.lanes import Difficulty, Lane, Part
from game.core.replay import PlayerSetup, record, simulate
from game.core.tempo import TempoChange, TempoMap
from game.formats.replay_file import read_replay, write_replay

SONG_S = 180.0
BPM = 120.0
K, R, Y, B, G = (int(x) for x in Lane)


def expert_duet() -> Chart:
    """A 3-minute Expert duet at 120 BPM: P1 16th-note hi-hats, kick and snare; P2 toms/cymbals."""
    tempo = TempoMap(480, [TempoChange(0, 60e6 / BPM)])
    bars = int(SONG_S / (240.0 / BPM))
    p1: list[tuple[int, int, bool]] = []
    p2: list[tuple[int, int, bool]] = []
    for bar in range(bars):
        for step in range(16):
            tick = bar * 1920 + step * 120
            p1.append((tick, Y, True))
            if step in (0, 6, 8, 10):
                p1.append((tick, K, False))
            if step in (4, 12):
                p1.append((tick, R, False))
            if step == 0:
                p2 += [(tick, G, True), (tick, K, False)]
            elif step % 4 == 2:
                p2.append((tick, B, True))
            if bar % 4 == 3 and step >= 8:
                p2.append((tick, (Y, B, G)[step % 3], False))

    def make(notes: list[tuple[int, int, bool]]) -> NoteTrack:
        ticks = np.array([n[0] for n in notes])
        return NoteTrack(tempo.seconds(ticks), [n[1] for n in notes], [n[2] for n in notes])

    tracks = {
        (Part.P1, Difficulty.EXPERT): make(p1),
        (Part.P2, Difficulty.EXPERT): make(p2),
        (Part.FULL, Difficulty.EXPERT): make(p1 + p2),
    }
    return Chart(SongMeta("Bench Duet"), tempo, tracks)


class ScanningEngine(PlayerEngine):
    """The naive baseline: every input scans the whole track for its note (numpy masks)."""

    def __init__(self, track: NoteTrack, params: EngineParams, player: int = 0, **rules) -> None:
        super().__init__(track, params, player, **rules)
        self._state = np.full(len(track), UNJUDGED, dtype=np.int8)

    def hit(self, event: InputEvent, factor: int = 1) -> JudgementEvent:
        result = super().hit(event, factor)
        if result.note_index >= 0:
            self._state[result.note_index] = result.judgement
        return result

    def miss_next(self) -> JudgementEvent:
        result = super().miss_next()
        self._state[result.note_index] = result.judgement
        return result

    def find_note(self, event: InputEvent) -> int:
        t = self.track
        good = self.windows.good_s + 1e-9
        ok = (
            (self._state == UNJUDGED)
            & (t.lanes == int(event.lane))
            & (np.abs(t.times - event.time_s) <= good)
        )
        if self.params.pro_cymbals and event.lane >= Lane.YELLOW:
            ok &= t.cymbal == event.cymbal
        hits = np.flatnonzero(ok)
        return int(hits[0]) if len(hits) else -1


def duet_inputs(chart: Chart, setups: list[PlayerSetup]) -> list[InputEvent]:
    """Both players, ±30 ms of jitter, 3% of notes skipped and a few stray hits."""
    rng = np.random.default_rng(1)
    inputs: list[InputEvent] = []
    for player, setup in enumerate(setups):
        track = chart.track(setup.part, setup.difficulty)
        inputs += [h for h in autoplay_inputs(track, player, 0.030, player) if rng.random() > 0.03]
        for t in rng.uniform(0, SONG_S, 60):
            inputs.append(InputEvent(float(t), player, Lane(int(rng.integers(0, 5)))))
    return sorted(inputs, key=lambda e: e.time_s)


def judge_cost_us(engine_type: type[PlayerEngine], track: NoteTrack, inputs: list[InputEvent]):
    """Median and p99 microseconds of one `hit` (misses due before it included)."""
    engine = engine_type(track, EngineParams())
    costs = []
    for event in inputs:
        t0 = time.perf_counter_ns()
        engine.hit(event)
        costs.append(time.perf_counter_ns() - t0)
    costs_us = np.array(costs) / 1000.0
    return float(np.median(costs_us)), float(np.percentile(costs_us, 99))


def resimulate_ms(chart: Chart, setups, inputs, engine_type: type[PlayerEngine], repeats: int):
    """Median wall milliseconds to re-simulate the whole duet with `engine_type` engines."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        session = DuetSession(
            [chart.track(s.part, s.difficulty) for s in setups],
            [s.params for s in setups],
            chart.tempo,
            engine_type,
        )
        for event in inputs:
            session.queue_input(event)
        session.finish()
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times), session


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()

    chart = expert_duet()
    setups = [PlayerSetup(Part.P1, Difficulty.EXPERT), PlayerSetup(Part.P2, Difficulty.EXPERT)]
    inputs = duet_inputs(chart, setups)
    p1 = chart.track("p1", "expert")
    p1_inputs = [e for e in inputs if e.player == 0]
    n1, n2 = len(p1), len(chart.track("p2", "expert"))
    print(
        f"chart: {SONG_S:.0f} s at {BPM:.0f} BPM, P1 {n1} notes, P2 {n2} notes, "
        f"{len(inputs)} inputs"
    )

    med, p99 = judge_cost_us(PlayerEngine, p1, p1_inputs)
    nmed, np99 = judge_cost_us(ScanningEngine, p1, p1_inputs)
    print(f"judge cost per input      engine: median {med:6.2f} µs  p99 {p99:6.2f} µs")
    print(
        f"                  naive full scan: median {nmed:6.2f} µs  p99 {np99:6.2f} µs"
        f"  ({nmed / med:.1f}x slower)"
    )

    ms, session = resimulate_ms(chart, setups, inputs, PlayerEngine, args.repeats)
    naive_ms, naive = resimulate_ms(
        chart, setups, inputs, ScanningEngine, max(1, args.repeats // 2)
    )
    assert session.team_stats() == naive.team_stats(), "the baseline must judge the same way"
    print(f"re-simulate 3-min duet    engine: {ms:7.1f} ms (SPEC: <= 100 ms)")
    print(f"                  naive full scan: {naive_ms:7.1f} ms ({naive_ms / ms:.1f}x slower)")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.replay.json"
        write_replay(record("bench", "0" * 64, setups, simulate(chart, setups, inputs)), path)
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            replay = read_replay(path)
            simulate(chart, replay.players, replay.inputs)
            times.append((time.perf_counter() - t0) * 1000.0)
        size_kb = path.stat().st_size / 1024
    print(
        f"replay file read + re-simulate:  {statistics.median(times):7.1f} ms "
        f"({size_kb:.0f} KB replay)"
    )


if __name__ == "__main__":
    main()
