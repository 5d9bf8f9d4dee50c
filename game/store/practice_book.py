"""The player's practice records, in SQLite (practice.db): the best accuracy of each loop of each
song, part and difficulty, at each speed practised.

A record is keyed by the chart's sha256, the part, the difficulty, the loop's A and B in
original song milliseconds and the speed in whole percent on the 5% grid; it keeps the loop's
label, how many passes were recorded and when. Practice never makes a high score: these records
are all it leaves. Like the song book, this is the player's data: every change is one
transaction in WAL mode; a file SQLite cannot read is moved aside (never deleted) and a new book
started; a file written by a newer Drum Duet is refused, untouched.
"""

from __future__ import annotations

import logging
import math
import time
from pathlib import Path

from game.base.sqlite_book import BookKind, open_book
from game.base.sqlite_tx import OpenDatabase, write_transaction
from game.core.practice import CLEAN_ACCURACY, Loop, clamp_speed
from game.store.paths import data_dir

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
"""In PRAGMA user_version: a newer file is refused, an older one upgraded (none yet)."""
BUSY_WAIT_S = 2.0
"""How long a write waits for another program's write lock before giving up (seconds)."""
MAX_LABEL_CHARS = 120
"""The longest loop label kept (characters)."""

SCHEMA = (
    """CREATE TABLE practice_bests (
    chart_sha256 TEXT NOT NULL,
    part TEXT NOT NULL,                 -- Part value: "full", "p1", "p2"
    difficulty TEXT NOT NULL,           -- Difficulty value: "easy" ... "expert+"
    start_ms INTEGER NOT NULL,          -- the loop's A, original song milliseconds
    end_ms INTEGER NOT NULL,            -- the loop's B (exclusive)
    speed_pct INTEGER NOT NULL CHECK (speed_pct BETWEEN 25 AND 150 AND speed_pct % 5 = 0),
    label TEXT NOT NULL,                -- the loop's name when last played
    accuracy REAL NOT NULL CHECK (accuracy BETWEEN 0 AND 1),  -- the best pass at this speed
    best_s REAL NOT NULL,               -- when the best pass was played, epoch seconds
    passes INTEGER NOT NULL DEFAULT 1,  -- passes recorded at this speed
    last_s REAL NOT NULL,               -- when the last pass was played, epoch seconds
    PRIMARY KEY (chart_sha256, part, difficulty, start_ms, end_ms, speed_pct)
) WITHOUT ROWID""",
)


class PracticeBookError(Exception):
    """The practice book's file cannot be used: from a newer game, locked, or not openable."""


BOOK = BookKind("the practice book", SCHEMA, SCHEMA_VERSION, PracticeBookError, BUSY_WAIT_S)
"""How the book is opened (`game.base.sqlite_book`)."""


def practice_book_path() -> Path:
    """practice.db in the user data directory."""
    return data_dir() / "practice.db"


