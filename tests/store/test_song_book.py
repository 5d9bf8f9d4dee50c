"""The song book (songs.db): plays and last plays counted, favourites marked, setlists saved,
replaced, loaded and deleted, all read back from the real SQLite file by a new book; a corrupt
file is set aside and a newer one refused untouched."""

from __future__ import annotations

import sqlite3

import pytest

from game.store.song_book import (
    MAX_NAME_CHARS,
    SCHEMA_VERSION,
    SetlistSong,
    SongBook,
    SongBookError,
)
from game.store.song_stats import SongStats

A, B = "aa" * 32, "bb" * 32


def test_plays_and_the_last_play_are_counted_and_kept_in_the_file(tmp_path):
    path = tmp_path / "songs.db"
    with SongBook(path) as book:
        assert book.stats() == {}
        book.count_play(A, when_s=1000.0)
        book.count_play(A, when_s=3000.0)
        book.count_play(A, when_s=2000.0)  # a late save never moves the last play back
        book.count_play(B, when_s=1500.0)
    with SongBook(path) as book:  # read back by a new book from the file
        assert book.stats() == {A: SongStats(3, 3000.0, False), B: SongStats(1, 1500.0, False)}


def test_a_favourite_is_marked_and_unmarked_without_touching_the_plays(tmp_path):
    path = tmp_path / "songs.db"
    with SongBook(path) as book:
        assert book.set_favourite(A, True) == SongStats(0, None, True)  # never played
        book.count_play(A, when_s=10.0)
        assert book.song(A) == SongStats(1, 10.0, True)
    with SongBook(path) as book:
        assert book.stats()[A].favourite
        book.set_favourite(A, False)
    with SongBook(path) as book:
        assert book.stats()[A] == SongStats(1, 10.0, False)


def test_setlists_are_saved_in_order_replaced_by_name_listed_and_deleted(tmp_path):
    path = tmp_path / "songs.db"
    one = SetlistSong("/songs/one", A, "One")
    two = SetlistSong("/songs/two", B, "Two")
    with SongBook(path) as book:
        book.save_setlist("  Friday   night ", [two, one])
        book.save_setlist("Warm-up", [one])
    with SongBook(path) as book:
        lists = book.setlists()
        assert [s.name for s in lists] == ["Friday night", "Warm-up"]  # spaces tidied
        assert lists[0].songs == (two, one)  # in playing order
        book.save_setlist("Friday night", [one, two, one])  # the same name: replaced
    with SongBook(path) as book:
        friday = {s.name: s for s in book.setlists()}["Friday night"]
        assert friday.songs == (one, two, one)
        assert book.delete_setlist("Warm-up") is True
        assert book.delete_setlist("Warm-up") is False
    with SongBook(path) as book:
        assert [s.name for s in book.setlists()] == ["Friday night"]
        db = sqlite3.connect(path)
        try:  # the deleted setlist's songs went with it
            assert db.execute("SELECT count(*) FROM setlist_songs").fetchone()[0] == 3
        finally:
            db.close()


def test_a_blank_name_is_refused_and_a_long_one_cut(tmp_path):
    with SongBook(tmp_path / "songs.db") as book:
        with pytest.raises(ValueError):
            book.save_setlist("   ", [])
        saved = book.save_setlist("x" * 500, [])
        assert saved.name == "x" * MAX_NAME_CHARS


def test_the_book_is_wal_and_carries_its_schema_version(tmp_path):
    path = tmp_path / "songs.db"
    SongBook(path).close()
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()


def test_a_corrupt_file_is_set_aside_and_a_new_book_started(tmp_path, caplog):
    path = tmp_path / "songs.db"
    path.write_bytes(b"this is not a database, " * 200)
    with SongBook(path) as book:
        book.count_play(A, when_s=5.0)
        assert book.stats() == {A: SongStats(1, 5.0, False)}
    (aside,) = tmp_path.glob("songs.db.corrupt-*")
    assert aside.read_bytes().startswith(b"this is not a database")  # kept, never deleted
    assert "moved it aside" in caplog.text and str(path) in caplog.text


def test_a_book_from_a_newer_game_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "songs.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(SongBookError, match="newer version"):
        SongBook(path)
    assert path.read_bytes() == before
