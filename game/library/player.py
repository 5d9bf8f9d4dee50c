"""The player's own library: where their songs are and where the index lives."""

from __future__ import annotations

from pathlib import Path

from game.formats.song_folder import builtin_charts_dir
from game.library.index import SongLibrary
from game.library.scan_service import ScanService
from game.store.paths import data_dir
from game.store.settings import read_library_settings

INDEX_FILE = "library.sqlite3"


def library_roots(extra: list[Path] | None = None) -> list[Path]:
    """The built-in songs, the default songs folder and the player's from settings, then `extra`."""
    roots = [builtin_charts_dir(), *read_library_settings().roots(), *(extra or [])]
    return list(dict.fromkeys(roots))


def open_library() -> SongLibrary:
    """The player's song index (library.sqlite3 in the user data directory)."""
    data_dir().mkdir(parents=True, exist_ok=True)
    return SongLibrary(data_dir() / INDEX_FILE)


def scan_service() -> ScanService:
    """The background scan of the player's songs into their index (not started)."""
    data_dir().mkdir(parents=True, exist_ok=True)
    return ScanService(data_dir() / INDEX_FILE, library_roots)
