"""Drum controllers that appear as joysticks (Rock Band / Guitar Hero kits, gamepads).

pygame reports their pads as button presses. Each press is stamped when pumped, like a key,
and goes through the same kit profiles as a MIDI kit (`game.input.kit_devices` makes it a
note-on of its controller): the profile's "notes" are button numbers, so the learn mode works
for them too. A controller has no velocity: every hit plays
at `BUTTON_VELOCITY`. Controllers are known by name (`DeviceId.controller`; "joystick: Harmonix
Drum Kit" in the settings), so a player's choice survives a replug; one unplugged mid-song
leaves a notice, and it is taken back as soon as SDL sees it again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pygame

from game.base.language import _
from game.core.devices import DeviceId

log = logging.getLogger(__name__)

BUTTON_VELOCITY = 100
"""The MIDI velocity (0-127) of a controller's hit: firm, below an accent."""


def device_name(joystick: pygame.joystick.JoystickType) -> DeviceId:
    """The input device of a controller, by its name (stable across replugs)."""
    return DeviceId.controller(joystick.get_name().strip())


@dataclass
class Controllers:
    """The joysticks plugged in, by SDL instance id, kept open so they send events."""

    joysticks: dict[int, pygame.joystick.JoystickType] = field(default_factory=dict)
    notice: str | None = None

    def open_all(self) -> None:
        """Open every joystick SDL knows now (call after pygame.init())."""
        for index in range(pygame.joystick.get_count()):
            self._open(index)

    def on_event(self, event: pygame.event.Event) -> None:
        """Follow JOYDEVICEADDED / JOYDEVICEREMOVED: open a new controller, forget a gone one."""
        if event.type == pygame.JOYDEVICEADDED:
            name = self._open(event.device_index)
            if name is not None:
                self.notice = _("{device} is connected").format(device=name.name)
        elif event.type == pygame.JOYDEVICEREMOVED:
            joystick = self.joysticks.pop(event.instance_id, None)
            if joystick is not None:
                self.notice = _("{device} was unplugged").format(device=device_name(joystick).name)
                log.warning("%s", self.notice)

    def name_of(self, instance_id: int) -> DeviceId | None:
        """The device of the controller with SDL instance id `instance_id`."""
        joystick = self.joysticks.get(instance_id)
        return None if joystick is None else device_name(joystick)

    def names(self) -> list[DeviceId]:
        """The devices of the controllers plugged in, by name."""
        return sorted({device_name(j) for j in self.joysticks.values()}, key=str)

    def _open(self, index: int) -> DeviceId | None:
        try:
            joystick = pygame.joystick.Joystick(index)
        except pygame.error as e:
            log.warning("joystick %d cannot be opened: %s", index, e)
            return None
        self.joysticks[joystick.get_instance_id()] = joystick
        return device_name(joystick)
