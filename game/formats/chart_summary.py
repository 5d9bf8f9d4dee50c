"""What the song library needs of a chart, read fast: notes per part and difficulty, when the
last note sounds, the measured density, pro drums and charted duet parts.

`load_song` builds the whole playable chart (every note timed, star power, the automatic duet
split): tens of milliseconds for a big chart. The library lists thousands of songs, so it reads
only the tempo map and the drum notes — for notes.mid only the tempo track and the drum tracks
(note-ons, every other event skipped by its length; other tracks are skipped by their chunk
length), for a .chart only [Song], [SyncTrack] and the *Drums sections — and counts notes with
the same rules `build_chart` applies (five-lane to four-lane lanes, one note per lane and
instant, Expert+ as Expert plus the 2x kicks), so its counts equal `load_song`'s.
It does not check every line: a chart it reads may still fail to load in full.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from game.core.lanes import Difficulty, Part
from game.core.tempo import TempoChange, TempoMap, TimeSignature
from game.formats import chart_text
from game.formats.draft import MAX_BPM, MAX_NOTES_PER_DIFFICULTY, MAX_SONG_S, MIN_BPM
from game.formats.errors import ChartError
from game.formats.midi_file import MidiFile, parse_midi
from game.formats.notes_mid import (
    DIFFICULTY_BASE,
    DOUBLE_KICK,
    DRUM_TRACK_NAMES,
    DUET_TRACK_NAMES,
    TOM_MARKERS,
)
from game.formats.song_ini import SongIni

Ticks = NDArray[np.int64]
FIVE_LANE_GREEN, ORANGE = 5, 4
"""Pads as the files number them: five-lane green, and four-lane green / five-lane orange."""
_WANTED_HEADER = re.compile(r"\[((?i:song|synctrack|(?:easy|medium|hard|expert)drums))\]")
"""A header the summary reads (a literal "[" first: the search skips the rest of the text fast)."""
_TYPES = re.compile(r" = N ([0-9]{1,10})")
_REVERSED_TICKS = re.compile(r" N = ([0-9]{1,10})")
_CHART_NOTE = re.compile(r"^[^\S\n]*([0-9]{1,10})[^\S\n]*=[^\S\n]*N[^\S\n]+([0-9]{1,10})\b", re.M)


@dataclass
class TrackNotes:
    """One drum track as read: per standard difficulty (ticks, pads) of its gems, the Expert
    2x-kick ticks, and whether the file marks cymbals apart from toms."""

    gems: dict[Difficulty, tuple[Ticks, Ticks]] = field(default_factory=dict)
    double_kicks: Ticks = field(default_factory=lambda: np.zeros(0, np.int64))
    pro_markers: bool = False


@dataclass(frozen=True)
class ChartSummary:
    """A chart's counts: `counts[part][difficulty]` notes (as `load_song` would give, but the
    automatic duet split, which needs the whole chart), `end_s` the last note's time (seconds,
    the chart's duration), `density` notes per second of the full kit's hardest difficulty,
    `pro_drums` (the full kit tells cymbals from toms), `charted_duet` (the file has duet parts
    of its own) and `meta`, the file's own tags ([Song] of a .chart)."""

    counts: dict[Part, dict[Difficulty, int]]
    end_s: float
    density: float | None
    pro_drums: bool
    charted_duet: bool
    meta: dict[str, str]
    offset_s: float = 0.0


