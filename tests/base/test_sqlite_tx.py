"""game.base.sqlite_tx on a real SQLite file, with a second connection as the other writer."""

from __future__ import annotations

import sqlite3

import pytest

from game.base.sqlite_tx import OpenDatabase, write_transaction


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "book.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE plays (id INTEGER PRIMARY KEY, title TEXT)")
    return path


def connect(path, timeout: float = 5.0) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    return db


def titles(path) -> list[str]:
    """What another connection reads from the file."""
    with sqlite3.connect(path) as other:
        return [r[0] for r in other.execute("SELECT title FROM plays ORDER BY id")]


def test_the_block_is_committed_for_every_other_connection(db_path):
    db = connect(db_path)
    with write_transaction(db) as same:
        assert same is db and db.in_transaction
        db.execute("INSERT INTO plays (title) VALUES ('Firecracker Night')")
    assert not db.in_transaction
    assert titles(db_path) == ["Firecracker Night"]


def test_a_return_inside_the_block_commits(db_path):
    db = connect(db_path)

    def save() -> int:
        with write_transaction(db):
            db.execute("INSERT INTO plays (title) VALUES ('Gilded Hour')")
            return 7

    assert save() == 7 and titles(db_path) == ["Gilded Hour"]


def test_an_error_in_the_block_rolls_everything_back_and_is_raised(db_path):
    db = connect(db_path)
    with pytest.raises(KeyError), write_transaction(db):
        db.execute("INSERT INTO plays (title) VALUES ('Nara Soundcheck')")
        raise KeyError("the disk said no")
    assert not db.in_transaction and titles(db_path) == []


def test_a_failed_commit_rolls_back_and_leaves_the_connection_usable(db_path):
    """A deferred foreign key fails at COMMIT: the insert is undone, the next one works."""
    db = connect(db_path)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(
        "CREATE TABLE players (play_id INTEGER REFERENCES plays(id) DEFERRABLE INITIALLY DEFERRED)"
    )
    with pytest.raises(sqlite3.IntegrityError), write_transaction(db):
        db.execute("INSERT INTO plays (title) VALUES ('orphaned')")
        db.execute("INSERT INTO players VALUES (999)")
    assert not db.in_transaction and titles(db_path) == []
    with write_transaction(db):
        db.execute("INSERT INTO plays (title) VALUES ('after')")
    assert titles(db_path) == ["after"]


def test_a_writer_holding_the_lock_makes_it_wait_then_fail_writing_nothing(db_path):
    holder = connect(db_path)
    holder.execute("BEGIN IMMEDIATE")  # another program saving a play
    holder.execute("INSERT INTO plays (title) VALUES ('theirs')")
    db = connect(db_path, timeout=0.1)
    ran = []
    with pytest.raises(sqlite3.OperationalError, match="locked"), write_transaction(db):
        ran.append("the block")
    assert ran == [] and not db.in_transaction
    holder.execute("COMMIT")  # the lock is free again: the same connection writes
    with write_transaction(db):
        db.execute("INSERT INTO plays (title) VALUES ('ours')")
    assert titles(db_path) == ["theirs", "ours"]


def test_an_open_database_is_closed_by_close_and_by_the_end_of_a_with_block(db_path):
    class Book(OpenDatabase):
        def __init__(self) -> None:
            self._db = connect(db_path)

    with Book() as book:
        assert book._db.execute("SELECT count(*) FROM plays").fetchone() == (0,)
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        book._db.execute("SELECT 1")
    other = Book()
    other.close()
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        other._db.execute("SELECT 1")
