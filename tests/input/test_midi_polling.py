"""The fallback without python-rtmidi: mido input ports read by the poller thread about every
millisecond, stamped there, and taken through `MidiInput` like rtmidi's ports.

PortMidi itself needs a MIDI device (and on Linux an ALSA sequencer) that CI machines lack, so
the ports here are mido's own in-memory ports (`mido.ports.EchoPort`: what is sent to it is what
reading it returns), fed from a thread at known instants. Everything above PortMidi is the
game's real code on real threads: `PolledBackend`, `MidiPoller`, `MidiInput`. An unplugged
kit's port fails to read, as PortMidi's does for a removed device.
"""

from __future__ import annotations

import random
import threading
import time

import mido
import pytest

from game.input.midi_input import MidiInput
from game.input.midi_polling import POLL_INTERVAL_S, PolledBackend
from game.input.midi_ports import PORTMIDI, MidiUnavailableError, NoteOn


class KitPort(mido.ports.EchoPort):
    """A kit's input port as mido sees it; once `unplugged`, reading it raises OSError."""

    unplugged = False

    def _receive(self, block: bool = True) -> None:
        if self.unplugged:
            raise OSError("the device was removed")


class KitShelf:
    """The devices a `PolledBackend` sees (a `PortDevices`): kits plugged in and out by name.

    `rescans` records whether each listing was allowed to look for new devices."""

    def __init__(self) -> None:
        self.plugged: dict[str, KitPort] = {}
        self.rescans: list[bool] = []

    def plug(self, name: str) -> KitPort:
        port = self.plugged[name] = KitPort(name)
        return port

    def unplug(self, name: str) -> None:
        self.plugged.pop(name).unplugged = True

    def input_names(self, rescan: bool) -> list[str]:
        self.rescans.append(rescan)
        return list(self.plugged)

    def open_input(self, name: str) -> KitPort:
        if name not in self.plugged:
            raise OSError(f"unknown port {name!r}")
        return self.plugged[name]


def note(n: int, velocity: int, channel: int = 9) -> mido.Message:
    return mido.Message("note_on", note=n, velocity=velocity, channel=channel)


def collect(midi: MidiInput, until: float) -> list[NoteOn]:
    """Drain `midi` every 5 ms until `until` (perf_counter seconds)."""
    got: list[NoteOn] = []
    while time.perf_counter() < until:
        got += midi.drain()
        time.sleep(0.005)
    return got + midi.drain()


def test_the_poller_stamps_each_note_on_within_about_a_poll_of_its_arrival():
    shelf = KitShelf()
    kit = shelf.plug("TD-11 MIDI 1")
    sent: list[tuple[int, int, float]] = []
    rng = random.Random(6)

    def drummer() -> None:
        for i in range(300):
            time.sleep(rng.uniform(0.002, 0.008))
            message = note(35 + i % 47, 1 + i % 127)
            t = time.perf_counter()
            kit.send(message)
            sent.append((message.note, message.velocity, t))

    with MidiInput(backend=PolledBackend(devices=shelf)) as midi:
        assert midi.backend.name == PORTMIDI
        midi.open("TD-11 MIDI 1")
        player = threading.Thread(target=drummer)
        player.start()
        got = collect(midi, time.perf_counter() + 1.0)
        player.join()
        got += collect(midi, time.perf_counter() + 0.05)

    assert [(n.note, n.velocity, n.channel) for n in got] == [(n, v, 9) for n, v, _ in sent]
    delays = sorted(n.stamp_s - t for n, (_, _, t) in zip(got, sent, strict=True))
    assert delays[0] >= 0.0  # stamped as the read returns: never before the note came
    # Polled every millisecond: half a poll late on average. A poller ten times slower, or a
    # stamp taken when the loop drains (every 5 ms here), would be several ms late.
    assert delays[len(delays) // 2] <= 2 * POLL_INTERVAL_S, delays
    assert delays[int(len(delays) * 0.9)] <= 4 * POLL_INTERVAL_S, delays
    assert delays[-1] <= 0.030, delays


def test_only_note_ons_with_a_velocity_reach_the_queue():
    shelf = KitShelf()
    kit = shelf.plug("Nitro")
    with MidiInput(backend=PolledBackend(devices=shelf)) as midi:
        midi.open("Nitro")
        for message in (
            note(38, 90, channel=0),
            note(38, 0),  # a note-off written as a note-on
            mido.Message("note_off", note=38, velocity=64, channel=9),
            mido.Message("control_change", control=4, value=90, channel=9),
            mido.Message("program_change", program=3, channel=9),
            mido.Message("sysex", data=[1, 2, 3]),
            note(36, 127),
        ):
            kit.send(message)
        got = collect(midi, time.perf_counter() + 0.1)
    assert [(n.port, n.note, n.velocity, n.channel) for n in got] == [
        ("Nitro", 38, 90, 0),
        ("Nitro", 36, 127, 9),
    ]


def test_a_kit_whose_port_fails_is_let_go_with_a_notice_and_the_other_kit_plays_on():
    shelf = KitShelf()
    kit1, kit2 = shelf.plug("kit one"), shelf.plug("kit two")
    with MidiInput(backend=PolledBackend(devices=shelf)) as midi:
        midi.open("kit one")
        midi.open("kit two")
        assert [c.message for c in midi.take_changes()] == ["kit one is ready", "kit two is ready"]
        kit1.send(note(38, 100))
        kit2.send(note(36, 100))
        assert len(collect(midi, time.perf_counter() + 0.05)) == 2

        shelf.unplug("kit one")
        kit1.send(note(38, 50))  # read by nobody: its port fails from now on
        time.sleep(0.02)
        midi.check()
        (lost,) = midi.take_changes()
        assert (lost.port, lost.connected) == ("kit one", False)
        assert midi.notice == lost.message and "kit one was disconnected" in lost.message
        assert not midi.is_open("kit one") and midi.wanted == ["kit one", "kit two"]
        kit2.send(note(42, 70))
        assert [(n.port, n.note) for n in collect(midi, time.perf_counter() + 0.05)] == [
            ("kit two", 42)
        ]

        kit1 = shelf.plug("kit one")  # plugged back in
        midi.check()
        (back,) = midi.take_changes()
        assert (back.port, back.connected, back.message) == ("kit one", True, "kit one is back")
        kit1.send(note(46, 80))
        kit2.send(note(36, 90))
        got = collect(midi, time.perf_counter() + 0.05)
        assert sorted((n.port, n.note) for n in got) == [("kit one", 46), ("kit two", 36)]


def test_portmidi_is_rescanned_only_while_no_port_is_open():
    shelf = KitShelf()
    shelf.plug("kit one")
    with MidiInput(backend=PolledBackend(devices=shelf)) as midi:
        midi.check()
        midi.open("kit one")
        midi.check()
        midi.close_port("kit one")
        midi.check()
    # Restarting PortMidi to see new devices closes every open port: never while one is open.
    assert shelf.rescans == [True, True, False, True]


def test_the_polled_backend_has_only_the_default_api_and_says_why():
    with pytest.raises(MidiUnavailableError, match="needs python-rtmidi"):
        PolledBackend("jack", devices=KitShelf())


def test_portmidi_from_pygame_lists_its_input_ports_without_failing():
    pytest.importorskip("pygame.midi")
    backend = PolledBackend()
    try:
        names = backend.port_names()
    finally:
        backend.close()
    assert isinstance(names, list) and all(isinstance(n, str) for n in names)