def summarize_chart(data: bytes, path: Path, ini: SongIni | None) -> ChartSummary:
    """The summary of chart bytes (`path` says its kind and names it in errors); ChartError
    for what makes the chart unplayable."""
    kind = path.suffix.lower()
    if kind == ".mid":
        resolution, tempos, sigs, tracks, meta, offset = _read_mid(data, path)
    elif kind == ".chart":
        resolution, tempos, sigs, tracks, meta, offset = _read_chart(data, path)
    else:
        raise ChartError(path, "not a chart file Drum Duet reads (.mid, .chart or .json)")
    ini = ini or SongIni()
    for t in tempos:
        if not MIN_BPM <= t.bpm <= MAX_BPM:
            raise ChartError(path, f"tempo {t.bpm:.4g} BPM at tick {t.tick} is not a sane tempo")
    offset = ini.delay_s if ini.delay_s else offset
    try:
        tempo = TempoMap(resolution, tempos, sigs, offset)
    except ValueError as e:
        raise ChartError(path, str(e)) from None
    if ini.pro_drums is True and ini.five_lane_drums is True:
        raise ChartError(path, "song.ini sets both pro_drums and five_lane_drums")
    counts: dict[Part, dict[Difficulty, int]] = {}
    spans: dict[Part, dict[Difficulty, tuple[int, int]]] = {}
    pro_of: dict[Part, bool] = {}
    for part, track in tracks.items():
        counts[part], spans[part], pro_of[part] = _count(track, ini, path)
    counts = {p: c for p, c in counts.items() if c}
    if not counts:
        raise ChartError(path, "no drum notes in this chart")
    last = max(b for s in spans.values() for _, b in s.values())
    end_s = float(tempo.seconds(np.array([last], np.float64))[0])
    if end_s > MAX_SONG_S:
        raise ChartError(path, f"the chart lasts {end_s:.0f} s, more than 3 hours")
    density = None
    full = counts.get(Part.FULL, {})
    hardest = [d for d in Difficulty.standard() if d in full]
    if hardest:
        first, last_tick = spans[Part.FULL][hardest[-1]]
        a, b = tempo.seconds(np.array([first, last_tick], np.float64)).tolist()
        density = full[hardest[-1]] / max(b - a, 1.0)
    duet = bool({Part.P1, Part.P2} & counts.keys())
    return ChartSummary(counts, end_s, density, pro_of.get(Part.FULL, False), duet, meta, offset)


def _count(
    track: TrackNotes, ini: SongIni, path: Path
) -> tuple[dict[Difficulty, int], dict[Difficulty, tuple[int, int]], bool]:
    """Notes per difficulty, each difficulty's (first, last) tick, and pro drums — by
    `build_chart`'s rules: lanes as it converts them, one note per lane and tick."""
    five_lane = any((pads == FIVE_LANE_GREEN).any() for _, pads in track.gems.values())
    five_lane = ini.five_lane_drums if ini.five_lane_drums is not None else five_lane
    if ini.five_lane_drums is None and track.pro_markers:
        five_lane = False
    pro = ini.pro_drums if ini.pro_drums is not None else track.pro_markers or five_lane
    counts, spans = {}, {}
    gems = dict(track.gems)
    for difficulty, (ticks, pads) in gems.items():
        if not len(ticks):
            continue
        if len(ticks) > MAX_NOTES_PER_DIFFICULTY:
            raise ChartError(
                path, f"more than {MAX_NOTES_PER_DIFFICULTY:,} notes in one difficulty"
            )
        keys = ticks * 8 + _lanes(ticks, pads, five_lane)
        counts[difficulty] = _distinct(keys)
        spans[difficulty] = (int(ticks.min()), int(ticks.max()))
        if difficulty is Difficulty.EXPERT and len(track.double_kicks):
            plus = np.concatenate((keys, track.double_kicks * 8))
            counts[Difficulty.EXPERT_PLUS] = _distinct(plus)
            ends = (min(spans[difficulty][0], int(track.double_kicks.min())),
                    max(spans[difficulty][1], int(track.double_kicks.max())))  # fmt: skip
            spans[Difficulty.EXPERT_PLUS] = ends
    return counts, spans, bool(pro)


def _distinct(keys: Ticks) -> int:
    """How many different values `keys` holds."""
    ordered = np.sort(keys)
    return int(len(ordered) and 1 + np.count_nonzero(ordered[1:] != ordered[:-1]))


def _lanes(ticks: Ticks, pads: Ticks, five_lane: bool) -> Ticks:
    """The four-lane lane of every gem (`draft._four_lane`, vectorised)."""
    if not five_lane:
        return np.where(pads == FIVE_LANE_GREEN, ORANGE, pads)
    with_orange = np.isin(ticks, ticks[pads == ORANGE])
    green_lane = np.where(with_orange, 3, 4)  # green moves to blue when orange sounds with it
    return np.where(pads == FIVE_LANE_GREEN, green_lane, pads)


# notes.mid -------------------------------------------------------------------------------------


