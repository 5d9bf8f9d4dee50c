"""The real MIDI stack: a JACK server (dummy driver), the game's `MidiInput` on python-rtmidi's
JACK API, and a second process playing real drummers' recordings into it through JACK ports."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import mido
import pytest

from game.input.kit_files import load_profile
from game.input.kit_mapper import KitMapper
from game.input.midi_input import MidiInput, PortChange
from game.input.midi_ports import NoteOn
from tests.e2e.jack import JackServer, jack_server, sender
from tests.helpers import ROOT, TESTDATA, need_testdata

pytest.importorskip("rtmidi", reason="the JACK tests need python-rtmidi (Python < 3.13)")

GROOVE = TESTDATA / "gm-performances" / "groove"
GM_LANES = {
    **dict.fromkeys((35, 36), "kick"),
    **dict.fromkeys((37, 38, 40), "red"),
    **dict.fromkeys((42, 46), "yellow cymbal"),
    **dict.fromkeys((48, 50), "yellow tom"),
    **dict.fromkeys((51, 53, 59), "blue cymbal"),
    **dict.fromkeys((45, 47), "blue tom"),
    **dict.fromkeys((49, 52, 55, 57), "green cymbal"),
    **dict.fromkeys((41, 43), "green tom"),
}
"""General MIDI drum notes -> pad, as the test sees it (44, the hi-hat pedal, is no pad)."""
SLACK_S = 0.001
"""What stamping may add to JACK's own delay (one period), seconds: SPEC's "<= 1 ms"."""
ON_TIME_SHARE = 0.97
"""The share of note-ons that must be stamped within a JACK period + `SLACK_S` of their send.

