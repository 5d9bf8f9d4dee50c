"""The game's MIDI input: kits opened by stable port name, every note-on stamped and queued.

    midi = MidiInput("jack")              # or "default"; MidiUnavailableError if it cannot be
    midi.open("TD-11:TD-11 MIDI 1")       # now if it is plugged in, else as soon as it is
    midi.start_watching()                 # hot-plug: ports checked about every second
    ...
    for hit in midi.drain():              # in the loop, as often as keys are pumped
        mapper[hit.port].note_on(hit.note, hit.velocity, hit.channel, hit.stamp_s)
    for change in midi.take_changes():    # a kit lost or back: show change.message
        ...

Note-ons are stamped where they arrive (the rtmidi callback, or the PortMidi poll) with
`time.perf_counter()` and put on a thread-safe queue; `drain` hands them out in arrival order.
A port that disappears is closed with a notice and every other port keeps working; when it
comes back, the next check (at most `CHECK_INTERVAL_S` later) opens it again.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter
from typing import Protocol

from game.base.language import _
from game.input.midi_ports import (
    MidiPort,
    MidiUnavailableError,
    NoteOn,
    check_api,
    find_port,
    has_rtmidi,
    port_list,
)

log = logging.getLogger(__name__)

CHECK_INTERVAL_S = 1.0
"""How often the watcher looks for ports that left or came back, seconds."""
MAX_CHANGES = 64
"""The most port changes kept for `take_changes` (older ones are dropped)."""
LISTING = ""
"""The key of the problem of listing the ports (the others are keyed by port name)."""


class Connection(Protocol):
    """An open port of a backend."""

    port: MidiPort
    lost: bool

    def close(self) -> None:
        """Close the port."""
        ...


class MidiBackend(Protocol):
    """What `MidiInput` needs of a backend (`RtmidiBackend`, `PolledBackend`)."""

    name: str
    api_name: str

    @property
    def label(self) -> str:
        """The backend (and API) in words."""
        ...

    def port_names(self) -> list[str]:
        """The input ports' raw names now."""
        ...

    def connect(self, port: MidiPort, deliver: object) -> Connection:
        """Open `port`, handing each stamped `NoteOn` to `deliver`."""
        ...

    def close(self) -> None:
        """Free what the backend holds."""
        ...


def open_backend(api: str = "default", client_name: str = "drum-duet") -> MidiBackend:
    """The best backend this Python has: python-rtmidi with `api`, else PortMidi (pygame-ce)
    polled on a thread (only the "default" API). MidiUnavailableError if it cannot start."""
    api = check_api(api)
    if has_rtmidi():
        from game.input.midi_rtmidi import RtmidiBackend

        return RtmidiBackend(api, client_name)
    from game.input.midi_polling import PolledBackend

    return PolledBackend(api)


@dataclass(frozen=True, slots=True)
class PortChange:
    """A kit's port left (`connected` False) or was (re)opened, when (`stamp_s`,
    perf_counter seconds), and the notice to show the players."""

    port: str
    connected: bool
    message: str
    stamp_s: float


