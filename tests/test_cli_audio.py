"""`drum-duet audio devices` run as a real subprocess on SDL's dummy and "none" drivers: the
devices, the driver, what the mixer really opens with the settings, an unknown device in the
settings falling back to the system's default with a notice, and the settings file untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT


def audio_devices(home: Path, driver: str, *args: str) -> subprocess.CompletedProcess:
    """Run `drum-duet audio devices ARGS` with its files under `home` on SDL audio `driver`."""
    env = {
        **os.environ,
        "DRUM_DUET_HOME": str(home),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": driver,
    }
    return subprocess.run(
        [sys.executable, "-m", "game", "audio", "devices", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=ROOT,
    )


def settings_file(home: Path, text: str) -> Path:
    path = home / "config" / "settings.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def test_lists_the_devices_and_what_the_mixer_opens_with_the_settings(tmp_path):
    settings_file(tmp_path, "[audio]\nsample_rate = 44100\nbuffer_frames = 512\n")
    out = audio_devices(tmp_path, "dummy", "--json")
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert found["driver"] == "dummy"
    assert found["devices"] == ["System audio output device"]  # SDL's dummy device
    assert found["opened"] and found["notice"] is None
    assert found["mixer"] == {"device": "", "rate": 44100, "buffer_frames": 512, "channels": 2}
    text = audio_devices(tmp_path, "dummy")
    assert text.returncode == 0, text.stderr
    assert "Audio driver: dummy" in text.stdout
    assert "  * System default" in text.stdout  # the chosen one: none set, the default
    assert "    System audio output device" in text.stdout
    assert "The mixer opens: 44100 Hz, 512 frames (11.6 ms) per buffer, 2 channels" in text.stdout


def test_a_device_named_in_the_settings_is_marked_and_opened(tmp_path):
    settings_file(tmp_path, '[audio]\noutput_device = "System audio output device"\n')
    out = audio_devices(tmp_path, "dummy", "--json")
    found = json.loads(out.stdout)
    assert found["chosen"] == "System audio output device"
    assert found["mixer"]["device"] == "System audio output device" and not found["notice"]
    text = audio_devices(tmp_path, "dummy").stdout
    assert "  * System audio output device" in text and "    System default" in text


def test_an_unknown_device_falls_back_to_the_default_with_a_notice_and_keeps_the_settings(
    tmp_path,
):
    path = settings_file(tmp_path, '[audio]\noutput_device = "Nope Speakers"\n')
    before = path.read_bytes()
    out = audio_devices(tmp_path, "dummy", "--json")
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert found["opened"] and found["mixer"]["device"] == ""  # the system's default
    assert "'Nope Speakers' could not be opened" in found["notice"]
    assert "system's default device" in found["notice"]
    text = audio_devices(tmp_path, "dummy")
    assert "  * Nope Speakers  (not there now)" in text.stdout
    assert "Notice: The audio device 'Nope Speakers' could not be opened" in text.stdout
    assert path.read_bytes() == before  # the fallback never rewrites the settings


def test_no_sound_card_says_so_and_exits_zero(tmp_path):
    out = audio_devices(tmp_path, "none")
    assert out.returncode == 0, out.stderr
    assert "No audio device: the game plays silently." in out.stdout
    assert "Traceback" not in out.stderr
    found = json.loads(audio_devices(tmp_path, "none", "--json").stdout)
    assert found["opened"] is False and found["mixer"] is None
    assert found["notice"].startswith("No audio device")
    assert not (tmp_path / "config").exists()  # read-only: nothing written
