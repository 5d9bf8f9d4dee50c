"""Song folders on disk: found under the roots with their file names, and stamped (what tells
whether a folder changed since the index read it) from those names and three `stat` calls."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from game.formats.song_folder import CHART_FILES, SONG_INI, is_song_folder

Stamp = tuple[Any, ...]
"""(chart file bytes or None, chart size, chart mtime ns, song.ini size, song.ini mtime ns,
folder mtime ns): the index's STAMP_COLUMNS."""
FORCED = ("[Y]", "[F]", "(Y)", "(F)")
THREADED_ABOVE, STAMP_THREADS = 2000, 4
"""From how many folders the stamps are taken on threads, and on how many."""


def walk_song_folders(roots: list[Path]) -> dict[bytes, tuple[str, list[str]]]:
    """Every song folder under `roots` (any depth, links not followed, hidden folders skipped)
    as {its key (absolute path bytes): (folder, its file names)}, the built-in roots' first in
    the order given. A folder that cannot be listed is among them with no names: it may be a
    song, and reading it says why it cannot be played."""
    found: dict[bytes, tuple[str, list[str]]] = {}
    for root in roots:
        top = os.path.abspath(root)
        if os.path.isdir(top):
            _walk(top, found)
    return found


def _walk(top: str, found: dict[bytes, tuple[str, list[str]]]) -> None:
    """Add the song folders under `top` to `found`, depth first in name order (as `os.walk`
    lists them, with less work a folder: one `scandir`, its entries' types from the listing)."""
    stack = [top]
    while stack:
        folder = stack.pop()
        files, dirs = [], []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    if not is_dir:
                        files.append(entry.name)
                    elif not entry.name.startswith(".") and not entry.is_symlink():
                        dirs.append(entry.path)
        except OSError:
            # it may be a song: reading it says why it cannot be played
            found.setdefault(os.fsencode(folder), (folder, []))
            continue
        if is_song_folder(files):
            found.setdefault(os.fsencode(folder), (folder, files))
        stack.extend(sorted(dirs, reverse=True))


def stamp_all(folders: list[tuple[str, list[str]]]) -> list[Stamp | None]:
    """The stamps of (folder, names) pairs, in order; many are taken on a few threads (`stat`
    waits on the disk with the interpreter free)."""
    if len(folders) < THREADED_ABOVE:
        return [stamp(f, names) for f, names in folders]
    parts = [folders[i : i + 500] for i in range(0, len(folders), 500)]
    with ThreadPoolExecutor(STAMP_THREADS) as pool:
        done = pool.map(lambda part: [stamp(f, names) for f, names in part], parts)
        return [s for part in done for s in part]


def chart_name(names: list[str]) -> str | None:
    """The chart file among a folder's file `names`, as `chart_file_in` picks it."""
    have = set(names)
    for name in CHART_FILES:
        if name in have:
            return name
    others = sorted(n for n in names if n.lower().endswith(".chart"))
    forced = [n for n in others if any(f in os.path.splitext(n)[0].upper() for f in FORCED)]
    return (forced or others or [None])[0]


def stamp(folder: str, names: list[str]) -> Stamp | None:
    """What tells whether `folder` (holding files `names`) changed since it was read; None when
    it is gone."""
    try:
        folder_mtime = os.stat(folder).st_mtime_ns
    except OSError:
        return None
    chart = chart_name(names)
    chart_path = os.path.join(folder, chart) if chart else None
    return (
        os.fsencode(chart_path) if chart_path else None,
        *_file_stat(chart_path),
        *_file_stat(os.path.join(folder, SONG_INI)),
        folder_mtime,
    )


def _file_stat(path: str | None) -> tuple[int | None, int | None]:
    """(size in bytes, mtime in ns) of `path`, or (None, None) when it is absent."""
    try:
        st = os.stat(path) if path is not None else None
    except OSError:
        st = None
    return (st.st_size, st.st_mtime_ns) if st is not None else (None, None)
