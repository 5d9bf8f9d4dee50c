"""Input devices as one type: the keyboard, a MIDI kit by port name, a controller by name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core.devices import KEYBOARD, DeviceId, DeviceKind


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("keyboard", DeviceKind.KEYBOARD, "keyboard"),
        ("TD-11 MIDI 1", DeviceKind.MIDI, "TD-11 MIDI 1"),
        ("joystick: Harmonix Drum Kit", DeviceKind.CONTROLLER, "Harmonix Drum Kit"),
        ("joystick: ", DeviceKind.CONTROLLER, ""),
        ("Keyboard", DeviceKind.MIDI, "Keyboard"),  # the settings' names are exact, as before
        ("", DeviceKind.MIDI, ""),
    ],
)
def test_a_settings_name_parses_to_its_kind_and_name_and_back(text, kind, name):
    device = DeviceId.parse(text)
    assert (device.kind, device.name) == (kind, name)
    assert str(device) == text


def test_the_keyboard_is_one_value_and_kinds_answer_what_they_are():
    assert DeviceId.parse("keyboard") == KEYBOARD and KEYBOARD.is_keyboard
    assert KEYBOARD.label == "Keyboard"
    kit, pads = DeviceId.midi("TD-11 MIDI 1"), DeviceId.controller("Harmonix Drum Kit")
    assert kit.is_midi and not kit.is_controller and kit.label == "TD-11 MIDI 1"
    assert pads.is_controller and not pads.is_midi and pads.label == "joystick: Harmonix Drum Kit"
    assert len({KEYBOARD, kit, pads, DeviceId.midi("TD-11 MIDI 1")}) == 3  # hashable, by value
    with pytest.raises(ValueError, match="keyboard"):
        DeviceId(DeviceKind.KEYBOARD, "left keyboard")


@given(st.text(max_size=40))
def test_any_name_survives_str_then_parse(text):
    for device in (DeviceId.parse(text), DeviceId.controller(text)):
        assert DeviceId.parse(str(device)) == device
    if text != "keyboard" and not text.startswith("joystick: "):
        assert DeviceId.parse(str(DeviceId.midi(text))) == DeviceId.midi(text)
