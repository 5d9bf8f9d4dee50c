"""Finished plays the score book could not take yet (locked by another program, the disk full, a
file it cannot write): each is kept in a JSON file of its own in the user data directory, written
atomically, until it is stored. A play is never lost and, thanks to its key, never stored twice.

When the book is free again is not known, so the game tries again at the next save, when the
results screen is left, and at the next start.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
import uuid
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from game.base.atomic import write_atomic
from game.base.language import N_, _
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.store.paths import data_dir
from game.store.play_record import (
    MAX_REPLAY_BYTES,
    PlayerResult,
    PlayRecord,
    ReplayTooLargeError,
    TeamResult,
    encode_replay,
)
from game.store.scores import ScoreBook

log = logging.getLogger(__name__)
FORMAT = "drum-duet-pending-play"
VERSION = 1
MAX_PENDING_BYTES = MAX_REPLAY_BYTES + 1024 * 1024  # the replay and the results around it
BUSY = N_("The score book is busy: your play is kept and will be saved when it is free.")
"""The notice when the score book is busy (English; shown as `_(BUSY)`)."""


def pending_dir() -> Path:
    """The folder of the plays waiting for the score book: data_dir()/pending-plays."""
    return data_dir() / "pending-plays"


@dataclass(frozen=True)
class SaveOutcome:
    """Where a finished play went: `play_id` in the score book, or None when it was kept
    pending; `notice` then says so to the players (one line for the results screen)."""

    play_id: int | None
    notice: str | None = None


class PendingPlays:
    """The plays kept for the score book, one file each in `folder` (default `pending_dir()`).

    A play that not even a file could hold (the disk full) stays in memory and is tried again.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else pending_dir()
        self._unwritten: list[PlayRecord] = []

    def save(self, book: ScoreBook | None, play: PlayRecord) -> SaveOutcome:
        """Store `play` in `book` (after the plays kept before it); when the book cannot take it
        (or is None: it could not be opened), keep it pending. Never raises for the book."""
        play = _fitting(play)
        if play.key is None:
            play = dataclasses.replace(play, key=uuid.uuid4().hex)
        problem: Exception | None = None
        if book is not None:
            try:
                self.store(book)
                return SaveOutcome(book.save_play(play))
            except (sqlite3.Error, OSError) as e:
                log.warning("the play could not be saved in %s: %s", book.db_path, e)
                problem = e
        kept = self.keep(play)
        return SaveOutcome(None, _notice(problem, kept))

    def keep(self, play: PlayRecord) -> OSError | None:
        """Write `play` to a file of its own (temporary file, fsync, rename); None when done, the
        error when it could not be written (the play is then held in memory)."""
        try:
            self._write(play)
        except OSError as e:
            log.warning("the play could not be kept in %s: %s", self.folder, e)
            self._unwritten.append(play)
            return e
        return None

    def store(self, book: ScoreBook) -> int:
        """Store every kept play in `book`, oldest first, removing each file once its play is
        committed; how many were stored. Raises sqlite3.Error or OSError when the book cannot
        take them (those not stored stay kept)."""
        stored = 0
        for play in list(self._unwritten):
            book.save_play(play)
            self._unwritten.remove(play)
            stored += 1
        for path in self.files():
            try:
                play = read_pending(path)
            except (OSError, ValueError) as e:  # never deleted: set aside for the player
                log.warning("%s is not a readable pending play (%s); it is left as %s.bad",
                            path, e, path.name)  # fmt: skip
                path.replace(path.with_name(path.name + ".bad"))
                continue
            book.save_play(play)  # a play saved before (killed before the unlink) is kept once
            path.unlink(missing_ok=True)
            stored += 1
        if stored:
            log.info("stored %d pending play(s) in %s", stored, book.db_path)
        return stored

    def retry(self, book: ScoreBook | None) -> int:
        """`store` the kept plays when the book can take them; how many were stored (0 when it
        still cannot: they stay kept, and those held in memory are tried on disk again)."""
        if book is None:
            self._write_unwritten()
            return 0
        try:
            return self.store(book)
        except (sqlite3.Error, OSError) as e:
            log.warning("the pending plays are not stored yet (%s): %s", book.db_path, e)
            self._write_unwritten()
            return 0

    def files(self) -> list[Path]:
        """The pending play files, oldest first."""
        try:
            return sorted(self.folder.glob("play-*.json"))
        except OSError:
            return []

    def count(self) -> int:
        """How many plays wait for the book (in files and in memory)."""
        return len(self.files()) + len(self._unwritten)

    def _write(self, play: PlayRecord) -> None:
        stamp = "".join(c for c in play.played_at[:19] if c.isdigit())
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(pending_doc(play), ensure_ascii=False, separators=(",", ":"))
        write_atomic(self.folder / f"play-{stamp}-{play.key}.json", text.encode())
        log.info("kept the play of %s in %s", play.title, self.folder)

    def _write_unwritten(self) -> None:
        for play in list(self._unwritten):
            try:
                self._write(play)
            except OSError:
                return
            self._unwritten.remove(play)


