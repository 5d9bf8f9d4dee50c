"""Practice mode's rules: loops (sections or A-B points), speeds, the lead-in, auto speed-up,
and how each bar and section of a pass went.

A practice pass plays `loop_chart(chart, loop, speed)`: the chart at `speed` (every time /
speed), holding only the notes in the loop [A, B), shifted so that its song time 0 is the
instant the audio at speed starts (`loop_audio_start_s`, a lead-in before A). Loops, bars and
sections are always in ORIGINAL song seconds (speed 1.0); played times are seconds of the loop
chart (at speed and shifted), which pass as fast as the wall clock.

Timing windows at other speeds: the unchanged engine judges the loop chart in played seconds,
so every hit window keeps its width in wall-clock time at any speed (a hit 40 ms late is Great
at 50% as at 100%). YARG does the same the other way round: its engine runs on chart time that
passes `SongSpeed` times as fast as the wall clock, and `BaseEngine.SetSpeed` sets
`HitWindowSettings.Scale = speed`, whose `GetFrontEnd`/`GetBackEnd` multiply the window by it:
windows stay as wide in real time. Slowing down thus makes a passage easier only by giving more
time between notes, never by widening the windows, and a clean pass at 50% means the same
timing as a clean pass at 100%.

Auto speed-up (`next_speed`): a pass at `CLEAN_ACCURACY` (95%) or better goes 5% faster, up to
a top; a pass below `BAD_ACCURACY` (80%: about one note in five missed, or most notes only
Good) steps 5% back, so that a player who is lost gets a slower pass instead of the same one
again; anything between repeats the speed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from game.base.language import _
from game.core.chart import Chart, NoteTrack
from game.core.judgement import Judgement

MIN_SPEED, MAX_SPEED, SPEED_STEP = 0.25, 1.5, 0.05
"""The slowest and fastest practice speeds and the step between speeds (fractions of 1.0)."""
DEFAULT_LEAD_IN_S = 2.0
"""Seconds of audio (at speed) played before A, so the player hears the count into the loop."""
CLEAN_ACCURACY = 0.95
"""A pass at this accuracy (0-1) or better is clean: auto speed-up goes 5% faster."""
BAD_ACCURACY = 0.80
"""A pass below this accuracy (0-1) steps the speed 5% back."""
LOOP_TAIL_S = 0.25
"""Seconds (original) after the chart's last note where a loop to the end stops: enough for the
widest Good window (Relaxed, 135 ms played) at 150% (0.2 s original), so the last note is in."""

_SPEED_GRID = round(1 / SPEED_STEP)  # steps per 1.0 (20)
_TIME_EPS_S = 1e-6  # float slack when comparing song seconds
_TENTHS = np.array([j.accuracy_tenths for j in Judgement], np.float64)  # by Judgement value


class LoopError(ValueError):
    """A loop that cannot be played; the message is the reason, in words a player reads."""


@dataclass(frozen=True)
class Loop:
    """A span of the song to practise, in ORIGINAL song seconds (speed 1.0): from `start_s` (A)
    up to, not including, `end_s` (B); `label` names it on the screen and in the records."""

    start_s: float
    end_s: float
    label: str

    def __post_init__(self) -> None:
        if not (math.isfinite(self.start_s) and math.isfinite(self.end_s)):
            raise ValueError(f"loop times must be finite, got {self.start_s}, {self.end_s}")
        if not self.start_s < self.end_s:
            raise ValueError(f"a loop must start before it ends: {self.start_s}, {self.end_s}")

    @property
    def span_ms(self) -> tuple[int, int]:
        """(A, B) rounded to whole milliseconds: how the practice book knows the loop."""
        return round(self.start_s * 1000), round(self.end_s * 1000)

    def holds(self, time_s: float) -> bool:
        """True when original song second `time_s` lies in [A, B)."""
        return self.start_s <= time_s < self.end_s


# speeds ---------------------------------------------------------------------------------------
def clamp_speed(speed: float) -> float:
    """`speed` rounded to the 5% grid and kept within 0.25-1.5; ValueError when not finite."""
    if not math.isfinite(speed):
        raise ValueError(f"speed must be finite, got {speed}")
    lowest, highest = round(MIN_SPEED * _SPEED_GRID), round(MAX_SPEED * _SPEED_GRID)
    steps = min(max(round(speed * _SPEED_GRID), lowest), highest)
    return round(steps / _SPEED_GRID, 2)


def step_speed(speed: float, steps: int) -> float:
    """`speed` moved `steps` 5% steps (negative = slower), on the grid and within 0.25-1.5."""
    return clamp_speed(clamp_speed(speed) + steps * SPEED_STEP)


def next_speed(
    speed: float,
    accuracy: float,
    target: float = CLEAN_ACCURACY,
    top: float = 1.0,
    bad: float = BAD_ACCURACY,
) -> float:
    """Auto speed-up: the speed of the next pass after one at `speed` with `accuracy` (0-1).

    `accuracy` >= `target`: 5% faster, but not past `top` (itself on the grid, up to 1.5; a
    pass already above `top` stays); below `bad`: 5% slower, not below 0.25; else the same.
    A pass that judged no note (`accuracy` NaN) keeps the speed."""
    speed, top = clamp_speed(speed), clamp_speed(top)
    if math.isnan(accuracy):
        return speed
    if accuracy >= target:
        return max(speed, min(step_speed(speed, 1), top))
    if accuracy < bad:
        return step_speed(speed, -1)
    return speed


# loops ----------------------------------------------------------------------------------------
def whole_song(chart: Chart) -> Loop:
    """The whole song as a loop: from 0 (or an earlier first note) to just after the last note."""
    start = min(0.0, _first_note_s(chart))
    end = max(chart.duration_s + LOOP_TAIL_S, start + LOOP_TAIL_S)
    return Loop(start, end, _("Whole song"))


def section_loop(chart: Chart, first: int, last: int) -> Loop:
    """Sections `first`..`last` (indexes into `chart.sections`, inclusive) as a loop: from the
    start of `first` to the start of the next section after `last` that starts later, or just
    after the chart's last note. LoopError when the song has no sections or the range is not
    in it. A range without notes (a count-in) is a loop all the same: `check_loop` says so."""
    sections = chart.sections
    if not sections:
        raise LoopError(_("This song has no sections"))
    if not 0 <= first <= last < len(sections):
        raise LoopError(_("Choose sections of the song, the first before the last"))
    start = sections[first].time_s
    later = [s.time_s for s in sections[last + 1 :] if s.time_s > start]
    end = later[0] if later else max(chart.duration_s + LOOP_TAIL_S, start + LOOP_TAIL_S)
    if first == last:
        label = sections[first].name
    else:
        label = _("{first} – {last}").format(first=sections[first].name, last=sections[last].name)
    return Loop(start, end, label)


def check_loop(
    chart: Chart, loop: Loop, part: str | None = None, difficulty: str | None = None
) -> Loop:
    """`loop` when it can be practised; LoopError "There are no notes in this loop" when it
    holds no note of `part` at `difficulty` (of any track of the chart when not given)."""
    if part is not None and difficulty is not None:
        times = chart.track(part, difficulty).times
        empty = not np.any((times >= loop.start_s) & (times < loop.end_s))
    else:
        empty = not _holds_a_note(chart, loop.start_s, loop.end_s)
    if empty:
        raise LoopError(_("There are no notes in this loop"))
    return loop


def snap_to_beat(chart: Chart, time_s: float) -> float:
    """The beat line nearest to original song second `time_s` (the tempo map's beats: one
    1/denominator note of the time signature in force); the earlier of two as near."""
    tempo = chart.tempo
    tick = float(tempo.ticks(time_s))
    sigs = tempo.time_signatures
    k = max(i for i, s in enumerate(sigs) if s.tick <= max(tick, 0.0))
    beat = tempo.resolution * 4.0 / sigs[k].denominator
    n = math.floor((tick - sigs[k].tick) / beat + 1e-9)
    before = sigs[k].tick + n * beat
    after = before + beat
    if k + 1 < len(sigs):
        after = min(after, sigs[k + 1].tick)  # a signature change starts a bar, so a beat
    s_before, s_after = (float(x) for x in tempo.seconds([before, after]))
    return s_before if time_s - s_before <= s_after - time_s else s_after


def ab_loop(chart: Chart, a_s: float, b_s: float) -> Loop:
    """A loop from A to B (original song seconds), both snapped to the nearest beat, labelled
    "A–B 0:42.5–0:51.0". LoopError: "A must come before B" when B is not after A; "The loop is
    shorter than a beat" when both snap to one beat or the span is shorter than the beat at A;
    "There are no notes between A and B" when no track of the chart has a note in it."""
    if not (math.isfinite(a_s) and math.isfinite(b_s)):
        raise LoopError(_("A must come before B"))
    a, b = snap_to_beat(chart, a_s), snap_to_beat(chart, b_s)
    if b_s <= a_s:
        raise LoopError(_("A must come before B"))
    if b - a < _beat_length_s(chart, a) - _TIME_EPS_S:
        raise LoopError(_("The loop is shorter than a beat"))
    if not _holds_a_note(chart, a, b):
        raise LoopError(_("There are no notes between A and B"))
    label = _("A–B {a}–{b}").format(a=clock_label(a), b=clock_label(b))
    return Loop(a, b, label)


def clock_label(time_s: float) -> str:
    """Song seconds as minutes, seconds and tenths: 42.5 -> "0:42.5" (negative reads 0)."""
    tenths = max(0, round(time_s * 10))
    minutes, rest = divmod(tenths, 600)
    return f"{minutes}:{rest // 10:02d}.{rest % 10}"


# the chart of a pass --------------------------------------------------------------------------
def loop_audio_start_s(loop: Loop, speed: float, lead_in_s: float = DEFAULT_LEAD_IN_S) -> float:
    """Where a pass starts the audio, in seconds of the audio AT SPEED: `lead_in_s` before A
    (A / speed - lead_in_s), not before 0. It is song time 0 of `loop_chart`."""
    _check_speed(speed)
    return max(0.0, loop.start_s / speed - lead_in_s)


def loop_end_played_s(loop: Loop, speed: float, lead_in_s: float = DEFAULT_LEAD_IN_S) -> float:
    """Where B falls in the song time of `loop_chart(chart, loop, speed, lead_in_s)` (seconds):
    a pass may end there once the engine has judged every note."""
    return loop.end_s / speed - loop_audio_start_s(loop, speed, lead_in_s)


def loop_chart(
    chart: Chart, loop: Loop, speed: float, lead_in_s: float = DEFAULT_LEAD_IN_S
) -> Chart:
    """The chart a pass plays: `chart` at `speed` holding only the notes in [A, B) of every
    track, shifted so that its song time 0 is `loop_audio_start_s(loop, speed, lead_in_s)`.

    Note i of a track here is note i of `loop_track` of the original (a note's played time is
    its original time / speed - that start). A star-power phrase or fill counts only when all
    its notes are in the loop (a phrase cut by A or B is dropped, so no fill ends early);
    sections and phrases outside the loop are dropped, but the section in force at A is kept.
    """
    shift = loop_audio_start_s(loop, speed, lead_in_s)
    tracks = {key: _notes_in(track, loop) for key, track in chart.tracks.items()}
    in_force = chart.section_at(loop.start_s)
    sections = tuple(
        s for s in chart.sections if s is in_force or loop.start_s <= s.time_s < loop.end_s
    )
    phrases: dict = {
        part: tuple(p for p in ps if p.end_s > loop.start_s and p.start_s < loop.end_s)
        for part, ps in chart.phrases.items()
    }
    cut = replace(chart, tracks=tracks, sections=sections, phrases=phrases)
    return cut.at_speed(speed).shifted(shift)


def loop_track(chart: Chart, loop: Loop, part: str, difficulty: str) -> NoteTrack:
    """The original notes (original seconds) of `part` at `difficulty` in [A, B): the `track`
    that `bar_stats` and `section_stats` take for a pass of `loop_chart(chart, loop, ...)`.
    Its note i is note i of the loop chart's track (phrase ids aside)."""
    return _notes_in(chart.track(part, difficulty), loop)


