"""The song index: cold and warm scans, changed and vanished folders, unplayable songs, and a
database that is corrupt, from another version, or cannot be written."""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from game.core.lanes import Difficulty, Part
from game.library import index
from game.library.index import SongLibrary

ROOT = Path(__file__).resolve().parents[2]


def chart_doc(title: str, artist: str = "The Jackets", notes: int = 4) -> dict:
    """A small valid chart.json document with `notes` notes on the full kit at Expert."""
    lanes = ["kick", "red", "yellow", "blue", "green"]
    expert = [[i * 240, lanes[i % 5]] for i in range(notes)]
    return {
        "format": "drum-duet-chart",
        "version": 1,
        "song": {"title": title, "artist": artist},
        "resolution": 480,
        "tempos": [[0, 120]],
        "parts": {"full": {"expert": expert, "easy": expert[::2]}, "p1": {"easy": [[0, "kick"]]}},
    }


def write_song(root: Path, folder: str, title: str, **kw) -> Path:
    """A song folder `root/folder` holding a chart.json for `title`; the folder."""
    path = root / folder
    path.mkdir(parents=True, exist_ok=True)
    (path / "chart.json").write_text(json.dumps(chart_doc(title, **kw)))
    return path


@pytest.fixture
def songs(tmp_path: Path) -> Path:
    root = tmp_path / "songs"
    write_song(root, "gilded", "Gilded Hour")
    write_song(root, "fire", "Firecracker Night", notes=10)
    write_song(root / "Pack", "nara", "Nara Soundcheck")
    return root


