"""The player's scores: every finished play, its high-score entries and its replay, in SQLite.

Scores are the player's data, not a cache. A save is one transaction committed in WAL mode with
`synchronous = FULL`, so a save that returned survives a killed game or a power cut, and a kill
mid-save leaves no half play. A file SQLite cannot read is moved aside (never deleted) and a new
book is started; a file written by a newer Drum Duet is refused and left untouched. Every play
carries a key of its own, so storing the same play twice (a retry after a crash) keeps one.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.base.set_aside import set_aside
from game.base.sqlite_tx import OpenDatabase, durable, is_corrupt, write_transaction
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.store.paths import data_dir
from game.store.play_record import (
    COUNTS,
    MAX_REPLAY_BYTES,
    HighScore,
    Pick,
    PlayerResult,
    PlayRecord,
    SavedPart,
    SongBests,
    TeamResult,
    decode_replay,
    encode_replay,
    team_key,
)

if TYPE_CHECKING:
    from collections.abc import Sequence


log = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # in PRAGMA user_version: older books are upgraded, newer ones refused
UPGRADES: dict[int, tuple[str, ...]] = {  # SQL taking schema v to v + 1; scores never dropped
    1: (
        "ALTER TABLE plays ADD COLUMN play_key TEXT",
        "CREATE UNIQUE INDEX plays_by_key ON plays (play_key)",
    ),
}
BUSY_WAIT_S = 2.0  # how long a save waits for another program's write lock before giving up

SCHEMA = (
    """CREATE TABLE plays (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused
    played_at TEXT NOT NULL,               -- UTC ISO-8601, "2025-05-01T20:15:03+00:00"
    song_folder TEXT NOT NULL,             -- where the song was: a hint for finding it again
    chart_sha256 TEXT NOT NULL,            -- what identifies the song's chart
    title TEXT NOT NULL, artist TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('solo', 'duet')),
    team_score INTEGER, team_syncs INTEGER, team_unison_notes INTEGER,  -- NULL when solo
    team_tightness_ms REAL, team_harmonies INTEGER,
    awards TEXT NOT NULL DEFAULT '[]',     -- JSON list of award ids
    play_key TEXT                          -- the play's own key (NULL before schema 2)
)""",
    """CREATE TABLE play_players (
    play_id INTEGER NOT NULL REFERENCES plays (id) ON DELETE CASCADE,
    player INTEGER NOT NULL CHECK (player IN (0, 1)),
    chart_sha256 TEXT NOT NULL,            -- copy of plays.chart_sha256 for the high-score index
    name TEXT NOT NULL, part TEXT NOT NULL, difficulty TEXT NOT NULL, preset TEXT NOT NULL,
    score INTEGER NOT NULL, accuracy REAL NOT NULL, grade TEXT NOT NULL,
    max_combo INTEGER NOT NULL, full_combo INTEGER NOT NULL CHECK (full_combo IN (0, 1)),
    perfect INTEGER NOT NULL, great INTEGER NOT NULL, good INTEGER NOT NULL,
    miss INTEGER NOT NULL, overhit INTEGER NOT NULL,
    mean_error_ms REAL, stdev_error_ms REAL,  -- NULL without hits
    PRIMARY KEY (play_id, player)
) WITHOUT ROWID""",
    """CREATE TABLE replays (
    play_id INTEGER PRIMARY KEY REFERENCES plays (id) ON DELETE CASCADE,
    json_bytes INTEGER NOT NULL,           -- size of the JSON text
    zlib_json BLOB NOT NULL                -- the JSON text, UTF-8, zlib-compressed
)""",
    "CREATE INDEX high_scores"
    " ON play_players (chart_sha256, part, difficulty, score DESC, accuracy DESC)",
    "CREATE UNIQUE INDEX plays_by_key ON plays (play_key)",
)
HIGH_SCORES_SQL = (
    "SELECT s.play_id, s.name, s.score, s.accuracy, s.grade, s.full_combo, s.preset, p.played_at"
    " FROM play_players s JOIN plays p ON p.id = s.play_id"
    " WHERE s.chart_sha256 = ? AND s.part = ? AND s.difficulty = ? AND p.mode LIKE ?"
    " ORDER BY s.score DESC, s.accuracy DESC, s.play_id LIMIT ?"
)  # one range of the high_scores index, already in order (play_id ends every index entry)
SAVED_PARTS_SQL = (
    "SELECT s.play_id, s.player, s.name, s.part, s.difficulty, s.score, s.accuracy, p.played_at"
    " FROM play_players s JOIN plays p ON p.id = s.play_id JOIN replays r ON r.play_id = s.play_id"
    " WHERE s.chart_sha256 = ? AND s.part IN (?, ?)"
    " ORDER BY s.play_id DESC, s.player LIMIT ?"
)  # the high_scores index's range of the chart, newest play first
PLAYER_BESTS_SQL = (
    "SELECT s.chart_sha256, p.mode, s.part, s.difficulty, max(s.score)"
    " FROM play_players s JOIN plays p ON p.id = s.play_id GROUP BY 1, 2, 3, 4"
)
TEAM_BESTS_SQL = (
    "SELECT p.chart_sha256, a.part, a.difficulty, b.part, b.difficulty, max(p.team_score)"
    " FROM plays p JOIN play_players a ON a.play_id = p.id AND a.player = 0"
    " JOIN play_players b ON b.play_id = p.id AND b.player = 1"
    " WHERE p.mode = 'duet' GROUP BY 1, 2, 3, 4, 5"
)
PLAYER_COLUMNS = (
    "player", "name", "part", "difficulty", "preset", "score", "accuracy", "grade",
    "max_combo", "full_combo", *COUNTS, "mean_error_ms", "stdev_error_ms",
)  # fmt: skip


class ScoreBookError(Exception):
    """The scores file cannot be used: written by a newer game, locked, or not openable."""


class _CorruptFileError(Exception):
    """SQLite cannot read the file as a sound database."""


def scores_path() -> Path:
    """scores.db in the user data directory, where the game keeps the scores."""
    return data_dir() / "scores.db"


class ScoreBook(OpenDatabase):
    """The scores database in the SQLite file `db_path` (default `scores_path()`, created when
    missing); use it from one thread.

    Raises ScoreBookError when the file is from a newer game or cannot be opened.
    """

    def __init__(self, db_path: Path | None = None) -> None:
        self.db_path = Path(db_path) if db_path is not None else scores_path()
        try:
            self._db = _connect(self.db_path)
        except _CorruptFileError as e:
            self._set_aside(e)
            self._db = _connect(self.db_path)

    def save_play(self, play: PlayRecord) -> int:
        """Save `play` (its `id` is ignored) in one durable transaction; the new play id, or the
        id it already has when a play of the same `key` was saved before (nothing is added).

        Raises ReplayTooLargeError, saving nothing, when the replay is over MAX_REPLAY_BYTES;
        sqlite3.Error (the book locked by another program past BUSY_WAIT_S, the disk full, the
        file read-only) or OSError, saving nothing, when the book cannot take it.
        """
        replay = None if play.replay_json is None else encode_replay(play.replay_json)
        t = play.team
        team = (t.score, t.syncs, t.unison_notes, t.tightness_ms, t.harmonies) if t else (None,) * 5
        awards = json.dumps(list(t.awards) if t else [])
        db = self._db
        with write_transaction(db):
            if play.key is not None:
                sql = "SELECT id FROM plays WHERE play_key = ?"
                known = db.execute(sql, (play.key,)).fetchone()
                if known is not None:
                    log.info("play %d (%s) was already saved", known[0], play.key)
                    return int(known[0])
            play_id = db.execute(
                "INSERT INTO plays (played_at, song_folder, chart_sha256, title, artist, mode,"
                " team_score, team_syncs, team_unison_notes, team_tightness_ms, team_harmonies,"
                " awards, play_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (play.played_at, play.song_folder, play.chart_sha256, play.title, play.artist,
                 play.mode, *team, awards, play.key),
            ).lastrowid  # fmt: skip
            columns = ", ".join(PLAYER_COLUMNS)
            marks = ", ".join("?" * (len(PLAYER_COLUMNS) + 2))
            db.executemany(
                f"INSERT INTO play_players (play_id, chart_sha256, {columns}) VALUES ({marks})",
                [(play_id, play.chart_sha256, *_player_row(p)) for p in play.players],
            )
            if replay is not None:
                db.execute("INSERT INTO replays VALUES (?, ?, ?)", (play_id, *replay))
        log.info("saved play %d (%s, %s)", play_id, play.title, play.mode)
        return int(play_id)  # type: ignore[arg-type]

    def best_scores(
        self,
        chart_sha256: str,
        part: Part | str,
        difficulty: Difficulty | str,
        limit: int = 10,
        mode: str | None = None,
    ) -> list[HighScore]:
        """The high-score table of a chart's part at a difficulty: best first, ties to the first;
        only plays of `mode` ("solo" or "duet") when given."""
        key = (chart_sha256, Part(part).value, Difficulty(difficulty).value, mode or "%", limit)
        rows = self._db.execute(HIGH_SCORES_SQL, key)
        return [HighScore(*r[:5], bool(r[5]), WindowPreset(r[6]), r[7]) for r in rows]

    def song_bests(self) -> dict[str, SongBests]:
        """The bests of every chart played, by chart sha256: solo and duet apart (three queries
        for the whole book, however many songs)."""
        solo: dict[str, dict[Pick, int]] = {}
        duet: dict[str, dict[Pick, int]] = {}
        for sha, mode, part, difficulty, best in self._db.execute(PLAYER_BESTS_SQL):
            table = solo if mode == "solo" else duet
            table.setdefault(sha, {})[(Part(part), Difficulty(difficulty))] = best
        team: dict[str, dict[tuple[Pick, Pick], int]] = {}
        for sha, *picks, best in self._db.execute(TEAM_BESTS_SQL):
            a, b = (Part(picks[0]), Difficulty(picks[1])), (Part(picks[2]), Difficulty(picks[3]))
            pair = team_key(a, b)
            table = team.setdefault(sha, {})
            table[pair] = max(best, table.get(pair, best))
        return {
            sha: SongBests(solo.get(sha, {}), duet.get(sha, {}), team.get(sha, {}))
            for sha in {*solo, *duet, *team}
        }

    def saved_parts(
        self, chart_sha256: str, parts: Sequence[Part], limit: int = 20
    ) -> list[SavedPart]:
        """The players' parts of `parts` (at most two: say P1 and P2) in the plays of a chart
        that kept their replay, newest play first (a duet's players in order), at most
        `limit`: the saved plays that can be a duet partner."""
        wanted = [Part(p).value for p in parts][:2]
        wanted += wanted[-1:] * (2 - len(wanted)) if wanted else ["", ""]
        rows = self._db.execute(SAVED_PARTS_SQL, (chart_sha256, *wanted, limit))
        return [
            SavedPart(r[0], r[1], r[2], Part(r[3]), Difficulty(r[4]), r[5], r[6], r[7])
            for r in rows
        ]

    def recent_plays(self, limit: int = 20) -> list[PlayRecord]:
        """The latest plays, newest first, without their replays."""
        rows = self._db.execute("SELECT * FROM plays ORDER BY id DESC LIMIT ?", (limit,))
        return [self._record(row, None) for row in rows.fetchall()]

    def play(self, play_id: int) -> PlayRecord | None:
        """The saved play `play_id` with its replay, or None when there is no such play."""
        row = self._db.execute("SELECT * FROM plays WHERE id = ?", (play_id,)).fetchone()
        return None if row is None else self._record(row, self.replay_json(play_id))

    def replay_json(self, play_id: int) -> dict[str, Any] | None:
        """The replay document of play `play_id`; None when it has none or it is unreadable."""
        sql = "SELECT zlib_json FROM replays WHERE play_id = ?"
        row = self._db.execute(sql, (play_id,)).fetchone()
        if row is None:
            return None
        try:
            inflate = zlib.decompressobj()
            text = inflate.decompress(row[0], MAX_REPLAY_BYTES + 1)
            if len(text) > MAX_REPLAY_BYTES or inflate.unconsumed_tail:
                raise ValueError("the replay is larger than 16 MB")
            return decode_replay(text)
        except (zlib.error, ValueError) as e:
            log.warning("the replay of play %d in %s is unreadable: %s", play_id, self.db_path, e)
            return None

    def count(self) -> int:
        """How many plays the book holds."""
        return int(self._db.execute("SELECT count(*) FROM plays").fetchone()[0])

    def _record(self, row: sqlite3.Row, replay: dict[str, Any] | None) -> PlayRecord:
        sql = f"SELECT {', '.join(PLAYER_COLUMNS)} FROM play_players WHERE play_id = ? ORDER BY 1"
        players = tuple(_player_from_row(r) for r in self._db.execute(sql, (row["id"],)))
        team = None
        if row["mode"] == "duet":
            team = TeamResult(
                row["team_score"], row["team_syncs"], row["team_unison_notes"],
                row["team_tightness_ms"], row["team_harmonies"], tuple(json.loads(row["awards"])),
            )  # fmt: skip
        song = (row[k] for k in ("played_at", "song_folder", "chart_sha256", "title", "artist"))
        return PlayRecord(*song, players, team, replay, row["id"], row["play_key"])

    def _set_aside(self, failure: Exception) -> None:
        """Move the unreadable file (and its -wal, -shm) to `<name>.corrupt-<timestamp>`."""
        try:  # the -wal first: a new book must never meet the old book's log
            aside = set_aside(self.db_path, ("-wal", "-shm"))
        except OSError as e:
            raise ScoreBookError(
                f"the scores file {self.db_path} is unreadable ({failure}) and cannot be moved "
                f"aside: {e}"
            ) from e
        log.warning("the scores file %s is unreadable (%s); moved it aside to %s, nothing deleted,"
                    " and started a new one", self.db_path, failure, aside.name)  # fmt: skip


def _connect(path: Path) -> sqlite3.Connection:
    """An open, checked book at `path` with the current schema.

    _CorruptFileError when SQLite cannot read it; ScoreBookError when it must not or cannot be used.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > 0:
            # Read the version without writing anything: a newer game's file stays untouched.
            probe = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=5.0)
            try:
                _refuse_newer(path, probe.execute("PRAGMA user_version").fetchone()[0])
            finally:
                probe.close()
        db = sqlite3.connect(path, timeout=BUSY_WAIT_S, isolation_level=None)
    except sqlite3.DatabaseError as e:
        raise _failure(path, e) from e
    except OSError as e:
        raise ScoreBookError(f"cannot open the scores file {path}: {e}") from e
    try:
        db.row_factory = sqlite3.Row
        check = durable(db)
        if check != "ok":
            raise _CorruptFileError(f"integrity check failed: {check}")
        _migrate(path, db)
    except sqlite3.DatabaseError as e:
        db.close()
        raise _failure(path, e) from e
    except BaseException:
        db.close()
        raise
    return db


