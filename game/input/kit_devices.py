"""The drum kits and drum controllers there are, and their note-ons, for the setup screens.

`KitDevices` lists every MIDI input port (by stable name, through `MidiInput` with the chosen
MIDI API) and every joystick (through `Controllers`), and opens them all, so that whichever one
the player picks is heard at once. A controller's button press becomes a `NoteOn` as well (the
button is the note, at `BUTTON_VELOCITY`, on channel 0, stamped when pumped), so the screens
treat kits and controllers alike. When MIDI cannot be used (no backend, no ALSA sequencer, no
JACK server) `midi_problem` says why, and the controllers are still listed.

    devices = KitDevices(settings.input.midi_api, remembered=settings.input.kit_profiles)
    ...                                  # in the loop, every pump:
    for event in pygame.event.get():
        note = devices.on_event(event, stamp)   # a controller's button, or None
    notes = devices.drain()              # the kits' note-ons, stamped in the MIDI callback
    devices.refresh_due(now)             # about every second: ports that came or went
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from time import perf_counter

import pygame

from game.base.language import _
from game.core.devices import DeviceId
from game.input.joystick import BUTTON_VELOCITY, Controllers
from game.input.midi_input import MidiInput
from game.input.midi_ports import MidiUnavailableError, NoteOn

log = logging.getLogger(__name__)

REFRESH_S = 1.0
"""How often `refresh_due` looks for ports that came or went, seconds."""


@dataclass(frozen=True, slots=True)
class KitDevice:
    """An input device that plays through a kit profile (a MIDI kit or a controller), and
    whether it is plugged in now."""

    device: DeviceId
    connected: bool = True

    @property
    def name(self) -> str:
        """The device's name as the settings write it ("TD-11 MIDI 1", "joystick: NAME")."""
        return str(self.device)

    @property
    def midi(self) -> bool:
        """True for a MIDI kit, False for a drum controller seen as a joystick."""
        return self.device.is_midi

    @property
    def kind(self) -> str:
        """The kind of device in words: "MIDI kit" or "Drum controller"."""
        return _("MIDI kit") if self.midi else _("Drum controller")


class KitDevices:
    """Every MIDI kit and drum controller, opened, with their note-ons (see the module).

    `remembered` devices (the player's earlier choices) are listed even when they are not
    plugged in, and a MIDI one is opened as soon as it shows up; the keyboard is left out.
    """

    def __init__(
        self,
        midi_api: str = "default",
        remembered: Iterable[DeviceId] = (),
        client_name: str = "drum-duet",
    ) -> None:
        self.midi_api = midi_api
        self.midi: MidiInput | None = None
        self.midi_problem: str | None = None
        """Why MIDI cannot be used now, in words (None while it works)."""
        self.controllers = Controllers()
        self.controllers.open_all()
        self._remembered = [d for d in dict.fromkeys(remembered) if d.name and not d.is_keyboard]
        self._ports: list[str] = []
        self._notices: list[str] = []
        self._next_refresh = 0.0
        try:
            self.midi = MidiInput(midi_api, client_name=client_name)
        except (MidiUnavailableError, ValueError) as e:
            self._midi_down(str(e))
        for device in self._remembered:
            if device.is_midi:
                self._want(device.name)
        if self.midi is not None:
            self.midi.take_changes()  # "ready": the list itself shows the ports there are
        self.refresh()

    # devices -----------------------------------------------------------------------------------
    def devices(self) -> list[KitDevice]:
        """The MIDI kits (as the system lists them, then remembered ones not plugged in), then
        the controllers by name (plugged in or remembered)."""
        ports = [DeviceId.midi(name) for name in self._ports]
        joysticks = self.controllers.names()
        out = [KitDevice(d) for d in ports]
        out += [KitDevice(d, False) for d in self._remembered if d.is_midi and d not in ports]
        pads = {*joysticks, *(d for d in self._remembered if d.is_controller)}
        out += [KitDevice(d, d in joysticks) for d in sorted(pads, key=str)]
        return out

    def ids(self) -> list[DeviceId]:
        """The devices of `devices()`."""
        return [d.device for d in self.devices()]

    def refresh(self) -> None:
        """List the MIDI ports now and open the new ones; close the ones that left."""
        self._next_refresh = perf_counter() + REFRESH_S
        midi = self.midi
        if midi is None:
            return
        midi.check()
        for change in midi.take_changes():
            self._notices.append(change.message)
        try:
            ports = [p.name for p in midi.ports()]
        except MidiUnavailableError as e:
            self._midi_down(str(e))
            self._ports = []
            return
        self.midi_problem = None
        for name in ports:
            if not midi.is_open(name):
                self._want(name)
        midi.take_changes()  # "ready": the list itself shows the new port
        self._ports = ports  # listed once open: a kit shown is a kit heard

    def refresh_due(self, now: float | None = None) -> None:
        """`refresh` when the last one is `REFRESH_S` old (`now`: perf_counter seconds)."""
        if (perf_counter() if now is None else now) >= self._next_refresh:
            self.refresh()

    def _want(self, name: str) -> None:
        """Open the MIDI port `name` now, or as soon as it is plugged in."""
        if self.midi is None:
            return
        try:
            self.midi.open(name)
        except MidiUnavailableError as e:
            log.warning("MIDI: %s", e)
            self._notices.append(str(e))

    def _midi_down(self, problem: str) -> None:
        if self.midi_problem != problem:
            log.warning("MIDI is not available: %s", problem)
        self.midi_problem = problem

    # hits ----------------------------------------------------------------------------------
    def drain(self) -> list[NoteOn]:
        """The MIDI kits' note-ons since the last call (stamped in the MIDI callback)."""
        return self.midi.drain() if self.midi is not None else []

    def on_event(self, event: pygame.event.Event, stamp: float) -> NoteOn | None:
        """Follow a controller plugged in or out; a button pressed at `stamp` (perf_counter
        seconds, taken at the pump) as a `NoteOn` of its controller, else None."""
        if event.type in (pygame.JOYDEVICEADDED, pygame.JOYDEVICEREMOVED):
            self.controllers.on_event(event)
            if self.controllers.notice:
                self._notices.append(self.controllers.notice)
                self.controllers.notice = None
            return None
        if event.type != pygame.JOYBUTTONDOWN:
            return None
        name = self.controllers.name_of(event.instance_id)
        if name is None:
            return None
        return NoteOn(str(name), int(event.button), BUTTON_VELOCITY, 0, stamp)

    def take_notices(self) -> list[str]:
        """What happened to the devices since the last call, in words (oldest first)."""
        notices, self._notices = self._notices, []
        return notices

    def close(self) -> None:
        """Close every MIDI port and the MIDI backend (safe twice)."""
        midi, self.midi = self.midi, None
        if midi is not None:
            midi.close()

    def __enter__(self) -> KitDevices:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
