"""`drum-duet score`, run as a real subprocess: recorded performances scored against built-in
charts through a kit profile, and the same hits played back by `drum-duet simulate`."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import mido
import numpy as np
import pytest

from game.core.engine import EngineParams
from game.core.events import InputEvent
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.core.replay import PlayerSetup, Replay, simulate
from game.core.report import SessionReport
from game.formats.replay_file import read_replay, write_replay
from game.formats.song_folder import load_song
from game.input.kit_files import DEFAULT_PROFILE, load_profile
from game.input.kit_mapper import KitMapper
from tests.helpers import ROOT, TESTDATA, need_testdata

SONG = ROOT / "charts" / "firecracker-night"
GROOVE = TESTDATA / "gm-performances/groove/drummer1/eval_session/1_funk-groove1_138_beat_4-4.mid"

GM_NOTE = {  # one General MIDI note per pad, as a kit in GM mode sends it
    (Lane.KICK, False): 36,
    (Lane.RED, False): 38,
    (Lane.YELLOW, True): 42,
    (Lane.YELLOW, False): 48,
    (Lane.BLUE, True): 51,
    (Lane.BLUE, False): 45,
    (Lane.GREEN, True): 49,
    (Lane.GREEN, False): 43,
}
VELOCITY = {Dynamics.NORMAL: 100, Dynamics.ACCENT: 127, Dynamics.GHOST: 40}
TPQ = 960
TEMPO_CHANGE_S = 30.0
"""The generated takes run at 120 BPM, then at 100 BPM from 30 s (tick 57,600) on."""


def run(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DRUM_DUET_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, env=env, timeout=60
    )


def tick_of(time_s: float) -> int:
    """The tick of `time_s` in the generated takes' tempo map."""
    if time_s < TEMPO_CHANGE_S:
        return round(time_s / (0.5 / TPQ))
    return round(TEMPO_CHANGE_S / (0.5 / TPQ) + (time_s - TEMPO_CHANGE_S) / (0.6 / TPQ))


def write_take(path: Path, hits: list[tuple[float, int, int]]) -> None:
    """A type 1 MIDI file as a DAW records a kit: (seconds, note, velocity) on channel 10."""
    events = []
    for time_s, note, velocity in hits:
        events.append((tick_of(time_s), 1, note, velocity))
        events.append((tick_of(time_s) + 30, 0, note, 0))  # note-offs sort before note-ons
    events.sort()
    drums, now = mido.MidiTrack([mido.MetaMessage("track_name", name="Drums")]), 0
    for tick, _, note, velocity in events:
        drums.append(
            mido.Message("note_on", channel=9, note=note, velocity=velocity, time=tick - now)
        )
        now = tick
    conductor = mido.MidiTrack(
        [
            mido.MetaMessage("set_tempo", tempo=500_000, time=0),
            mido.MetaMessage("set_tempo", tempo=600_000, time=tick_of(TEMPO_CHANGE_S)),
        ]
    )
    midi = mido.MidiFile(type=1, ticks_per_beat=TPQ)
    midi.tracks += [conductor, drums]
    midi.save(path)


@pytest.fixture(scope="module")
def expert():
    return load_song(SONG).chart.track(Part.FULL, Difficulty.EXPERT)


def chart_hits(track, delay_s: float = 0.0) -> list[tuple[float, int, int]]:
    """A perfect take of `track`: each note's GM note at its time (plus `delay_s`)."""
    return [(n.time_s + delay_s, GM_NOTE[(n.lane, n.cymbal)], VELOCITY[n.dynamics]) for n in track]


