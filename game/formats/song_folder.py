"""Song folders: find the chart in a folder, load it with its song.ini, and fingerprint it.

A Clone Hero / YARG / Rock Band folder holds `notes.mid` or a `.chart` (plus `song.ini` and audio
stems); a hand-made Drum Duet test song holds `chart.json`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from game.base.bounded import read_bounded
from game.core.chart import Chart
from game.core.lanes import Part
from game.core.split import split_chart
from game.formats.chart_text import MAX_CHART_BYTES, decode_chart_text, parse_chart_text
from game.formats.draft import build_chart
from game.formats.errors import ChartError
from game.formats.json_chart import json_chart_from_bytes
from game.formats.limits import MAX_JSON_CHART_BYTES
from game.formats.notes_mid import MAX_NOTES_MID_BYTES, parse_notes_mid
from game.formats.song_ini import MAX_SONG_INI_BYTES, SongIni, read_song_ini

CHART_FILES = ("notes.mid", "notes.chart", "chart.json")
"""Chart files a song folder may hold, in order of preference; any other *.chart comes after."""
SONG_INI = "song.ini"


@dataclass(frozen=True)
class LoadedSong:
    """A chart read from disk: where it came from, its song.ini, and a fingerprint.

    `chart_sha256` covers the chart file and the song.ini (whose delay moves every note), so a
    replay is only ever verified against the very chart it was played on.
    """

    chart: Chart
    path: Path
    chart_file: Path
    chart_sha256: str
    ini: SongIni | None = None


def chart_file_in(path: Path) -> Path:
    """The chart file of a song folder (or `path` itself when it is a chart file); ChartError
    naming the folder when it has none or cannot be opened."""
    try:
        return _chart_file_in(path)
    except OSError as e:  # a folder that can be listed but not entered (no x), or not listed
        raise ChartError(path, f"cannot open this folder: {e.strerror or e}") from None


def _chart_file_in(path: Path) -> Path:
    if path.is_file():
        return path
    if not path.is_dir():
        raise ChartError(path, "no such song folder or chart file")
    for name in CHART_FILES:
        if (path / name).is_file():
            return path / name
    with os.scandir(path) as entries:  # unlike glob, says when the folder cannot be listed
        names = [e.name for e in entries if e.name.lower().endswith(".chart")]
    others = sorted(path / n for n in names if (path / n).is_file())
    if others:
        # Per the format docs: a "[Y]"/"[F]" (forced notes) variant before "[N]" or none.
        forced = [
            p for p in others if any(f in p.stem.upper() for f in ("[Y]", "[F]", "(Y)", "(F)"))
        ]
        return (forced or others)[0]
    raise ChartError(path, "no chart in this folder (looked for notes.mid, *.chart, chart.json)")


def load_song(path: str | Path) -> LoadedSong:
    """Load the song at `path` (a folder or a chart file); ChartError names the file and problem."""
    path = Path(path)
    chart_file = chart_file_in(path)
    kind = chart_file.suffix.lower()
    digest = hashlib.sha256()
    if kind == ".json":
        data = read_bounded(chart_file, MAX_JSON_CHART_BYTES, ChartError)
        digest.update(data)
        return LoadedSong(
            json_chart_from_bytes(chart_file, data), path, chart_file, digest.hexdigest()
        )
    ini_path = chart_file.parent / SONG_INI
    ini = read_song_ini(ini_path) if ini_path.is_file() else None
    if kind == ".mid":
        data = read_bounded(chart_file, MAX_NOTES_MID_BYTES, ChartError)
        draft = parse_notes_mid(data, chart_file)
    elif kind == ".chart":
        data = read_bounded(chart_file, MAX_CHART_BYTES, ChartError)
        draft = parse_chart_text(decode_chart_text(data, chart_file), chart_file)
    else:
        raise ChartError(chart_file, "not a chart file Drum Duet reads (.mid, .chart or .json)")
    digest.update(data)
    if ini is not None:
        digest.update(b"\x00song.ini\x00" + read_bounded(ini_path, MAX_SONG_INI_BYTES, ChartError))
    chart = build_chart(draft, ini, chart_file)
    if Part.FULL in chart.parts() and not {Part.P1, Part.P2} & set(chart.parts()):
        chart = split_chart(chart)  # no duet tracks: split the full kit automatically
    return LoadedSong(chart, path, chart_file, digest.hexdigest(), ini)


def is_song_folder(names: list[str]) -> bool:
    """True when a folder holding files `names` is a song folder: it has a chart or a song.ini
    (a song.ini without a chart is listed, as unplayable, so the player learns why)."""
    lower = {n.lower() for n in names}
    return any(n in lower for n in (*CHART_FILES, SONG_INI)) or any(
        n.endswith(".chart") for n in lower
    )


def find_songs(root: Path) -> list[Path]:
    """Song folders under `root` (any depth, links not followed), sorted; [] when it is absent.

    A folder under `root` that cannot be listed is among them: it may be a song, and loading
    it says why it cannot be played.
    """
    if not root.is_dir():
        return []
    found = []

    def unlisted(error: OSError) -> None:
        if error.filename is not None:
            found.append(Path(os.fsdecode(error.filename)))

    for folder, dirs, files in os.walk(root, onerror=unlisted):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if is_song_folder(files):
            found.append(Path(folder))
    return sorted(set(found))


def builtin_charts_dir() -> Path:
    """The folder of the built-in songs shipped inside the package (game.charts)."""
    return Path(str(resources.files("game.charts")))
