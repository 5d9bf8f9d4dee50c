"""Write a chart as a Rock Band-style notes.mid (+ song.ini) that Moonscraper, REAPER and YARG open.

The full kit goes to `PART DRUMS`, the duet parts to `DUET DRUMS P1` / `DUET DRUMS P2` (other
games ignore tracks they do not know), with the same note conventions: gems by difficulty range,
tom markers 110-112, 2x kicks on 95, accents/ghosts as velocity 127/1 with
`[ENABLE_CHART_DYNAMICS]`, phrases on their marker notes, sections on EVENTS.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

import mido
import numpy as np

from game.base.atomic import write_atomic
from game.core.chart import Chart, NoteTrack, PhraseKind
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.formats.notes_mid import (
    DIFFICULTY_BASE,
    DOUBLE_KICK,
    DRUM_TRACK_NAMES,
    DUET_TRACK_NAMES,
    DYNAMICS_EVENT,
    EVENTS_TRACK,
    TOM_MARKERS,
)

TRACK_NAMES = {Part.FULL: DRUM_TRACK_NAMES[0], **DUET_TRACK_NAMES}
PHRASE_PITCHES = {
    PhraseKind.STAR_POWER: (116,),
    PhraseKind.SOLO: (103,),
    PhraseKind.FILL: (120, 121, 122, 123, 124),
    PhraseKind.ROLL: (126,),
    PhraseKind.DOUBLE_ROLL: (127,),
    PhraseKind.VERSUS_P1: (105,),
    PhraseKind.VERSUS_P2: (106,),
}
TOM_MARKER_OF = {pad: note for note, pad in TOM_MARKERS.items()}
VELOCITY = {Dynamics.NORMAL: 100, Dynamics.ACCENT: 127, Dynamics.GHOST: 1}
MAX_TICK = 2**31 - 2

Event = tuple[int, int, mido.Message | mido.MetaMessage]  # (tick, order, message)


def write_notes_mid(chart: Chart, path: Path) -> None:
    """Write `chart` as notes.mid at its own resolution (atomically).

    ValueError when the chart cannot be expressed: a tom and a cymbal of one colour at one tick
    in two difficulties of a part (.mid tom markers apply to every difficulty).
    """
    tempo = chart.tempo
    mid = mido.MidiFile(type=1, ticks_per_beat=tempo.resolution)
    head: list[Event] = [(0, 0, mido.MetaMessage("track_name", name=chart.meta.title[:120]))]
    for t in tempo.tempos:
        head.append((t.tick, 1, mido.MetaMessage("set_tempo", tempo=round(t.us_per_quarter))))
    for s in tempo.time_signatures:
        sig = mido.MetaMessage("time_signature", numerator=s.numerator, denominator=s.denominator)
        head.append((s.tick, 1, sig))
    mid.tracks.append(_track(head))
    events: list[Event] = [(0, 0, mido.MetaMessage("track_name", name=EVENTS_TRACK))]
    for section in chart.sections:
        tick = _ticks(chart, np.array([section.time_s]))[0]
        events.append((tick, 1, mido.MetaMessage("text", text=f"[section {section.name}]")))
    mid.tracks.append(_track(events))
    for part in chart.parts():
        mid.tracks.append(_track(_drum_events(chart, part)))
    out = io.BytesIO()
    mid.save(file=out)
    write_atomic(path, out.getvalue())


def write_song_ini(chart: Chart, path: Path) -> None:
    """Write the song.ini beside a written notes.mid: metadata, delay (the offset), pro_drums."""
    meta = chart.meta
    tags = {
        "name": meta.title,
        "artist": meta.artist,
        "album": meta.album,
        "genre": meta.genre,
        "year": meta.year,
        "charter": meta.charter,
        "diff_drums": "" if meta.difficulty is None else str(meta.difficulty),
        "song_length": "" if meta.length_s is None else str(round(meta.length_s * 1000)),
        "preview_start_time": (
            "" if meta.preview_start_s is None else str(round(meta.preview_start_s * 1000))
        ),
        "delay": repr(chart.tempo.offset_s * 1000.0) if chart.tempo.offset_s else "",
        "pro_drums": "True" if any(t.pro_drums for t in chart.tracks.values()) else "",
    }
    lines = ["[song]"] + [f"{k} = {_one_line(v)}" for k, v in tags.items() if v]
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))


def write_song_folder(chart: Chart, folder: Path) -> None:
    """Write notes.mid and song.ini into `folder` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_notes_mid(chart, folder / "notes.mid")
    write_song_ini(chart, folder / "song.ini")


