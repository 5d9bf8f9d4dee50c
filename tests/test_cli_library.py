"""`drum-duet library scan` and `library import`, run as the player runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

from tests.formats.test_notes_mid import DRUMTEST
from tests.helpers import need_testdata
from tests.test_cli import SONG


def drum_duet(home, *args):
    env = {**os.environ, "DRUM_DUET_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_scan_lists_playable_and_unplayable_songs_with_reasons(tmp_path):
    songs = tmp_path / "extra"
    (songs / "good").mkdir(parents=True)
    (songs / "good" / "chart.json").write_text(json.dumps(SONG))
    (songs / "bad").mkdir()
    (songs / "bad" / "notes.mid").write_bytes(b"MThd garbage")
    out = drum_duet(tmp_path / "home", "library", "scan", "--songs", str(songs), "--json")
    assert out.returncode == 0, out.stderr
    found = {s["title"]: s for s in json.loads(out.stdout)["songs"]}
    assert found["CLI Groove"]["playable"] and set(found["CLI Groove"]["parts"]) == {
        "full",
        "p1",
        "p2",
    }
    bad = next(s for s in found.values() if not s["playable"])
    assert "MIDI" in bad["problem"]
    again = json.loads(
        drum_duet(tmp_path / "home", "library", "scan", "--songs", str(songs), "--json").stdout
    )
    assert again["parsed"] == 0 and again["reused"] >= 2  # the index remembered them
    text = drum_duet(tmp_path / "home", "library", "scan", "--songs", str(songs)).stdout
    assert "UNPLAYABLE" in text and "CLI Groove" in text


def test_import_a_song_pack_then_scan_finds_it(tmp_path):
    pack = tmp_path / "pack.zip"
    with zipfile.ZipFile(pack, "w") as z:
        for f in need_testdata(DRUMTEST).iterdir():
            z.write(f, f"Drum Test/{f.name}")
    home = tmp_path / "home"
    out = drum_duet(home, "library", "import", str(pack))
    assert out.returncode == 0, out.stderr
    assert (home / "data" / "songs" / "Drum Test" / "notes.mid").is_file()
    scan = json.loads(drum_duet(home, "library", "scan", "--json").stdout)
    assert any(s["title"] == "Drum Test Song" and s["playable"] for s in scan["songs"])


def test_import_refuses_a_hostile_pack_and_names_it(tmp_path):
    pack = tmp_path / "evil.zip"
    with zipfile.ZipFile(pack, "w") as z:
        z.writestr("../../escape/notes.mid", b"x")
    out = drum_duet(tmp_path / "home", "library", "import", str(pack))
    assert out.returncode == 2 and str(pack) in out.stderr
    assert not (tmp_path / "escape").exists()


def test_scan_names_the_file_of_every_unplayable_song(tmp_path):
    from tests.ui.test_song_select_reasons import odd_songs

    folders = odd_songs(tmp_path / "songs")
    out = drum_duet(tmp_path / "home", "library", "scan", "--songs", str(tmp_path / "songs"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    expected = [
        f"  UNPLAYABLE Garbage Ini — {folders['Garbage Ini'] / 'song.ini'}: not a song.ini: "
        "it holds binary data, not lines of text",
        f"  UNPLAYABLE No Chart — {folders['No Chart']}: no chart in this folder (looked for "
        "notes.mid, *.chart, chart.json)",
        f"  UNPLAYABLE Truncated — {folders['Truncated'] / 'notes.mid'}: track 2 is truncated",
    ]
    assert all(line in lines for line in expected), out.stdout
    assert any(line.endswith(str(folders["Good"])) for line in lines)
    assert "3 unplayable" in lines[-1]


def test_scan_lists_the_summary_and_full_reads_the_duet_split(tmp_path):
    songs = tmp_path / "extra"
    (songs / "drumtest").mkdir(parents=True)
    for f in need_testdata(DRUMTEST).iterdir():
        (songs / "drumtest" / f.name).write_bytes(f.read_bytes())
    (songs / "drumtest" / "album.png").write_bytes(b"\x89PNG")
    args = ("library", "scan", "--songs", str(songs), "--json")
    quick = json.loads(drum_duet(tmp_path / "home", *args).stdout)
    song = next(s for s in quick["songs"] if s["folder_name"] == "drumtest")
    assert set(song["parts"]) == {"full"} and song["art"] == "album.png"
    assert song["density"] > 0 and not song["charted_duet"] and song["added_s"] > 0
    full = json.loads(drum_duet(tmp_path / "home", *args, "--full").stdout)
    song = next(s for s in full["songs"] if s["folder_name"] == "drumtest")
    assert set(song["parts"]) == {"full", "p1", "p2"}
