"""Every output path of the `drum-duet` command, run as a real subprocess: a regular file or a new
name is written (atomically); a folder, a FIFO, a device, a link to one, or a missing folder is
refused with one line naming the path, and nothing is created or replaced on the way."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.audio.wavfile import read_wav, write_wav
from game.base.atomic import OutputPathError, check_output_path, write_atomic
from game.formats.replay_file import read_replay
from tests.helpers import ROOT, as_player
from tests.test_cli import SONG

BUILTIN = ROOT / "charts" / "nara-soundcheck"


def drum_duet(tmp_path: Path, *args: str, locked_out: bool = False) -> subprocess.CompletedProcess:
    """Run the real command; `locked_out`: without root's power over file modes (as_player)."""
    env = {**os.environ, "DRUM_DUET_HOME": str(tmp_path / "home"), "SDL_VIDEODRIVER": "dummy"}
    command = [sys.executable, "-m", "game", *args]
    return subprocess.run(
        as_player(command) if locked_out else command,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.fixture
def song(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-groove"
    folder.mkdir()
    (folder / "chart.json").write_text(json.dumps(SONG))
    return folder


def simulate_to(tmp_path: Path, song: Path, out: Path) -> subprocess.CompletedProcess:
    return drum_duet(tmp_path, "simulate", str(song), "--autoplay", "--replay-out", str(out))


def assert_refused(result: subprocess.CompletedProcess, path: Path, problem: str) -> None:
    """Exit code 2, one line on stderr naming `path` and `problem`, no traceback."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and problem in lines[0], lines[0]
    assert "Traceback" not in result.stderr


# --- written: a new name, a regular file, a link to a regular file ------------------------------


def test_replay_out_to_a_new_name_writes_the_replay(tmp_path, song):
    out = tmp_path / "take.replay.json"
    result = simulate_to(tmp_path, song, out)
    assert result.returncode == 0, result.stderr
    assert read_replay(out).inputs
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_replay_out_onto_a_regular_file_replaces_it(tmp_path, song):
    out = tmp_path / "take.replay.json"
    out.write_text("old")
    result = simulate_to(tmp_path, song, out)
    assert result.returncode == 0, result.stderr
    assert read_replay(out).inputs


def test_replay_out_through_a_symlink_writes_the_file_it_names_and_keeps_the_link(tmp_path, song):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = simulate_to(tmp_path, song, link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target
    assert read_replay(target).inputs


# --- refused ------------------------------------------------------------------------------------


def test_replay_out_to_a_folder_is_refused(tmp_path, song):
    folder = tmp_path / "replays"
    folder.mkdir()
    assert_refused(simulate_to(tmp_path, song, folder), folder, "is a folder")
    assert list(folder.iterdir()) == []


def test_replay_out_under_a_missing_folder_is_refused_and_not_created(tmp_path, song):
    out = tmp_path / "missing" / "deeper" / "take.json"
    assert_refused(simulate_to(tmp_path, song, out), out, "does not exist")
    assert not (tmp_path / "missing").exists()


def test_replay_out_under_a_file_is_refused(tmp_path, song):
    blocker = tmp_path / "plain.txt"
    blocker.write_text("x")
    out = blocker / "take.json"
    assert_refused(simulate_to(tmp_path, song, out), out, "is not a folder")
    assert blocker.read_text() == "x"


def test_replay_out_to_a_fifo_is_refused_without_blocking(tmp_path, song):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert_refused(simulate_to(tmp_path, song, fifo), fifo, "named pipe")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_replay_out_through_a_symlink_to_dev_null_is_refused(tmp_path, song):
    link = tmp_path / "null.json"
    link.symlink_to("/dev/null")
    assert_refused(simulate_to(tmp_path, song, link), link, "character device")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert link.is_symlink()


def test_replay_out_through_a_dangling_symlink_is_refused(tmp_path, song):
    link = tmp_path / "dangling.json"
    link.symlink_to(tmp_path / "nowhere.json")
    assert_refused(simulate_to(tmp_path, song, link), link, "does not exist")
    assert not (tmp_path / "nowhere.json").exists()


def test_replay_out_onto_a_device_node_is_refused(tmp_path, song):
    if os.geteuid() != 0:
        pytest.skip("creating a device node (os.mknod) needs root")
    node = tmp_path / "full"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # a /dev/full of our own
    assert_refused(simulate_to(tmp_path, song, node), node, "character device")
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_replay_out_in_a_read_only_folder_is_refused_before_the_work(tmp_path, song):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    out = folder / "take.json"
    command = ("simulate", str(song), "--autoplay", "--replay-out", str(out))
    assert_refused(drum_duet(tmp_path, *command, locked_out=True), out, "permission denied")
    assert list(folder.iterdir()) == []


def test_score_replay_out_to_a_folder_is_refused_before_scoring(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    result = drum_duet(
        tmp_path,
        "score",
        str(BUILTIN),
        "--performance",
        str(tmp_path / "take.mid"),
        "--replay-out",
        str(folder),
    )
    assert_refused(result, folder, "is a folder")


def test_song_render_out_under_a_missing_folder_is_refused_and_not_created(tmp_path):
    out = tmp_path / "nonexistent" / "x.wav"
    result = drum_duet(tmp_path, "song", "render", str(BUILTIN), "--out", str(out))
    assert_refused(result, out, "does not exist")
    assert not out.parent.exists()


def test_song_render_out_to_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / "x.wav"
    os.mkfifo(fifo)
    result = drum_duet(tmp_path, "song", "render", str(BUILTIN), "--out", str(fifo))
    assert_refused(result, fifo, "named pipe")


def test_play_screenshot_under_a_missing_folder_is_refused_before_the_song(tmp_path, song):
    shot = tmp_path / "shots" / "a.png"
    result = drum_duet(tmp_path, "play", str(song), "--screenshot-at", f"1:{shot}")
    assert_refused(result, shot, "does not exist")


# --- the shared helper --------------------------------------------------------------------------


def test_write_atomic_refuses_a_fifo_and_keeps_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputPathError, match="named pipe"):
        write_atomic(fifo, b"data")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_write_wav_no_longer_creates_missing_folders(tmp_path):
    out = tmp_path / "a" / "b.wav"
    with pytest.raises(OutputPathError, match="does not exist"):
        write_wav(out, np.zeros((10, 2)))
    assert not out.parent.exists()
    write_wav(tmp_path / "b.wav", np.zeros((10, 2)))
    assert read_wav(tmp_path / "b.wav")[0].shape == (10, 2)


def test_check_output_path_names_the_regular_file_a_link_points_to(tmp_path):
    target = tmp_path / "t.json"
    target.write_text("x")
    (tmp_path / "l.json").symlink_to(target)
    assert check_output_path(tmp_path / "l.json") == target.resolve()
    assert check_output_path(tmp_path / "new.json") == tmp_path / "new.json"
