"""song.ini's song_length is metadata: a play ends after the last note and the audio, and the
library lists that real length, in one format (floored to whole seconds) everywhere."""

from __future__ import annotations

import json
import struct
import time
from pathlib import Path

import numpy as np
import pytest

from game.app.play import END_PAD_S, play_end_s
from game.audio.stream import RATE
from game.library.index import SongLibrary, length_text
from game.ui.song_select_view import song_row_info
from tests.helpers import FAST_AUDIO_ARGS, fast_audio, run_game
from tests.library.test_index import write_song

NOTES = 8
LAST_NOTE_S = 3.5  # eight notes, one every half second at 120 BPM


def short_song(folder: Path, song_length_ms: int | None) -> Path:
    """A .chart song of eight Expert notes over 3.5 s, with song.ini's song_length as given."""
    folder.mkdir(parents=True)
    notes = "\n".join(f"  {i * 192} = N {i % 5} 0" for i in range(NOTES))
    (folder / "notes.chart").write_text(
        "[Song]\n{\n  Resolution = 192\n}\n[SyncTrack]\n{\n  0 = TS 4\n  0 = B 120000\n}\n"
        f"[ExpertDrums]\n{{\n{notes}\n}}\n"
    )
    ini = "[song]\nname = Short Song\nartist = The Jackets\n"
    if song_length_ms is not None:
        ini += f"song_length = {song_length_ms}\n"
    (folder / "song.ini").write_text(ini)
    return folder


def silent_wav(path: Path, seconds: float, rate: int = 1000) -> None:
    """A mono 16-bit WAV of `seconds` of silence (a stem whose header says how long it is)."""
    data = bytes(2 * round(seconds * rate))
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    riff = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    riff += b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(riff)) + riff)


@pytest.mark.parametrize("song_length_ms", [1000, 10_790_000, 20_000_000])
def test_simulate_plays_every_note_whatever_song_length_says(tmp_path, song_length_ms):
    song = short_song(tmp_path / "Short Song", song_length_ms)
    out = run_game(tmp_path / "home", "simulate", str(song), "--autoplay", "--json")
    assert out.returncode == 0, out.stderr
    (player,) = json.loads(out.stdout)["players"]
    assert player["counts"]["perfect"] == NOTES and player["counts"]["miss"] == 0
    info = json.loads(run_game(tmp_path / "home", "chart", "info", str(song), "--json").stdout)
    assert info["duration_s"] == LAST_NOTE_S


@pytest.mark.parametrize("song_length_ms", [1000, 10_790_000])
def test_a_play_to_the_end_hits_every_note_and_ends_after_the_last(tmp_path, song_length_ms):
    song = short_song(tmp_path / "Short Song", song_length_ms)
    command = ["play", str(song), "--part", "full", "--difficulty", "expert", "--autoplay"]
    after_last = tmp_path / "after-last-note.png"  # drawn only if the play gets that far
    command += ["--screenshot-at", f"{LAST_NOTE_S + 0.5}:{after_last}"]
    started = time.monotonic()
    fast = fast_audio(tmp_path / "stream.raw")
    command += FAST_AUDIO_ARGS
    out = run_game(tmp_path / "home", *command, "--quit-at-end", "--json", timeout=90, env=fast)
    took = time.monotonic() - started
    assert out.returncode == 0, out.stderr[-2000:]
    (player,) = json.loads(out.stdout)["players"]
    assert player["counts"]["perfect"] == NOTES
    assert after_last.is_file()  # a too-short song_length did not end the play early
    # 2 s lead-in + 3.5 s of notes + 1.5 s after the last: well within a minute, not hours.
    assert took < 60


def test_the_play_ends_with_its_audio_when_that_is_longer():
    audio = np.zeros((round(9.0 * RATE), 2), np.float32)
    assert play_end_s(LAST_NOTE_S, audio, None) == pytest.approx(9.0)
    assert play_end_s(LAST_NOTE_S, audio[: RATE // 2], None) == LAST_NOTE_S + END_PAD_S
    assert play_end_s(LAST_NOTE_S) == LAST_NOTE_S + END_PAD_S


@pytest.mark.parametrize(
    ("song_length_ms", "stem_s", "listed_s"),
    [
        (20_000_000, None, LAST_NOTE_S),  # no audio: the last note
        (1000, None, LAST_NOTE_S),
        (1000, 7.25, 7.25),  # the audio goes on after the last note
        (10_790_000, 2.0, LAST_NOTE_S),  # the notes go on after the audio
    ],
)
def test_the_library_lists_the_real_length(tmp_path, song_length_ms, stem_s, listed_s):
    song = short_song(tmp_path / "songs" / "Short Song", song_length_ms)
    if stem_s is not None:
        silent_wav(song / "song.wav", stem_s)
    with SongLibrary(tmp_path / "library.db") as library:
        library.scan([tmp_path / "songs"])
        record = library.song(song)
    assert record.playable and record.length_s == pytest.approx(listed_s)
    out = run_game(tmp_path / "home", "library", "scan", "--songs", str(tmp_path / "songs"))
    (line,) = [line for line in out.stdout.splitlines() if "Short Song" in line]
    assert f"] {length_text(listed_s)}  " in line
    assert song_row_info(record) == f"The Jackets  ·  {length_text(listed_s)}"


# 21. One length format, floored to whole seconds as a clock shows them


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(176.9, "2:56"), (176.0, "2:56"), (59.99, "0:59"), (60.0, "1:00"), (3599.5, "59:59"),
     (0.4, "0:00"), (None, ""), (float("nan"), "")],
)  # fmt: skip
def test_length_text_floors_to_whole_seconds(seconds, text):
    assert length_text(seconds) == text


def test_library_scan_and_song_select_show_the_same_length(tmp_path):
    root = tmp_path / "songs"
    # 120 BPM at 480 ticks a beat: the last note at 176.75 s, which rounds to 2:57.
    folder = write_song(root, "long", "Long Song", notes=2)
    doc = json.loads((folder / "chart.json").read_text())
    doc["parts"]["full"]["expert"] = [[0, "kick"], [169_680, "red"]]
    (folder / "chart.json").write_text(json.dumps(doc))
    with SongLibrary(tmp_path / "library.db") as library:
        library.scan([root])
        record = library.song(folder)
    assert record.length_s == pytest.approx(176.75)
    out = run_game(tmp_path / "home", "library", "scan", "--songs", str(root))
    (line,) = [line for line in out.stdout.splitlines() if "Long Song" in line]
    assert "] 2:56  " in line and "2:57" not in line
    assert song_row_info(record).endswith("·  2:56")


def test_a_play_goes_on_while_its_audio_does(tmp_path):
    song = short_song(tmp_path / "Short Song", 1000)
    silent_wav(song / "song.wav", 7.0, rate=44100)
    shots = {at: tmp_path / f"at-{at}.png" for at in (6.5, 8.0)}
    command = ["play", str(song), "--part", "full", "--difficulty", "expert", "--autoplay"]
    for at, shot in shots.items():
        command += ["--screenshot-at", f"{at}:{shot}"]
    fast = fast_audio(tmp_path / "stream.raw")
    command += FAST_AUDIO_ARGS
    out = run_game(tmp_path / "home", *command, "--quit-at-end", "--json", timeout=90, env=fast)
    assert out.returncode == 0, out.stderr[-2000:]
    assert shots[6.5].is_file()  # the audio still sounds 3 s after the last note
    assert not shots[8.0].exists()  # and the play ended with it, at 7 s