def score(home: Path, take: Path, *more: str) -> dict:
    out = run(
        home, "score", str(SONG), "--part", "full", "--difficulty", "expert",
        "--performance", str(take), "--json", *more,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def simulate_replay(home: Path, replay: Path) -> dict:
    out = run(home, "simulate", str(SONG), "--replay", str(replay), "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_a_take_of_the_charts_own_notes_scores_100_percent_like_the_same_hits_as_a_replay(
    tmp_path, expert
):
    take = tmp_path / "perfect.mid"
    write_take(take, chart_hits(expert))
    stats = score(tmp_path, take)
    (player,) = stats["players"]
    assert player["accuracy"] == 1.0 and player["grade"] == "SS" and player["full_combo"]
    assert player["counts"] == {
        "perfect": len(expert), "great": 0, "good": 0, "miss": 0, "overhit": 0,
    }  # fmt: skip
    assert abs(player["mean_error_ms"]) < 0.3  # ticks of 0.52 ms at most

    # The same hits, built straight from the chart (no MIDI file, no kit profile), as a replay.
    params = EngineParams(pro_cymbals=True, score_dynamics=True)
    inputs = tuple(
        InputEvent(t, 0, lane, cymbal, v / 127)
        for (t, _, v), (lane, cymbal) in zip(
            chart_hits(expert), ((n.lane, n.cymbal) for n in expert), strict=True
        )
    )
    setup = PlayerSetup(Part.FULL, Difficulty.EXPERT, params)
    replay = Replay(str(SONG), load_song(SONG).chart_sha256, (setup,), inputs, {})
    write_replay(replay, tmp_path / "direct.json")
    direct = simulate_replay(tmp_path, tmp_path / "direct.json")["players"][0]
    for key in ("score", "accuracy", "grade", "max_combo", "full_combo", "counts"):
        assert player[key] == direct[key], key
    assert player["score"] > 100 * len(expert)  # multipliers and the dynamics bonus


def test_offset_ms_says_where_the_song_starts_in_the_take(tmp_path, expert):
    take = tmp_path / "late.mid"
    write_take(take, chart_hits(expert, delay_s=2.0))  # a two-second count-in
    assert score(tmp_path, take, "--offset-ms", "2000")["players"][0]["accuracy"] == 1.0
    assert score(tmp_path, take)["players"][0]["accuracy"] < 0.5


def test_pro_cymbals_are_on_for_a_kit_unless_turned_off(tmp_path, expert):
    swapped = {42: 48, 48: 42, 51: 45, 45: 51, 49: 43, 43: 49}  # every cymbal hit on its tom
    take = tmp_path / "toms.mid"
    write_take(take, [(t, swapped.get(n, n), v) for t, n, v in chart_hits(expert)])
    assert score(tmp_path, take)["players"][0]["accuracy"] < 1.0
    assert score(tmp_path, take, "--no-pro-cymbals")["players"][0]["accuracy"] == 1.0


def test_a_real_groove_scores_like_simulate_fed_the_same_hits_as_a_replay(tmp_path):
    replay_path = tmp_path / "groove.replay.json"
    need_testdata(GROOVE)
    stats = score(tmp_path, GROOVE, "--profile", "Roland TD", "--replay-out", str(replay_path))
    (player,) = stats["players"]
    assert player["accuracy"] < 0.5  # a funk groove at 138 BPM over a disco chart
    assert player["counts"]["overhit"] > 0
    replay = read_replay(replay_path)
    assert len(replay.inputs) == 410 - 123  # every note-on but the hi-hat pedal's
    assert {e.lane for e in replay.inputs} == {Lane.KICK, Lane.RED, Lane.BLUE, Lane.GREEN}
    assert replay.players[0].params == EngineParams(pro_cymbals=True, score_dynamics=True)
    assert replay.stats == stats
    assert simulate_replay(tmp_path, replay_path) == stats


def test_the_summary_says_what_the_profile_did(tmp_path):
    out = run(
        tmp_path, "score", str(SONG), "--part", "p1", "--difficulty", "easy",
        "--performance", str(need_testdata(GROOVE)), "--profile", "Roland TD",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "through the Roland TD profile: 410 note-ons, 287 hits" in out.stdout
    assert "123 hi-hat pedal" in out.stdout and out.stdout.count("Player 1:") == 1


def test_a_user_profile_is_found_by_name(tmp_path, expert):
    kits = tmp_path / "config" / "kits"
    kits.mkdir(parents=True)
    (kits / "mine.toml").write_text(  # a kit that sends every pad on note 60 + lane
        'name = "Odd kit"\n'
        + "".join(f"[pads.{p}]\nnotes = [{60 + i}]\n" for i, p in enumerate(
            ["kick", "red", "yellow_cymbal", "yellow_tom", "blue_cymbal", "blue_tom",
             "green_cymbal", "green_tom"]
        ))
    )  # fmt: skip
    order = list(GM_NOTE.values())
    take = tmp_path / "odd.mid"
    write_take(take, [(t, 60 + order.index(n), v) for t, n, v in chart_hits(expert)])
    assert score(tmp_path, take, "--profile", "odd kit")["players"][0]["accuracy"] == 1.0


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (lambda d: None, ["--performance", "{d}/missing.mid"], "missing.mid: file not found"),
        (
            lambda d: (d / "notes.txt").write_text("hello"),
            ["--performance", "{d}/notes.txt"],
            "notes.txt: not a MIDI file",
        ),
        (lambda d: None, ["--performance", str(GROOVE), "--profile", "Nope"], "Roland TD"),
        (
            lambda d: (d / "bad.toml").write_text('name = "B"\n[pads.kick]\nnotes = [999]\n'),
            ["--performance", str(GROOVE), "--profile", "{d}/bad.toml"],
            "bad.toml: [pads.kick] notes: 999 is not a MIDI note",
        ),
    ],
)
def test_bad_input_is_a_clear_error_naming_the_file(tmp_path, make, args, message):
    if str(GROOVE) in args:
        need_testdata(GROOVE)
    make(tmp_path)
    out = run(tmp_path, "score", str(SONG), *[a.format(d=tmp_path) for a in args])
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


