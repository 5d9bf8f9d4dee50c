"""Song folders: find the chart in a folder, load it, and fingerprint it for replays."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from game.core.chart import Chart
from game.formats.errors import ChartError
from game.formats.json_chart import json_chart_from_bytes
from game.formats.limits import MAX_JSON_CHART_BYTES, read_bounded

CHART_FILES = ("chart.json",)
"""Chart files a song folder may hold, in order of preference."""


@dataclass(frozen=True)
class LoadedSong:
    """A chart read from disk, with where it came from and the SHA-256 of the chart file."""

    chart: Chart
    path: Path
    chart_file: Path
    chart_sha256: str


def chart_file_in(path: Path) -> Path:
    """The chart file of a song folder (or `path` itself when it is a chart file)."""
    if path.is_file():
        return path
    if not path.is_dir():
        raise ChartError(path, "no such song folder or chart file")
    for name in CHART_FILES:
        if (path / name).is_file():
            return path / name
    raise ChartError(path, f"no chart in this folder (looked for {', '.join(CHART_FILES)})")


def load_song(path: str | Path) -> LoadedSong:
    """Load the song at `path` (a folder or a chart file); ChartError names the file and problem."""
    path = Path(path)
    chart_file = chart_file_in(path)
    if chart_file.suffix.lower() != ".json":
        raise ChartError(chart_file, "unsupported chart format")
    data = read_bounded(chart_file, MAX_JSON_CHART_BYTES, ChartError)
    chart = json_chart_from_bytes(chart_file, data)
    return LoadedSong(chart, path, chart_file, hashlib.sha256(data).hexdigest())


def find_songs(root: Path) -> list[Path]:
    """Song folders under `root` (any depth), sorted by path; [] when `root` does not exist."""
    if not root.is_dir():
        return []
    found = {p.parent for name in CHART_FILES for p in root.rglob(name)}
    return sorted(found)


def builtin_charts_dir() -> Path:
    """The folder of the built-in songs shipped inside the package (game.charts)."""
    return Path(str(resources.files("game.charts")))


@dataclass(frozen=True)
class SongEntry:
    """A song folder as a list shows it: title and artist, or the reason it cannot be played."""

    path: Path
    title: str
    artist: str
    problem: str | None = None


def scan_songs(roots: list[Path]) -> list[SongEntry]:
    """Every song folder under `roots`, loaded to read its title; bad ones keep their reason."""
    entries = []
    for root in roots:
        for folder in find_songs(root):
            try:
                meta = load_song(folder).chart.meta
                entries.append(SongEntry(folder, meta.title, meta.artist))
            except ChartError as e:
                entries.append(SongEntry(folder, folder.name, "", e.problem))
    return entries
