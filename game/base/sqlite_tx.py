"""One SQLite write transaction: BEGIN IMMEDIATE, the block, COMMIT; ROLLBACK on any error; the
closing of a database file kept open by an object; and the checks the game's stores make when
they open a file (`durable`, `is_corrupt`).

For connections opened with `isolation_level=None` (the game's index and score book), where
the transactions are the code's own.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import TypeVar

_Holder = TypeVar("_Holder", bound="OpenDatabase")


class OpenDatabase:
    """An object that keeps one SQLite connection open in `_db`: `close()` closes it, and so
    does the end of a `with` block."""

    _db: sqlite3.Connection

    def close(self) -> None:
        """Close the database file."""
        self._db.close()

    def __enter__(self: _Holder) -> _Holder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextlib.contextmanager
def write_transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Hold the database's write lock for the block and commit it when the block ends.

    Taking the lock waits up to the connection's timeout (seconds) for another writer, then
    raises `sqlite3.OperationalError`. Any exception in the block, or a failed COMMIT, rolls
    everything back and is raised again; a `return` inside the block commits.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            if db.in_transaction:
                db.execute("ROLLBACK")
        raise


def durable(db: sqlite3.Connection) -> str:
    """Set `db` up as the game's stores keep their files: a write-ahead log, synced at every
    commit, foreign keys enforced; return `PRAGMA quick_check`'s verdict ("ok" when sound)."""
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")  # fsync the WAL at every commit
    db.execute("PRAGMA foreign_keys = ON")
    return db.execute("PRAGMA quick_check").fetchone()[0]


def is_corrupt(e: sqlite3.DatabaseError) -> bool:
    """True when `e` says the file is damaged or not a database (set it aside), not busy or
    unreadable for another reason."""
    code = getattr(e, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    return "not a database" in str(e) or "malformed" in str(e)  # Python 3.10: no error codes
