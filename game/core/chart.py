"""The chart model: song metadata, sections, and one immutable note track per part and difficulty.

A `NoteTrack` holds a whole part as numpy arrays sorted by (time, lane). Charts are immutable and
shared; hit state belongs to the engine, never to the notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum

import numpy as np
from numpy.typing import NDArray

from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.core.tempo import TempoMap

UNISON_TOLERANCE_S = 1e-4
"""Notes of the two duet parts closer than this (seconds) stand at the same instant."""


@dataclass(frozen=True, slots=True)
class Note:
    """One note: its song time in seconds, lane, cymbal (else tom) flag and dynamics."""

    time_s: float
    lane: Lane
    cymbal: bool = False
    dynamics: Dynamics = Dynamics.NORMAL


class NoteTrack:
    """The notes of one part at one difficulty, as read-only arrays sorted by (time, lane).

    `cymbal` is only ever true on yellow, blue and green notes. Two notes on one lane at one
    instant are one note: the later duplicate is dropped. `pro_drums` is false for a chart that
    does not tell cymbals from toms: then no player is held to the pro-cymbal rule on it.

    Star power marks, per note: `star_phrase_id` is the star-power phrase the note lies in (-1
    outside any; `star_phrase` is the same as bools), `fill_id` the activation fill it lies in
    (-1 outside), `fill_end` true on the notes of a fill's last instant (hitting one activates
    star power), and `double_kick` true on an Expert+ 2x kick. Ids are renumbered 0, 1, 2... in
    order, so that every id holds a note (a subset keeps only the phrases its notes are in).
    """

    __slots__ = (
        "cymbal",
        "double_kick",
        "dynamics",
        "fill_end",
        "fill_id",
        "lanes",
        "pro_drums",
        "star_phrase",
        "star_phrase_id",
        "times",
    )

    def __init__(
        self,
        times: Iterable[float] | NDArray[np.float64],
        lanes: Iterable[int] | NDArray[np.int8],
        cymbal: Iterable[bool] | NDArray[np.bool_] | None = None,
        dynamics: Iterable[int] | NDArray[np.int8] | None = None,
        pro_drums: bool = True,
        double_kick: Iterable[bool] | NDArray[np.bool_] | None = None,
        star_phrase_id: Iterable[int] | NDArray[np.int32] | None = None,
        fill_id: Iterable[int] | NDArray[np.int32] | None = None,
    ) -> None:
        self.pro_drums = bool(pro_drums)
        t = _array(times, np.float64)
        n = len(t)
        ln = _array(lanes, np.int64)
        cy = np.zeros(n, dtype=bool) if cymbal is None else _array(cymbal, np.bool_)
        dy = np.zeros(n, dtype=np.int64) if dynamics is None else _array(dynamics, np.int64)
        dk = np.zeros(n, dtype=bool) if double_kick is None else _array(double_kick, np.bool_)
        sp = (
            np.full(n, -1, np.int64) if star_phrase_id is None else _array(star_phrase_id, np.int64)
        )
        fi = np.full(n, -1, np.int64) if fill_id is None else _array(fill_id, np.int64)
        if not (len(ln) == len(cy) == len(dy) == len(dk) == len(sp) == len(fi) == n):
            raise ValueError("times, lanes and every per-note flag must have one entry per note")
        if n and not np.all(np.isfinite(t)):
            raise ValueError("note times must be finite")
        if n and (ln.min() < Lane.KICK or ln.max() > Lane.GREEN):
            raise ValueError("note lanes must be 0 (kick) to 4 (green)")
        if n and (dy.min() < 0 or dy.max() > Dynamics.GHOST):
            raise ValueError("note dynamics must be normal, accent or ghost")
        if n and (sp.min() < -1 or fi.min() < -1):
            raise ValueError("phrase and fill ids must be -1 (none) or more")
        ln, dy = ln.astype(np.int8), dy.astype(np.int8)
        sp, fi = sp.astype(np.int32), fi.astype(np.int32)
        cy = cy & (ln >= Lane.YELLOW)
        dk = dk & (ln == Lane.KICK)
        order = np.lexsort((ln, t))
        t, ln, cy, dy, dk, sp, fi = (a[order] for a in (t, ln, cy, dy, dk, sp, fi))
        if n > 1:
            keep = np.ones(n, dtype=bool)
            keep[1:] = ~((t[1:] == t[:-1]) & (ln[1:] == ln[:-1]))
            t, ln, cy, dy, dk, sp, fi = (a[keep] for a in (t, ln, cy, dy, dk, sp, fi))
        sp, fi = _compact(sp), _compact(fi)
        fe = _last_instant_of_each(t, fi)
        for a in (t, ln, cy, dy, dk, sp, fi, fe):
            a.flags.writeable = False
        self.times: NDArray[np.float64] = t
        self.lanes: NDArray[np.int8] = ln
        self.cymbal: NDArray[np.bool_] = cy
        self.dynamics: NDArray[np.int8] = dy
        self.double_kick: NDArray[np.bool_] = dk
        self.star_phrase_id: NDArray[np.int32] = sp
        self.fill_id: NDArray[np.int32] = fi
        self.fill_end: NDArray[np.bool_] = fe
        star = sp >= 0
        star.flags.writeable = False
        self.star_phrase: NDArray[np.bool_] = star

    @classmethod
    def from_notes(cls, notes: Iterable[Note], pro_drums: bool = True) -> NoteTrack:
        """A track from `Note` objects in any order."""
        notes = list(notes)
        return cls(
            [n.time_s for n in notes],
            [int(n.lane) for n in notes],
            [n.cymbal for n in notes],
            [int(n.dynamics) for n in notes],
            pro_drums,
        )

    def subset(self, keep: NDArray[np.bool_]) -> NoteTrack:
        """The notes where `keep` is true, as a new track."""
        return NoteTrack(
            self.times[keep],
            self.lanes[keep],
            self.cymbal[keep],
            self.dynamics[keep],
            self.pro_drums,
            self.double_kick[keep],
            self.star_phrase_id[keep],
            self.fill_id[keep],
        )

    def at_speed(self, speed: float) -> NoteTrack:
        """This track played at `speed` (0.5 = half as fast): every time divided by `speed`."""
        return self._retimed(self.times / speed)

    def shifted(self, delta_s: float) -> NoteTrack:
        """This track moved `delta_s` seconds earlier: every time minus `delta_s`."""
        if delta_s == 0.0:
            return self
        return self._retimed(self.times - delta_s)

    def _retimed(self, times: NDArray[np.float64]) -> NoteTrack:
        """These notes (same order, same flags and ids) at `times` (seconds)."""
        return NoteTrack(
            times,
            self.lanes,
            self.cymbal,
            self.dynamics,
            self.pro_drums,
            self.double_kick,
            self.star_phrase_id,
            self.fill_id,
        )

    def with_star_power(
        self, star_phrase_id: NDArray[np.int32], fill_id: NDArray[np.int32]
    ) -> NoteTrack:
        """This track with the given per-note star-power phrase and fill ids (-1 = none)."""
        return NoteTrack(
            self.times,
            self.lanes,
            self.cymbal,
            self.dynamics,
            self.pro_drums,
            self.double_kick,
            star_phrase_id,
            fill_id,
        )

    def __len__(self) -> int:
        return len(self.times)

    def note(self, i: int) -> Note:
        """The i-th note (in time order) as a `Note`."""
        return Note(
            float(self.times[i]),
            Lane(int(self.lanes[i])),
            bool(self.cymbal[i]),
            Dynamics(int(self.dynamics[i])),
        )

    def __iter__(self):
        return (self.note(i) for i in range(len(self)))

    def lane_counts(self) -> dict[Lane, int]:
        """How many notes each lane has."""
        counts = np.bincount(self.lanes, minlength=5)
        return {lane: int(counts[lane]) for lane in Lane}

    @property
    def end_s(self) -> float:
        """The time of the last note, or 0.0 for an empty track."""
        return float(self.times[-1]) if len(self) else 0.0

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NoteTrack):
            return NotImplemented
        return self.pro_drums == other.pro_drums and all(
            np.array_equal(a, b)
            for a, b in (
                (self.times, other.times),
                (self.lanes, other.lanes),
                (self.cymbal, other.cymbal),
                (self.dynamics, other.dynamics),
                (self.double_kick, other.double_kick),
                (self.star_phrase_id, other.star_phrase_id),
                (self.fill_id, other.fill_id),
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"NoteTrack({len(self)} notes, {self.end_s:.3f} s)"


@dataclass(frozen=True, slots=True)
class Section:
    """A named section of a song ("Verse 1") starting at `time_s` seconds."""

    time_s: float
    name: str


class PhraseKind(str, Enum):
    """Kinds of phrases a drum chart marks. DO NOT MODIFY THE VALUES."""

    STAR_POWER = "star_power"
    SOLO = "solo"
    FILL = "fill"
    ROLL = "roll"
    DOUBLE_ROLL = "double_roll"
    VERSUS_P1 = "versus_p1"
    VERSUS_P2 = "versus_p2"


@dataclass(frozen=True, slots=True)
class Phrase:
    """A marked span of a part, from `start_s` up to (not including) `end_s` seconds."""

    kind: PhraseKind
    start_s: float
    end_s: float

    def holds(self, time_s: float) -> bool:
        """True when `time_s` lies inside the phrase."""
        return self.start_s <= time_s < self.end_s


@dataclass(frozen=True, slots=True)
class SongMeta:
    """What a song is: title, artist and the other tags a song list shows.

    `difficulty` is the charter's 0-6 drums rating (song.ini diff_drums), None when unknown.
    """

    title: str
    artist: str = ""
    album: str = ""
    genre: str = ""
    year: str = ""
    charter: str = ""
    length_s: float | None = None
    preview_start_s: float | None = None
    difficulty: int | None = None


@dataclass(frozen=True)
class Chart:
    """A whole song's chart: metadata, tempo map, sections and note tracks by (part, difficulty)."""

    meta: SongMeta
    tempo: TempoMap
    tracks: Mapping[tuple[Part, Difficulty], NoteTrack]
    sections: tuple[Section, ...] = field(default=())
    phrases: Mapping[Part, tuple[Phrase, ...]] = field(default_factory=dict)

    def track(self, part: Part | str, difficulty: Difficulty | str) -> NoteTrack:
        """The notes of `part` at `difficulty`; KeyError naming both when the chart lacks it.

        Expert+ of a part without 2x kicks is its Expert.
        """
        key = (Part(part), Difficulty(difficulty))
        if key[1] is Difficulty.EXPERT_PLUS and key not in self.tracks:
            key = (key[0], Difficulty.EXPERT)
        try:
            return self.tracks[key]
        except KeyError:
            have = ", ".join(f"{p.value}/{d.value}" for p, d in sorted(self.tracks, key=str))
            raise KeyError(
                f"{self.meta.title!r} has no {key[0].value} part at {key[1].value} "
                f"(it has: {have or 'nothing'})"
            ) from None

    def parts(self) -> list[Part]:
        """The parts this chart has at any difficulty, in Part order."""
        have = {p for p, _ in self.tracks}
        return [p for p in Part if p in have]

    def difficulties(self, part: Part | str) -> list[Difficulty]:
        """The difficulties `part` is charted at, easiest first."""
        have = {d for p, d in self.tracks if p == Part(part)}
        return [d for d in Difficulty if d in have]

    @property
    def duration_s(self) -> float:
        """When the chart ends: the last note of any track (seconds). song.ini's song_length
        (`meta.length_s`) is only what the file says, often wrong, so it never decides this."""
        return max((t.end_s for t in self.tracks.values()), default=0.0)

    def at_speed(self, speed: float) -> Chart:
        """This chart played at `speed` (0.5 = half as fast, 1.25 faster): every note, section,
        phrase and tempo at its song seconds / `speed`. The notes and their order stay the
        same, so note i here is note i of the original."""
        if speed == 1.0:
            return self
        tempo = self.tempo.at_speed(speed)  # checks `speed`
        return replace(
            self,
            tempo=tempo,
            tracks={key: track.at_speed(speed) for key, track in self.tracks.items()},
            sections=tuple(Section(s.time_s / speed, s.name) for s in self.sections),
            phrases={
                part: tuple(Phrase(p.kind, p.start_s / speed, p.end_s / speed) for p in phrases)
                for part, phrases in self.phrases.items()
            },
        )

    def shifted(self, delta_s: float) -> Chart:
        """This chart moved `delta_s` seconds earlier (song second `delta_s` becomes 0): every
        note, section, phrase and tempo at its song seconds minus `delta_s`; note i stays note i."""
        if delta_s == 0.0:
            return self
        tempo = self.tempo.shifted(delta_s)  # checks `delta_s`
        return replace(
            self,
            tempo=tempo,
            tracks={key: track.shifted(delta_s) for key, track in self.tracks.items()},
            sections=tuple(Section(s.time_s - delta_s, s.name) for s in self.sections),
            phrases={
                part: tuple(Phrase(p.kind, p.start_s - delta_s, p.end_s - delta_s) for p in phrases)
                for part, phrases in self.phrases.items()
            },
        )

    def section_at(self, time_s: float) -> Section | None:
        """The section that `time_s` lies in, or None before the first."""
        current = None
        for s in self.sections:
            if s.time_s > time_s:
                break
            current = s
        return current


