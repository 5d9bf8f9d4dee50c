"""Opening one of the player's SQLite books (the song book, the practice book): checked, with
its schema created in a new file; a file written by a newer Drum Duet, or of a layout this one
cannot upgrade, refused untouched (read-only, before anything writes to it); a file SQLite
cannot read moved aside, never deleted, and a new book started.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from game.base.set_aside import set_aside
from game.base.sqlite_tx import durable, is_corrupt, write_transaction

log = logging.getLogger(__name__)

SIDE_FILES = ("-wal", "-shm")
"""SQLite's files beside a book in WAL mode: moved aside with it."""


@dataclass(frozen=True)
class BookKind:
    """What a book is: its name in messages ("the song book"), its schema (CREATE statements)
    and version (PRAGMA user_version), the error it raises, and how long a write waits for
    another program's lock (seconds)."""

    name: str
    schema: tuple[str, ...]
    version: int
    error: type[Exception]
    busy_wait_s: float = 2.0


class _CorruptFileError(Exception):
    """SQLite cannot read the file as a sound database."""


def open_book(path: Path, kind: BookKind) -> sqlite3.Connection:
    """The book at `path`, open and checked with the current schema (created when missing);
    `kind.error` when it is from a newer game, of another layout, or cannot be opened."""
    try:
        return _connect(path, kind)
    except _CorruptFileError as e:
        try:
            aside = set_aside(path, SIDE_FILES)
        except OSError as moved:
            raise kind.error(
                f"{kind.name} {path} is unreadable ({e}) and cannot be moved aside: {moved}"
            ) from moved
        log.warning(
            "%s %s is unreadable (%s); moved it aside to %s and started a new one",
            kind.name,
            path,
            e,
            aside.name,
        )
        return _connect(path, kind)


def _connect(path: Path, kind: BookKind) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > 0:  # read the version without writing
            probe = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=5.0)
            try:
                version = probe.execute("PRAGMA user_version").fetchone()[0]
                _refuse(path, kind, version, _table_count(probe))
            finally:
                probe.close()
        db = sqlite3.connect(path, timeout=kind.busy_wait_s, isolation_level=None)
    except sqlite3.DatabaseError as e:
        raise _failure(path, kind, e) from e
    except OSError as e:
        raise kind.error(f"cannot open {kind.name} {path}: {e}") from e
    try:
        check = durable(db)
        if check != "ok":
            raise _CorruptFileError(f"integrity check failed: {check}")
        _migrate(path, kind, db)
    except sqlite3.DatabaseError as e:
        db.close()
        raise _failure(path, kind, e) from e
    except BaseException:
        db.close()
        raise
    return db


def _migrate(path: Path, kind: BookKind, db: sqlite3.Connection) -> None:
    """Create the schema in a new book; refuse a newer one or an unknown layout (checked
    read-only before the file is opened for writing, and again under the write lock)."""
    if db.execute("PRAGMA user_version").fetchone()[0] == kind.version:
        return
    with write_transaction(db):
        version = db.execute("PRAGMA user_version").fetchone()[0]
        _refuse(path, kind, version, _table_count(db))
        if version == kind.version:
            return
        for statement in kind.schema:
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {kind.version:d}")


def _refuse(path: Path, kind: BookKind, version: int, tables: int) -> None:
    """`kind.error` for a file of a newer schema, or of another one than ours that is not
    empty (an older one: none yet; or another program's)."""
    if version > kind.version:
        raise kind.error(
            f"{kind.name} {path} was written by a newer version of Drum Duet (schema "
            f"{version}; this version knows up to {kind.version}); it was left untouched"
        )
    if version != kind.version and (version != 0 or tables):
        raise kind.error(
            f"{kind.name} {path} has schema {version}, which this version of Drum Duet "
            "cannot upgrade; it was left untouched"
        )


def _table_count(db: sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]


def _failure(path: Path, kind: BookKind, e: sqlite3.DatabaseError) -> Exception:
    if is_corrupt(e):
        return _CorruptFileError(str(e))
    return kind.error(f"cannot open {kind.name} {path}: {e}")
