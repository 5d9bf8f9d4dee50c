"""A finished play is never lost: when the score book is locked by another process, full or not
open, the play is kept in a file of its own and stored once the book can take it, exactly once."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.store import scores
from game.store.pending_plays import BUSY, PendingPlays, read_pending
from game.store.scores import ScoreBook
from tests.store.test_scores import duet_record, raw, solo_record

HOLD_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()  # the write lock is held until the test closes this process's stdin
db.execute("ROLLBACK")
"""


@contextlib.contextmanager
def locked(path: Path) -> Iterator[subprocess.Popen]:
    """Another process holding a real SQLite write lock (BEGIN EXCLUSIVE) on the book at `path`."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "locked"
        yield proc
    finally:
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0


@pytest.fixture(autouse=True)
def short_busy_wait(monkeypatch):
    """A save waits `BUSY_WAIT_S` (2 s) for another program's write lock before it keeps the
    play; the lock these tests take is held until they let it go, so any wait ends the same
    way (busy, kept), and a quarter of a second shows it sooner. Set before each book opens."""
    monkeypatch.setattr(scores, "BUSY_WAIT_S", 0.25)


@pytest.fixture
def book(tmp_path):
    with ScoreBook(tmp_path / "scores.db") as b:
        yield b


def test_a_play_saved_while_another_process_holds_the_book_is_kept_then_stored_once(book, tmp_path):
    pending = PendingPlays(tmp_path / "pending")
    play = solo_record()
    with locked(book.db_path):
        outcome = pending.save(book, play)
        assert outcome.play_id is None and outcome.notice == BUSY
        assert "busy" in outcome.notice and "kept" in outcome.notice
        (kept,) = pending.files()
        assert read_pending(kept) == play and read_pending(kept).key == play.key
        assert pending.retry(book) == 0  # still locked: still kept
        assert book.count() == 0 and pending.count() == 1
    assert not list((tmp_path / "pending").glob(".*.tmp"))  # written atomically, no leftovers
    assert pending.retry(book) == 1  # the book is free
    assert pending.files() == [] and book.count() == 1
    (stored,) = book.recent_plays()
    assert book.play(stored.id) == dataclasses.replace(play, id=stored.id)
    assert book.replay_json(stored.id) == play.replay_json  # with its replay
    assert pending.retry(book) == 0 and book.count() == 1  # retried: no duplicate


def test_each_kept_play_has_its_own_file_and_the_next_save_stores_them_first(book, tmp_path):
    pending = PendingPlays(tmp_path / "pending")
    plays = [solo_record(), duet_record(), solo_record()]
    with locked(book.db_path):
        for play in plays:
            assert pending.save(book, play).play_id is None
    assert len(pending.files()) == 3  # nothing overwritten
    last = duet_record()
    outcome = pending.save(book, last)
    assert outcome.notice is None and outcome.play_id == 4
    assert [p.key for p in reversed(book.recent_plays())][-1] == last.key
    assert {p.key for p in book.recent_plays()} == {p.key for p in [*plays, last]}
    assert pending.files() == []


def test_a_play_stored_just_before_a_crash_left_its_file_is_not_stored_twice(book, tmp_path):
    pending = PendingPlays(tmp_path / "pending")
    assert pending.keep(solo_record()) is None
    (kept,) = pending.files()
    book.save_play(read_pending(kept))  # the commit happened; the game died before the unlink
    assert pending.retry(book) == 1
    assert book.count() == 1 and pending.files() == []


@pytest.mark.parametrize(
    ("stop", "problem", "resume"),
    [
        ("max_page_count = {pages}", "database or disk is full", "max_page_count = 1073741823"),
        ("query_only = ON", "attempt to write a readonly database", "query_only = OFF"),
    ],
    ids=["disk full", "read-only"],
)
def test_a_book_that_cannot_be_written_keeps_the_play_pending_until_it_can(
    book, tmp_path, stop, problem, resume
):
    """SQLite's own errors: the file may grow no more (as on a full disk), or is read-only."""
    pending = PendingPlays(tmp_path / "pending")
    padding = os.urandom(20_000).hex()  # the replay needs new pages of the file
    play = solo_record()
    play = dataclasses.replace(play, replay_json={**play.replay_json, "padding": padding})
    with raw(book.db_path) as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    book._db.execute(f"PRAGMA {stop.format(pages=pages)}")
    outcome = pending.save(book, play)
    assert outcome.play_id is None
    assert f"cannot be written ({problem})" in outcome.notice
    assert "kept" in outcome.notice and book.count() == 0 and len(pending.files()) == 1
    book._db.execute(f"PRAGMA {resume}")
    assert pending.retry(book) == 1 and pending.retry(book) == 0
    assert book.count() == 1 and book.replay_json(1)["padding"] == padding


def test_a_book_that_could_not_be_opened_keeps_the_play_for_the_next_start(tmp_path):
    pending = PendingPlays(tmp_path / "pending")
    outcome = pending.save(None, duet_record())
    assert outcome.play_id is None and "cannot be opened" in outcome.notice
    assert pending.retry(None) == 0 and len(pending.files()) == 1
    with ScoreBook(tmp_path / "scores.db") as book:  # the next start
        assert PendingPlays(tmp_path / "pending").retry(book) == 1
        assert book.play(1).team == duet_record().team


def test_a_play_no_file_can_hold_waits_in_memory_and_is_stored_later(book, tmp_path):
    blocked = tmp_path / "pending"
    blocked.write_text("a file where the folder should be")
    pending = PendingPlays(blocked)
    with locked(book.db_path):
        outcome = pending.save(book, solo_record())
    assert outcome.play_id is None and "could not be written to disk either" in outcome.notice
    assert pending.count() == 1 and pending.files() == []
    blocked.unlink()
    assert pending.retry(book) == 1 and book.count() == 1 and pending.count() == 0


def test_a_pending_file_that_is_not_a_play_is_set_aside_never_deleted(book, tmp_path):
    folder = tmp_path / "pending"
    folder.mkdir()
    (folder / "play-20250501-x.json").write_text(json.dumps({"format": "something else"}))
    pending = PendingPlays(folder)
    assert pending.retry(book) == 0
    assert [p.name for p in folder.iterdir()] == ["play-20250501-x.json.bad"]
