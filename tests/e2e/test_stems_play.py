"""An imported song plays its stems in the real game (SDL's disk audio driver writes what it
plays): the drums stem sounds while the bot plays, and falls silent after a missed note when
nobody plays, as in Clone Hero."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.audio.stream import RATE  # the game plays at its default rate
from game.formats.song_folder import load_song
from game.store.settings import AudioSettings
from tests.audio.stem_files import write_stem
from tests.helpers import TESTDATA, need_testdata

DRUMTEST = TESTDATA / "rb-charts" / "fofix-tutorials" / "drumtest"


def start_play(folder, tmp_path, *extra: str) -> tuple[subprocess.Popen[str], Path]:
    """Start the real game playing `folder` to its end (with a home of its own); the process
    and the file its stream is written to (see `written`)."""
    out = tmp_path / f"stream{len(extra)}.raw"
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "disk",
        "SDL_DISKAUDIOFILE": str(out),
        "SDL_DISKAUDIODELAY": "6",
        "DRUM_DUET_HOME": str(tmp_path / f"home{len(extra)}"),
    }
    command = [sys.executable, "-m", "game", "play", str(folder), "--part", "full"]
    game = subprocess.Popen(
        [
            *command,
            "--difficulty",
            "expert",
            "--quit-at-end",
            "--json",
            "--audio-buffer",
            "1024",
            *extra,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return game, out


def written(game: subprocess.Popen[str], out: Path) -> np.ndarray:
    """The stream the game started by `start_play` wrote, float32 (n, 2), once it has ended."""
    _, err = game.communicate(timeout=300)
    assert game.returncode == 0, err[-2000:]
    return np.fromfile(out, dtype=np.float32).reshape(-1, 2)


def song_audio(written: np.ndarray) -> np.ndarray:
    """The written stream from song time 0: the device wrote silence while the game loaded and
    through the lead-in; the music stem sounds from its first sample."""
    start = int(np.flatnonzero(np.abs(written[:, 0]) > 1e-4)[0])
    return written[start:]


def band_level(audio: np.ndarray, hz: float) -> float:
    """The amplitude of the `hz` sine in `audio` (one channel), by correlation."""
    t = np.arange(len(audio)) / RATE
    return float(2 * np.abs(np.mean(audio * np.exp(-2j * np.pi * hz * t))))


@pytest.fixture
def song_folder(tmp_path):
    """FoFiX's "Drum Test Song" chart with two stems: music a 220 Hz tone, drums a 1 kHz one."""
    need_testdata(DRUMTEST)
    folder = tmp_path / "Drum Test Song"
    folder.mkdir()
    for name in ("notes.mid", "song.ini"):
        shutil.copy(DRUMTEST / name, folder / name)
    length = load_song(folder).chart.duration_s + 1.0
    write_stem(folder / "song.wav", length, levels=(0.2, 0.2), freq_hz=220.0)
    write_stem(folder / "drums.wav", length, levels=(0.2, 0.2), freq_hz=1000.0)
    return folder


def test_the_drums_stem_plays_along_and_falls_silent_after_a_miss(song_folder, tmp_path):
    chart = load_song(song_folder).chart
    first_note = float(chart.track("full", "expert").times[0])
    after = first_note + 0.5  # the miss (90 ms late) has muted the drums by then
    # The two plays are independent (SDL's disk driver paces itself, not the wall clock): both
    # run at once.
    with_bot = start_play(song_folder, tmp_path, "--autoplay")
    nobody = start_play(song_folder, tmp_path)
    try:
        played = song_audio(written(*with_bot))
        idle = song_audio(written(*nobody))
    finally:
        for game, _ in (with_bot, nobody):
            if game.poll() is None:
                game.kill()
                game.wait()
    probe = slice(round(after * RATE), round((after + 2.0) * RATE))
    level = 0.2 * AudioSettings().music_volume  # the stems play at the music volume
    assert band_level(played[probe, 0], 220.0) == pytest.approx(level, rel=0.15)
    assert band_level(idle[probe, 0], 220.0) == pytest.approx(level, rel=0.15)
    assert band_level(played[probe, 0], 1000.0) == pytest.approx(level, rel=0.15)
    assert band_level(idle[probe, 0], 1000.0) < 0.01 * level  # the drums stem is muted
