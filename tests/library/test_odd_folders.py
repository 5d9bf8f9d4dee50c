"""Song folders as players' disks hold them: names that are not UTF-8, folders and files that
cannot be opened, a song.ini of garbage, a song.ini without a chart, a truncated notes.mid.

Each is listed (playable, or unplayable with its whole reason) by the real index and the real
`drum-duet` command, never a crash.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.formats.song_folder import load_song
from game.library.index import SongLibrary
from tests.helpers import FAST_AUDIO_ARGS, ROOT, as_player, fast_audio

NARA_MID = ROOT / "charts" / "nara-soundcheck" / "notes.mid"
NARA_EXPERT_NOTES = 268
LATIN1_NAME = b"Caf\xe9 Song"  # "Café Song" as an old Windows / Latin-1 zip names it


def drum_duet(
    home: Path, *args: str | bytes | Path, locked_out: bool = False
) -> subprocess.CompletedProcess:
    """Run the real `drum-duet` command; `locked_out` runs it without root's power to open any
    file (see `as_player`), so file modes stop it as they stop a player."""
    env = {**os.environ, "DRUM_DUET_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-m", "game", *map(os.fsencode, args)]
    return subprocess.run(
        as_player(command) if locked_out else command,
        capture_output=True,
        env=env,
        timeout=120,
    )


def song_folder(parent: Path | bytes, name: str | bytes, ini: bytes | None = None) -> Path:
    """A song folder `parent/name` holding Nara Soundcheck's notes.mid (and `ini` as song.ini)."""
    folder = os.path.join(os.fsencode(parent), os.fsencode(name))
    os.makedirs(folder)
    shutil.copyfile(NARA_MID, os.path.join(folder, b"notes.mid"))
    if ini is not None:
        with open(os.path.join(folder, b"song.ini"), "wb") as f:
            f.write(ini)
    return Path(os.fsdecode(folder))


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A songs root for folders the test locks; every mode is given back afterwards."""
    root = tmp_path / "songs"
    root.mkdir()
    yield root
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            os.chmod(os.path.join(folder, name), 0o755)


# 1. A folder name that is not UTF-8


def test_a_latin1_folder_name_is_indexed_losslessly_read_as_cp1252_and_plays(tmp_path):
    root = tmp_path / "songs"
    folder = song_folder(root, LATIN1_NAME)
    db = tmp_path / "library.db"
    with SongLibrary(db) as library:
        assert library.scan([root]).parsed == 1
        (record,) = library.songs()
    assert os.fsencode(record.folder) == os.fsencode(folder)  # not a byte lost
    assert record.playable and record.title == "Café Song"
    assert len(load_song(record.folder).chart.track("full", "expert")) == NARA_EXPERT_NOTES
    with SongLibrary(db) as library:  # the key read back is the key found: nothing re-read
        result = library.scan([root])
        assert (result.parsed, result.reused) == (0, 1)
        assert library.song(folder) == record


def test_library_scan_and_simulate_take_a_latin1_folder(tmp_path):
    root = tmp_path / "songs"
    song_folder(root, LATIN1_NAME)
    home = tmp_path / "home"
    scan = drum_duet(home, "library", "scan", "--songs", root)
    assert scan.returncode == 0, scan.stderr.decode()
    assert "Café Song" in scan.stdout.decode() and b"Traceback" not in scan.stderr
    listed = json.loads(drum_duet(home, "library", "scan", "--songs", root, "--json").stdout)
    (song,) = [s for s in listed["songs"] if s["folder_name"] == "Café Song"]
    assert song["playable"] and os.fsencode(song["folder"]).endswith(LATIN1_NAME)
    played = drum_duet(home, "simulate", os.fsencode(song["folder"]), "--autoplay", "--json")
    assert played.returncode == 0, played.stderr.decode()
    (player,) = json.loads(played.stdout)["players"]
    assert player["counts"]["perfect"] == NARA_EXPERT_NOTES


def test_a_play_of_a_latin1_folder_is_saved_with_its_replay(tmp_path, monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    from game.app.play import PlayOptions, PlayResult
    from game.app.results_screen import save_play
    from game.core.autoplay import autoplay_inputs
    from game.core.replay import PlayerSetup, simulate
    from game.store.pending_plays import PendingPlays
    from game.store.scores import ScoreBook

    song = load_song(song_folder(tmp_path / "songs", LATIN1_NAME))
    setups = [PlayerSetup("full", "expert")]
    inputs = autoplay_inputs(song.chart.track("full", "expert"), 0)
    result = PlayResult(simulate(song.chart, setups, inputs), True, [])
    with ScoreBook(tmp_path / "scores.db") as book:
        pending = PendingPlays(tmp_path / "pending")
        outcome = save_play(book, song, result, PlayOptions(setups), pending)
        assert outcome.play_id is not None and outcome.notice is None
        saved = book.play(outcome.play_id)
    assert saved.song_folder.endswith("Café Song") and saved.title == "Café Song"
    assert saved.replay_json is not None and saved.players[0].score > 0


# 2. Folders and files that can be listed but not opened


@pytest.mark.parametrize(
    ("what", "mode", "reason"),
    [
        ("folder", 0o644, "cannot open this folder: Permission denied"),
        ("folder", 0o000, "cannot open this folder: Permission denied"),
        ("notes.mid", 0o000, "cannot read: Permission denied"),
        ("song.ini", 0o000, "cannot read: Permission denied"),
    ],
)
def test_an_unopenable_song_is_listed_unplayable_with_the_path_and_reason(
    tmp_path, locked, what, mode, reason
):
    song_folder(locked, "Good Song", b"[song]\nname = Good Song\n")
    bad = song_folder(locked, "Locked Song", b"[song]\nname = Locked Song\n")
    target = bad if what == "folder" else bad / what
    os.chmod(target, mode)
    home = tmp_path / "home"
    scan = drum_duet(home, "library", "scan", "--songs", locked, "--json", locked_out=True)
    assert scan.returncode == 0 and scan.stderr == b"", scan.stderr.decode()  # not a word
    songs = {Path(s["folder"]).name: s for s in json.loads(scan.stdout)["songs"]}
    assert songs["Good Song"]["playable"]
    locked_song = songs["Locked Song"]
    assert not locked_song["playable"] and locked_song["problem"] == reason
    assert locked_song["problem_file"] == str(target)
    text = drum_duet(home, "library", "scan", "--songs", locked, locked_out=True).stdout.decode()
    assert f"UNPLAYABLE Locked Song — {target}: {reason}" in text
    for command in (("chart", "info", bad), ("simulate", bad, "--autoplay")):
        out = drum_duet(home, *command, locked_out=True)
        lines = out.stderr.decode().splitlines()
        assert out.returncode == 2 and lines == [f"drum-duet: error: {target}: {reason}"]


def test_the_game_launches_to_song_select_past_odd_and_locked_folders(tmp_path):
    home = tmp_path / "home"
    songs = home / "data" / "songs"  # the player's default songs folder, scanned at launch
    song_folder(songs, LATIN1_NAME)
    locked = song_folder(songs, "Locked Song")
    os.chmod(locked, 0o000)
    try:
        env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
        env["DRUM_DUET_HOME"] = str(home)
        command = [sys.executable, "-m", "game", "-v", "--start-at", "song-select"]
        run = subprocess.run(
            as_player([*command, "--quit-after", "1"]),
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        os.chmod(locked, 0o755)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert "song select shown at" in run.stderr


def test_playing_a_latin1_folder_in_the_window_draws_its_name_and_notices(tmp_path, monkeypatch):
    """`drum-duet play` on a Latin-1 folder's own path: its title and the "no audio stems"
    notice naming that path are drawn (as Windows-1252 reads the name), and the song plays."""
    from tests.library.test_song_length import NOTES, short_song

    folder = os.path.join(os.fsencode(tmp_path), LATIN1_NAME)
    short_song(Path(os.fsdecode(folder)), None)
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    for name, value in fast_audio(tmp_path / "stream.raw").items():  # song time 3.5x the wall's
        monkeypatch.setenv(name, value)
    shot = tmp_path / "notice.png"
    out = drum_duet(
        tmp_path / "home", "play", folder, "--autoplay", "--quit-at-end", "--json",
        "--screenshot-at", f"1.0:{shot}", *FAST_AUDIO_ARGS,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    assert b"No audio stems in" in out.stderr  # the notice the screen drew
    (player,) = json.loads(out.stdout)["players"]
    assert player["counts"]["perfect"] == NOTES and shot.is_file()
