"""Drum controllers seen as joysticks: plugged in and out (their buttons as a player's hits are
tested in tests/app/test_joystick_play.py)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.input.joystick import Controllers  # noqa: E402


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
