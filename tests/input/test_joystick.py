"""Drum controllers seen as joysticks: button presses through the shipped controller profile,
per player and per controller, at one firm velocity."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.core.lanes import Lane  # noqa: E402
from game.input.joystick import BUTTON_VELOCITY, Controllers, JoystickDrums  # noqa: E402
from game.input.kit_files import load_profile  # noqa: E402

KIT = "joystick: Harmonix Drum Kit"


def test_buttons_map_to_pads_for_their_player_only():
    drums = JoystickDrums(KIT, load_profile("Rock Band controller"), player=1)
    hits = [drums.on_button(KIT, b, 10.0 + b) for b in (4, 2, 3, 0, 1)]
    assert [(h.lane, h.cymbal, h.player) for h in hits] == [
        (Lane.KICK, False, 1),
        (Lane.RED, False, 1),
        (Lane.YELLOW, False, 1),
        (Lane.BLUE, False, 1),
        (Lane.GREEN, False, 1),
    ]
    assert all(h.velocity == pytest.approx(BUTTON_VELOCITY / 127) for h in hits)
    assert drums.on_button("joystick: another kit", 2, 20.0) is None
    assert drums.on_button(KIT, 9, 21.0) is None  # a button no pad uses (start, select)


def test_a_double_trigger_is_dropped_and_song_time_is_applied():
    drums = JoystickDrums(KIT, load_profile("Rock Band controller"), 0, lambda s: s - 100.0)
    first = drums.on_button(KIT, 4, 101.0)
    assert first is not None and first.time_s == pytest.approx(1.0)
    assert drums.on_button(KIT, 4, 101.02) is None  # a kick pedal bounce 20 ms later
    assert drums.on_button(KIT, 4, 101.2) is not None


def test_controllers_follow_plug_events_without_a_device():
    pygame.init()
    try:
        controllers = Controllers()
        controllers.open_all()  # none on a headless machine
        assert controllers.names() == []
        controllers.on_event(pygame.event.Event(pygame.JOYDEVICEREMOVED, instance_id=7))
        assert controllers.notice is None and controllers.name_of(7) is None
    finally:
        pygame.quit()
