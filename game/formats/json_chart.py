"""A small JSON chart format for tests and hand-made charts (`chart.json` in a song folder).

    {"format": "drum-duet-chart", "version": 1,
     "song": {"title": "...", "artist": "..."},
     "resolution": 480, "offset_s": 0.0,
     "tempos": [[tick, bpm], ...], "time_signatures": [[tick, numerator, denominator], ...],
     "sections": [[tick, "name"], ...],
     "parts": {"full": {"expert": [[tick, "red"], [tick, "yellow", "tom", "accent"], ...]}}}

Yellow, blue and green notes are cymbals unless flagged "tom" (the notes.mid convention).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from game.base.bounded import read_bounded
from game.core.chart import Chart, NoteTrack, Section, SongMeta
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.core.tempo import TempoChange, TempoMap, TimeSignature
from game.formats.errors import ChartError
from game.formats.limits import MAX_JSON_CHART_BYTES

FORMAT = "drum-duet-chart"
FLAGS = {"cymbal", "tom", "accent", "ghost"}
MAX_NOTES_PER_TRACK = 100_000


def read_json_chart(path: Path) -> Chart:
    """Read a chart.json; any problem is a ChartError naming the file."""
    return json_chart_from_bytes(path, read_bounded(path, MAX_JSON_CHART_BYTES, ChartError))


def json_chart_from_bytes(path: Path, data: bytes) -> Chart:
    """A Chart from the bytes of the chart.json at `path` (named in errors)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise ChartError(path, f"not valid JSON: {e}") from None
    try:
        return parse_json_chart(doc)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as e:
        raise ChartError(path, str(e)) from None


def parse_json_chart(doc: Any) -> Chart:
    """A Chart from a decoded chart.json document; ValueError on anything malformed."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f'not a Drum Duet chart (expected "format": "{FORMAT}")')
    if doc.get("version") != 1:
        raise ValueError(f"unsupported chart version {doc.get('version')!r}")
    song = _obj(doc.get("song", {}), "song")
    meta = SongMeta(title=str(song.get("title", "Untitled")), artist=str(song.get("artist", "")))
    resolution = _int(doc.get("resolution", 480), "resolution")
    tempos = [
        TempoChange(_int(t, "tempo tick"), 60_000_000.0 / _positive(bpm, "bpm"))
        for t, bpm in _pairs(doc.get("tempos", []), 2, "tempos")
    ]
    sigs = [
        TimeSignature(_int(t, "tick"), _int(n, "numerator"), _int(d, "denominator"))
        for t, n, d in _pairs(doc.get("time_signatures", []), 3, "time_signatures")
    ]
    tempo = TempoMap(resolution, tempos, sigs, float(doc.get("offset_s", 0.0)))
    sections = tuple(
        Section(float(tempo.seconds(_int(t, "section tick"))), str(name))
        for t, name in _pairs(doc.get("sections", []), 2, "sections")
    )
    tracks = {}
    for part_name, diffs in _obj(doc.get("parts", {}), "parts").items():
        part = Part(part_name)
        for diff_name, notes in _obj(diffs, f"parts.{part_name}").items():
            key = (part, Difficulty(diff_name))
            tracks[key] = _track(notes, tempo, f"{part_name}/{diff_name}")
    return Chart(meta, tempo, tracks, sections)


def _track(notes: Any, tempo: TempoMap, where: str) -> NoteTrack:
    if not isinstance(notes, list):
        raise ValueError(f"{where}: notes must be a list")
    if len(notes) > MAX_NOTES_PER_TRACK:
        raise ValueError(f"{where}: more than {MAX_NOTES_PER_TRACK} notes")
    ticks, lanes, cymbals, dynamics = [], [], [], []
    for k, note in enumerate(notes):
        if not isinstance(note, list) or len(note) < 2:
            raise ValueError(f"{where}: note {k} must be [tick, lane, flags...]")
        tick, lane_name, *flags = note
        lane = Lane.from_name(str(lane_name))
        unknown = set(map(str, flags)) - FLAGS
        if unknown:
            raise ValueError(f"{where}: note {k} has unknown flags {sorted(unknown)}")
        ticks.append(_int(tick, f"{where} note {k} tick"))
        lanes.append(int(lane))
        cymbals.append(lane.takes_cymbal_flag and "tom" not in flags)
        dyn = Dynamics.ACCENT if "accent" in flags else Dynamics.GHOST if "ghost" in flags else 0
        dynamics.append(int(dyn))
    return NoteTrack(tempo.seconds(ticks) if ticks else [], lanes, cymbals, dynamics)


def _obj(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object")
    return value


def _pairs(value: Any, width: int, where: str) -> list[list]:
    if not isinstance(value, list) or not all(
        isinstance(v, list) and len(v) == width for v in value
    ):
        raise ValueError(f"{where} must be a list of {width}-element lists")
    return value


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**40:
        raise ValueError(f"{where} must be a non-negative integer, got {value!r}")
    return value


def _positive(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{where} must be a number, got {value!r}")
    if not (math.isfinite(value) and 1.0 <= value <= 1000.0):
        raise ValueError(f"{where} must be between 1 and 1000, got {value!r}")
    return float(value)
