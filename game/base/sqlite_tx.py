"""One SQLite write transaction: BEGIN IMMEDIATE, the block, COMMIT; ROLLBACK on any error.

For connections opened with `isolation_level=None` (the game's index and score book), where
the transactions are the code's own.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator


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
