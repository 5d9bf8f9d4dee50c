"""Pad to ear, end to end (not timed): the real game on the chain of bench/pad_to_ear.py - a
dummy JACK server, the game's MIDI input on JACK, its audio out through SDL -> ALSA -> ALSA's
jack plugin -> a JACK client of the test that records it (tools/jack_chain.Drummer).

A snare note-on sent into the game must come out as a drum sound after it, before the next one
(a hit that never sounds, or waits behind the backing, fails), and the rate and buffer asked
for on the command line must reach the mixer (the game's -v log says what
pygame.mixer.get_init() reports and how many frames each callback asks for).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.jack import jack_server
from tests.helpers import IN_CI, ROOT, shared_renders
from tools.jack_chain import Drummer, alsa_into_jack, jack_plugin

pytest.importorskip("rtmidi", reason="the game's JACK MIDI input needs python-rtmidi (< 3.13)")
pytest.importorskip("jack", reason="the JACK-Client package (the test extra) records the game")

SONG = ROOT / "charts" / "nara-soundcheck"
RATE = 48000
BUFFER = 512  # not the default: it must come from the command line
HITS = 6
GAP_S = 0.4


@pytest.fixture
def chain(tmp_path):
    if jack_plugin() is None:
        message = "ALSA's jack plugin is not installed (Debian: libasound2-plugins)"
        if IN_CI:
            pytest.fail(f"{message}, and CI must run this test (.ci/run installs it)")
        pytest.skip(message)
    with jack_server(RATE, 128) as server:
        drummer = Drummer("pad2ear", seconds=60.0)
        try:
            env = alsa_into_jack(tmp_path, ("pad2ear:in_1", "pad2ear:in_2"), server)
            yield drummer, env
        finally:
            drummer.close()


def play_hits(drummer: Drummer, env: dict, tmp_path, rate: int, buffer: int, renders: Path) -> str:
    """Start the real game on the chain asking for `rate` and `buffer` (its render cache the
    session's `renders`), send it HITS snare note-ons once its stream runs, stop it; its -v
    log."""
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True, exist_ok=True)
    shared_renders(home, renders)
    (home / "config" / "settings.toml").write_text("[audio]\nmusic_volume = 0.0\n")
    env = {**env, "DRUM_DUET_HOME": str(home), "SDL_VIDEODRIVER": "dummy"}
    args = [sys.executable, "-m", "game", "-v", "play", str(SONG), "--part", "full"]
    args += ["--difficulty", "easy", "--input", "pad2ear:drums", "--midi-api", "jack"]
    args += ["--audio-rate", str(rate), "--audio-buffer", str(buffer), "--quit-at-end"]
    log = tmp_path / f"game-{rate}-{buffer}.log"
    with log.open("w") as err:
        game = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            deadline = time.monotonic() + 240
            while "audio device:" not in log.read_text() or not drummer.connected():
                assert game.poll() is None, log.read_text()[-3000:]
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.05)
            time.sleep(0.5)
            drummer.play([GAP_S] * HITS)
            while not drummer.done():
                time.sleep(0.05)
            time.sleep(GAP_S)
        finally:
            game.terminate()
            game.wait(30)
    return log.read_text()


def test_a_kit_hit_sounds_out_of_the_real_game_and_the_audio_settings_reach_the_mixer(
    chain, tmp_path, render_cache
):
    drummer, env = chain
    text = play_hits(drummer, env, tmp_path, RATE, BUFFER, render_cache)
    assert f"pygame.mixer.get_init() = ({RATE}, -32, 2)" in text, text[-3000:]
    assert f"audio device: {RATE} Hz, {BUFFER} frames per buffer" in text, text[-3000:]
    latencies = drummer.latencies()
    assert len(latencies) == HITS
    assert all(f is not None for f in latencies), latencies  # each hit sounded before the next


def test_a_rate_the_device_refuses_is_replaced_by_its_own_with_a_notice(
    chain, tmp_path, render_cache
):
    """ALSA's jack plugin plays only at the JACK server's rate: asked for 44100 Hz, the game
    takes 48000 Hz, says so, and its hits still sound."""
    drummer, env = chain
    text = play_hits(drummer, env, tmp_path, 44100, BUFFER, render_cache)
    assert "plays at 48000 Hz, not the 44100 Hz asked for" in text, text[-3000:]
    assert "audio device: 48000 Hz" in text, text[-3000:]
    assert all(f is not None for f in drummer.latencies())


def test_a_128_frame_buffer_is_opened_directly_and_its_hits_sound(chain, tmp_path, render_cache):
    """Below pygame's mixer's 256 frames the game opens SDL's device itself: the device asks
    for 128 frames, nothing says otherwise, and the hits still sound."""
    drummer, env = chain
    text = play_hits(drummer, env, tmp_path, RATE, 128, render_cache)
    assert "audio device opened directly: 48000 Hz, 128 frames" in text, text[-3000:]
    assert f"audio device: {RATE} Hz, 128 frames per buffer" in text, text[-3000:]
    assert "not the 128 asked for" not in text, text[-3000:]
    latencies = drummer.latencies()
    assert len(latencies) == HITS and all(f is not None for f in latencies), latencies
