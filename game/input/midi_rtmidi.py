"""MIDI input through python-rtmidi: every note-on stamped inside rtmidi's callback.

Each opened port gets its own `rtmidi.MidiIn` whose callback runs on the backend's own thread
(ALSA's input thread, JACK's process thread). Its first act is `perf_counter()`; then a note-on
(velocity 1-127) becomes a `NoteOn` handed to `deliver` (a thread-safe queue's `put`); every
other message, and a note-on of velocity 0 (a note-off), is dropped there. python-rtmidi is used
directly rather than through mido's rtmidi backend: mido parses each message into an object
before its callback runs, and throws rtmidi's own timing away anyway.

Closing a port while a kit plays needs care. python-rtmidi calls the callback holding the GIL
and closes a port holding it too, while rtmidi's close waits for its MIDI thread (ALSA joins
it; JACK unregisters the port, and a synchronous JACK server waits for the cycle): if that
thread is waiting for the GIL to call back, both wait forever. `RtmidiConnection.close`
therefore first takes the callback away from rtmidi and lets go of the GIL until a call that
was already waiting has run, and only then closes the port (see there).
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from time import perf_counter

import rtmidi

from game.input.midi_ports import (
    RTMIDI,
    MidiPort,
    MidiUnavailableError,
    NoteOn,
    api_label,
    rtmidi_api,
)

log = logging.getLogger(__name__)

NOTE_ON = 0x90
OPEN_ATTEMPTS = 3
"""How often opening a port is tried when the port list changes under it."""
QUIESCE_S = 0.02
"""How long closing a port lets go of the GIL so that a callback already waiting for it runs."""

Deliver = Callable[[NoteOn], None]


def note_on_stamper(
    port: str, deliver: Deliver, live: list[bool] | None = None
) -> Callable[[tuple[list[int], float], object], None]:
    """An rtmidi input callback for port `port` (stable name): it stamps each message with
    `perf_counter()` (seconds) before anything else and delivers the note-ons, while `live[0]`
    is true (a port being closed delivers nothing more)."""
    live = [True] if live is None else live

    def on_message(event: tuple[list[int], float], _data: object = None) -> None:
        stamp = perf_counter()
        message = event[0]
        if len(message) == 3 and message[0] & 0xF0 == NOTE_ON and message[2] and live[0]:
            deliver(NoteOn(port, message[1], message[2], message[0] & 0x0F, stamp))

    return on_message


class RtmidiConnection:
    """One open input port: its `rtmidi.MidiIn` and the callback feeding the queue."""

    lost = False
    """rtmidi never reports a port as failed: a vanished port is seen in the port list."""

    def __init__(self, port: MidiPort, midi_in: rtmidi.MidiIn, live: list[bool]) -> None:
        self.port = port
        self._midi_in: rtmidi.MidiIn | None = midi_in
        self._live = live

    def close(self) -> None:
        """Close the port and free its client, safely while MIDI still flows (safe twice).

        1. the callback stops delivering; 2. rtmidi stops calling it (python-rtmidi would free
        the callback's arguments then, which a call already waiting for the GIL still reads:
        they are held here until the end); 3. sleep `QUIESCE_S`, letting go of the GIL, so such
        a call runs and returns; 4. close: rtmidi's thread no longer needs the GIL.
        """
        midi_in, self._midi_in = self._midi_in, None
        if midi_in is None:
            return
        self._live[0] = False
        held = [r for r in gc.get_referents(midi_in) if isinstance(r, tuple)]
        try:
            midi_in.cancel_callback()
            time.sleep(QUIESCE_S)
            midi_in.close_port()
            midi_in.delete()
        except rtmidi.RtMidiError as e:  # the server may be gone already: nothing to free
            log.debug("closing %s: %s", self.port.name, e)
        del held


class RtmidiBackend:
    """python-rtmidi with one MIDI API ("default", "jack", "alsa", "coremidi", "winmm").

    A scanning client lists the ports; each `connect` opens a client of its own named
    `client_name` (JACK shows it as "drum-duet:kit ..."). MidiUnavailableError when the API
    cannot be used (no JACK server, no ALSA sequencer).
    """

    name = RTMIDI

    def __init__(self, api: str = "default", client_name: str = "drum-duet") -> None:
        self.api, self.api_name = rtmidi_api(api)
        self.client_name = client_name
        self._scanner = self._midi_in(f"{client_name} ports")

    @property
    def label(self) -> str:
        """The backend and its API in words: "rtmidi (JACK)"."""
        return f"{self.name} ({api_label(self.api_name)})"

    def _midi_in(self, client: str) -> rtmidi.MidiIn:
        try:
            return rtmidi.MidiIn(self.api, name=client)
        except rtmidi.RtMidiError as e:
            raise MidiUnavailableError(
                f"{api_label(self.api_name)} MIDI is not available: {e}"
            ) from e

    def port_names(self) -> list[str]:
        """The input ports as the API lists them now (raw names)."""
        try:
            return [name or "" for name in self._scanner.get_ports()]
        except rtmidi.RtMidiError as e:
            raise MidiUnavailableError(f"cannot list {api_label(self.api_name)} ports: {e}") from e

    def connect(self, port: MidiPort, deliver: Deliver) -> RtmidiConnection:
        """Open `port` and deliver its note-ons; MidiUnavailableError if it cannot be opened."""
        own_name = "kit " + port.name.replace(":", " ")[:48]
        for _ in range(OPEN_ATTEMPTS):
            names = self.port_names()
            if port.raw_name not in names:
                raise MidiUnavailableError(f"{port.name} is not connected")
            index = names.index(port.raw_name)
            midi_in = self._midi_in(self.client_name)
            live = [True]
            connection = RtmidiConnection(port, midi_in, live)
            try:
                midi_in.set_callback(note_on_stamper(port.name, deliver, live))
                midi_in.open_port(index, own_name)
            except rtmidi.RtMidiError as e:
                connection.close()
                raise MidiUnavailableError(f"cannot open {port.name}: {e}") from e
            # rtmidi opens by index: if the list changed meanwhile, another port may be open.
            after = self.port_names()
            if index < len(after) and after[index] == port.raw_name:
                return connection
            connection.close()
        raise MidiUnavailableError(f"cannot open {port.name}: the port list keeps changing")

    def close(self) -> None:
        """Free the scanning client (safe to call twice)."""
        if not self._scanner.is_deleted:
            self._scanner.delete()