def mido_note_ons(path: Path) -> list[tuple[float, int, int, int]]:
    """(time_s, note, velocity, channel) of every note-on as mido plays the file (its tracks
    merged, each message's time through the tempo map): how `score` read takes before."""
    now, out = 0.0, []
    for message in mido.MidiFile(path, clip=True):
        now += message.time
        if message.type == "note_on" and message.velocity > 0:
            out.append((now, message.note, message.velocity, message.channel))
    return out


def write_busy_take(path: Path, hits: list[tuple[float, int, int]]) -> None:
    """A type 1 take with three tempos, the feet (kick, hi-hat pedal) and the hands on tracks of
    their own, note-offs, a controller and a program change between the notes."""
    tracks: dict[bool, list[tuple[int, mido.Message]]] = {True: [], False: []}
    for time_s, note, velocity in hits:
        tick = tick_of(time_s)
        on = mido.Message("note_on", channel=9, note=note, velocity=velocity)
        off = mido.Message("note_off", channel=9, note=note, velocity=0)
        tracks[note in (36, 44)] += [(tick, on), (tick + 20, off)]
        if note == 44:
            tracks[True].append(
                (tick, mido.Message("control_change", channel=9, control=4, value=90))
            )
    tracks[False].append((tick_of(5.0), mido.Message("program_change", channel=9, program=3)))
    midi = mido.MidiFile(type=1, ticks_per_beat=TPQ)
    midi.tracks.append(
        mido.MidiTrack(
            [
                mido.MetaMessage("set_tempo", tempo=500_000, time=0),
                mido.MetaMessage("set_tempo", tempo=600_000, time=tick_of(TEMPO_CHANGE_S)),
            ]
        )
    )
    for events in tracks.values():
        track, now = mido.MidiTrack(), 0
        for tick, message in sorted(events, key=lambda e: e[0]):
            track.append(message.copy(time=tick - now))
            now = tick
        midi.tracks.append(track)
    midi.save(path)


def test_a_mid_sized_take_scores_as_mido_the_kit_mapper_and_the_queued_engine_do(tmp_path, expert):
    """`score` reads takes with the game's own MIDI reader and judges them in one pass now; its
    result equals an independent computation: mido's reading, the live kit path (KitMapper.hit)
    and the engine fed frame by frame through its input queue (60 fps)."""
    rng = random.Random(13)
    hits = []
    for time_s, note, velocity in chart_hits(expert):
        hits.append((time_s + rng.gauss(0.0, 0.04), note, velocity))
        if rng.random() < 0.1:  # a flam or a double trigger
            hits.append((time_s + rng.uniform(0.002, 0.03), note, rng.randint(10, 127)))
        if note == 42 and rng.random() < 0.3:  # the foot closes the hi-hat first
            hits.append((time_s - rng.uniform(0.0, 0.04), 44, 60))
        if rng.random() < 0.05:  # an overhit on another pad
            hits.append((time_s + rng.uniform(-0.2, 0.2), rng.choice(list(GM_NOTE.values())), 80))
    hits = [(max(t, 0.0), n, v) for t, n, v in hits]
    take = tmp_path / "busy.mid"
    write_busy_take(take, hits)
    stats = score(tmp_path, take)

    mapper = KitMapper(load_profile(DEFAULT_PROFILE, tmp_path / "no-kits"))
    inputs = [
        hit.event
        for t, n, v, c in mido_note_ons(take)
        if (hit := mapper.hit(n, v, c, t)).event is not None
    ]
    setup = PlayerSetup(
        Part.FULL, Difficulty.EXPERT, EngineParams(pro_cymbals=True, score_dynamics=True)
    )
    frames = np.arange(0.0, max(e.time_s for e in inputs) + 1.0, 1 / 60)
    expected = SessionReport.of(simulate(load_song(SONG).chart, [setup], inputs, frames)).to_json()
    (got,), (want,) = stats["players"], expected["players"]
    assert len(inputs) > 1000 and want["counts"]["great"] > 0 and want["counts"]["miss"] > 0
    for key in ("score", "accuracy", "grade", "max_combo", "full_combo", "counts"):
        assert got[key] == want[key], key
    # Hit times come from the tempo map instead of a running sum of mido's per-message deltas:
    # the same to a nanosecond and below.
    for key in ("mean_error_ms", "stdev_error_ms"):
        assert got[key] == pytest.approx(want[key], rel=1e-9, abs=1e-9), key
