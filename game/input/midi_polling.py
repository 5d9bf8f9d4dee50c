"""MIDI input without python-rtmidi: mido input ports polled on a thread about every millisecond.

PortMidi (inside pygame-ce, read through mido's pygame backend) has no callback, so a
`MidiPoller` thread reads every open port about every `POLL_INTERVAL_S` and stamps what each
read returns with the `perf_counter()` taken as the read returns: never early, and late by at
most one poll interval (plus the wait for the GIL). Note-ons of velocity 1-127 are delivered;
the rest is dropped. A port whose read fails (PortMidi reports a removed device that way) is
marked `lost`, and `MidiInput.check` lets it go.

PortMidi reads its device list once, when it starts; seeing a kit plugged in later means
restarting PortMidi, which closes every open port. So `PortMidiDevices` rescans only while no
port is open (with one kit, the moment it is lost); with two kits and one unplugged, the
unplugged one is found again once the other is closed (between songs).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from time import perf_counter
from typing import Protocol

import mido

from game.input.midi_ports import PORTMIDI, MidiPort, MidiUnavailableError, NoteOn

log = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.001
"""How long the poller sleeps between two rounds over the ports, seconds."""

Deliver = Callable[[NoteOn], None]


class PortDevices(Protocol):
    """Where polled ports come from: names to list and mido input ports to open."""

    def input_names(self, rescan: bool) -> list[str]:
        """The input ports' names; with `rescan`, look for devices plugged in since."""
        ...

    def open_input(self, name: str) -> mido.ports.BaseInput:
        """Open the input port called `name` (OSError if it cannot be)."""
        ...


class PortMidiDevices:
    """PortMidi's devices through mido's pygame backend (pygame-ce ships PortMidi)."""

    def __init__(self) -> None:
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner in `midi ports`
        self._backend = mido.Backend("mido.backends.pygame", load=True)

    def input_names(self, rescan: bool) -> list[str]:
        """PortMidi's input devices; `rescan` restarts PortMidi (only when nothing is open)."""
        from pygame import midi

        if rescan and midi.get_init():
            midi.quit()
        return list(dict.fromkeys(self._backend.get_input_names()))

    def open_input(self, name: str) -> mido.ports.BaseInput:
        """Open PortMidi input `name` through mido."""
        return self._backend.open_input(name)


class PolledConnection:
    """One polled input port: the mido port, where its note-ons go, and whether it failed."""

    def __init__(self, port: MidiPort, midi_port: mido.ports.BaseInput, deliver: Deliver) -> None:
        self.port = port
        self.midi_port = midi_port
        self.deliver = deliver
        self.lost = False
        self.error: str | None = None
        self.on_close: Callable[[PolledConnection], None] | None = None

    def read(self) -> None:
        """Read what is pending, stamped as the read returns; a read error marks it `lost`."""
        try:
            messages = list(self.midi_port.iter_pending())
        except Exception as e:  # PortMidi raises its own error types; any failure loses the port
            self.lost, self.error = True, str(e) or type(e).__name__
            log.warning("MIDI port %s failed: %s", self.port.name, self.error)
            return
        stamp = perf_counter()
        for message in messages:
            if message.type == "note_on" and message.velocity > 0:
                self.deliver(
                    NoteOn(self.port.name, message.note, message.velocity, message.channel, stamp)
                )

    def close(self) -> None:
        """Stop polling the port and close it."""
        if self.on_close is not None:
            self.on_close(self)


class MidiPoller:
    """The thread that reads every polled port about every `interval_s` seconds.

    `lock` serialises every use of the ports' library (PortMidi is not thread-safe): the poller
    holds it while it reads, the backend while it lists, opens or closes.
    """

    def __init__(self, lock: threading.Lock, interval_s: float = POLL_INTERVAL_S) -> None:
        self.lock = lock
        self.interval_s = interval_s
        self._connections: tuple[PolledConnection, ...] = ()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def connections(self) -> tuple[PolledConnection, ...]:
        """The ports being polled."""
        return self._connections

    def add(self, connection: PolledConnection) -> None:
        """Poll `connection` from now on (the caller holds `lock`); starts the thread."""
        self._connections += (connection,)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="midi-poller", daemon=True)
            self._thread.start()

    def remove(self, connection: PolledConnection) -> None:
        """Stop polling `connection` (the caller holds `lock`)."""
        self._connections = tuple(c for c in self._connections if c is not connection)

    def stop(self) -> None:
        """End the thread and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1.0)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            for connection in self._connections:
                if not connection.lost:
                    with self.lock:
                        if connection in self._connections:  # not closed meanwhile
                            connection.read()
            time.sleep(self.interval_s)


class PolledBackend:
    """Ports read by a `MidiPoller`: PortMidi's by default, or those of any `PortDevices`.

    Only the platform's default MIDI API exists here; asking for another one is a
    MidiUnavailableError that says python-rtmidi is needed for it.
    """

    name = PORTMIDI
    api_name = ""

    def __init__(
        self,
        api: str = "default",
        devices: PortDevices | None = None,
        interval_s: float = POLL_INTERVAL_S,
    ) -> None:
        if api != "default":
            raise MidiUnavailableError(
                f"the {api} MIDI API needs python-rtmidi, which this Python lacks; "
                f"{PORTMIDI} uses the system's default MIDI (choose the API 'default')"
            )
        self.devices = devices if devices is not None else PortMidiDevices()
        self.poller = MidiPoller(threading.Lock(), interval_s)

    @property
    def label(self) -> str:
        """The backend in words."""
        return f"{self.name} (polled every {self.poller.interval_s * 1000:g} ms)"

    def port_names(self) -> list[str]:
        """The input ports' names; the device list is refreshed only while no port is open."""
        with self.poller.lock:
            try:
                return self.devices.input_names(rescan=not self.poller.connections)
            except Exception as e:
                raise MidiUnavailableError(f"cannot list MIDI ports: {e}") from e

    def connect(self, port: MidiPort, deliver: Deliver) -> PolledConnection:
        """Open `port` and poll it; MidiUnavailableError if it cannot be opened."""
        with self.poller.lock:
            try:
                midi_port = self.devices.open_input(port.raw_name)
            except Exception as e:
                raise MidiUnavailableError(f"cannot open {port.name}: {e}") from e
            connection = PolledConnection(port, midi_port, deliver)
            connection.on_close = self._close
            self.poller.add(connection)
        return connection

    def _close(self, connection: PolledConnection) -> None:
        with self.poller.lock:
            self.poller.remove(connection)
            try:
                connection.midi_port.close()
            except Exception as e:  # a failed device may fail to close too
                log.debug("closing %s: %s", connection.port.name, e)

    def close(self) -> None:
        """Stop the poller and close every port."""
        for connection in self.poller.connections:
            connection.close()
        self.poller.stop()