def _drum_events(chart: Chart, part: Part) -> list[Event]:
    res = chart.tempo.resolution
    events: list[Event] = [(0, 0, mido.MetaMessage("track_name", name=TRACK_NAMES[part]))]
    gems: dict[int, list[int]] = defaultdict(list)  # pitch -> ticks
    velocities: dict[tuple[int, int], int] = {}
    cymbal_at: dict[tuple[int, Lane], bool] = {}
    dynamics = False
    for difficulty in Difficulty.standard():
        track = chart.tracks.get((part, difficulty))
        if track is None:
            continue
        ticks = _ticks(chart, track.times)
        for tick, lane, cymbal, dyn in zip(
            ticks,
            track.lanes.tolist(),
            track.cymbal.tolist(),
            track.dynamics.tolist(),
            strict=True,
        ):
            pitch = DIFFICULTY_BASE[difficulty] + lane
            gems[pitch].append(tick)
            velocities[(pitch, tick)] = VELOCITY[Dynamics(dyn)]
            dynamics = dynamics or dyn != Dynamics.NORMAL
            if track.pro_drums and lane >= Lane.YELLOW:
                seen = cymbal_at.setdefault((tick, Lane(lane)), cymbal)
                if seen != cymbal:
                    raise ValueError(
                        f"{part.value}: a {Lane(lane).name.lower()} tom and cymbal at tick {tick} "
                        "in two difficulties cannot be written to .mid"
                    )
    gems[DOUBLE_KICK] = _double_kicks(chart, part)
    for (tick, lane), cymbal in cymbal_at.items():
        if not cymbal:
            gems[TOM_MARKER_OF[int(lane)]].append(tick)
    if dynamics:
        events.append((0, 1, mido.MetaMessage("text", text=DYNAMICS_EVENT)))
    for pitch, ticks in gems.items():
        events += _notes(pitch, sorted(set(ticks)), max(1, res // 16), velocities)
    for phrase in chart.phrases.get(part, ()):
        start, end = _ticks(chart, np.array([phrase.start_s, phrase.end_s]))
        for pitch in PHRASE_PITCHES[phrase.kind]:
            events.append((start, 3, mido.Message("note_on", note=pitch, velocity=100)))
            events.append((max(end, start + 1), 2, mido.Message("note_off", note=pitch)))
    return events


def _double_kicks(chart: Chart, part: Part) -> list[int]:
    plus = chart.tracks.get((part, Difficulty.EXPERT_PLUS))
    expert = chart.tracks.get((part, Difficulty.EXPERT))
    if plus is None or expert is None:
        return []
    kicks = set(_ticks(chart, _kick_times(expert)))
    return [t for t in _ticks(chart, _kick_times(plus)) if t not in kicks]


def _kick_times(track: NoteTrack) -> np.ndarray:
    return track.times[track.lanes == Lane.KICK]


def _notes(pitch: int, ticks: list[int], length: int, velocities: dict) -> list[Event]:
    """Note-on/off pairs; a note ends at the next note of its pitch if that comes sooner."""
    out: list[Event] = []
    for k, tick in enumerate(ticks):
        end = tick + length
        if k + 1 < len(ticks):
            end = min(end, ticks[k + 1])
        velocity = velocities.get((pitch, tick), 100)
        out.append((tick, 3, mido.Message("note_on", note=pitch, velocity=velocity)))
        out.append((end, 2, mido.Message("note_off", note=pitch)))
    return out


def _ticks(chart: Chart, times: np.ndarray) -> list[int]:
    ticks = np.rint(chart.tempo.ticks(times))
    return np.clip(ticks, 0, MAX_TICK).astype(np.int64).tolist()


def _track(events: list[Event]) -> mido.MidiTrack:
    """A track from absolute-tick events: offs before ons at one tick, then end of track."""
    track = mido.MidiTrack()
    now = 0
    for tick, _, msg in sorted(events, key=lambda e: (e[0], e[1])):
        track.append(msg.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=0))
    return track


def _one_line(value: str) -> str:
    return " ".join(value.split())