def _read_mid(data: bytes, path: Path):
    """(resolution, tempos, time signatures, {part: TrackNotes}, {}, 0.0) of notes.mid bytes."""
    midi = parse_midi(data, path)
    tempo_track = midi.events(midi.tracks[0])
    tempos, sigs = [], []
    for tick, us in tempo_track.tempos:
        if us <= 0:
            raise ChartError(path, f"tempo at tick {tick} is zero")
        tempos.append(TempoChange(tick, us))
    for tick, num, den in tempo_track.time_signatures:
        if num <= 0:
            raise ChartError(path, f"time signature at tick {tick} has {num} beats")
        sigs.append(TimeSignature(tick, num, den))
    wanted = {Part.FULL: midi.track_named(*DRUM_TRACK_NAMES)}
    wanted.update({part: midi.track_named(name) for part, name in DUET_TRACK_NAMES.items()})
    tracks: dict[Part, TrackNotes] = {}
    for part, found in wanted.items():
        if found is not None:
            tracks[part] = _mid_track(*_note_ons(midi, found.index, found.start, found.end))
    if not tracks:
        names = ", ".join(sorted({t.name for t in midi.tracks if t.name})) or "none"
        raise ChartError(path, f"no drum track (looked for PART DRUMS; tracks: {names[:300]})")
    return midi.resolution, tempos, sigs, tracks, {}, 0.0


def _mid_track(ticks: Ticks, pitches: Ticks) -> TrackNotes:
    track = TrackNotes()
    for difficulty, base in DIFFICULTY_BASE.items():
        mine = (pitches >= base) & (pitches < base + 6)
        track.gems[difficulty] = (ticks[mine], pitches[mine] - base)
    track.double_kicks = ticks[pitches == DOUBLE_KICK]
    low, high = min(TOM_MARKERS), max(TOM_MARKERS)
    track.pro_markers = bool(((pitches >= low) & (pitches <= high)).any())
    return track


MIN_RUN = 16
"""Runs of fewer note events are decoded event by event."""


class _NoteRuns:
    """Where a track's runs of note events lie, found with numpy over the whole track at once.

    A note event (note-on or note-off, its status byte given or running) is a delta time (up to
    three bytes of 0x80 and more, then one below), maybe a status byte 0x80-0x9F, then two data
    bytes: so its bytes below 0x80 come in threes. For each of the three ways to group the
    track's low bytes in threes, a group that is no note event is marked bad, and a run from
    any event is read up to the next bad group of its grouping."""

    def __init__(self, data: bytes, start: int, end: int) -> None:
        self.start = start
        self.r = r = np.frombuffer(data, np.uint8, end - start, start).astype(np.int64)
        self.lows = lows = np.flatnonzero(r < 0x80)
        self.groups = []
        for a in range(3):
            e0, e1, e2 = lows[a::3], lows[a + 1 :: 3], lows[a + 2 :: 3]
            m = len(e2)
            e0, e1 = e0[:m], e1[:m]
            gap1 = e1 - e0 - 1
            status = r[np.minimum(e0 + 1, len(r) - 1)]
            good = (gap1 == 0) | ((gap1 == 1) & (status >= 0x80) & (status <= 0x9F))
            good &= e2 == e1 + 1
            good[1:] &= e0[1:] - e2[:-1] - 1 <= 3  # at most 3 more bytes of delta time
            index = np.where(good, m, np.arange(m))
            next_bad = np.minimum.accumulate(index[::-1])[::-1]
            self.groups.append((e0, e1, e2, gap1, next_bad))

    def run(self, pos: int, tick: int, running: int) -> tuple[Ticks, Ticks, int, int, int] | None:
        """The note-ons of the run of note events at file position `pos` (at least `MIN_RUN`
        events): (ticks, pitches, the position, tick and running status after it); None when
        no such run starts there."""
        at = pos - self.start
        i = int(np.searchsorted(self.lows, at))
        if i >= len(self.lows) or self.lows[i] - at > 3:
            return None
        e0, e1, e2, gap1, next_bad = self.groups[i % 3]
        k0 = i // 3
        if k0 >= len(e0):
            return None
        start_ok = gap1[k0] == 0 or (gap1[k0] == 1 and 0x80 <= self.r[e0[k0] + 1] <= 0x9F)
        if not (start_ok and e2[k0] == e1[k0] + 1):
            return None
        kv = int(next_bad[k0 + 1]) if k0 + 1 < len(e0) else len(e0)
        if kv - k0 < MIN_RUN:
            return None
        r = self.r
        first, pitch, velocity, has_status = e0[k0:kv], e1[k0:kv], e2[k0:kv], gap1[k0:kv] == 1
        before = np.concatenate(([at - 1], velocity[:-1]))
        extra = first - before - 1  # the delta's bytes before its last (0 to 3)
        delta = r[first].copy()
        for j in (1, 2, 3):
            more = extra >= j
            if not more.any():
                break
            delta[more] |= (r[first[more] - j] & 0x7F) << (7 * j)
        ticks = tick + np.cumsum(delta)
        events = np.arange(len(first))
        own = np.maximum.accumulate(np.where(has_status, events, -1))
        status = np.where(own >= 0, r[first[np.maximum(own, 0)] + 1], running)
        on = ((status & 0xF0) == 0x90) & (r[velocity] > 0)
        after = self.start + int(velocity[-1]) + 1
        return ticks[on], r[pitch[on]], after, int(ticks[-1]), int(status[-1])


