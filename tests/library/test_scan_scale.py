"""A big library scanned by the real index on worker processes: 1,000 real song folders (copies
of the built-ins and the shared test charts, titles in Hangul and kana too), built once.

Cold, every folder is read and listed with its tags, counts, density, pro drums, duet parts and
art; warm, none is; the songs come in batches as they are read, with the progress; the full
reads add the duet split, equal to the game's. No times are asserted (bench/library.py times).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from game.core.lanes import Difficulty, Part
from game.formats.song_folder import load_song
from game.library.index import SCHEMA_VERSION, SongLibrary
from tests.helpers import ROOT, TESTDATA

FOLDERS = 1000
SOURCES = [
    *sorted((ROOT / "charts").glob("*/notes.mid")),
    TESTDATA / "rb-charts" / "yarg-core" / "test.chart",
    TESTDATA / "rb-charts" / "fofix-tutorials" / "drumrolls" / "notes.mid",
]
PRESENT = [s for s in SOURCES if s.is_file()]
TITLES = ("Song {i}", "드럼 연습 {i}", "ドラム練習 {i}")


@pytest.fixture(scope="module")
def library_root(tmp_path_factory) -> Path:
    """FOLDERS song folders, each a copy of one chart with its own song.ini (built once)."""
    root = tmp_path_factory.mktemp("big") / "songs"
    for i in range(FOLDERS):
        source = PRESENT[i % len(PRESENT)]
        folder = root / f"Group {i // 100}" / f"Song {i:04}"
        folder.mkdir(parents=True)
        shutil.copyfile(
            source, folder / ("notes.chart" if source.suffix == ".chart" else "notes.mid")
        )
        title = TITLES[i % 3].format(i=i)
        (folder / "song.ini").write_text(f"[song]\nname = {title}\nartist = Band {i % 7}\n")
        if i % 10 == 0:
            (folder / "album.jpg").write_bytes(b"\xff\xd8 art")
    return root


@pytest.fixture(scope="module")
def scanned(library_root, tmp_path_factory):
    """The cold scan (two workers) with every batch and progress report it gave."""
    db = tmp_path_factory.mktemp("index") / "library.db"
    batches, progress = [], []
    with SongLibrary(db) as library:
        result = library.scan(
            [library_root], on_songs=batches.append, on_progress=lambda *p: progress.append(p),
            workers=2,
        )  # fmt: skip
    return db, result, batches, progress


def test_a_cold_scan_reads_every_folder_and_lists_it(scanned, library_root):
    db, result, _, _ = scanned
    assert (result.parsed, result.reused, result.removed, result.unplayable) == (FOLDERS, 0, 0, 0)
    with SongLibrary(db) as library:
        songs = library.songs()
    assert len(songs) == FOLDERS
    titles = {s.title for s in songs}
    assert {"Song 0", "드럼 연습 1", "ドラム練習 2"} <= titles
    assert [s.title.casefold() for s in songs] == sorted(s.title.casefold() for s in songs)
    for song in songs:
        assert song.playable and song.added_s is not None and song.density > 0
        assert song.length_s > 0 and song.chart_sha256
        if song.art is not None:
            assert song.art == song.folder / "album.jpg"
    assert sum(s.art is not None for s in songs) == FOLDERS // 10
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3


def test_each_kind_of_chart_is_listed_as_the_game_reads_it(scanned, library_root):
    db, *_ = scanned
    with SongLibrary(db) as library:
        for i, source in enumerate(PRESENT):
            folder = library_root / "Group 0" / f"Song {i:04}"
            record, song = library.song(folder), load_song(folder)
            expected = {
                d: len(song.chart.track(Part.FULL, d)) for d in song.chart.difficulties(Part.FULL)
            }
            assert {d: record.note_count(Part.FULL, d) for d in expected} == expected
            assert record.pro_drums == song.chart.tracks[(Part.FULL, Difficulty.EXPERT)].pro_drums
            assert record.charted_duet == (source.parent.parent == ROOT / "charts")


def test_songs_come_in_batches_as_they_are_read_with_the_progress(scanned):
    _, _, batches, progress = scanned
    assert len(batches) > 1  # shown as found, not all at the end
    assert sum(len(b) for b in batches) == FOLDERS
    assert len({s.folder for b in batches for s in b}) == FOLDERS
    dones = [done for done, _ in progress]
    assert dones == sorted(dones) and progress[-1] == (FOLDERS, FOLDERS)
    assert {total for _, total in progress} == {FOLDERS}


def test_a_warm_scan_reads_nothing(scanned, library_root):
    db, *_ = scanned
    with SongLibrary(db) as library:
        before = library.songs()
        result = library.scan([library_root], workers=2)
        assert (result.parsed, result.reused) == (0, FOLDERS)
        assert library.songs() == before


def test_the_full_reads_add_the_duet_split_equal_to_the_games(scanned, library_root, tmp_path):
    db, *_ = scanned
    copy = tmp_path / "library.db"
    shutil.copy(db, copy)
    with SongLibrary(copy) as library:
        pending = [s for s in library.songs() if not s.charted_duet]
        assert pending and all(not s.difficulties(Part.P1) for s in pending)
        heard = []
        read = library.fill_details(on_songs=heard.extend, workers=2)
        assert read == len(pending) == len(heard)
        record = library.song(pending[0].folder)
        song = load_song(pending[0].folder)
        for part in (Part.P1, Part.P2):
            for difficulty in song.chart.difficulties(part):
                assert record.note_count(part, difficulty) == len(
                    song.chart.track(part, difficulty)
                )
        assert library.fill_details(workers=2) == 0  # nothing left to read