# how a pass went ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PassageStat:
    """How one bar or one section of the ORIGINAL song went in a pass.

    `start_s`/`end_s`: original song seconds; `label`: the section's name or "Bar 12";
    `notes`: notes judged in it; `accuracy`: 0-1 (accuracy tenths / 10 averaged over them), NaN
    with no note; `mean_error_ms`: mean hit time - note time of its hit notes in PLAYED
    milliseconds (negative = early), NaN when none was hit."""

    start_s: float
    end_s: float
    label: str
    notes: int
    accuracy: float
    mean_error_ms: float


def bar_stats(
    chart: Chart,
    track: NoteTrack,
    judgements: Sequence[int] | NDArray,
    hit_times: Sequence[float] | NDArray,
    speed: float = 1.0,
    shift_s: float = 0.0,
) -> list[PassageStat]:
    """Every bar of the original song from the bar of `track`'s first note to that of its last,
    with how it went (bars with no note judged have notes 0 and NaN accuracy).

    `chart` is the ORIGINAL chart and `track` the original notes that were played, in order:
    `loop_track(chart, loop, part, difficulty)` for a pass of `loop_chart` (the whole track
    for a full play at speed 1.0). `judgements` and `hit_times` are the played engine's
    (`PlayerEngine.judgements` / `.hit_times`, one per note of `track`), in song seconds of the
    played chart, where a note lies at original time / `speed` - `shift_s` (`shift_s` =
    `loop_audio_start_s`)."""
    if not len(track):
        return []
    tempo = chart.tempo
    positions = tempo.bar_position(track.times)
    first = math.floor(float(positions[0]) + 1e-9)
    last = math.floor(float(positions[-1]) + 1e-9)
    edges = tempo.seconds_at_bar_position(np.arange(first, last + 2, dtype=np.float64))
    labels = [_("Bar {number}").format(number=n + 1) for n in range(first, last + 1)]
    where = np.floor(positions + 1e-9).astype(np.int64) - first
    return _passages(edges, labels, where, track, judgements, hit_times, speed, shift_s)


