"""The song library: every song folder under the song roots, indexed in an SQLite file.

The index is a cache of what the folders say. A scan re-reads only the folders whose chart,
song.ini or file list changed; a database that cannot be read is set aside and rebuilt.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import math
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from game.base.set_aside import set_aside
from game.base.sqlite_tx import OpenDatabase, write_transaction
from game.core.chart import SongMeta
from game.core.lanes import Difficulty, Part
from game.formats.names import path_bytes, path_from_bytes, readable_name
from game.library import scan_pool
from game.library.folders import stamp_all, walk_song_folders
from game.library.scan_pool import IN_PROCESS_BELOW, read_rows
from game.library.summary import MAX_PROBLEM_CHARS, MAX_TEXT_CHARS  # noqa: F401 (their home)

log = logging.getLogger(__name__)
T = TypeVar("T")

SCHEMA_VERSION = 3
"""Kept in `PRAGMA user_version`; an index of another version is upgraded or rebuilt."""
WRITE_BATCH = 200
"""Rows written per transaction while a big scan runs (each batch is then listed)..."""
WRITE_EVERY_S = 0.5
"""...or fewer, when this long passed since the last batch (seconds): songs show as found."""

SCHEMA = """
CREATE TABLE songs (
    folder BLOB PRIMARY KEY,      -- the song folder's absolute path (file-system bytes): the key
    chart_file BLOB,              -- the chart the game reads (NULL: none found), its bytes
    chart_size INTEGER, chart_mtime_ns INTEGER,
    ini_size INTEGER, ini_mtime_ns INTEGER,  -- NULL without a song.ini
    folder_mtime_ns INTEGER,      -- changes when files are added, removed or renamed
    title TEXT NOT NULL, artist TEXT NOT NULL, album TEXT NOT NULL, genre TEXT NOT NULL,
    year TEXT NOT NULL, charter TEXT NOT NULL,
    length_s REAL, preview_start_s REAL,
    difficulty INTEGER,           -- the charter's drums rating (song.ini diff_drums)
    parts TEXT NOT NULL,          -- JSON {"full": {"expert": note count, ...}, ...}
    stems TEXT NOT NULL,          -- JSON {"drums": "drums.ogg", ...}: file names in the folder
    chart_sha256 TEXT,
    problem TEXT,                 -- why the song cannot be played; NULL when it can
    problem_file BLOB,            -- the file the problem is about, its bytes
    added_s REAL,                 -- when the folder first entered the index (epoch seconds)
    density REAL,                 -- notes per second of the full kit's hardest difficulty
    charted_duet INTEGER NOT NULL DEFAULT 0,  -- the chart has duet parts of its own
    pro_drums INTEGER NOT NULL DEFAULT 0,     -- the full kit tells cymbals from toms
    art BLOB,                     -- the album art's file name in the folder (NULL: none)
    detailed INTEGER NOT NULL DEFAULT 1       -- 0: the automatic duet split is not counted yet
) WITHOUT ROWID
"""
UPGRADES: dict[int, tuple[str, ...]] = {}
"""SQL statements taking the schema from version v to v + 1; with no path to SCHEMA_VERSION the
index is rebuilt (it is a cache: the next scan fills it again)."""

STAMP_COLUMNS = (
    "chart_file",
    "chart_size",
    "chart_mtime_ns",
    "ini_size",
    "ini_mtime_ns",
    "folder_mtime_ns",
)
"""The columns that tell whether a folder changed since it was read (its `stamp`)."""


@dataclass(frozen=True, slots=True)
class TrackInfo:
    """One charted track of a song: its part, difficulty and number of notes."""

    part: Part
    difficulty: Difficulty
    notes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SongRecord(SongMeta):
    """A song folder as the library knows it: its tags (as `SongMeta`, with `length_s` the
    longer of the chart and the audio, seconds), where it is, what it holds, and `problem`,
    why it cannot be played (or None). `stems` are (stem name, file) pairs as `find_stems`
    gives them."""

    folder: Path
    tracks: tuple[TrackInfo, ...] = ()
    stems: tuple[tuple[str, Path], ...] = ()
    chart_file: Path | None = None
    chart_sha256: str | None = None
    problem: str | None = None
    problem_file: Path | None = None
    added_s: float | None = None
    """When the folder first entered the index (seconds since the epoch): "date added"."""
    density: float | None = None
    """Notes per second of the full kit's hardest difficulty (the measured difficulty)."""
    charted_duet: bool = False
    """True when the chart has duet parts of its own (else the game splits the full kit)."""
    pro_drums: bool = False
    """True when the chart tells cymbals from toms (pro drums)."""
    art: Path | None = None
    """The folder's album art (album.png / album.jpg), or None."""

    @property
    def playable(self) -> bool:
        """True when the song can be played."""
        return self.problem is None

    def parts(self) -> list[Part]:
        """The parts the song is charted for, in Part order."""
        have = {t.part for t in self.tracks}
        return [p for p in Part if p in have]

    def difficulties(self, part: Part | str) -> list[Difficulty]:
        """The difficulties `part` is charted at, easiest first."""
        have = {t.difficulty for t in self.tracks if t.part == Part(part)}
        return [d for d in Difficulty if d in have]

    def note_count(self, part: Part | str, difficulty: Difficulty | str) -> int | None:
        """The number of notes of `part` at `difficulty`, or None when it is not charted."""
        key = (Part(part), Difficulty(difficulty))
        return next((t.notes for t in self.tracks if (t.part, t.difficulty) == key), None)

    def stem_files(self) -> dict[str, Path]:
        """The stems as {stem name: file}."""
        return dict(self.stems)

    @property
    def reason(self) -> str | None:
        """Why the song cannot be played, naming the file within the song folder
        ("notes.mid: track 2 is truncated"); None when it can be played."""
        if self.problem is None:
            return None
        file = self.problem_file or self.folder
        try:
            shown = file.relative_to(self.folder)
        except ValueError:
            shown = file
        name = readable_name(shown if shown.parts else self.folder.name)
        return f"{name}: {self.problem}"

    @property
    def full_reason(self) -> str | None:
        """Why the song cannot be played, naming the file by its whole path; None when it can."""
        if self.problem is None:
            return None
        return f"{readable_name(self.problem_file or self.folder)}: {self.problem}"

    @property
    def length_text(self) -> str:
        """The song's length as song select and `library scan` show it ("2:56"), "" unknown."""
        return length_text(self.length_s)