def _note_ons(midi: MidiFile, index: int, pos: int, end: int) -> tuple[Ticks, Ticks]:
    """(ticks, pitches) of a track's note-ons (velocity above 0), every other event skipped by
    its length; ChartError when the track is cut short or holds what no MIDI file holds.

    Runs of note events (most of a drum track) are found and decoded with numpy; every other
    event is decoded one by one."""
    data, path = midi.data, midi.path
    ticks: list[int] = []
    pitches: list[int] = []
    runs: list[tuple[Ticks, Ticks]] = []
    tick = running = 0
    found = _NoteRuns(data, pos, end) if end - pos >= 4 * MIN_RUN else None
    try:
        while pos < end:
            if found is not None and running and not 0xC0 <= running < 0xE0:
                run = found.run(pos, tick, running)
                if run is not None:
                    if ticks:
                        runs.append((np.array(ticks, np.int64), np.array(pitches, np.int64)))
                        ticks, pitches = [], []
                    run_ticks, run_pitches, pos, tick, running = run
                    runs.append((run_ticks, run_pitches))
                    continue
            b = data[pos]
            pos += 1
            if b & 0x80:
                delta = b & 0x7F
                for _ in range(3):
                    b = data[pos]
                    pos += 1
                    delta = (delta << 7) | (b & 0x7F)
                    if not b & 0x80:
                        break
                else:
                    raise ChartError(path, f"track {index} has a bad delta time")
                tick += delta
            else:
                tick += b
            status = data[pos]
            if status & 0x80:
                pos += 1
            elif running:
                status = running
            else:
                raise ChartError(path, f"track {index} has data with no status byte")
            kind = status & 0xF0
            if kind == 0x90:
                running = status
                if data[pos + 1] & 0x7F:
                    ticks.append(tick)
                    pitches.append(data[pos] & 0x7F)
                pos += 2
            elif kind == 0x80 or kind == 0xB0 or kind == 0xA0 or kind == 0xE0:
                running = status
                pos += 2
            elif kind == 0xC0 or kind == 0xD0:
                running = status
                pos += 1
            elif status == 0xFF:
                meta = data[pos]
                size, pos = _vlq(data, pos + 1)
                pos += size
                if meta == 0x2F:
                    break
            elif status == 0xF0 or status == 0xF7:
                size, pos = _vlq(data, pos)
                pos += size
            else:
                raise ChartError(path, f"track {index} has a stray status byte {status:#x}")
    except IndexError:
        pos = end + 1
    if pos > end:
        raise ChartError(path, f"track {index} ends inside an event")
    runs.append((np.array(ticks, np.int64), np.array(pitches, np.int64)))
    if len(runs) == 1:
        return runs[0]
    return np.concatenate([r[0] for r in runs]), np.concatenate([r[1] for r in runs])