def section_stats(
    chart: Chart,
    track: NoteTrack,
    judgements: Sequence[int] | NDArray,
    hit_times: Sequence[float] | NDArray,
    speed: float = 1.0,
    shift_s: float = 0.0,
) -> list[PassageStat]:
    """Every section of the original song from the one holding `track`'s first note to the one
    holding its last, with how it went; notes before the first section count in a passage
    labelled "Song start". The arguments are `bar_stats`'s. Empty for a chart with no sections."""
    if not len(track) or not chart.sections:
        return []
    starts = [s.time_s for s in chart.sections]
    labels = [s.name for s in chart.sections]
    if float(track.times[0]) < starts[0]:
        starts.insert(0, min(0.0, float(track.times[0])))
        labels.insert(0, _("Song start"))
    end = max(chart.duration_s, float(track.times[-1])) + LOOP_TAIL_S
    edges = np.array([*starts, max(end, starts[-1] + LOOP_TAIL_S)])
    where = np.searchsorted(edges, track.times + _TIME_EPS_S, side="right") - 1
    lo, hi = int(where[0]), int(where[-1])
    return _passages(
        edges[lo : hi + 2],
        labels[lo : hi + 1],
        where - lo,
        track,
        judgements,
        hit_times,
        speed,
        shift_s,
    )