def length_text(seconds: float | None) -> str:
    """`seconds` as minutes:seconds, floored to whole seconds as players read a clock ("2:56"
    for 176.9 s); "" when unknown."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return ""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan did: folders parsed, reused unchanged from the index, and removed.

    `unplayable` counts the unplayable songs in the whole index after the scan.
    """

    parsed: int
    reused: int
    removed: int
    unplayable: int

    @property
    def songs(self) -> int:
        """How many songs the index holds after the scan."""
        return self.parsed + self.reused


class SongLibrary(OpenDatabase):
    """The song index in the SQLite file `db_path` (created when missing); use from one thread."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self._db = self._open()

    def scan(
        self,
        roots: list[Path],
        on_songs: Callable[[list[SongRecord]], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        workers: int | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> ScanResult:
        """Bring the index up to date with the song folders under `roots`.

        Afterwards the index holds exactly the song folders found; unchanged ones are not re-read
        (a warm scan is a walk, three `stat` calls a folder and one SELECT). Changed ones are
        read lean (`summary_row`) on `workers` processes (default: one per core) and written in
        batches: `on_songs(records)` hears each batch, `on_progress(folders done, folders)` the
        count. A scan of few folders is one transaction. `stop()` true ends it early (the
        folders not yet read keep their old rows, and none are removed).
        """
        return self._guarded(lambda: self._scan(roots, on_songs, on_progress, workers, stop))

    def fill_details(
        self,
        on_songs: Callable[[list[SongRecord]], None] | None = None,
        workers: int | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> int:
        """Read in full (`load_song`) the songs whose duet split is not counted yet, at a low
        priority, and store their duet parts (or the problem a full read finds); returns how
        many were read. A folder changed since its summary keeps its row (the next scan reads
        it again)."""
        return self._guarded(lambda: self._fill_details(on_songs, workers, stop))

    def songs(self, include_unplayable: bool = True) -> list[SongRecord]:
        """Every indexed song, sorted by title then artist (ignoring case)."""
        rows = self._guarded(lambda: self._db.execute("SELECT * FROM songs").fetchall())
        records = [_record(row) for row in rows]
        if not include_unplayable:
            records = [r for r in records if r.playable]
        return sorted(records, key=song_order)

    def song(self, path: Path) -> SongRecord | None:
        """The indexed song of the folder `path`, or None when the index does not hold it."""
        sql = "SELECT * FROM songs WHERE folder = ?"
        row = self._guarded(lambda: self._db.execute(sql, (_key(path),)).fetchone())
        return None if row is None else _record(row)

    def _scan(self, roots, on_songs, on_progress, workers, stop) -> ScanResult:
        found = walk_song_folders(roots)
        db = self._db
        columns = ", ".join(STAMP_COLUMNS)
        known = {
            r[0]: (tuple(r[1:-1]), r[-1])
            for r in db.execute(f"SELECT folder, {columns}, added_s FROM songs")
        }
        reused, todo, stamps = 0, [], {}
        for key, (folder, _), now in zip(
            found.keys(), found.values(), stamp_all(list(found.values())), strict=True
        ):
            if now is None:
                continue  # vanished while scanning
            stamps[key] = now
            if key in known and known[key][0] == now:
                reused += 1
            else:
                todo.append(Path(folder))
        total, parsed = len(stamps), 0
        if on_progress is not None:
            on_progress(reused, total)
        added = time.time()
        one_go = len(todo) < IN_PROCESS_BELOW  # few folders: one transaction, all or nothing
        pending: list[dict[str, Any]] = []
        written = time.monotonic()

        def write(rows: list[dict[str, Any]]) -> None:
            for row in rows:
                names = ", ".join(row)
                marks = ", ".join(f":{c}" for c in row)
                db.execute(f"INSERT OR REPLACE INTO songs ({names}) VALUES ({marks})", row)

        with write_transaction(db) if one_go else contextlib.nullcontext():
            for chunk in read_rows(todo, "summary", workers, stop=stop):
                for folder, row in chunk:
                    key = path_bytes(folder)
                    if row.get("problem") and not folder.is_dir():
                        stamps.pop(key, None)  # vanished while it was read
                        continue
                    first = known[key][1] if key in known else None
                    retry = row.pop("retry", None)  # a worker failed: no stamp, read it again
                    stamped = (None,) * len(STAMP_COLUMNS) if retry else stamps[key]
                    row |= dict(zip(STAMP_COLUMNS, stamped, strict=True))
                    pending.append(row | {"folder": key, "added_s": first or added})
                parsed += len(chunk)
                due = time.monotonic() - written >= WRITE_EVERY_S or parsed == len(todo)
                if not one_go and (len(pending) >= WRITE_BATCH or due):
                    with write_transaction(db):
                        write(pending)
                elif one_go:
                    write(pending)
                else:
                    continue
                if on_songs is not None:
                    on_songs([_record_of(row) for row in pending])
                pending = []
                written = time.monotonic()
                if on_progress is not None:
                    on_progress(reused + parsed, total)
            if stop is not None and stop():
                return ScanResult(parsed, reused, 0, self._unplayable())
            with write_transaction(db) if not one_go else contextlib.nullcontext():
                write(pending)
                removed = [(key,) for key in known.keys() - stamps.keys()]
                db.executemany("DELETE FROM songs WHERE folder = ?", removed)
        result = ScanResult(parsed, reused, len(removed), self._unplayable())
        log.info("song library scan: %s", result)
        return result

    def _fill_details(self, on_songs, workers, stop) -> int:
        db = self._db
        columns = ", ".join(STAMP_COLUMNS)
        rows = db.execute(
            f"SELECT folder, {columns} FROM songs WHERE detailed = 0 AND problem IS NULL"
        ).fetchall()
        stamps = {r[0]: tuple(r[1:]) for r in rows}
        folders = [path_from_bytes(r[0]) for r in rows]
        done = 0
        keep = ("parts", "problem", "problem_file")
        for chunk in read_rows(
            folders, "detail", workers, nice=2 * scan_pool.SCAN_NICE, stop=stop, chunk=4
        ):
            changed = []
            with write_transaction(db):
                for folder, row in chunk:
                    if row.get("retry"):
                        continue  # a worker failed: left for the next full reads
                    key = path_bytes(folder)
                    where = " AND ".join(f"{c} IS ?" for c in STAMP_COLUMNS)
                    sets = ", ".join(f"{c} = ?" for c in keep)
                    cursor = db.execute(
                        f"UPDATE songs SET {sets}, detailed = 1 WHERE folder = ? AND {where}",
                        (*(row[c] for c in keep), key, *stamps[key]),
                    )
                    if cursor.rowcount:
                        changed.append(key)
            done += len(chunk)
            if on_songs is not None and changed:
                marks = ", ".join("?" * len(changed))
                got = db.execute(f"SELECT * FROM songs WHERE folder IN ({marks})", changed)
                on_songs([_record(r) for r in got.fetchall()])
        return done

    def _unplayable(self) -> int:
        sql = "SELECT count(*) FROM songs WHERE problem IS NOT NULL"
        return self._db.execute(sql).fetchone()[0]

    def _guarded(self, operation: Callable[[], T]) -> T:
        """Run `operation`; when the database fails, set it aside, reopen and run it once more."""
        try:
            return operation()
        except sqlite3.DatabaseError as e:
            if isinstance(e, sqlite3.ProgrammingError):
                raise
            self._db.close()
            self._db = self._open(failure=e)
            return operation()

    def _open(self, failure: sqlite3.DatabaseError | None = None) -> sqlite3.Connection:
        """Connect to the index; an unreadable one is set aside, and memory is the last resort."""
        if failure is None:
            try:
                return _connect(str(self.db_path))
            except sqlite3.DatabaseError as e:
                failure = e
            except OSError as e:
                log.warning("cannot create the song index %s: %s", self.db_path, e)
        if failure is not None and not _is_busy(failure) and self._set_aside(failure):
            try:
                return _connect(str(self.db_path))
            except (sqlite3.DatabaseError, OSError) as e:
                failure = e  # type: ignore[assignment]
        log.warning("keeping the song index in memory for now (%s)", failure)
        return _connect(":memory:")

    def _set_aside(self, failure: sqlite3.DatabaseError) -> bool:
        """Move the database file (and its -wal, -shm) to `<name>.corrupt-<timestamp>`."""
        try:  # the -wal first: a new index must never meet the old one's log
            aside = set_aside(self.db_path, ("-wal", "-shm"))
        except OSError as e:
            log.warning("the song index %s is unreadable (%s) and cannot be moved aside: %s",
                        self.db_path, failure, e)  # fmt: skip
            return False
        log.warning("the song index %s is unreadable (%s); moved it aside to %s and rebuilding",
                    self.db_path, failure, aside.name)  # fmt: skip
        return True


def _connect(target: str) -> sqlite3.Connection:
    """An open, checked index at `target` with the current schema; DatabaseError when unusable."""
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(target, timeout=5.0, isolation_level=None)
    try:
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {check}")
        _migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _migrate(db: sqlite3.Connection) -> None:
    """Create the schema, upgrade it step by step, or rebuild it when there is no upgrade path."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    with write_transaction(db):
        has_table = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'songs'").fetchone()
        steps = range(version, SCHEMA_VERSION)
        if has_table and 0 < version < SCHEMA_VERSION and all(v in UPGRADES for v in steps):
            for statement in (s for v in steps for s in UPGRADES[v]):
                db.execute(statement)
        else:
            if has_table:
                log.info("rebuilding the song index (schema %d, now %d)", version, SCHEMA_VERSION)
            db.execute("DROP TABLE IF EXISTS songs")
            db.execute(SCHEMA)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")