class MidiInput:
    """MIDI input ports chosen by stable name; their note-ons stamped on one queue; hot-plug.

    `open` a port by its stable name (or the raw name, or a unique part of it: see
    `find_port`). `drain` from the game loop. `check` (about every second, by the thread of
    `start_watching` or by the loop) closes ports that left and reopens those that came back;
    each change is logged, kept for `take_changes`, and its message is the latest `notice`.
    """

    def __init__(
        self,
        api: str = "default",
        backend: MidiBackend | None = None,
        client_name: str = "drum-duet",
    ) -> None:
        self.backend = backend if backend is not None else open_backend(api, client_name)
        self.notice: str | None = None
        """The latest port change in words, for the screen (None until something happened)."""
        self._queue: queue.SimpleQueue[NoteOn] = queue.SimpleQueue()
        self.on_note: Callable[[NoteOn], None] | None = None
        """Called with each note-on on the thread it arrived on (the MIDI callback), before
        it is queued for `drain`: for what must not wait for the loop (a hit's sound)."""
        self._lock = threading.RLock()
        self._wanted: list[str] = []
        self._open: dict[str, Connection] = {}
        self._changes: deque[PortChange] = deque(maxlen=MAX_CHANGES)
        self._problems: dict[str, str] = {}
        self._seen: set[str] = set()  # ports opened before: "back" rather than "ready"
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    # ports -------------------------------------------------------------------------------------
    def ports(self) -> list[MidiPort]:
        """Every input port there is now, by stable name (MidiUnavailableError if unlistable)."""
        return port_list(self.backend.port_names(), self.backend.api_name)

    def open(self, name: str) -> MidiPort | None:
        """Want the port `name`: open it now if it is there (its port is returned), else as soon
        as a check finds it (None). Opening it fails with MidiUnavailableError."""
        with self._lock:
            port = find_port(self.ports(), name)
            stable = port.name if port is not None else name
            if stable not in self._wanted:
                self._wanted.append(stable)
            if port is not None and stable not in self._open:
                self._connect(port)
            return port

    def close_port(self, name: str) -> None:
        """Stop wanting the port `name` (a stable name given to or returned by `open`)."""
        with self._lock:
            if name in self._wanted:
                self._wanted.remove(name)
            connection = self._open.pop(name, None)
        if connection is not None:
            connection.close()

    @property
    def wanted(self) -> list[str]:
        """The stable names of the ports asked for, open or not."""
        return list(self._wanted)  # a copy, without the lock: a check may be opening a port

    def is_open(self, name: str) -> bool:
        """True while the port `name` is open."""
        return name in self._open

    # the loop's side -------------------------------------------------------------------------
    def drain(self) -> list[NoteOn]:
        """Every note-on that arrived since the last call, in arrival order."""
        out = []
        get = self._queue.get_nowait
        try:
            while True:
                out.append(get())
        except queue.Empty:
            return out

    def take_changes(self) -> list[PortChange]:
        """The port changes since the last call, oldest first (never waits for a check)."""
        changes = []
        try:
            while True:
                changes.append(self._changes.popleft())
        except IndexError:
            return changes

    # hot-plug ----------------------------------------------------------------------------------
    def check(self) -> None:
        """Close each wanted port that left (or failed), reopen each that is back; never raises
        for a missing or broken port (its problem is logged and becomes the notice)."""
        with self._lock:
            try:
                present = {p.name: p for p in self.ports()}
                self._problems.pop(LISTING, None)
            except MidiUnavailableError as e:
                self._problem(LISTING, str(e))
                present = {}
            for name in self._wanted:
                connection = self._open.get(name)
                port = present.get(name)
                if connection is not None and (
                    port is None or connection.lost or port.raw_name != connection.port.raw_name
                ):
                    del self._open[name]
                    connection.close()
                    self._change(
                        name,
                        False,
                        _(
                            "{device} was disconnected: play on, plug it back in and it returns"
                        ).format(device=name),
                    )
                    connection = None
                if connection is None and port is not None:
                    try:
                        self._connect(port)
                    except MidiUnavailableError as e:
                        self._problem(name, str(e))

    def start_watching(self, interval_s: float = CHECK_INTERVAL_S) -> None:
        """Run `check` every `interval_s` seconds on a thread of its own until `close`."""
        if self._watcher is not None:
            return
        self._stop.clear()

        def watch() -> None:
            while not self._stop.wait(interval_s):
                try:
                    self.check()
                except Exception:  # the watcher must outlive any surprise of a driver
                    log.exception("checking the MIDI ports failed")

        self._watcher = threading.Thread(target=watch, name="midi-ports", daemon=True)
        self._watcher.start()

    def close(self) -> None:
        """Stop watching and close every port and the backend."""
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5.0)
            self._watcher = None
        with self._lock:
            connections = list(self._open.values())
            self._open.clear()
            self._wanted.clear()
        for connection in connections:
            connection.close()
        self.backend.close()

    def __enter__(self) -> MidiInput:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # inside ------------------------------------------------------------------------------------
    def _connect(self, port: MidiPort) -> None:
        """Open `port` (the lock is held) and note the change."""
        again = port.name in self._seen
        self._open[port.name] = self.backend.connect(port, self._deliver)
        self._problems.pop(port.name, None)
        self._seen.add(port.name)
        words = _("{device} is back") if again else _("{device} is ready")
        self._change(port.name, True, words.format(device=port.name))

    def _deliver(self, note: NoteOn) -> None:
        """A note-on from a port's callback: `on_note` first, then the queue."""
        hook = self.on_note
        if hook is not None:
            try:
                hook(note)
            except Exception:  # the MIDI thread must outlive any surprise of a hook
                log.exception("handling a note-on in the MIDI callback failed")
        self._queue.put(note)

    def _change(self, name: str, connected: bool, message: str) -> None:
        (log.info if connected else log.warning)("MIDI: %s", message)
        self._changes.append(PortChange(name, connected, message, perf_counter()))
        self.notice = message

    def _problem(self, name: str, problem: str) -> None:
        """Log a port's problem once (until it changes) and make it the notice."""
        if self._problems.get(name) != problem:
            self._problems[name] = problem
            log.warning("MIDI: %s", problem)
            self.notice = problem
