"""A built-in song cut short for end-to-end tests: its first seconds as a song folder of its own
(notes.mid, song.ini and arrangement.mid), written by the game's own writers, which the game finds
in the player's songs folder. A play of it goes through everything a play of the whole song does
(menus, count-in, notes, results, saved score) in a fraction of the time."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from game.app.tutorial import RING_S, lesson_song
from game.core.arrangement import Arrangement, InstrumentPart
from game.formats.arrangement_mid import read_arrangement, write_arrangement
from game.formats.notes_mid_writer import write_song_folder
from game.formats.song_folder import LoadedSong, load_song


def cut_arrangement(arrangement: Arrangement, end_s: float) -> Arrangement:
    """`arrangement` up to `end_s` seconds: the notes that start before it, each stopped by then."""

    def cut(part: InstrumentPart) -> InstrumentPart:
        notes = part.notes[part.notes["start_s"] < end_s].copy()
        notes["duration_s"] = np.minimum(notes["duration_s"], end_s - notes["start_s"])
        return dataclasses.replace(part, notes=notes)

    parts = tuple(cut(p) for p in arrangement.parts)
    return dataclasses.replace(arrangement, parts=parts, length_s=end_s)


def write_short_song(song_folder: Path, seconds: float, title: str, folder: Path) -> LoadedSong:
    """Write the first `seconds` of the song in `song_folder` (cut at the bar line at or before
    them, as the tutorial's lessons are) under `title` into `folder`; return it as the game
    will load it."""
    song = lesson_song(load_song(song_folder), seconds)
    chart = song.chart
    chart = dataclasses.replace(chart, meta=dataclasses.replace(chart.meta, title=title))
    write_song_folder(chart, folder)
    arrangement = read_arrangement(song_folder / "arrangement.mid")
    end_s = chart.meta.length_s if chart.meta.length_s else chart.duration_s + RING_S
    write_arrangement(cut_arrangement(arrangement, end_s), folder / "arrangement.mid")
    return load_song(folder)


def songs_folder(home: Path) -> Path:
    """The player's songs folder of the game's home `home` (DRUM_DUET_HOME): the game scans it."""
    return home / "data" / "songs"
