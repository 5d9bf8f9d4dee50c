"""One song folder as the index stores it: its row, read lean (`summary_row`) or in full
(`detail_row`).

The summary reads song.ini, the chart's tempo map and drum notes (`chart_summary`), the file
list (stems, album art) and the audio's length; it fills every column the listing, its sorts
and its filters use. Only the automatic duet split needs the whole chart: for a chart without
duet parts of its own the summary leaves the duet parts out (`detailed` 0) and `detail_row`
fills them later with `load_song`, which also checks every line of the chart.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
from pathlib import Path
from typing import Any

from game.audio.stem_length import stem_length_s
from game.base.bounded import read_bounded
from game.core.lanes import Part
from game.formats.arrangement_mid import read_arrangement
from game.formats.chart_summary import summarize_chart
from game.formats.draft import _meta as chart_meta
from game.formats.errors import ChartError
from game.formats.names import path_bytes, readable_name
from game.formats.song_folder import SONG_INI, chart_file_in, load_song
from game.formats.song_ini import MAX_SONG_INI_BYTES, SongIni, read_song_ini
from game.library.stems import find_stems

log = logging.getLogger(__name__)

ARRANGEMENT_FILE = "arrangement.mid"
"""A built-in song's backing, rendered by the game's synthesizer: its audio."""
ART_FILES = ("album.png", "album.jpg", "album.jpeg")
"""Album art a song folder may hold (any letter case), in order of preference."""
MAX_TEXT_CHARS = 256
"""Longest title, artist, album, genre, year or charter kept (characters); longer is cut."""
MAX_PROBLEM_CHARS = 1000
"""Longest reason for an unplayable song kept (characters)."""
CHART_LIMITS = {".mid": 16 * 1024 * 1024, ".chart": 32 * 1024 * 1024}
"""The largest chart read, by kind (bytes): as `load_song` bounds them."""


def blank_row(folder: Path) -> dict[str, Any]:
    """The columns of a song nothing could be read of: named after its folder."""
    row: dict[str, Any] = dict.fromkeys(("album", "genre", "year", "charter", "artist"), "")
    row |= {"title": _text(readable_name(folder.name)), "parts": "{}", "stems": "{}"}
    row |= dict.fromkeys(("length_s", "preview_start_s", "difficulty", "chart_sha256"))
    row |= dict.fromkeys(("density", "art", "problem", "problem_file"))
    return row | {"charted_duet": 0, "pro_drums": 0, "detailed": 1}


def summary_row(folder: Path) -> dict[str, Any]:
    """The index columns (but the stamp) of the song in `folder`, read lean; a song that cannot
    be played has `problem` and `problem_file`; never raises for what the folder holds."""
    try:
        return _summary_row(folder)
    except ChartError as e:
        return _problem(folder, e.problem, e.path)
    except Exception as e:  # a fault in one reader must not stop the whole scan
        log.exception("unexpected error reading the song folder %s", folder)
        return _problem(folder, f"could not be read ({type(e).__name__}: {e})", folder)


def detail_row(folder: Path) -> dict[str, Any]:
    """The columns of `folder` read in full with `load_song`: every part's notes (the automatic
    duet split's too) and any problem only a full read finds."""
    row = blank_row(folder)
    try:
        song = load_song(folder)
    except ChartError as e:
        return _problem(folder, e.problem, e.path)
    except Exception as e:  # a fault in one reader must not stop the whole scan
        log.exception("unexpected error reading the song folder %s", folder)
        return _problem(folder, f"could not be read ({type(e).__name__}: {e})", folder)
    chart, meta = song.chart, song.chart.meta
    kind = song.chart_file.suffix.lower()
    parts = {
        p.value: {d.value: len(chart.track(p, d)) for d in chart.difficulties(p)}
        for p in chart.parts()
    }
    stems = find_stems(folder)
    full = [d for d in chart.difficulties(Part.FULL) if d.value != "expert_plus"]
    density = None
    if full:
        track = chart.track(Part.FULL, full[-1])
        density = len(track) / max(float(track.times[-1] - track.times[0]), 1.0)
    return (
        row
        | _tags(meta)
        | {
            "length_s": _seconds(max(chart.duration_s, _audio_length_s(folder, stems) or 0.0)),
            "parts": json.dumps(parts),
            "stems": json.dumps({name: path.name for name, path in stems.items()}),
            "chart_sha256": song.chart_sha256,
            "density": density,
            # only a chart.json is read whole at once; a notes.mid or .chart read whole has none
            "charted_duet": int(kind == ".json" and bool({Part.P1, Part.P2} & set(chart.parts()))),
            "pro_drums": int(
                any(t.pro_drums for (p, _), t in chart.tracks.items() if p == Part.FULL)
            ),
            "art": _art(folder),
            "problem": None if parts else "the chart has no drum part",
            "problem_file": None if parts else path_bytes(song.chart_file),
        }
    )


