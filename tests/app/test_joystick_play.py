"""A drum controller in a live play: an SDL virtual joystick's buttons reach the engine as the
player's hits through the controller profile, stamped when pumped; unplugged, it leaves a
notice and the song goes on."""

from __future__ import annotations

import os
import time

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app import _live_factory  # noqa: E402
from game.app.devices import InputDevices  # noqa: E402
from game.app.play import PlayLoop, PlayOptions  # noqa: E402
from game.core.lanes import Lane  # noqa: E402
from game.core.replay import PlayerSetup  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.input.joystick import BUTTON_VELOCITY, PREFIX  # noqa: E402
from game.store.settings import Settings  # noqa: E402
from tests.helpers import ROOT  # noqa: E402
from tests.ui.virtual_joystick import VirtualJoystick  # noqa: E402


def test_a_controllers_buttons_are_the_players_hits(tmp_path, monkeypatch):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    pygame.init()
    try:
        surface = pygame.display.set_mode((640, 360))
        stick = VirtualJoystick(buttons=8)
        device = PREFIX + stick.name
        song = load_song(ROOT / "charts" / "nara-soundcheck")
        options = PlayOptions([PlayerSetup("full", "easy")], settings=Settings(), devices=(device,))
        live = _live_factory(song, options, InputDevices())
        loop = PlayLoop(live, surface)
        loop.pump()  # the controller is seen (JOYDEVICEADDED) and opened
        live.clock.on_buffer(3 * 44100, 512, stamp=time.perf_counter())
        before = time.perf_counter()
        stick.set(4, True)  # the kick pedal of the Rock Band controller profile
        loop.pump()
        after = time.perf_counter()
        stick.set(4, False)
        stick.set(2, True)  # the red pad
        loop.pump()
        live.session.update(30.0)
        hits = live.session.inputs
        assert [(h.player, h.lane, h.cymbal) for h in hits] == [
            (0, Lane.KICK, False),
            (0, Lane.RED, False),
        ]
        assert hits[0].velocity == pytest.approx(BUTTON_VELOCITY / 127)
        window = (live.clock.input_time(before), live.clock.input_time(after))
        assert window[0] <= hits[0].time_s <= window[1]  # stamped when pumped
        stick.close()
        loop.pump()
        assert live.kit_hits is not None and "unplugged" in (live.kit_hits.notice or "")
    finally:
        pygame.quit()
