"""The shortest live-hit path: a MIDI kit's hit is mapped and sounded on the thread it arrived
on, so its sound is in the first buffer rendered after it, whether or not the game's loop has
pumped since; the loop then judges it without sounding it twice.

Run on the polled MIDI backend with in-memory ports (see tests/input/test_midi_polling.py): the
poller's thread plays the part of the MIDI callback.
"""

from __future__ import annotations

import os
import threading
import time

import numpy as np

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from game.app.devices import KitHits
from game.app.play import LivePlay, PlayOptions
from game.app.sounds import hit_sounds_at
from game.core.devices import DeviceId
from game.core.lanes import Lane
from game.core.replay import PlayerSetup
from game.formats.song_folder import load_song
from game.input.kit_devices import KitDevices
from game.input.midi_input import MidiInput
from game.input.midi_polling import PolledBackend
from game.store.settings import Settings
from tests.helpers import ROOT
from tests.input.test_midi_polling import KitShelf, note

KIT = "TD-11 MIDI 1"
KIT_ID = DeviceId.midi(KIT)
RATE = 48000


def test_a_kit_hit_sounds_in_the_next_buffer_without_waiting_for_the_loop():
    song = load_song(ROOT / "charts" / "nara-soundcheck")
    options = PlayOptions([PlayerSetup("full", "easy")], settings=Settings(), devices=(KIT_ID,))
    silence = np.zeros((RATE * 5, 2), np.float32)
    live = LivePlay(song, options, silence, hit_sounds_at(RATE), None, rate=RATE)
    live.clock.on_buffer(0, 256, stamp=time.perf_counter())
    shelf = KitShelf()
    kit = shelf.plug(KIT)
    devices = KitDevices.__new__(KitDevices)  # only its MIDI input is used by KitHits
    devices.midi = MidiInput(backend=PolledBackend(devices=shelf))
    devices.midi_problem = None
    threads: list[str] = []
    sounded_on = threading.Event()

    def hit_at_once(event):
        threads.append(threading.current_thread().name)
        sounded = live.hit_at_once(event)
        sounded_on.set()
        return sounded

    try:
        live.kit_hits = KitHits(devices, Settings(), [KIT_ID], live.clock.input_time, hit_at_once)
        live.mix.render(256)  # the stream is running
        kit.send(note(38, 110))  # a snare hit
        assert sounded_on.wait(2.0)
        # The loop has not pumped: the sound is already in the next buffer, from its first frame.
        first = live.mix.render(256)
        assert np.abs(first[1]).max() > 0 and np.abs(first[:32]).max() > 0.05
        assert threads and threads[0] != threading.main_thread().name
        # The loop's pump then judges the hit, and does not sound it again.
        taken = live.kit_hits.take()
        assert [(e.lane, sounded) for e, sounded in taken] == [(Lane.RED, True)]
        for event, sounded in taken:
            live.hit(event, sounded)
        assert live.mix.sounding == 1
        live.session.update(10.0)
        assert [e.lane for e in live.session.inputs] == [Lane.RED]
        # While paused a hit is not played, and the loop drops it.
        live.accepting = False
        kit.send(note(38, 110))
        deadline = time.perf_counter() + 2.0
        while len(threads) < 2 and time.perf_counter() < deadline:
            time.sleep(0.002)
        assert [s for _, s in live.kit_hits.take()] == [False]
    finally:
        live.kit_hits.detach()
        devices.midi.close()
