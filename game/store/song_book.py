"""The player's own notes on their songs, in SQLite: how often and when each song was played,
the favourites, and the setlists they saved.

Songs are known by their chart's sha256 (as the score book knows them); a setlist also keeps
each song's folder, a hint for finding it again. Like the score book, this is the player's data:
every change is one transaction in WAL mode; a file SQLite cannot read is moved aside (never
deleted) and a new book started; a file written by a newer Drum Duet is refused, untouched.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from game.base.sqlite_book import BookKind, open_book
from game.base.sqlite_tx import OpenDatabase, write_transaction
from game.store.paths import data_dir
from game.store.song_stats import SongStats

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
"""In PRAGMA user_version: a newer file is refused, an older one upgraded (none yet)."""
BUSY_WAIT_S = 2.0
"""How long a write waits for another program's write lock before giving up (seconds)."""
MAX_SETLIST_SONGS = 100
"""The most songs a setlist keeps (more are cut when saved)."""
MAX_NAME_CHARS = 60
"""The longest setlist name kept (characters)."""

SCHEMA = (
    """CREATE TABLE song_stats (
    chart_sha256 TEXT PRIMARY KEY,
    plays INTEGER NOT NULL DEFAULT 0,
    last_played_s REAL,                 -- seconds since the epoch, NULL before the first play
    favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1))
) WITHOUT ROWID""",
    """CREATE TABLE setlists (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    saved_s REAL NOT NULL               -- seconds since the epoch
)""",
    """CREATE TABLE setlist_songs (
    setlist_id INTEGER NOT NULL REFERENCES setlists (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    folder TEXT NOT NULL,               -- where the song was: a hint for finding it again
    chart_sha256 TEXT NOT NULL,         -- what identifies the song
    title TEXT NOT NULL,                -- to name a song no longer in the library
    PRIMARY KEY (setlist_id, position)
) WITHOUT ROWID""",
)


class SongBookError(Exception):
    """The song book's file cannot be used: from a newer game, locked, or not openable."""


BOOK = BookKind("the song book", SCHEMA, SCHEMA_VERSION, SongBookError, BUSY_WAIT_S)
"""How the book is opened (`game.base.sqlite_book`)."""


@dataclass(frozen=True, slots=True)
class SetlistSong:
    """One song of a saved setlist: its folder (text), its chart's sha256 and its title."""

    folder: str
    chart_sha256: str
    title: str


@dataclass(frozen=True, slots=True)
class Setlist:
    """A saved setlist: its name, its songs in playing order, when it was saved (epoch s)."""

    name: str
    songs: tuple[SetlistSong, ...]
    saved_s: float = 0.0


def song_book_path() -> Path:
    """songs.db in the user data directory."""
    return data_dir() / "songs.db"


class SongBook(OpenDatabase):
    """Plays, last plays, favourites and setlists in the SQLite file `db_path` (default
    `song_book_path()`, created when missing); use it from one thread.

    Raises SongBookError when the file is from a newer game or cannot be opened."""

    def __init__(self, db_path: Path | None = None) -> None:
        self.db_path = Path(db_path) if db_path is not None else song_book_path()
        self._db = open_book(self.db_path, BOOK)

    # stats ---------------------------------------------------------------------------------
    def stats(self) -> dict[str, SongStats]:
        """Every song's plays, last play and favourite, by chart sha256."""
        rows = self._db.execute(
            "SELECT chart_sha256, plays, last_played_s, favourite FROM song_stats"
        )
        return {sha: SongStats(plays, last, bool(fav)) for sha, plays, last, fav in rows}

    def count_play(self, chart_sha256: str, when_s: float | None = None) -> SongStats:
        """Count one finished play of the song at `when_s` (epoch seconds, default now); its
        stats after."""
        when = time.time() if when_s is None else when_s
        with write_transaction(self._db) as db:
            db.execute(
                "INSERT INTO song_stats (chart_sha256, plays, last_played_s) VALUES (?, 1, ?)"
                " ON CONFLICT (chart_sha256) DO UPDATE SET plays = plays + 1,"
                " last_played_s = max(coalesce(last_played_s, 0), excluded.last_played_s)",
                (chart_sha256, when),
            )
        return self.song(chart_sha256)

    def set_favourite(self, chart_sha256: str, favourite: bool) -> SongStats:
        """Mark the song a favourite (or not); its stats after."""
        with write_transaction(self._db) as db:
            db.execute(
                "INSERT INTO song_stats (chart_sha256, favourite) VALUES (?, ?)"
                " ON CONFLICT (chart_sha256) DO UPDATE SET favourite = excluded.favourite",
                (chart_sha256, int(favourite)),
            )
        return self.song(chart_sha256)

    def song(self, chart_sha256: str) -> SongStats:
        """One song's stats (all zero when never played nor marked)."""
        sql = "SELECT plays, last_played_s, favourite FROM song_stats WHERE chart_sha256 = ?"
        row = self._db.execute(sql, (chart_sha256,)).fetchone()
        return SongStats() if row is None else SongStats(row[0], row[1], bool(row[2]))

    # setlists ------------------------------------------------------------------------------
    def setlists(self) -> list[Setlist]:
        """Every saved setlist, by name (ignoring case)."""
        lists = self._db.execute("SELECT id, name, saved_s FROM setlists").fetchall()
        out = []
        for setlist_id, name, saved_s in lists:
            rows = self._db.execute(
                "SELECT folder, chart_sha256, title FROM setlist_songs WHERE setlist_id = ?"
                " ORDER BY position",
                (setlist_id,),
            )
            out.append(Setlist(name, tuple(SetlistSong(*r) for r in rows), saved_s))
        return sorted(out, key=lambda s: s.name.casefold())

    def save_setlist(self, name: str, songs: list[SetlistSong]) -> Setlist:
        """Save `songs` as the setlist `name` (a setlist of that name is replaced); what was
        saved (the name trimmed to MAX_NAME_CHARS, at most MAX_SETLIST_SONGS songs).
        ValueError for a blank name."""
        name = " ".join(name.split())[:MAX_NAME_CHARS]
        if not name:
            raise ValueError("a setlist needs a name")
        kept = tuple(songs[:MAX_SETLIST_SONGS])
        now = time.time()
        with write_transaction(self._db) as db:
            db.execute("DELETE FROM setlists WHERE name = ?", (name,))
            setlist_id = db.execute(
                "INSERT INTO setlists (name, saved_s) VALUES (?, ?)", (name, now)
            ).lastrowid
            db.executemany(
                "INSERT INTO setlist_songs VALUES (?, ?, ?, ?, ?)",
                [(setlist_id, i, s.folder, s.chart_sha256, s.title) for i, s in enumerate(kept)],
            )
        log.info("saved the setlist %r (%d songs)", name, len(kept))
        return Setlist(name, kept, now)

    def delete_setlist(self, name: str) -> bool:
        """Delete the setlist `name`; False when there was none."""
        with write_transaction(self._db) as db:
            gone = db.execute("DELETE FROM setlists WHERE name = ?", (name,)).rowcount
        return gone > 0