def _migrate(path: Path, db: sqlite3.Connection) -> None:
    """Create the schema in a new book or upgrade an older one; never drop anything."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    _refuse_newer(path, version)
    if version == SCHEMA_VERSION:
        return  # the usual case: no write lock, so opening never waits for another writer
    with write_transaction(db):
        version = db.execute("PRAGMA user_version").fetchone()[0]
        _refuse_newer(path, version)
        if version < SCHEMA_VERSION:
            has_plays = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'plays'").fetchone()
            steps = range(version, SCHEMA_VERSION)
            if version == 0 and not has_plays:
                statements: Sequence[str] = SCHEMA
            elif version > 0 and all(v in UPGRADES for v in steps):
                statements = [s for v in steps for s in UPGRADES[v]]
                log.info("upgrading the scores file %s from schema %d", path, version)
            else:
                raise ScoreBookError(
                    f"the scores file {path} has schema {version}, which this version of "
                    "Drum Duet cannot upgrade; it was left untouched"
                )
            for statement in statements:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")


def _refuse_newer(path: Path, version: int) -> None:
    """Raise ScoreBookError when schema `version` is newer than this code knows."""
    if version > SCHEMA_VERSION:
        raise ScoreBookError(
            f"the scores file {path} was written by a newer version of Drum Duet (schema "
            f"{version}; this version knows up to {SCHEMA_VERSION}); it was left untouched — "
            "update the game to see those scores"
        )


def _failure(path: Path, e: sqlite3.DatabaseError) -> Exception:
    """_CorruptFileError when `e` says the file is damaged, else a ScoreBookError."""
    if is_corrupt(e):
        return _CorruptFileError(str(e))
    return ScoreBookError(f"cannot open the scores file {path}: {e}")


def _player_row(p: PlayerResult) -> tuple[Any, ...]:
    """The play_players values of `p`, in PLAYER_COLUMNS order."""
    row = [getattr(p, c) for c in PLAYER_COLUMNS]
    row[2:5] = [p.part.value, p.difficulty.value, p.preset.value]
    return tuple(row)


def _player_from_row(r: sqlite3.Row) -> PlayerResult:
    """The PlayerResult of a play_players row selected in PLAYER_COLUMNS order."""
    values = list(r)
    values[2:5] = [Part(r[2]), Difficulty(r[3]), WindowPreset(r[4])]
    values[9] = bool(r[9])
    return PlayerResult(*values)