def _is_busy(e: sqlite3.DatabaseError) -> bool:
    """True when another process holds the database (it is in use, not broken)."""
    code = getattr(e, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(e) or "busy" in str(e)


def _key(path: Path) -> bytes:
    """The index key of a song folder: its absolute path's file-system bytes (lossless)."""
    return path_bytes(os.path.abspath(path))


def song_order(song: SongRecord) -> tuple[str, str, Path]:
    """How the library lists songs: by title, then artist (ignoring case), then folder."""
    return (song.title.casefold(), song.artist.casefold(), song.folder)


def _record_of(row: dict[str, Any]) -> SongRecord:
    """The SongRecord of a row about to be written."""
    return _record(row)


_PARTS = {p.value: p for p in Part}
_DIFFICULTIES = {d.value: d for d in Difficulty}


@functools.lru_cache(maxsize=65536)
def _track_info(part: Part, difficulty: Difficulty, notes: int) -> TrackInfo:
    """One TrackInfo a (part, difficulty, notes): 10,000 songs share many (it is frozen)."""
    return TrackInfo(part, difficulty, notes)


def _record(row: sqlite3.Row | dict[str, Any]) -> SongRecord:
    """The SongRecord of an index row; parts or stems it cannot read are left out."""
    folder = path_from_bytes(row["folder"])
    tracks = []
    for part, diffs in json.loads(row["parts"]).items():
        for diff, notes in diffs.items():
            key = (_PARTS.get(part), _DIFFICULTIES.get(diff))
            if None not in key and isinstance(notes, int):
                tracks.append(_track_info(*key, notes))
    stems = tuple((name, folder / file) for name, file in json.loads(row["stems"]).items())
    optional = {k: row[k] and path_from_bytes(row[k]) for k in ("chart_file", "problem_file")}
    return SongRecord(
        folder=folder,
        **{k: row[k] for k in ("title", "artist", "album", "genre", "year", "charter")},
        **{k: row[k] for k in ("length_s", "preview_start_s", "difficulty", "chart_sha256")},
        tracks=tuple(tracks),
        stems=stems,
        problem=row["problem"],
        **optional,
        added_s=row["added_s"],
        density=row["density"],
        charted_duet=bool(row["charted_duet"]),
        pro_drums=bool(row["pro_drums"]),
        art=folder / path_from_bytes(row["art"]) if row["art"] else None,
    )
