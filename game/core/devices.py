"""Which input device a player plays: the computer keyboard, a MIDI kit (by its port's stable
name) or a drum controller seen as a joystick (by its name). Pure data: opening the devices is
`game.input`'s job; this type is shared by the input layer and the settings that remember them.

In the settings file a device is one string, as it always was: "keyboard", the MIDI port's
name ("TD-11 MIDI 1"), or "joystick: NAME" for a controller (`DeviceId.parse` and `str`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from game.base.language import _

CONTROLLER_PREFIX = "joystick: "
"""How a controller's name starts in the settings file ("joystick: Harmonix Drum Kit")."""
KEYBOARD_NAME = "keyboard"
"""The computer keyboard's name in the settings file."""


class DeviceKind(Enum):
    """The kinds of input device: DO NOT CHANGE the values (they may be written to files)."""

    KEYBOARD = "keyboard"
    MIDI = "midi"
    CONTROLLER = "controller"


@dataclass(frozen=True, slots=True)
class DeviceId:
    """An input device: its kind and its name (a MIDI port's stable name, a controller's name
    without the "joystick: " prefix, or "keyboard")."""

    kind: DeviceKind
    name: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DeviceKind(self.kind))
        if self.kind is DeviceKind.KEYBOARD and self.name != KEYBOARD_NAME:
            raise ValueError(f"the keyboard is called {KEYBOARD_NAME!r}, not {self.name!r}")

    @classmethod
    def midi(cls, port: str) -> DeviceId:
        """The MIDI kit on the port with stable name `port`."""
        return cls(DeviceKind.MIDI, port)

    @classmethod
    def controller(cls, name: str) -> DeviceId:
        """The drum controller (a joystick) called `name` by SDL."""
        return cls(DeviceKind.CONTROLLER, name)

    @classmethod
    def parse(cls, text: str) -> DeviceId:
        """The device a settings string names: "keyboard", "joystick: NAME", else a MIDI port."""
        if text == KEYBOARD_NAME:
            return KEYBOARD
        if text.startswith(CONTROLLER_PREFIX):
            return cls.controller(text[len(CONTROLLER_PREFIX) :])
        return cls.midi(text)

    def __str__(self) -> str:
        """The device as the settings file writes it (what `parse` reads back)."""
        if self.kind is DeviceKind.CONTROLLER:
            return CONTROLLER_PREFIX + self.name
        return self.name

    @property
    def is_keyboard(self) -> bool:
        """True for the computer keyboard."""
        return self.kind is DeviceKind.KEYBOARD

    @property
    def is_midi(self) -> bool:
        """True for a MIDI drum kit (velocity, cymbal pads)."""
        return self.kind is DeviceKind.MIDI

    @property
    def is_controller(self) -> bool:
        """True for a drum controller or gamepad seen as a joystick."""
        return self.kind is DeviceKind.CONTROLLER

    @property
    def label(self) -> str:
        """The device for people: "Keyboard", the MIDI port's name, or "joystick: NAME"."""
        return _("Keyboard") if self.is_keyboard else str(self)


KEYBOARD = DeviceId(DeviceKind.KEYBOARD, KEYBOARD_NAME)
"""The computer keyboard."""
