"""`drum-duet song render --speed S`, run as a real subprocess: a built-in song re-rendered at the
tempo (with its guide drums at the same speed), an imported song's stems mixed and stretched,
and a speed out of practice's range refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.audio.onsets import detect_onsets
from game.audio.render import SAMPLE_RATE, song_samples
from game.audio.wavfile import read_wav
from game.core.lanes import Difficulty, Part
from game.formats.arrangement_mid import read_arrangement
from game.formats.song_folder import load_song
from tests.audio.stem_files import write_practice_song
from tests.helpers import ROOT

BUILTIN = ROOT / "charts" / "nara-soundcheck"


def render(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `drum-duet song render ARGS` with its cache under `tmp_path`."""
    env = {
        **os.environ,
        "DRUM_DUET_HOME": str(tmp_path / "home"),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
    }
    return subprocess.run(
        [sys.executable, "-m", "game", "song", "render", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )


def test_a_built_in_song_at_1_5_is_rendered_at_the_tempo_with_its_guide(tmp_path):
    out = tmp_path / "fast.wav"
    run = render(
        tmp_path, str(BUILTIN), "--speed", "1.5", "--guide", "p1:expert", "--out", str(out)
    )
    assert run.returncode == 0, run.stderr
    audio, rate = read_wav(out)
    fast = read_arrangement(BUILTIN / "arrangement.mid").at_speed(1.5)
    guide = load_song(BUILTIN).chart.at_speed(1.5).track(Part.P1, Difficulty.EXPERT)
    assert rate == SAMPLE_RATE and len(audio) == song_samples(fast, guide)
    assert f"{len(audio) / SAMPLE_RATE:.1f} s" in run.stdout


def test_an_imported_song_at_0_75_is_its_stems_mixed_and_stretched(tmp_path):
    folder = tmp_path / "Practice Chords"
    hits = write_practice_song(folder)
    out = tmp_path / "slow.wav"
    run = render(tmp_path, str(folder), "--speed", "0.75", "--out", str(out))
    assert run.returncode == 0, run.stderr
    audio, rate = read_wav(out)
    assert rate == SAMPLE_RATE  # the stems (44.1 kHz) resampled to the synthesizer's rate
    assert abs(len(audio) - 6.0 * SAMPLE_RATE / 0.75) <= 2
    onsets = detect_onsets(audio.mean(axis=1), rate)  # the drums are in the mix, at the speed
    found = np.array([onsets[np.argmin(np.abs(onsets - at))] for at in hits / 0.75])
    assert np.abs(found - hits / 0.75).max() < 0.003
    again = render(tmp_path, str(folder), "--speed", "0.75", "--no-cache", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert len(read_wav(out)[0]) == len(audio)


@pytest.mark.parametrize("speed", ["0.2", "1.55", "nan"])
def test_a_speed_outside_practice_is_refused(tmp_path, speed):
    out = tmp_path / "x.wav"
    run = render(tmp_path, str(BUILTIN), "--speed", speed, "--out", str(out))
    assert run.returncode == 2 and "--speed wants a speed from 0.25 to 1.5" in run.stderr
    assert "Traceback" not in run.stderr and not out.exists()


def test_a_folder_with_neither_arrangement_nor_stems_is_refused(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    run = render(tmp_path, str(folder), "--out", str(tmp_path / "x.wav"))
    assert run.returncode == 2 and "neither arrangement.mid nor audio stems" in run.stderr