def worst_passage(chart: Chart, bars: list[PassageStat], span_bars: int = 4) -> Loop | None:
    """The `span_bars` consecutive bars (of `bar_stats`) played worst, as a loop labelled
    "Bars 12-15": the lowest accuracy over the notes of the run (a bar with no note adds
    nothing, a run with none is passed over; ties: the earliest). With fewer bars, all of them.
    None when no note was judged."""
    if span_bars < 1:
        raise ValueError(f"span_bars must be 1 or more, got {span_bars}")
    notes = np.array([b.notes for b in bars], dtype=np.float64)
    if not notes.sum():
        return None
    tenths = np.array([b.accuracy * b.notes if b.notes else 0.0 for b in bars])
    span = min(span_bars, len(bars))
    kernel = np.ones(span)
    run_notes = np.convolve(notes, kernel, mode="valid")
    run_sums = np.convolve(tenths, kernel, mode="valid")
    with np.errstate(invalid="ignore", divide="ignore"):
        accuracy = np.where(run_notes > 0, run_sums / np.maximum(run_notes, 1), np.inf)
    i = int(np.argmin(np.round(accuracy, 9)))  # argmin: the earliest of equals
    first, last = bars[i], bars[i + span - 1]
    n0 = math.floor(float(chart.tempo.bar_position(first.start_s)) + 1e-6) + 1
    n1 = math.floor(float(chart.tempo.bar_position(last.start_s)) + 1e-6) + 1
    if n0 == n1:
        label = _("Bar {number}").format(number=n0)
    else:
        label = _("Bars {first}-{last}").format(first=n0, last=n1)
    return Loop(first.start_s, last.end_s, label)