@dataclass(frozen=True)
class Unison:
    """The unison notes of a duet: notes (a lane at an instant) that stand in both parts.

    `times[k]` and `lanes[k]` are the k-th unison note; `instant_of_note[p][i]` is the unison
    note that note i of player p (0 or 1) is, or -1 when it is that player's alone.
    """

    times: NDArray[np.float64]
    lanes: NDArray[np.int8]
    instant_of_note: tuple[NDArray[np.int64], NDArray[np.int64]]

    def __len__(self) -> int:
        return len(self.times)

    def notes_at(self, player: int, instant: int) -> NDArray[np.int64]:
        """Indices of player `player`'s notes that are unison note `instant`."""
        return np.flatnonzero(self.instant_of_note[player] == instant)


def find_unison(p1: NoteTrack, p2: NoteTrack, tolerance_s: float = UNISON_TOLERANCE_S) -> Unison:
    """The unison notes of a duet: same lane, same instant (within `tolerance_s`) in both parts."""

    def keys(t: NoteTrack) -> NDArray[np.int64]:
        return np.rint(t.times / tolerance_s).astype(np.int64) * 8 + t.lanes

    k1, k2 = keys(p1), keys(p2)
    common = np.intersect1d(k1, k2)

    def instants(k: NDArray[np.int64]) -> NDArray[np.int64]:
        out = np.full(len(k), -1, dtype=np.int64)
        if len(common):
            idx = np.minimum(np.searchsorted(common, k), len(common) - 1)
            found = common[idx] == k
            out[found] = idx[found]
        out.flags.writeable = False
        return out

    of_p1, of_p2 = instants(k1), instants(k2)
    first = np.full(len(common), -1, dtype=np.int64)
    in_unison = np.flatnonzero(of_p1 >= 0)
    first[of_p1[in_unison]] = in_unison
    times = np.array(p1.times[first], dtype=np.float64)
    lanes = np.array(p1.lanes[first], dtype=np.int8)
    for a in (times, lanes):
        a.flags.writeable = False
    return Unison(times, lanes, (of_p1, of_p2))


def _compact(ids: NDArray[np.int32]) -> NDArray[np.int32]:
    """Ids renumbered 0, 1, 2... in order of value, so that every id holds a note (-1 stays)."""
    inside = ids >= 0
    if not inside.any():
        return ids
    out = np.full(len(ids), -1, dtype=np.int32)
    out[inside] = np.unique(ids[inside], return_inverse=True)[1]
    return out


def _last_instant_of_each(times: NDArray[np.float64], fill_id: NDArray[np.int32]) -> NDArray:
    """Per note: true when it stands at the last instant of the fill it lies in."""
    out = np.zeros(len(times), dtype=bool)
    if len(times) and fill_id.max() >= 0:
        inside = np.flatnonzero(fill_id >= 0)
        last = np.full(int(fill_id.max()) + 1, -np.inf)
        np.maximum.at(last, fill_id[inside], times[inside])
        out[inside] = times[inside] == last[fill_id[inside]]
    return out


def _array(values: Iterable | np.ndarray, dtype: type) -> np.ndarray:
    """`values` (an array, a sequence or any iterable) as a new 1-D array of `dtype`."""
    if not isinstance(values, np.ndarray):
        values = list(values)
    return np.array(values, dtype=dtype).reshape(-1)