def bump(path: Path) -> None:
    """Move a file's modification time one second forward."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_cold_scan_parses_every_song_and_lists_them_by_title(tmp_path, songs):
    with SongLibrary(tmp_path / "library.db") as library:
        result = library.scan([songs])
        records = library.songs()
    assert (result.parsed, result.reused, result.removed, result.unplayable) == (3, 0, 0, 0)
    assert [r.title for r in records] == ["Firecracker Night", "Gilded Hour", "Nara Soundcheck"]
    fire = records[0]
    assert fire.playable and fire.artist == "The Jackets"
    assert fire.folder == songs / "fire" and fire.chart_file == songs / "fire" / "chart.json"
    assert fire.parts() == [Part.FULL, Part.P1]
    assert fire.difficulties("full") == [Difficulty.EASY, Difficulty.EXPERT]
    assert fire.note_count("full", "expert") == 10 and fire.note_count("p2", "easy") is None
    assert fire.length_s == pytest.approx(9 * 0.25) and len(fire.chart_sha256 or "") == 64


def test_warm_scan_parses_nothing_and_gives_the_same_records(tmp_path, songs):
    db = tmp_path / "library.db"
    with SongLibrary(db) as library:
        library.scan([songs])
        before = library.songs()
    with SongLibrary(db) as library:
        result = library.scan([songs])
        assert (result.parsed, result.reused, result.removed) == (0, 3, 0)
        assert library.songs() == before


def test_touching_one_chart_reparses_exactly_that_song(tmp_path, songs):
    with SongLibrary(tmp_path / "library.db") as library:
        library.scan([songs])
        bump(songs / "gilded" / "chart.json")
        assert (library.scan([songs]).parsed, library.scan([songs]).parsed) == (1, 0)
        (songs / "fire" / "chart.json").write_text(json.dumps(chart_doc("Renamed")))
        assert library.scan([songs]).parsed == 1
        assert library.song(songs / "fire").title == "Renamed"


def test_a_new_song_ini_or_stem_counts_as_a_change(tmp_path, songs):
    with SongLibrary(tmp_path / "library.db") as library:
        library.scan([songs])
        (songs / "Pack" / "nara" / "drums.ogg").write_bytes(b"x")
        (songs / "gilded" / "song.ini").write_text("[song]\nname = Gilded\n")
        result = library.scan([songs])
        assert (result.parsed, result.reused) == (2, 1)
        nara = library.song(songs / "Pack" / "nara")
        assert nara.stem_files() == {"drums": songs / "Pack" / "nara" / "drums.ogg"}


def test_a_deleted_folder_leaves_the_index(tmp_path, songs):
    with SongLibrary(tmp_path / "library.db") as library:
        library.scan([songs])
        for f in (songs / "fire").iterdir():
            f.unlink()
        (songs / "fire").rmdir()
        result = library.scan([songs])
        assert (result.parsed, result.reused, result.removed) == (0, 2, 1)
        assert library.song(songs / "fire") is None and len(library.songs()) == 2


def test_an_unplayable_song_is_listed_with_its_reason_beside_good_ones(tmp_path, songs):
    bad = songs / "broken"
    bad.mkdir()
    (bad / "chart.json").write_text("{not json")
    with SongLibrary(tmp_path / "library.db") as library:
        result = library.scan([songs])
        assert (result.parsed, result.unplayable) == (4, 1)
        record = library.song(bad)
        assert not record.playable and record.title == "broken"
        assert "not valid JSON" in record.problem and record.problem_file == bad / "chart.json"
        assert len(library.songs()) == 4 and len(library.songs(include_unplayable=False)) == 3
        assert library.scan([songs]).parsed == 0  # an unchanged bad song is not re-read either


def test_titles_are_kept_to_one_bounded_line(tmp_path):
    root = tmp_path / "songs"
    write_song(root, "long", "Encore\n" + "la" * 10_000, artist="\x00Duo\t")
    with SongLibrary(tmp_path / "library.db") as library:
        library.scan([root])
        record = library.song(root / "long")
    assert len(record.title) == index.MAX_TEXT_CHARS and record.title.startswith("Encore la")
    assert record.title.endswith("…") and record.artist == "Duo"


def test_a_missing_root_scans_as_no_songs(tmp_path):
    with SongLibrary(tmp_path / "library.db") as library:
        assert library.scan([tmp_path / "nowhere"]).songs == 0 and library.songs() == []


def test_a_garbage_database_is_set_aside_and_rebuilt(tmp_path, songs, caplog):
    db = tmp_path / "library.db"
    garbage = bytes(range(256)) * 64
    db.write_bytes(garbage)
    with caplog.at_level(logging.WARNING), SongLibrary(db) as library:
        assert library.scan([songs]).parsed == 3
    aside = list(tmp_path.glob("library.db.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == garbage
    assert "moved it aside" in caplog.text
    with SongLibrary(db) as library:
        assert len(library.songs()) == 3


def test_damaged_pages_behind_a_good_header_are_caught_on_open(tmp_path, songs):
    db = tmp_path / "library.db"
    for i in range(200):
        write_song(songs / "many", f"song{i:03}", f"Song {i}")
    with SongLibrary(db) as library:
        library.scan([songs])
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db.read_bytes())
    page = 4096
    data[page * 2 : len(data)] = b"\xa5" * (len(data) - page * 2)
    db.write_bytes(bytes(data))
    with SongLibrary(db) as library:
        assert library.scan([songs]).parsed == 203
    assert len(list(tmp_path.glob("library.db.corrupt-*"))) == 1


def test_an_index_of_another_schema_version_is_rebuilt(tmp_path, songs):
    db = tmp_path / "library.db"
    with SongLibrary(db) as library:
        library.scan([songs])
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA user_version = 99")
    con.close()
    with SongLibrary(db) as library:
        assert library.songs() == [] and library.scan([songs]).parsed == 3
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == index.SCHEMA_VERSION
    con.close()
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_an_older_index_is_upgraded_in_place(tmp_path, songs, monkeypatch):
    db = tmp_path / "library.db"
    with SongLibrary(db) as library:
        library.scan([songs])
    upgrade = ("ALTER TABLE songs ADD COLUMN rating INTEGER",)
    monkeypatch.setattr(index, "SCHEMA_VERSION", index.SCHEMA_VERSION + 1)
    monkeypatch.setattr(index, "UPGRADES", {index.SCHEMA_VERSION - 1: upgrade})
    with SongLibrary(db) as library:
        assert len(library.songs()) == 3
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == index.SCHEMA_VERSION
        assert "rating" in [row[1] for row in con.execute("PRAGMA table_info(songs)")]
    con.close()


def test_an_unwritable_place_keeps_the_index_in_memory(tmp_path, songs, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with caplog.at_level(logging.WARNING), SongLibrary(blocker / "library.db") as library:
        assert library.scan([songs]).parsed == 3 and len(library.songs()) == 3
    assert "in memory" in caplog.text and blocker.read_text().startswith("a file")


KILLER = """
import os, signal, sys
from pathlib import Path
from game.library import index, summary
real_load_song, calls = summary.load_song, []
def load_then_die(path):
    calls.append(path)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_load_song(path)
summary.load_song = load_then_die
index.SongLibrary(Path(sys.argv[1])).scan([Path(sys.argv[2])])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_a_scan_killed_midway_leaves_the_previous_index(tmp_path, songs):
    db = tmp_path / "library.db"
    with SongLibrary(db) as library:
        library.scan([songs])
        before = library.songs()
    for chart in songs.rglob("chart.json"):
        chart.write_text(json.dumps(chart_doc("Changed")))
    write_song(songs, "new", "Brand New")
    script = textwrap.dedent(KILLER)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", script, str(db), str(songs)], env=env, check=False)
    assert run.returncode == -signal.SIGKILL
    with SongLibrary(db) as library:
        assert library.songs() == before
        assert library.scan([songs]).parsed == 4
        assert {r.title for r in library.songs()} == {"Changed", "Brand New"}
