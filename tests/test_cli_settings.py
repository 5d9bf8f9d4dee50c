"""A settings file that cannot be read, is a folder or is not TOML, met by the real `drum-duet`
command: read-only commands warn in one line and use the defaults, leaving the file as it is;
only the game, which writes settings, sets aside a file that was read and is not TOML."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.helpers import ROOT, run_game
from tests.test_cli import SONG

NOT_TOML = b"[library\nsong_folders = ["


def listing(folder: Path) -> dict[str, bytes | None]:
    """Every entry under `folder`: file contents, None for a folder."""
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def warnings_of(out: subprocess.CompletedProcess) -> list[str]:
    """The lines of stderr that speak of the settings file."""
    return [line for line in out.stderr.splitlines() if "settings.toml" in line]


@pytest.fixture
def song(tmp_path: Path) -> Path:
    folder = tmp_path / "songs" / "cli-groove"
    folder.mkdir(parents=True)
    (folder / "chart.json").write_text(json.dumps(SONG))
    return folder


def test_library_scan_with_a_settings_folder_warns_once_and_leaves_it(tmp_path, song):
    config = tmp_path / "home" / "config"
    (config / "settings.toml" / "kept.txt").parent.mkdir(parents=True)
    (config / "settings.toml" / "kept.txt").write_text("mine")
    before = listing(config)
    out = run_game(tmp_path / "home", "library", "scan", "--songs", str(song.parent), "--json")
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    (line,) = warnings_of(out)
    assert str(config / "settings.toml") in line and "Is a directory" in line
    assert any(s["title"] == "CLI Groove" for s in json.loads(out.stdout)["songs"])
    assert listing(config) == before  # nothing renamed, nothing written


AS_NOBODY = """
import os, pwd, sys
from game.cli import main
os.environ["DRUM_DUET_HOME"] = sys.argv[1]
main(["library", "scan", "--json"])  # as root on a home of its own: every module gets imported
nobody = pwd.getpwnam("nobody")
os.setgroups([])
os.setgid(nobody.pw_gid)
os.setuid(nobody.pw_uid)  # from here on, root's power to read any file is gone
os.environ["DRUM_DUET_HOME"] = sys.argv[2]
sys.exit(main(["library", "scan", "--json"]))
"""


@pytest.fixture
def home():
    """A home folder in the system's temporary folder, which the user `nobody` can enter
    (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="drum-duet-home-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_library_scan_with_a_settings_file_it_may_not_read_warns_and_leaves_it(tmp_path, home):
    """A settings.toml of mode 000. Root reads any file, so as root the command drops to the user
    `nobody` (os.setuid) once its modules are imported (the interpreter lives under /root)."""
    config, data = home / "config", home / "data"
    config.mkdir()
    data.mkdir()
    path = config / "settings.toml"
    path.write_text('[library]\nsong_folders = ["/my/songs"]\n')
    path.chmod(0o000)
    env = {**os.environ, "DRUM_DUET_HOME": str(home)}
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        for player_owns in (config, path, data):  # the player's own folders and file
            os.chown(player_owns, nobody.pw_uid, nobody.pw_gid)
        command = [sys.executable, "-c", AS_NOBODY, str(tmp_path / "warm-up"), str(home)]
    else:
        command = [sys.executable, "-m", "game", "library", "scan", "--json"]
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    (line,) = warnings_of(out)
    assert str(path) in line and "Permission denied" in line
    assert sorted(p.name for p in config.iterdir()) == ["settings.toml"]
    assert path.stat().st_mode & 0o777 == 0
    path.chmod(0o644)
    assert path.read_text() == '[library]\nsong_folders = ["/my/songs"]\n'


@pytest.mark.parametrize(
    "command",
    [
        ["library", "scan", "--json"],
        ["chart", "info", "{song}", "--json"],
        ["simulate", "{song}", "--part", "full", "--difficulty", "expert", "--autoplay"],
    ],
    ids=["library scan", "chart info", "simulate"],
)
def test_read_only_commands_never_move_a_settings_file_that_is_not_toml(tmp_path, song, command):
    config = tmp_path / "home" / "config"
    config.mkdir(parents=True)
    (config / "settings.toml").write_bytes(NOT_TOML)
    args = [a.format(song=song) for a in command]
    out = run_game(tmp_path / "home", *args)
    assert out.returncode == 0, out.stderr
    assert listing(config) == {"settings.toml": NOT_TOML}
    for line in warnings_of(out):  # if the command reads the settings: one line, the file named
        assert str(config / "settings.toml") in line and "not a valid settings file" in line
    assert len(warnings_of(out)) <= 1


def test_the_game_sets_aside_a_settings_file_that_is_not_toml(tmp_path):
    config = tmp_path / "home" / "config"
    config.mkdir(parents=True)
    (config / "settings.toml").write_bytes(NOT_TOML)
    out = run_game(tmp_path / "home", "--quit-after", "0.2")
    assert out.returncode == 0, out.stderr
    (aside,) = config.glob("settings.toml.corrupt-*")
    assert aside.read_bytes() == NOT_TOML
