"""The output device, met by real SDL (dummy driver, in a subprocess: the mixer is per
process): a device that is not there falls back to the system's default with a notice and the
stream plays; a device SDL lists opens as itself; with nothing to open, silence and a notice."""

from __future__ import annotations

import textwrap

from tests.helpers import script_result

OPENER = textwrap.dedent(
    """
    import json, sys, time
    import numpy as np
    import pygame
    from game.audio.clock import SongClock
    from game.audio.output_probe import output_device_names
    from game.audio.stream import AudioStream, StreamMix, open_output, pre_init_output

    device, via_pre_init = sys.argv[1], sys.argv[2] == "pre-init"
    if via_pre_init:
        pre_init_output(48000, 256, device)
    pygame.init()
    out = open_output(48000, 256, device)
    stream = AudioStream(StreamMix(np.zeros((1, 2), np.float32), 0), SongClock(48000), 256)
    stream.start()
    t0 = time.perf_counter()
    while stream.buffers < 3 and not stream.silent and time.perf_counter() - t0 < 5:
        time.sleep(0.01)
    stream.close()
    print(json.dumps({
        "opened": out.opened, "device": out.device, "notice": out.notice,
        "buffers": stream.buffers, "silent": stream.silent,
        "names": output_device_names(), "init": pygame.mixer.get_init(),
    }))
    """
)


def open_on(device: str, driver: str = "dummy", how: str = "open") -> dict:
    return script_result(OPENER, device, how, SDL_AUDIODRIVER=driver)


def test_an_unknown_device_opens_the_default_with_a_notice_and_plays():
    for how in ("open", "pre-init"):  # asked at pygame.init() or when a song starts
        got = open_on("No Such Speakers", how=how)
        assert got["opened"] and got["device"] == ""
        assert got["init"] == [48000, -32, 2]
        assert "'No Such Speakers' could not be opened (No such device)" in got["notice"]
        assert "using the system's default device" in got["notice"]
        assert got["buffers"] >= 3 and not got["silent"]  # the game plays on, not silent


def test_a_device_sdl_lists_opens_as_itself():
    got = open_on("System audio output device")
    assert got["names"] == ["System audio output device"]
    assert got["opened"] and got["device"] == "System audio output device"
    assert got["notice"] is None and got["buffers"] >= 3


def test_nothing_to_open_is_silence_with_a_notice():
    got = open_on("No Such Speakers", driver="none")
    assert not got["opened"] and got["notice"].startswith("No audio device")
    assert got["silent"] and got["init"] is None and got["names"] == []