def _vlq(data: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for _ in range(4):
        b = data[pos]
        pos += 1
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            return value, pos
    raise IndexError  # a bad length: the caller says the track is broken


# .chart ----------------------------------------------------------------------------------------


def _read_chart(data: bytes, path: Path):
    """(resolution, tempos, time signatures, {FULL: TrackNotes}, [Song] tags, offset) of .chart
    bytes, reading only [Song], [SyncTrack] and the drum sections."""
    text = chart_text.decode_chart_text(data, path)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    draft = chart_text.ChartDraft(resolution=0)
    sections: dict[Difficulty, list[str]] = {}
    try:
        for name, body, first_line in _chart_sections(text):
            if name in ("song", "synctrack"):
                lines = [
                    (first_line + i, e)
                    for i, ln in enumerate(body.split("\n"))
                    if (e := ln.strip())
                ]
                reader = chart_text._read_song if name == "song" else chart_text._read_sync_track
                reader(lines, draft)
            elif name in chart_text.DRUM_SECTIONS:
                sections.setdefault(chart_text.DRUM_SECTIONS[name], []).append(body)
    except chart_text._LineError as e:
        raise ChartError(path, f"line {e.line}: {e.problem}" if e.line else e.problem) from None
    if draft.resolution <= 0:
        raise ChartError(path, "no Resolution in [Song]")
    if not sections:
        raise ChartError(path, "no drum sections ([ExpertDrums], [HardDrums], ...)")
    draft.tempos.sort(key=lambda t: t.tick)
    draft.time_signatures.sort(key=lambda s: s.tick)
    track = TrackNotes()
    for difficulty in Difficulty.standard():
        if difficulty not in sections:
            continue
        ticks, kinds = _chart_notes("\n".join(sections[difficulty]))
        pads = kinds <= FIVE_LANE_GREEN
        track.gems[difficulty] = (ticks[pads], kinds[pads])
        low, high = min(chart_text.CYMBALS), max(chart_text.CYMBALS)
        track.pro_markers |= bool(((kinds >= low) & (kinds <= high)).any())
        if difficulty is Difficulty.EXPERT:
            track.double_kicks = np.unique(ticks[kinds == chart_text.DOUBLE_KICK])
    offset = draft.offset_s
    return (
        draft.resolution,
        draft.tempos,
        draft.time_signatures,
        {Part.FULL: track},
        draft.meta,
        offset,
    )


def _chart_notes(body: str) -> tuple[Ticks, Ticks]:
    """(ticks, types) of the `N` lines of a drum section's `body`.

    The lines as editors write them ("  768 = N 2 0") are read by two searches that start with
    text, not a digit (fast): the types after " = N ", and the ticks before it, found in the
    reversed text. A section with any other line falls back to a search line by line."""
    standard = body.count(" = N ")
    lines = body.strip().count("\n") + 1 if body.strip() else 0
    if standard and standard + body.count(" = S ") + body.count(" = E ") == lines:
        kinds = _TYPES.findall(body)
        ticks = _REVERSED_TICKS.findall(body[::-1])
        if len(kinds) == len(ticks) == standard:
            tick_text = " ".join(ticks)[::-1]  # reversed back: first line first, digits in order
            return (
                np.fromstring(tick_text, dtype=np.int64, sep=" "),
                np.fromstring(" ".join(kinds), dtype=np.int64, sep=" "),
            )
    found = _CHART_NOTE.findall(body)
    numbers = " ".join(itertools.chain.from_iterable(found))
    both = np.fromstring(numbers, dtype=np.int64, sep=" ").reshape(-1, 2)
    return both[:, 0], both[:, 1]


def _close(text: str, start: int) -> re.Match | None:
    """The first line after `start` that is a lone "}" (found by its character, fast)."""
    at = text.find("}", start)
    while at >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        closed = chart_text._CLOSE.match(text, line_start)
        if closed is not None:
            return closed
        at = text.find("}", at + 1)
    return None


def _chart_sections(text: str):
    """(lowercase name, body text, its first line number) of the sections a summary reads,
    found by their names alone (the other sections cost nothing)."""
    line, counted = 1, 0
    for head in _WANTED_HEADER.finditer(text):
        start = text.rfind("\n", 0, head.start()) + 1
        end = text.find("\n", head.end())
        if (
            text[start : head.start()].strip()
            or text[head.end() : None if end < 0 else end].strip()
        ):
            continue  # not a header line of its own
        line += text.count("\n", counted, head.start())
        counted = head.start()
        name = head[1].lower()
        opened = chart_text._OPEN.match(text, head.end())
        if opened is None:
            raise chart_text._LineError(
                f"section {head[0].strip()[:40]} does not open with {{", line
            )
        closed = _close(text, opened.end())
        if closed is None:
            raise chart_text._LineError(
                f"section {head[0].strip()[:40]} is not closed with }}", line
            )
        yield name, text[opened.end() : closed.start()], line + 1