# helpers --------------------------------------------------------------------------------------
def _check_speed(speed: float) -> None:
    if not (speed > 0 and math.isfinite(speed)):
        raise ValueError(f"speed must be positive, got {speed}")


def _first_note_s(chart: Chart) -> float:
    return min((float(t.times[0]) for t in chart.tracks.values() if len(t)), default=0.0)


def _holds_a_note(chart: Chart, start_s: float, end_s: float) -> bool:
    """True when some track of `chart` has a note in [start_s, end_s)."""
    return any(
        bool(np.any((t.times >= start_s) & (t.times < end_s))) for t in chart.tracks.values()
    )


def _beat_length_s(chart: Chart, time_s: float) -> float:
    """Seconds from beat line `time_s` to the next beat line."""
    tempo = chart.tempo
    tick = float(tempo.ticks(time_s))
    sigs = tempo.time_signatures
    k = max(i for i, s in enumerate(sigs) if s.tick <= max(tick, 0.0) + 1e-6)
    after = tick + tempo.resolution * 4.0 / sigs[k].denominator
    if k + 1 < len(sigs):
        after = min(after, sigs[k + 1].tick)
    return float(tempo.seconds(after)) - time_s


def _notes_in(track: NoteTrack, loop: Loop) -> NoteTrack:
    """`track`'s notes in [A, B); a star-power phrase or fill with a note outside loses its id."""
    keep = (track.times >= loop.start_s) & (track.times < loop.end_s)
    if keep.all():
        return track
    phrase, fill = track.star_phrase_id, track.fill_id
    cut_phrases = np.unique(phrase[~keep & (phrase >= 0)])
    cut_fills = np.unique(fill[~keep & (fill >= 0)])
    phrase = np.where(np.isin(phrase, cut_phrases), -1, phrase)
    fill = np.where(np.isin(fill, cut_fills), -1, fill)
    return NoteTrack(
        track.times[keep],
        track.lanes[keep],
        track.cymbal[keep],
        track.dynamics[keep],
        track.pro_drums,
        track.double_kick[keep],
        phrase[keep],
        fill[keep],
    )


def _passages(
    edges: NDArray[np.float64],
    labels: list[str],
    where: NDArray[np.int64],
    track: NoteTrack,
    judgements: Sequence[int] | NDArray,
    hit_times: Sequence[float] | NDArray,
    speed: float,
    shift_s: float,
) -> list[PassageStat]:
    """The passages [edges[k], edges[k + 1]) labelled `labels[k]`, from the played notes;
    note i lies in passage `where[i]`."""
    _check_speed(speed)
    judged = np.asarray(judgements, dtype=np.int64)
    hits = np.asarray(hit_times, dtype=np.float64)
    if len(judged) != len(track) or len(hits) != len(track):
        raise ValueError(
            f"one judgement and one hit time per note: {len(track)} notes, "
            f"{len(judged)} judgements, {len(hits)} hit times"
        )
    count = len(labels)
    inside = (where >= 0) & (where < count)
    counted = inside & (judged >= Judgement.PERFECT) & (judged <= Judgement.MISS)
    hit = counted & (judged <= Judgement.GOOD) & np.isfinite(hits)
    tenths = np.zeros(len(track))
    tenths[counted] = _TENTHS[judged[counted]]
    errors_ms = (hits - (track.times / speed - shift_s)) * 1000.0
    notes = np.bincount(where[counted], minlength=count)
    sums = np.bincount(where[counted], weights=tenths[counted], minlength=count)
    hit_notes = np.bincount(where[hit], minlength=count)
    error_sums = np.bincount(where[hit], weights=errors_ms[hit], minlength=count)
    out = []
    for k in range(count):
        n, h = int(notes[k]), int(hit_notes[k])
        out.append(
            PassageStat(
                float(edges[k]),
                float(edges[k + 1]),
                labels[k],
                n,
                float(sums[k]) / 10.0 / n if n else math.nan,
                float(error_sums[k]) / h if h else math.nan,
            )
        )
    return out
