"""What a chart reader found, in ticks, and how it becomes a `Chart`.

Both readers (notes.mid and .chart) fill a `ChartDraft`; `build_chart` applies the rules they
share: song.ini over the file's own tags, the chart offset, pro-drums and five-lane detection,
five-lane to four-lane conversion, dynamics, 2x kicks as an opt-in Expert+ (flagged per note),
sections and phrases, and each track's notes marked with the star-power phrases and fills that
hold them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path

import numpy as np

from game.core.chart import Chart, NoteTrack, Phrase, PhraseKind, Section, SongMeta
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.core.star_power import mark_star_power
from game.core.tempo import TempoChange, TempoMap, TimeSignature
from game.formats.disco_flip import in_spans
from game.formats.errors import ChartError
from game.formats.names import readable_name
from game.formats.song_ini import SongIni

MAX_TICK = 2**31
MAX_NOTES_PER_DIFFICULTY = 200_000
MAX_SONG_S = 3 * 3600.0
MIN_BPM, MAX_BPM = 0.1, 10_000.0


class Pad(IntEnum):
    """A drum gem as the files number them: four-lane green and five-lane orange share 4."""

    KICK = 0
    RED = 1
    YELLOW = 2
    BLUE = 3
    GREEN = 4  # four-lane green, five-lane orange
    FIVE_LANE_GREEN = 5


@dataclass
class Gem:
    """One gem of a difficulty, as read: tick, pad, cymbal flag, dynamics and whether it is a
    2x kick (Expert+ only)."""

    tick: int
    pad: Pad
    cymbal: bool = False
    dynamics: Dynamics = Dynamics.NORMAL
    double_kick: bool = False


@dataclass
class TrackDraft:
    """One drum track (all its difficulties) in ticks.

    `gems[d]` are the difficulty's gems; `double_kicks` the Expert 2x-kick ticks. `pro_markers`
    is true when the file marks cymbals apart from toms (tom markers in .mid, cymbal flags in
    .chart). `phrases` are (kind, start tick, end tick). `difficulty_phrases[d]`, when a
    difficulty has its own (a .chart section's `S` phrases), are the phrases of that difficulty
    alone: its star power and fills come from them rather than from `phrases`. `disco_flips[d]`
    are the difficulty's disco-flip spans [start tick, end tick), as read (applied by
    `build_chart` on pro drums).
    """

    gems: dict[Difficulty, list[Gem]] = field(default_factory=dict)
    double_kicks: list[int] = field(default_factory=list)
    pro_markers: bool = False
    phrases: list[tuple[PhraseKind, int, int]] = field(default_factory=list)
    difficulty_phrases: dict[Difficulty, list[tuple[PhraseKind, int, int]]] = field(
        default_factory=dict
    )
    disco_flips: dict[Difficulty, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def five_lane(self) -> bool:
        """True when any gem is on the five-lane green pad."""
        return any(g.pad == Pad.FIVE_LANE_GREEN for gems in self.gems.values() for g in gems)


@dataclass
class ChartDraft:
    """A whole chart file as read, in ticks."""

    resolution: int
    tempos: list[TempoChange] = field(default_factory=list)
    time_signatures: list[TimeSignature] = field(default_factory=list)
    sections: list[tuple[int, str]] = field(default_factory=list)
    tracks: dict[Part, TrackDraft] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    offset_s: float = 0.0
    dynamics_enabled: bool = True


def build_chart(draft: ChartDraft, ini: SongIni | None, path: Path) -> Chart:
    """The playable `Chart` of a draft; ChartError (naming `path`) when nothing can be played."""
    ini = ini or SongIni()
    for t in draft.tempos:
        if not MIN_BPM <= t.bpm <= MAX_BPM:
            raise ChartError(path, f"tempo {t.bpm:.4g} BPM at tick {t.tick} is not a sane tempo")
    try:
        offset = chart_offset_s(draft, ini)
        tempo = TempoMap(draft.resolution, draft.tempos, draft.time_signatures, offset)
    except ValueError as e:
        raise ChartError(path, str(e)) from None
    if ini.pro_drums is True and ini.five_lane_drums is True:
        raise ChartError(path, "song.ini sets both pro_drums and five_lane_drums")
    tracks: dict[tuple[Part, Difficulty], NoteTrack] = {}
    phrases: dict[Part, tuple[Phrase, ...]] = {}
    for part, track in draft.tracks.items():
        five_lane = ini.five_lane_drums if ini.five_lane_drums is not None else track.five_lane
        if ini.five_lane_drums is None and track.pro_markers:
            five_lane = False  # pro markers win over five-lane gems (the spec's preference)
        pro = ini.pro_drums if ini.pro_drums is not None else track.pro_markers or five_lane
        gems_of = track.gems
        if pro and not five_lane:  # disco flip is a pro-drums rule (five-lane charts have none)
            gems_of = {d: _disco_flipped(g, track.disco_flips.get(d)) for d, g in gems_of.items()}
        phrases[part] = _timed(track.phrases, tempo)
        gems_of = dict(gems_of)
        expert = gems_of.get(Difficulty.EXPERT)
        if expert and track.double_kicks:
            doubles = [Gem(t, Pad.KICK, double_kick=True) for t in track.double_kicks]
            gems_of[Difficulty.EXPERT_PLUS] = expert + doubles
        for difficulty, gems in gems_of.items():
            if not gems:
                continue
            own = track.difficulty_phrases.get(
                Difficulty.EXPERT if difficulty is Difficulty.EXPERT_PLUS else difficulty
            )
            marks = phrases[part] if own is None else _timed(own, tempo)
            notes = _note_track(gems, tempo, five_lane, pro, draft, path)
            tracks[(part, difficulty)] = mark_star_power(notes, marks)
    if not tracks:
        raise ChartError(path, "no drum notes in this chart")
    meta = _meta(draft.meta, ini, path)
    sections = tuple(Section(float(tempo.seconds(t)), name) for t, name in sorted(draft.sections))
    chart = Chart(meta, tempo, tracks, sections, phrases)
    if chart.duration_s > MAX_SONG_S:
        raise ChartError(path, f"the chart lasts {chart.duration_s:.0f} s, more than 3 hours")
    return chart


def _timed(found: list[tuple[PhraseKind, int, int]], tempo: TempoMap) -> tuple[Phrase, ...]:
    """Phrases read in ticks as `Phrase`s in song seconds, in order of start (every tick is
    converted in one call: a bad file may hold very many)."""
    ordered = sorted(found, key=lambda p: (p[1], p[0].value))
    if not ordered:
        return ()
    ticks = np.array([(a, b) for _, a, b in ordered], dtype=np.float64)
    seconds = tempo.seconds(ticks).tolist()
    return tuple(
        Phrase(kind, start, end)
        for (kind, _, _), (start, end) in zip(ordered, seconds, strict=True)
    )


def chart_offset_s(draft: ChartDraft, ini: SongIni) -> float:
    """How late (seconds) the chart starts: song.ini's `delay` when it is set and not zero, else
    the chart file's own offset (.chart `[Song] Offset`); never both added (YARG's rule)."""
    return ini.delay_s if ini.delay_s else draft.offset_s


def _disco_flipped(gems: list[Gem], spans: list[tuple[int, int]] | None) -> list[Gem]:
    """`gems` with red and yellow swapped inside the disco-flip `spans`: red becomes a yellow
    cymbal, yellow (cymbal or tom) becomes red; dynamics stay with the note."""
    if not spans:
        return gems
    out = []
    for g in gems:
        if g.pad in (Pad.RED, Pad.YELLOW) and in_spans(g.tick, spans):
            red = g.pad == Pad.RED
            g = Gem(g.tick, Pad.YELLOW if red else Pad.RED, red, g.dynamics, g.double_kick)
        out.append(g)
    return out


def _note_track(
    gems: list[Gem], tempo: TempoMap, five_lane: bool, pro: bool, draft: ChartDraft, path: Path
) -> NoteTrack:
    if len(gems) > MAX_NOTES_PER_DIFFICULTY:
        raise ChartError(path, f"more than {MAX_NOTES_PER_DIFFICULTY:,} notes in one difficulty")
    ticks, lanes, cymbals, dynamics, doubles = [], [], [], [], []
    five_by_tick = _five_lane_chords(gems) if five_lane else set()
    for g in gems:
        if not 0 <= g.tick < MAX_TICK:
            raise ChartError(path, f"note tick {g.tick} is out of range")
        lane, cymbal = _four_lane(g, five_lane, g.tick in five_by_tick)
        ticks.append(g.tick)
        lanes.append(int(lane))
        cymbals.append(cymbal and pro)  # a chart that does not tell them apart has only pads
        dynamics.append(int(g.dynamics) if draft.dynamics_enabled else 0)
        doubles.append(g.double_kick)
    times = tempo.seconds(np.array(ticks, dtype=np.float64))
    return NoteTrack(times, lanes, cymbals, dynamics, pro, doubles)


def _five_lane_chords(gems: list[Gem]) -> set[int]:
    """Ticks where five-lane orange and green sound together (green then moves to blue)."""
    orange = {g.tick for g in gems if g.pad == Pad.GREEN}
    return {g.tick for g in gems if g.pad == Pad.FIVE_LANE_GREEN and g.tick in orange}


def _four_lane(gem: Gem, five_lane: bool, orange_with_green: bool) -> tuple[Lane, bool]:
    """The four-lane pro lane and cymbal flag of a gem (five-lane converted as the spec says)."""
    if not five_lane:
        if gem.pad == Pad.FIVE_LANE_GREEN:
            return Lane.GREEN, False
        return Lane(int(gem.pad)), gem.cymbal and gem.pad >= Pad.YELLOW
    # Five-lane: red, blue, green are toms; yellow and orange are cymbals.
    # Red -> red; yellow -> yellow cymbal; blue -> blue tom; orange -> green cymbal;
    # green -> green tom, or blue tom when orange sounds with it.
    if gem.pad == Pad.YELLOW:
        return Lane.YELLOW, True
    if gem.pad == Pad.BLUE:
        return Lane.BLUE, False
    if gem.pad == Pad.GREEN:
        return Lane.GREEN, True
    if gem.pad == Pad.FIVE_LANE_GREEN:
        return (Lane.BLUE if orange_with_green else Lane.GREEN), False
    return Lane(int(gem.pad)), False


def _meta(file_meta: dict[str, str], ini: SongIni, path: Path) -> SongMeta:
    """song.ini tags win over the chart file's own (the community's rule)."""

    def pick(ini_value: str | None, key: str) -> str:
        return ini_value if ini_value else file_meta.get(key, "")

    return SongMeta(
        title=pick(ini.name, "name") or readable_name(path.parent.name),
        artist=pick(ini.artist, "artist"),
        album=pick(ini.album, "album"),
        genre=pick(ini.genre, "genre"),
        year=pick(ini.year, "year").lstrip(", "),
        charter=pick(ini.charter, "charter"),
        length_s=ini.song_length_s,
        preview_start_s=ini.preview_start_s,
        difficulty=ini.diff_drums,
    )
