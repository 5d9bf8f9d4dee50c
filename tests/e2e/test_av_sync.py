"""Audio/video sync: the real game with SDL's disk audio driver, which writes what it plays to a
file and consumes audio faster than the wall clock (so a wall-clock song clock would drift).
Every autoplayed hit sound must start within ±8 ms of its note's time in the written stream,
at full speed and at practice's 75% (the backing re-rendered at the tempo, the notes at their
times / 0.75).
The song is Nara's first 29 s (intro and verse, 43 notes on Easy; see short_song.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from game.app.play import LEAD_IN_S
from game.audio.cache import cached_render, is_cached
from game.audio.onsets import detect_onsets
from game.audio.stream import RATE  # the game plays at its default rate
from game.formats.arrangement_mid import read_arrangement
from game.formats.song_folder import load_song
from game.store.settings import AudioSettings
from tests.e2e.short_song import write_short_song
from tests.e2e.test_duet_keyboard import NARA, SHORT_S, SHORT_TITLE
from tests.helpers import shared_renders

TOLERANCE_S = 0.008


def device_delay(written: np.ndarray, backing: np.ndarray) -> int:
    """Samples the file holds before the stream's first one: the device's own buffer, and the
    silence it played while the game rendered the backing before starting the song."""
    start = round((LEAD_IN_S + 10.0) * RATE)  # a busy stretch of the backing
    ref = backing[round(10.0 * RATE) : round(11.0 * RATE), 0]
    search = 20 * RATE
    window = written[start : start + len(ref) + search, 0]
    size = 1 << int(np.ceil(np.log2(len(window) + len(ref))))
    corr = np.fft.irfft(np.fft.rfft(window, size) * np.conj(np.fft.rfft(ref, size)), size)
    return int(np.argmax(corr[:search]))


@pytest.mark.parametrize("speed", [1.0, 0.75])
def test_autoplayed_hit_sounds_land_on_their_notes_in_the_written_stream(
    tmp_path, render_cache, speed
):
    song = tmp_path / "nara-verse"
    write_short_song(NARA, SHORT_S, SHORT_TITLE, song)
    shared_renders(tmp_path / "home", render_cache)
    out = tmp_path / "stream.raw"
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "disk",
        "SDL_DISKAUDIOFILE": str(out),
        "SDL_DISKAUDIODELAY": "6",
        "DRUM_DUET_HOME": str(tmp_path / "home"),
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "play",
            str(song),
            "--part",
            "full",
            "--difficulty",
            "easy",
            "--autoplay",
            "--quit-at-end",
            "--audio-buffer",
            "1024",  # 1024 frames every 6 ms: faster than real time
            "--json",
            "--speed",
            str(speed),  # 0.75: practice's slow-down, the backing re-rendered at the tempo
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    written = np.fromfile(out, dtype=np.float32).reshape(-1, 2)
    # The backing as the game rendered it into its cache (the same 16-bit audio it played).
    arrangement = read_arrangement(song / "arrangement.mid").at_speed(speed)
    renders = tmp_path / "home" / "cache" / "renders"
    assert is_cached(arrangement, cache_dir=renders)
    backing = cached_render(arrangement, cache_dir=renders)
    assert len(backing) >= 25 / speed * RATE
    delay = device_delay(written, backing)
    first = delay + round(LEAD_IN_S * RATE)
    n = min(len(backing), len(written) - first)
    audio = AudioSettings()  # the game plays the backing at the default volumes
    level = audio.master_volume * audio.music_volume
    hits_only = written[first : first + n, 0] - level * backing[:n, 0]  # what the hits added
    onsets = detect_onsets(hits_only, RATE)
    notes = np.unique(load_song(song).chart.at_speed(speed).track("full", "easy").times)
    errors = np.array([onsets[np.argmin(np.abs(onsets - t))] - t for t in notes])
    assert np.abs(errors).max() <= TOLERANCE_S, f"errors (ms): {np.round(errors * 1000, 1)}"
    # No hit sound where no note is: every onset lies in the ring of a note's own sound.
    since_note = onsets - notes[np.searchsorted(notes, onsets + TOLERANCE_S) - 1]
    assert since_note.max() < 0.3