def _summary_row(folder: Path) -> dict[str, Any]:
    chart_file = chart_file_in(folder)
    if chart_file.suffix.lower() == ".json":
        return detail_row(folder)  # our own small test charts: read whole
    ini_path = chart_file.parent / SONG_INI
    ini = read_song_ini(ini_path) if ini_path.is_file() else None
    limit = CHART_LIMITS.get(chart_file.suffix.lower())
    if limit is None:
        raise ChartError(chart_file, "not a chart file Drum Duet reads (.mid, .chart or .json)")
    data = read_bounded(chart_file, limit, ChartError)
    digest = hashlib.sha256(data)
    if ini is not None:
        digest.update(b"\x00song.ini\x00" + read_bounded(ini_path, MAX_SONG_INI_BYTES, ChartError))
    try:
        summary = summarize_chart(data, chart_file, ini)
    except ChartError:
        raise
    except Exception as e:  # a fault of the reader on this file: the file is named, scan goes on
        log.exception("unexpected error summarizing %s", chart_file)
        raise ChartError(chart_file, f"could not be read ({type(e).__name__}: {e})") from None
    meta = chart_meta(summary.meta, ini or SongIni(), chart_file)
    counts = {p.value: {d.value: n for d, n in c.items()} for p, c in summary.counts.items()}
    stems = find_stems(folder)
    return (
        blank_row(folder)
        | _tags(meta)
        | {
            "length_s": _seconds(max(summary.end_s, _audio_length_s(folder, stems) or 0.0)),
            "parts": json.dumps(counts),
            "stems": json.dumps({name: path.name for name, path in stems.items()}),
            "chart_sha256": digest.hexdigest(),
            "density": summary.density,
            "charted_duet": int(summary.charted_duet),
            "pro_drums": int(summary.pro_drums),
            "art": _art(folder),
            "detailed": int(summary.charted_duet or Part.FULL not in summary.counts),
        }
    )


def _tags(meta) -> dict[str, Any]:
    return {
        **{k: _text(getattr(meta, k)) for k in ("title", "artist", "album", "genre", "charter")},
        "year": _text(meta.year),
        "preview_start_s": _seconds(meta.preview_start_s),
        "difficulty": meta.difficulty if meta.difficulty in range(-1, 100) else None,
    }


def _problem(folder: Path, problem: str, file: Path) -> dict[str, Any]:
    row = blank_row(folder)
    return row | {"problem": _text(problem, MAX_PROBLEM_CHARS), "problem_file": path_bytes(file)}


def _art(folder: Path) -> str | None:
    """The file name of the folder's album art, or None."""
    try:
        names = {n.lower(): n for n in os.listdir(folder)}
    except OSError:
        return None
    return next((names[a] for a in ART_FILES if a in names), None)


def _audio_length_s(folder: Path, stems: dict[str, Path]) -> float | None:
    """How long the song's audio lasts (seconds): its arrangement (a built-in song) or its
    longest stem, as their headers say; None when unknown. song.ini's song_length is not used."""
    arrangement = folder / ARRANGEMENT_FILE
    if arrangement.is_file():
        try:
            return read_arrangement(arrangement).end_s
        except ChartError:
            return None
    return max(filter(None, map(stem_length_s, stems.values())), default=None)


def _text(value: object, limit: int = MAX_TEXT_CHARS) -> str:
    """`value` as one line of at most `limit` characters (control characters become spaces)."""
    value = readable_name(str(value or "")[: limit * 4])
    text = "".join(c if c.isprintable() else " " for c in value).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _seconds(value: float | None) -> float | None:
    """`value` seconds when it is a finite, non-negative number, else None."""
    return float(value) if value is not None and math.isfinite(value) and value >= 0 else None