def pending_doc(play: PlayRecord) -> dict[str, Any]:
    """The JSON document of a pending play (the record, its key and its replay)."""

    def plain(obj: object) -> dict[str, Any]:
        return {
            f.name: v.value if isinstance(v, Enum) else v
            for f in dataclasses.fields(obj)  # type: ignore[arg-type]
            for v in (getattr(obj, f.name),)
        }

    doc = plain(play)
    doc.pop("id")
    doc["players"] = [plain(p) for p in play.players]
    doc["team"] = None if play.team is None else plain(play.team)
    return {"format": FORMAT, "version": VERSION, **doc}


def read_pending(path: Path) -> PlayRecord:
    """The play kept in `path`; ValueError saying what is wrong when it is not one."""
    with path.open("rb") as f:
        data = f.read(MAX_PENDING_BYTES + 1)
    if len(data) > MAX_PENDING_BYTES:
        raise ValueError("the file is larger than a pending play can be")
    try:
        doc = json.loads(data)
        if doc.get("format") != FORMAT or doc.get("version") != VERSION:
            raise ValueError(f"not a {FORMAT} of version {VERSION}")
        players = tuple(
            PlayerResult(
                **{
                    **p,
                    "part": Part(p["part"]),
                    "difficulty": Difficulty(p["difficulty"]),
                    "preset": WindowPreset(p["preset"]),
                }
            )
            for p in doc["players"]
        )
        t = doc["team"]
        team = None if t is None else TeamResult(**{**t, "awards": tuple(t["awards"])})
        fields = ("played_at", "song_folder", "chart_sha256", "title", "artist")
        return PlayRecord(
            *(str(doc[k]) for k in fields),
            players,
            team,
            doc["replay_json"],
            key=str(doc["key"]),
        )
    except (AttributeError, KeyError, TypeError) as e:
        raise ValueError(f"not a pending play ({e!r})") from e


def _fitting(play: PlayRecord) -> PlayRecord:
    """`play` without its replay when the replay is over the size the book keeps."""
    if play.replay_json is None:
        return play
    try:
        encode_replay(play.replay_json)
    except ReplayTooLargeError as e:
        log.warning("%s: the score is kept without its replay", e)
        return dataclasses.replace(play, replay_json=None)
    return play


def _notice(problem: Exception | None, kept: OSError | None) -> str:
    """The line for the players when their play was kept instead of saved."""
    reason = (kept.strerror or kept) if kept is not None else None
    if problem is not None and _is_busy(problem):
        if kept is None:
            return _(BUSY)
        words = _(
            "The score book is busy: your play is kept for now (it could not be written to"
            " disk either: {reason}) and will be saved when it is free."
        )
    elif problem is None:
        if kept is None:
            return _(
                "The score book cannot be opened: your play is kept and will be saved when it"
                " can be."
            )
        words = _(
            "The score book cannot be opened: your play is kept for now (it could not be"
            " written to disk either: {reason}) and will be saved when it can be."
        )
    elif kept is None:
        words = _(
            "The score book cannot be written ({problem}): your play is kept and will be saved"
            " when it can be."
        )
    else:
        words = _(
            "The score book cannot be written ({problem}): your play is kept for now (it could"
            " not be written to disk either: {reason}) and will be saved when it can be."
        )
    return words.format(problem=problem, reason=reason)


def _is_busy(e: Exception) -> bool:
    """True when `e` says another program holds the book's lock."""
    code = getattr(e, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED
    return "locked" in str(e)  # pragma: no cover - Python 3.10 has no error codes
