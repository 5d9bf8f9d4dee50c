"""The input devices beside the keyboard: MIDI drum kits and joystick drum controllers.

`InputDevices` lives from start-up to quitting: it lists what can be chosen on song select
(MIDI ports by stable name, controllers by name) and keeps the MIDI connection. `KitHits` turns
one song's kit and controller input into the players' hits: each MIDI note-on was stamped in
the MIDI callback, each controller button when pumped; each goes through its device's kit
profile and input offset to a song time. A kit unplugged mid-song leaves a notice and the song
goes on; when it comes back it is taken back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pygame

from game.core.events import InputEvent
from game.input.joystick import PREFIX, Controllers, JoystickDrums
from game.input.keyboard import KEYBOARD
from game.input.kit_files import load_profile
from game.input.kit_mapper import KitMapper
from game.input.kit_profile import KitProfileError
from game.input.midi_input import MidiInput
from game.input.midi_ports import MidiUnavailableError
from game.store.paths import kit_profiles_dir
from game.store.settings import Settings

log = logging.getLogger(__name__)


class InputDevices:
    """The MIDI ports and controllers the game can hear, and why MIDI is missing if it is."""

    def __init__(self, midi_api: str = "default") -> None:
        self.controllers = Controllers()
        self.midi: MidiInput | None = None
        self.notice: str | None = None
        try:
            self.midi = MidiInput(midi_api)
        except (MidiUnavailableError, ValueError) as e:
            self.notice = f"MIDI kits cannot be used: {e}"
            log.warning("%s", self.notice)

    def names(self) -> list[str]:
        """Every input device there is now: the keyboard, MIDI ports, controllers."""
        names = [KEYBOARD]
        if self.midi is not None:
            try:
                names += [port.name for port in self.midi.ports()]
            except MidiUnavailableError as e:
                self.notice = f"MIDI kits cannot be listed: {e}"
        return names + self.controllers.names()

    def close(self) -> None:
        """Close every MIDI port (the game is quitting)."""
        if self.midi is not None:
            self.midi.close()


class KitHits:
    """One song's kit and controller players: their input as hits, and the notices to show."""

    def __init__(
        self,
        devices: InputDevices,
        settings: Settings,
        players: list[str],
        song_time: Callable[[float, float], float],
    ) -> None:
        """`players` are the players' device names; `song_time(stamp, offset_s)` is the song
        time of a hit stamped at `stamp` by a device `offset_s` late."""
        self.devices = devices
        self.kits: dict[str, KitMapper] = {}
        self.controllers: list[JoystickDrums] = []
        self.notice: str | None = None
        for player, device in enumerate(players):
            if device == KEYBOARD:
                continue
            offset_s = settings.input.offset_ms(device) / 1000.0

            def at(stamp: float, offset_s: float = offset_s) -> float:
                return song_time(stamp, offset_s)

            profile = self._profile(settings, device)
            if device.startswith(PREFIX):
                self.controllers.append(JoystickDrums(device, profile, player, at))
            else:
                self.kits[device] = KitMapper(profile, player, at)
                self._open(device)

    def _profile(self, settings: Settings, device: str):
        name = settings.input.profile_for(device)
        try:
            return load_profile(name, kit_profiles_dir())
        except KitProfileError as e:
            self.notice = f"{e}; the General MIDI profile is used"
            log.warning("%s", self.notice)
            return load_profile()

    def _open(self, device: str) -> None:
        midi = self.devices.midi
        if midi is None:
            self.notice = self.devices.notice
            return
        try:
            if midi.open(device) is None:
                self.notice = f"{device} is not connected; it will be taken as soon as it is"
            midi.start_watching()
        except MidiUnavailableError as e:
            self.notice = f"{device}: {e}"
            log.warning("%s", self.notice)

    def take(self) -> list[InputEvent]:
        """The kits' hits that arrived since the last call (each at its own song time)."""
        midi = self.devices.midi
        if midi is None or not self.kits:
            return []
        hits = []
        for note in midi.drain():
            kit = self.kits.get(note.port)
            if kit is not None:
                event = kit.note_on(note.note, note.velocity, note.channel, note.stamp_s)
                if event is not None:
                    hits.append(event)
        for change in midi.take_changes():
            if change.port in self.kits:
                self.notice = change.message
                if change.connected:
                    self.kits[change.port].reset()
        return hits

    def on_event(self, event: pygame.event.Event, stamp: float) -> InputEvent | None:
        """A controller's hit (a JOYBUTTONDOWN stamped at `stamp`), or None; follows plugs."""
        controllers = self.devices.controllers
        if event.type in (pygame.JOYDEVICEADDED, pygame.JOYDEVICEREMOVED):
            controllers.on_event(event)
            if self.controllers:
                self.notice = controllers.notice
            return None
        if event.type != pygame.JOYBUTTONDOWN:
            return None
        device = controllers.name_of(event.instance_id)
        for drums in self.controllers:
            hit = drums.on_button(device, event.button, stamp)
            if hit is not None:
                return hit
        return None

    def close(self) -> None:
        """Stop listening to the song's kits (the ports stay listed for the next song)."""
        midi = self.devices.midi
        if midi is not None:
            for device in self.kits:
                midi.close_port(device)
