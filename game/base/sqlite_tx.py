"""One SQLite write transaction: BEGIN IMMEDIATE, the block, COMMIT; ROLLBACK on any error; and
the closing of a database file kept open by an object.

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