class PracticeBook(OpenDatabase):
    """The best accuracy per loop and speed, in the SQLite file `path` (default
    `practice_book_path()`, created when missing); use it from one thread.

    Raises PracticeBookError when the file is from a newer game or cannot be opened."""

    def __init__(self, path: Path | None = None) -> None:
        self.db_path = Path(path) if path is not None else practice_book_path()
        self._db = open_book(self.db_path, BOOK)

    def record(
        self,
        chart_sha256: str,
        part: str,
        difficulty: str,
        loop: Loop,
        speed: float,
        accuracy: float,
        when_s: float | None = None,
    ) -> bool:
        """Record one pass of `loop` at `speed` (rounded to the 5% grid) with `accuracy` (0-1),
        played at `when_s` (epoch seconds, default now); True when it is a new best for that
        loop and speed (the first pass is one). The label is updated to `loop.label`.
        ValueError for an accuracy outside 0-1 (or NaN: a pass that judged no note)."""
        if not (math.isfinite(accuracy) and 0.0 <= accuracy <= 1.0):
            raise ValueError(f"accuracy must be 0-1, got {accuracy}")
        when = time.time() if when_s is None else float(when_s)
        start_ms, end_ms = loop.span_ms
        key = (chart_sha256, _value(part), _value(difficulty), start_ms, end_ms, _pct(speed))
        label = loop.label[:MAX_LABEL_CHARS]
        with write_transaction(self._db) as db:
            row = db.execute(
                "SELECT accuracy FROM practice_bests WHERE chart_sha256 = ? AND part = ?"
                " AND difficulty = ? AND start_ms = ? AND end_ms = ? AND speed_pct = ?",
                key,
            ).fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO practice_bests (chart_sha256, part, difficulty, start_ms,"
                    " end_ms, speed_pct, label, accuracy, best_s, passes, last_s)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
                    (*key, label, accuracy, when, when),
                )
                return True
            better = accuracy > row[0]
            db.execute(
                "UPDATE practice_bests SET label = ?, passes = passes + 1,"
                " last_s = max(last_s, ?),"
                " accuracy = CASE WHEN ? THEN ? ELSE accuracy END,"
                " best_s = CASE WHEN ? THEN ? ELSE best_s END"
                " WHERE chart_sha256 = ? AND part = ? AND difficulty = ? AND start_ms = ?"
                " AND end_ms = ? AND speed_pct = ?",
                (label, when, better, accuracy, better, when, *key),
            )
        return better

    def best(self, chart_sha256: str, part: str, difficulty: str, loop: Loop) -> dict[float, float]:
        """The best accuracy (0-1) of `loop` at each speed it was played at: speed -> accuracy,
        slowest first; empty when never played."""
        start_ms, end_ms = loop.span_ms
        rows = self._db.execute(
            "SELECT speed_pct, accuracy FROM practice_bests WHERE chart_sha256 = ? AND part = ?"
            " AND difficulty = ? AND start_ms = ? AND end_ms = ? ORDER BY speed_pct",
            (chart_sha256, _value(part), _value(difficulty), start_ms, end_ms),
        )
        return {pct / 100: accuracy for pct, accuracy in rows}

    def loops(
        self, chart_sha256: str, part: str, difficulty: str
    ) -> list[tuple[Loop, float, float]]:
        """Every loop practised on this song, part and difficulty, by A then B: (the loop as
        last labelled, the fastest speed it was played at with a pass at `CLEAN_ACCURACY` or
        better, that speed's best accuracy). A loop never played clean gives its fastest speed
        and that speed's best accuracy instead (below `CLEAN_ACCURACY`, which tells them apart)."""
        rows = self._db.execute(
            "SELECT start_ms, end_ms, speed_pct, accuracy, label, last_s FROM practice_bests"
            " WHERE chart_sha256 = ? AND part = ? AND difficulty = ?"
            " ORDER BY start_ms, end_ms, speed_pct",
            (chart_sha256, _value(part), _value(difficulty)),
        )
        found: dict[tuple[int, int], dict] = {}
        for start_ms, end_ms, pct, accuracy, label, last_s in rows:
            entry = found.setdefault((start_ms, end_ms), {"label": label, "last_s": last_s})
            if last_s >= entry["last_s"]:  # the label of the latest pass
                entry["label"], entry["last_s"] = label, last_s
            entry["fastest"] = (pct, accuracy)  # rows come slowest first
            if accuracy >= CLEAN_ACCURACY:
                entry["clean"] = (pct, accuracy)
        out = []
        for (start_ms, end_ms), entry in found.items():
            pct, accuracy = entry.get("clean", entry["fastest"])
            loop = Loop(start_ms / 1000, end_ms / 1000, entry["label"])
            out.append((loop, pct / 100, accuracy))
        return out


def _pct(speed: float) -> int:
    """`speed` on the 5% grid (0.25-1.5) in whole percent."""
    return round(clamp_speed(speed) * 100)


def _value(name: object) -> str:
    """An enum's saved value (Part, Difficulty) or a plain string as given."""
    return str(getattr(name, "value", name))
