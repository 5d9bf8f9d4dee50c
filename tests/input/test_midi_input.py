"""`MidiInput`: ports wanted by stable name, hot-plug by its watcher thread, notices, the queue.

Run on the polled backend with in-memory mido ports (see test_midi_polling); the same logic
over real JACK ports is in tests/e2e/test_midi_jack.py.
"""

from __future__ import annotations

import threading
import time

from game.input.midi_input import CHECK_INTERVAL_S, MidiInput
from game.input.midi_polling import PolledBackend
from game.input.midi_ports import MidiUnavailableError
from tests.input.test_midi_polling import KitShelf, collect, note


def wait_for(condition, timeout: float = 3.0) -> float:
    """Seconds until `condition()` held (AssertionError after `timeout`)."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise AssertionError("never happened")
        time.sleep(0.005)
    return time.perf_counter() - start


def test_hot_plug_is_checked_about_every_second_by_default():
    assert 0.5 <= CHECK_INTERVAL_S <= 1.0  # SPEC: about every second; back within 2 s


def test_a_kit_wanted_before_it_is_plugged_in_opens_when_the_watcher_sees_it():
    shelf = KitShelf()
    with MidiInput(backend=PolledBackend(devices=shelf)) as midi:
        assert midi.open("TD-11 MIDI 1") is None
        assert midi.wanted == ["TD-11 MIDI 1"] and not midi.is_open("TD-11 MIDI 1")
        midi.start_watching(0.1)
        kit = shelf.plug("TD-11 MIDI 1")
        assert wait_for(lambda: midi.is_open("TD-11 MIDI 1")) < 1.0
        assert midi.notice == "TD-11 MIDI 1 is ready"
        kit.send(note(38, 99))
        (hit,) = collect(midi, time.perf_counter() + 0.05)
        assert (hit.port, hit.note, hit.velocity) == ("TD-11 MIDI 1", 38, 99)


def test_the_watcher_lets_an_unplugged_kit_go_and_takes_it_back_while_hits_flow():
    shelf = KitShelf()
    kit1, kit2 = shelf.plug("kit one"), shelf.plug("kit two")
    stop = threading.Event()

    def drummer() -> None:  # the other player keeps playing all along
        while not stop.is_set():
            kit2.send(note(36, 100))
            time.sleep(0.01)

    with MidiInput(backend=PolledBackend(devices=shelf)) as midi:
        midi.open("kit one")
        midi.open("kit two")
        midi.take_changes()
        midi.start_watching(0.2)
        player = threading.Thread(target=drummer)
        player.start()
        try:
            shelf.unplug("kit one")
            assert wait_for(lambda: not midi.is_open("kit one")) < 1.0
            during = collect(midi, time.perf_counter() + 0.3)
            kit1 = shelf.plug("kit one")
            assert wait_for(lambda: midi.is_open("kit one")) < 1.0
            kit1.send(note(49, 120))
            after = collect(midi, time.perf_counter() + 0.1)
        finally:
            stop.set()
            player.join()
        changes = midi.take_changes()
    assert len(during) >= 10 and {n.port for n in during} == {"kit two"}
    assert ("kit one", 49) in [(n.port, n.note) for n in after]
    assert [(c.port, c.connected) for c in changes] == [("kit one", False), ("kit one", True)]
    assert changes[0].stamp_s < changes[1].stamp_s


def test_a_check_that_cannot_list_the_ports_says_so_and_raises_nothing():
    class BrokenShelf(KitShelf):
        def input_names(self, rescan: bool) -> list[str]:
            raise OSError("MIDI service stopped")

    midi = MidiInput(backend=PolledBackend(devices=BrokenShelf()))
    midi.check()
    assert midi.notice is not None and "MIDI service stopped" in midi.notice
    try:
        midi.open("TD-11")
    except MidiUnavailableError as e:
        assert "MIDI service stopped" in str(e)
    else:
        raise AssertionError("open() must say the ports cannot be listed")
    midi.close()
    midi.close()  # twice is fine


def test_drain_hands_out_every_note_on_once_in_arrival_order():
    shelf = KitShelf()
    kit1, kit2 = shelf.plug("kit one"), shelf.plug("kit two")
    with MidiInput(backend=PolledBackend(devices=shelf)) as midi:
        midi.open("kit one")
        midi.open("kit two")
        for i in range(20):
            (kit1 if i % 2 else kit2).send(note(35 + i, 10 + i))
            time.sleep(0.003)
        got = collect(midi, time.perf_counter() + 0.05)
        assert midi.drain() == []
    assert [n.note for n in got] == list(range(35, 55))
    assert [n.stamp_s for n in got] == sorted(n.stamp_s for n in got)


def test_a_kit_no_longer_wanted_is_closed_and_not_reopened():
    shelf = KitShelf()
    kit = shelf.plug("kit one")
    with MidiInput(backend=PolledBackend(devices=shelf)) as midi:
        midi.open("kit one")
        midi.close_port("kit one")
        midi.check()
        assert kit.closed  # the game's end of the port is closed: nothing is read from it
        assert midi.wanted == [] and not midi.is_open("kit one")
        assert midi.backend.poller.connections == ()
