"""A song played by the real game (`drum-duet play`, SDL's dummy audio driver) with an output
device in settings.toml that is not there: a notice, the system's default device plays (the
stream is not silent), the song finishes, and settings.toml is not rewritten."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.helpers import ROOT

SHORT_SONG = {
    "format": "drum-duet-chart",
    "version": 1,
    "song": {"title": "Device Check", "artist": "Tests"},
    "resolution": 480,
    "tempos": [[0, 120]],
    "sections": [[0, "Intro"]],
    "parts": {"full": {"expert": [[t, "red"] for t in range(0, 1920, 480)]}},
}


def test_an_output_device_that_is_not_there_plays_on_the_default_and_keeps_the_settings(
    tmp_path,
):
    settings = tmp_path / "home" / "config" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text('[audio]\noutput_device = "Nope Speakers"\n')
    before = settings.read_bytes()
    song = tmp_path / "song"
    song.mkdir()
    (song / "chart.json").write_text(json.dumps(SHORT_SONG))
    env = {
        **os.environ,
        "DRUM_DUET_HOME": str(tmp_path / "home"),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
    }
    run = subprocess.run(
        [sys.executable, "-m", "game", "-v", "play", str(song), "--autoplay", "--quit-at-end"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr  # the song finished
    assert "The audio device 'Nope Speakers' could not be opened" in run.stderr
    assert "using the system's default device" in run.stderr
    assert "audio device: 48000 Hz, 256 frames per buffer" in run.stderr  # buffers were played
    assert "No audio device" not in run.stderr  # not silent
    assert settings.read_bytes() == before
