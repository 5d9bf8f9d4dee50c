"""The practice book (practice.db): the best pass of each loop at each speed kept and a worse one
not, loops listed with the fastest clean speed, all read back from the real SQLite file by a new
book; a corrupt file is set aside and a newer one refused untouched."""

from __future__ import annotations

import sqlite3

import pytest

from game.core.lanes import Difficulty, Part
from game.core.practice import Loop
from game.store.practice_book import (
    SCHEMA_VERSION,
    PracticeBook,
    PracticeBookError,
    practice_book_path,
)

A, B = "aa" * 32, "bb" * 32
VERSE = Loop(8.000004, 29.333348, "Verse")
CHORUS = Loop(29.333348, 50.666692, "Chorus")


def test_the_best_pass_at_each_speed_is_kept_and_a_worse_one_is_not(tmp_path):
    path = tmp_path / "practice.db"
    with PracticeBook(path) as book:
        assert book.best(A, "p1", "expert", VERSE) == {}
        assert book.record(A, "p1", "expert", VERSE, 0.5, 0.80, when_s=1.0) is True  # the first
        assert book.record(A, "p1", "expert", VERSE, 0.5, 0.90, when_s=2.0) is True
        assert book.record(A, "p1", "expert", VERSE, 0.5, 0.85, when_s=3.0) is False
        assert book.record(A, "p1", "expert", VERSE, 0.5, 0.90, when_s=4.0) is False  # equal
        assert book.record(A, "p1", "expert", VERSE, 0.75, 0.70, when_s=5.0) is True
    with PracticeBook(path) as book:  # read back by a new book from the file
        assert book.best(A, "p1", "expert", VERSE) == {0.5: 0.90, 0.75: 0.70}
        assert book.best(A, "p2", "expert", VERSE) == {}  # another part
        assert book.best(A, "p1", "hard", VERSE) == {}  # another difficulty
        assert book.best(B, "p1", "expert", VERSE) == {}  # another song
        assert book.best(A, "p1", "expert", CHORUS) == {}  # another loop
    db = sqlite3.connect(path)
    try:
        passes, best_s, last_s = db.execute(
            "SELECT passes, best_s, last_s FROM practice_bests WHERE speed_pct = 50"
        ).fetchone()
    finally:
        db.close()
    assert (passes, best_s, last_s) == (4, 2.0, 4.0)


def test_speeds_and_loop_times_are_keyed_on_their_grids(tmp_path):
    with PracticeBook(tmp_path / "practice.db") as book:
        book.record(A, Part.P1, Difficulty.EXPERT, VERSE, 0.5, 0.6)
        nearly = Loop(VERSE.start_s + 0.0002, VERSE.end_s - 0.0003, "Verse again")
        assert book.record(A, "p1", "expert", nearly, 0.51, 0.7) is True  # the same key
        assert book.best(A, "p1", "expert", VERSE) == {0.5: 0.7}
        book.record(A, "p1", "expert", VERSE, 0.85, 0.5)
        book.record(A, "p1", "expert", VERSE, 9.0, 0.5)  # beyond the grid: 150%
        assert list(book.best(A, Part.P1, Difficulty.EXPERT, VERSE)) == [0.5, 0.85, 1.5]


def test_loops_list_the_fastest_clean_speed_or_else_the_fastest_played(tmp_path):
    path = tmp_path / "practice.db"
    with PracticeBook(path) as book:
        book.record(A, "p1", "expert", VERSE, 0.5, 1.0, when_s=1.0)
        book.record(A, "p1", "expert", VERSE, 0.7, 0.96, when_s=2.0)
        book.record(A, "p1", "expert", VERSE, 0.8, 0.90, when_s=3.0)  # not clean
        book.record(A, "p1", "expert", CHORUS, 0.6, 0.50, when_s=4.0)
        book.record(A, "p1", "expert", CHORUS, 0.4, 0.94, when_s=5.0)
        renamed = Loop(VERSE.start_s, VERSE.end_s, "Verse 1")
        book.record(A, "p1", "expert", renamed, 0.5, 0.2, when_s=6.0)  # the label moves on
        book.record(A, "p2", "expert", CHORUS, 1.0, 1.0, when_s=7.0)
    with PracticeBook(path) as book:
        loops = book.loops(A, "p1", "expert")
        assert [(loop.label, speed, accuracy) for loop, speed, accuracy in loops] == [
            ("Verse 1", 0.7, 0.96),
            ("Chorus", 0.6, 0.50),  # never clean: the fastest played and its best
        ]
        assert loops[0][0].span_ms == VERSE.span_ms and loops[1][0].span_ms == CHORUS.span_ms
        assert book.loops(B, "p1", "expert") == []


def test_a_pass_with_no_accuracy_is_refused(tmp_path):
    with PracticeBook(tmp_path / "practice.db") as book:
        for bad in (float("nan"), -0.1, 1.5):
            with pytest.raises(ValueError):
                book.record(A, "p1", "expert", VERSE, 1.0, bad)
        assert book.loops(A, "p1", "expert") == []


def test_the_book_is_wal_carries_its_schema_version_and_lives_in_the_data_dir(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path / "home"))
    assert practice_book_path() == tmp_path / "home" / "data" / "practice.db"
    with PracticeBook() as book:
        book.record(A, "p1", "expert", VERSE, 1.0, 0.5)
    path = practice_book_path()
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()


def test_a_corrupt_file_is_set_aside_and_a_new_book_started(tmp_path, caplog):
    path = tmp_path / "practice.db"
    path.write_bytes(b"this is not a database, " * 200)
    with PracticeBook(path) as book:
        assert book.record(A, "p1", "expert", VERSE, 0.5, 0.9) is True
        assert book.best(A, "p1", "expert", VERSE) == {0.5: 0.9}
    (aside,) = tmp_path.glob("practice.db.corrupt-*")
    assert aside.read_bytes().startswith(b"this is not a database")  # kept, never deleted
    assert "moved it aside" in caplog.text and str(path) in caplog.text
    with PracticeBook(path) as book:
        assert book.best(A, "p1", "expert", VERSE) == {0.5: 0.9}


def test_a_book_from_a_newer_game_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "practice.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE future (x)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(PracticeBookError, match="newer version"):
        PracticeBook(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("practice.db.corrupt-*"))


def test_a_book_with_an_unknown_layout_is_refused_untouched(tmp_path):
    path = tmp_path / "practice.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE someone_elses (x)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(PracticeBookError, match="cannot upgrade"):
        PracticeBook(path)
    assert path.read_bytes() == before
