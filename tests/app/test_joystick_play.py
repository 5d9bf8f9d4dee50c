"""A drum controller in a song: its buttons (notes of their controller) go through the shipped
controller profile to that player, at one firm velocity; an SDL virtual joystick's buttons reach
the engine in a live play, stamped when pumped; unplugged, it leaves a notice and the song goes
on."""

from __future__ import annotations

import os
import time

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.context import AppContext  # noqa: E402
from game.app.devices import KitHits  # noqa: E402
from game.app.loop import Loop  # noqa: E402
from game.app.play import PlayOptions, PlayScreen  # noqa: E402
from game.core.devices import KEYBOARD, DeviceId  # noqa: E402
from game.core.lanes import Lane  # noqa: E402
from game.core.replay import PlayerSetup  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.input.joystick import BUTTON_VELOCITY  # noqa: E402
from game.input.kit_devices import KitDevices  # noqa: E402
from game.input.midi_ports import NoteOn  # noqa: E402
from game.store.settings import LoadedSettings, Settings  # noqa: E402
from tests.helpers import ROOT, live_for  # noqa: E402
from tests.ui.virtual_joystick import VirtualJoystick  # noqa: E402

KIT = "joystick: Harmonix Drum Kit"
KIT_ID = DeviceId.controller("Harmonix Drum Kit")


@pytest.fixture
def started():
    pygame.init()  # the controllers are looked for through SDL's joystick system
    yield
    pygame.quit()


def controller_of(player: int, song_time=lambda stamp, offset_s: stamp):
    """The song's hits of a player on KIT (the Rock Band controller profile, by default)."""
    players = [KEYBOARD] * player + [KIT_ID]
    kits = KitHits(KitDevices(remembered=[KIT_ID]), Settings(), players, song_time)

    def on_button(device: str, button: int, stamp: float):
        return kits.hit(NoteOn(device, button, BUTTON_VELOCITY, 0, stamp))

    return on_button


def test_buttons_map_to_pads_for_their_player_only(started):
    on_button = controller_of(player=1)
    hits = [on_button(KIT, b, 10.0 + b) for b in (4, 2, 3, 0, 1)]
    assert [(h.lane, h.cymbal, h.player) for h in hits] == [
        (Lane.KICK, False, 1),
        (Lane.RED, False, 1),
        (Lane.YELLOW, False, 1),
        (Lane.BLUE, False, 1),
        (Lane.GREEN, False, 1),
    ]
    assert all(h.velocity == pytest.approx(BUTTON_VELOCITY / 127) for h in hits)
    assert on_button("joystick: another kit", 2, 20.0) is None
    assert on_button(KIT, 9, 21.0) is None  # a button no pad uses (start, select)


def test_a_double_trigger_is_dropped_and_song_time_is_applied(started):
    on_button = controller_of(0, lambda stamp, offset_s: stamp - 100.0 - offset_s)
    first = on_button(KIT, 4, 101.0)
    assert first is not None and first.time_s == pytest.approx(1.0)
    assert on_button(KIT, 4, 101.02) is None  # a kick pedal bounce 20 ms later
    assert on_button(KIT, 4, 101.2) is not None


def test_a_controllers_buttons_are_the_players_hits(tmp_path, monkeypatch):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    pygame.init()
    try:
        pygame.display.set_mode((640, 360))
        stick = VirtualJoystick(buttons=8)
        device = DeviceId.controller(stick.name)
        song = load_song(ROOT / "charts" / "nara-soundcheck")
        options = PlayOptions([PlayerSetup("full", "easy")], settings=Settings(), devices=(device,))
        devices = KitDevices()
        live = live_for(song, options, devices)
        loop = Loop(AppContext(LoadedSettings(Settings()), devices=devices))
        loop.stack.push(PlayScreen(live))
        loop.pump()  # the controller is seen (JOYDEVICEADDED) and opened
        live.stream.close()  # the song clock is this test's: no buffer re-anchors it meanwhile
        live.clock.on_buffer(3 * live.clock.rate, 512, stamp=time.perf_counter())
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
        loop.stack.quit()
    finally:
        pygame.quit()