Not all of them: on a loaded machine (CI, or this project's 2-core VM shared by several jobs)
the kernel sometimes runs JACK's cycle, or the thread holding the GIL, milliseconds late. The
stamps then follow the transport (checked by `LATE_CAP_S`); what the game owns (a stamp taken
in the callback, not when the loop drains) shows in the median and in this share."""
LATE_CAP_S = 0.020
"""No stamp may be later than this after its send, seconds."""
FRAME_S = 0.016
"""How often the tests' stand-in game loop drains the queue: a 60 fps frame, on purpose, so
a stamp taken at the drain instead of in the callback would be up to a frame late."""
GAP_S = 0.5
MARGIN_S = 0.05
"""How long before a port goes (or after it is back) a note-on must have been sent to count."""
TRIES = 3
"""How often `play_whole` plays a plan when JACK's late cycles lost some of it."""


@pytest.fixture(scope="module")
def jack():
    with jack_server() as server:
        yield server


def recording(path: Path, seconds: float, start_s: float, port: str) -> tuple[list, float]:
    """The channel messages of the first `seconds` of a recording as sender events from
    `start_s` on (note-ons, note-offs and the hi-hat pedal's CC 4, as the kit sent them), and
    where it ends."""
    need_testdata(path)
    events, t = [], 0.0
    for message in mido.MidiFile(path, clip=True):
        t += message.time
        if t >= seconds:
            break
        if not message.is_meta and message.type in ("note_on", "note_off", "control_change"):
            events.append([start_s + t, "send", port, message.bytes()])
    return events, start_s + t


def note_ons(events: list) -> list[tuple[int, int, int]]:
    """(note, velocity, channel) of each note-on of velocity > 0 among sender events."""
    return [
        (e[3][1], e[3][2], e[3][0] & 0x0F)
        for e in events
        if e[1] == "send" and e[3][0] & 0xF0 == 0x90 and e[3][2] > 0
    ]


@dataclass
class Run:
    """What a play through the game's MIDI input left: the sender's log (see `Sender.result`),
    every note-on received and every port change seen, in order."""

    log: dict
    received: list[NoteOn] = field(default_factory=list)
    changes: list[PortChange] = field(default_factory=list)
    late_cycles: int = 0
    """The xruns jackd reported during the run (see `JackServer.late_cycles`)."""


def play(
    server: JackServer, plan: dict, tmp_path: Path, ports: list[str], watch: float = 0.0
) -> Run:
    """Play `plan` into the game's MIDI input opened on `ports` (watching them every `watch`
    seconds if given), draining it once a frame (`FRAME_S`)."""
    with sender(server, plan, tmp_path) as kit:
        assert kit.ready["clock"] == time.get_clock_info("perf_counter").implementation
        assert "CLOCK_MONOTONIC" in kit.ready["clock"]  # one system-wide clock: stamps compare
        run = Run({})
        late_before = server.late_cycles()
        with MidiInput("jack") as midi:
            for port in ports:
                assert midi.open(port) is not None, f"{port} not found in {midi.ports()}"
            midi.take_changes()  # "is ready"
            if watch:
                midi.start_watching(watch)
            kit.go(time.perf_counter() + 0.3)
            while kit.proc.poll() is None:
                run.received += midi.drain()
                run.changes += midi.take_changes()
                time.sleep(FRAME_S)
            run.log = kit.result()
            time.sleep(0.05)
            run.received += midi.drain()
            run.changes += midi.take_changes()
    run.late_cycles = server.late_cycles() - late_before
    return run


def is_subsequence(part: list, whole: list) -> bool:
    """True when `part` is `whole` with some items left out, in the same order."""
    rest = iter(whole)
    return all(any(item == other for other in rest) for item in part)


def play_whole(
    server: JackServer, plan: dict, tmp_path: Path, ports: list[str], watch: float = 0.0
) -> Run:
    """`play`, run again (up to `TRIES` times in all) only when a note-on that a kit sent is
    missing and jackd itself reported late cycles meanwhile: JACK dropped what a client held
    up past its timeout had not read (see `JackServer.late_cycles`), which says nothing of the
    game. A note-on lost with no late cycle, or added, fails the test's own checks. Kits
    that close their port during the plan are not held to arriving whole."""
    closing = {e[2] for e in plan["events"] if e[1] == "close"}
    for _ in range(TRIES):
        run = play(server, plan, tmp_path, ports, watch)
        short = [
            kit
            for kit in plan["ports"]
            if kit not in closing
            and [(n.note, n.velocity, n.channel) for n in run.received if n.port == f"{kit}:out"]
            != note_ons([e for e in plan["events"] if e[2] == kit])
        ]
        if not short or not run.late_cycles:
            return run
    return run


def latencies(plan: dict, run: Run, kit: str) -> list[float]:
    """Stamp minus send time (s) of each note-on the sender's port `kit` sent, in order."""
    sent = [
        t
        for i, t in run.log["sent"]
        if plan["events"][i][2] == kit and note_ons([plan["events"][i]])
    ]
    stamps = [n.stamp_s for n in run.received if n.port == f"{kit}:out"]
    assert len(stamps) == len(sent)
    return [s - t for s, t in zip(stamps, sent, strict=True)]


def test_groove_recordings_arrive_whole_keep_velocity_and_are_stamped_within_a_jack_period(
    jack, tmp_path
):
    files = [
        ("drummer1/session1/103_funk_95_fill_4-4.mid", 3.1),
        ("drummer1/eval_session/1_funk-groove1_138_beat_4-4.mid", 10.0),
        ("drummer6/session1/3_rock_80_beat_6-8.mid", 4.0),
        ("drummer1/session1/1_funk_80_beat_4-4.mid", 4.0),
    ]
    events, t = [], 0.0
    for name, seconds in files:
        part, end = recording(GROOVE / name, seconds, t, "kit1")
        events += part
        t = end + GAP_S
    plan = {"ports": ["kit1"], "events": events}
    expected = note_ons(events)
    assert len(expected) > 200  # the files hold what the test thinks they hold
    assert any(e[3][0] & 0xF0 == 0x90 and e[3][2] == 0 for e in events)  # note-offs as vel 0

    run = play_whole(jack, plan, tmp_path, ["kit1:out"])
    received = run.received

    assert [(n.note, n.velocity, n.channel) for n in received] == expected
    assert {n.port for n in received} == {"kit1:out"}
    delays = sorted(latencies(plan, run, "kit1"))
    bound = jack.period_s + SLACK_S
    shown = f"stamp - send, ms: {[round(d * 1000, 2) for d in delays[-12:]]} (the latest)"
    assert delays[0] >= 0.0, "a note stamped before it was sent: not one clock"
    assert delays[len(delays) // 2] <= jack.period_s / 2 + SLACK_S, shown
    on_time = sum(d <= bound for d in delays) / len(delays)
    assert on_time >= ON_TIME_SHARE, f"{on_time:.1%} within {bound * 1000:.2f} ms; {shown}"
    assert delays[-1] <= LATE_CAP_S, shown
    # Per lane, the received hits are the file's hits: by the test's own General MIDI table ...
    file_lanes = Counter(GM_LANES[n] for n, _, _ in expected if n in GM_LANES)
    assert Counter(GM_LANES[n.note] for n in received if n.note in GM_LANES) == file_lanes
    assert file_lanes["kick"] > 0 and file_lanes["blue cymbal"] > 0
    # ... and by the game's kit mapper with the shipped General MIDI profile (filters off, so
    # the comparison does not hang on how the stamps jitter).
    profile = load_profile("General MIDI").without_filters()
    live, offline = KitMapper(profile), KitMapper(profile)
    live_pads = [live.hit(n.note, n.velocity, n.channel, n.stamp_s).pad for n in received]
    file_pads = [offline.hit(n, v, c, i * 0.1).pad for i, (n, v, c) in enumerate(expected)]
    assert live_pads == file_pads
    assert Counter(p.lane for p in live_pads if p) == Counter(p.lane for p in file_pads if p)


def test_a_kit_unplugged_mid_stream_gives_a_notice_and_is_taken_back_within_2_s(jack, tmp_path):
    kit1, _ = recording(GROOVE / "drummer6/session1/3_rock_80_beat_6-8.mid", 8.0, 0.0, "kit1")
    kit2, _ = recording(GROOVE / "drummer1/session1/1_funk_80_beat_4-4.mid", 8.0, 0.0, "kit2")
    unplug, replug = 2.0, 4.5
    events = sorted(
        [*kit1, *kit2, [unplug, "close", "kit1"], [replug, "open", "kit1"]],
        key=lambda e: e[0],
    )
    plan = {"ports": ["kit1", "kit2"], "events": events}

    run = play_whole(jack, plan, tmp_path, ["kit1:out", "kit2:out"], watch=1.0)
    received, log, changes = run.received, run.log, run.changes

    unplugged_at, replugged_at = [t for _, t in log["actions"]]
    lost = [c for c in changes if c.port == "kit1:out" and not c.connected]
    back = [c for c in changes if c.port == "kit1:out" and c.connected]
    assert len(lost) == 1 and len(back) == 1, changes
    assert "kit1:out" in lost[0].message and "disconnected" in lost[0].message
    assert unplugged_at < lost[0].stamp_s < unplugged_at + 1.5
    assert replugged_at < back[0].stamp_s <= replugged_at + 2.0, "not taken back within 2 s"
    assert "back" in back[0].message
    assert not [c for c in changes if c.port == "kit2:out"]
    # The other kit played on: every one of its note-ons arrived, in order.
    sent_kit2 = note_ons([e for e in events if e[2] == "kit2"])
    assert [(n.note, n.velocity, n.channel) for n in received if n.port == "kit2:out"] == sent_kit2
    assert sum(unplugged_at < n.stamp_s < back[0].stamp_s for n in received) >= 10
    # kit1: what it sent well before the unplug and after the game took it back arrived, in
    # order; of what it sent around the unplug, some may be lost with the port, nothing added.
    sent_at = {i: t for i, t in log["sent"]}
    kit1_sent = [
        (t, *note_ons([events[i]])[0])
        for i, t in sent_at.items()
        if events[i][2] == "kit1" and note_ons([events[i]])
    ]
    got = [(n.note, n.velocity, n.channel) for n in received if n.port == "kit1:out"]
    before = [tuple(n) for t, *n in kit1_sent if t < unplugged_at - MARGIN_S]
    after = [tuple(n) for t, *n in kit1_sent if t > back[0].stamp_s + MARGIN_S]
    assert before and got[: len(before)] == before
    assert after and got[-len(after) :] == after
    assert is_subsequence(got, [tuple(n) for _, *n in kit1_sent])


def test_a_flood_of_2000_note_ons_in_one_second_loses_none(jack, tmp_path):
    flood = [[i / 2000, "send", "kit1", [0x99, 35 + i % 47, 1 + i % 127]] for i in range(2000)]
    plan = {"ports": ["kit1"], "events": flood}

    run = play_whole(jack, plan, tmp_path, ["kit1:out"])
    received = run.received

    assert len(run.log["sent"]) == 2000
    assert [(n.note, n.velocity) for n in received] == [(e[3][1], e[3][2]) for e in flood]
    stamps = [n.stamp_s for n in received]
    assert stamps == sorted(stamps)


def drum_duet(server: JackServer, home: Path, *args: str) -> subprocess.Popen[str]:
    """The `drum-duet` command as a player runs it, against the test's JACK server, with its
    files in `home`."""
    return subprocess.Popen(
        [sys.executable, "-m", "game", *args],
        cwd=ROOT,
        env={**server.env, "DRUM_DUET_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_cli_midi_ports_lists_the_jack_ports_by_name_and_says_rtmidi(jack, tmp_path):
    plan = {"ports": ["kit1", "kit2"], "events": []}
    with sender(jack, plan, tmp_path) as kit:
        ports = drum_duet(jack, tmp_path, "midi", "ports", "--api", "jack")
        out, err = ports.communicate(timeout=30)
        kit.go(time.perf_counter())
        kit.result()
    assert "rtmidi" in out and "JACK" in out, out + err
    lines = out.splitlines()
    assert any(line.strip() == "kit1:out" for line in lines), out
    assert any(line.strip() == "kit2:out" for line in lines), out


def test_cli_midi_monitor_prints_each_hit_with_its_lane_velocity_and_gap(jack, tmp_path):
    fill, _ = recording(GROOVE / "drummer1/session1/103_funk_95_fill_4-4.mid", 3.1, 0.0, "kit1")
    plan = {"ports": ["kit1"], "events": fill}
    with sender(jack, plan, tmp_path) as kit:
        monitor = drum_duet(
            jack, tmp_path, "midi", "monitor", "--api", "jack", "--port", "kit1", "--seconds", "5",
            "--json-lines",
        )  # fmt: skip
        assert monitor.stderr is not None
        assert "listening" in monitor.stderr.readline()
        kit.go(time.perf_counter() + 0.2)
        log = kit.result()
        out, err = monitor.communicate(timeout=30)
    assert monitor.returncode == 0, err
    hits = [json.loads(line) for line in out.splitlines()]
    expected = note_ons(fill)
    assert len(log["sent"]) == len(fill)
    assert [(h["note"], h["velocity"]) for h in hits] == [(n, v) for n, v, _ in expected]
    assert all(h["port"] == "kit1:out" for h in hits)
    profile = load_profile("General MIDI")
    for h, (n, _, c) in zip(hits, expected, strict=True):
        pad = profile.pad_for(n, c)
        assert h["lane"] == (pad.lane.name.lower() if pad else None)
        assert h["cymbal"] == (pad.cymbal if pad else None)
    assert hits[0]["ms_since_previous"] is None
    # The gaps the monitor prints are measured against when each note-on was really sent (the
    # sender's perf_counter just before the send), not the file's: on a busy machine the sender
    # itself may run a few milliseconds late, and that is the sender's jitter, not the monitor's.
    gaps = [h["ms_since_previous"] for h in hits[1:]]
    sent_at = [t for i, t in log["sent"] if note_ons([fill[i]])]
    sent_gaps = [(b - a) * 1000 for a, b in itertools.pairwise(sent_at)]
    assert all(abs(g - s) < 7.0 for g, s in zip(gaps, sent_gaps, strict=True)), (gaps, sent_gaps)


def test_a_client_held_up_past_jacks_timeout_is_counted_as_a_late_cycle(jack):
    # What lets `play_whole` tell JACK's losses from the game's: a callback that holds its
    # client's cycle for a second makes jackd log xruns, and `late_cycles` counts them.
    import rtmidi

    before = jack.late_cycles()
    out = rtmidi.MidiOut(rtmidi.API_UNIX_JACK, name="stall-out")
    out.open_virtual_port("out")
    seen: list[int] = []

    def stall(event: tuple[list[int], float], _data: object = None) -> None:
        seen.append(event[0][2])
        if len(seen) == 1:
            time.sleep(1.0)

    midi_in = rtmidi.MidiIn(rtmidi.API_UNIX_JACK, name="stall-in")
    try:
        midi_in.set_callback(stall)
        names = midi_in.get_ports()
        midi_in.open_port(next(i for i, n in enumerate(names) if n.startswith("stall-out")))
        for velocity in range(1, 41):
            out.send_message([0x99, 36, velocity])
            time.sleep(0.05)
        time.sleep(0.3)
    finally:
        midi_in.cancel_callback()
        midi_in.close_port()
        out.close_port()
    assert jack.late_cycles() > before
    assert len(seen) < 40  # and JACK did drop what the held client had not read
