"""Chart quality checks for Drum Duet's own songs (`drum-duet chart check`).

Each check returns a `CheckResult`; a song ships only when all pass.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from game.core.chart import Chart, NoteTrack, find_unison
from game.core.lanes import Difficulty, Lane, Part

GRID_TOLERANCE_BEATS = 1e-4
MAX_HAND_NOTES = 2
NPS_RANGES = {
    Difficulty.EXPERT: (4.0, None),
    Difficulty.HARD: (3.0, 5.0),
    Difficulty.MEDIUM: (1.8, 3.2),
    Difficulty.EASY: (None, 1.8),
}
NESTED_SHARE = 0.90
UNISON_SHARE = (0.08, 0.25)


@dataclass(frozen=True)
class CheckResult:
    """One check: its name, whether it passed, and what was measured."""

    name: str
    passed: bool
    detail: str


def notes_per_second(track: NoteTrack, length_s: float) -> float:
    """Average notes per second over the song's length."""
    return len(track) / length_s if length_s > 0 else 0.0


def off_grid(track: NoteTrack, chart: Chart) -> int:
    """How many notes lie on neither the 1/16 nor the triplet 1/12 grid."""
    beats = chart.tempo.ticks(track.times) / chart.tempo.resolution
    on16 = np.abs(beats * 4 - np.rint(beats * 4)) < GRID_TOLERANCE_BEATS * 4
    on12 = np.abs(beats * 3 - np.rint(beats * 3)) < GRID_TOLERANCE_BEATS * 3
    return int((~(on16 | on12)).sum())


def too_many_hands(track: NoteTrack) -> int:
    """How many instants ask for more than two hand notes (the kick is a foot)."""
    hands = track.times[track.lanes != Lane.KICK]
    if not len(hands):
        return 0
    _, counts = np.unique(hands, return_counts=True)
    return int((counts > MAX_HAND_NOTES).sum())


def nested_share(easier: NoteTrack, harder: NoteTrack) -> float:
    """The share of the easier difficulty's note times that the harder one also has."""
    if not len(easier):
        return 1.0
    return float(np.isin(np.rint(easier.times * 1e6), np.rint(harder.times * 1e6)).mean())


def unison_share(p1: NoteTrack, p2: NoteTrack) -> float:
    """The share of the duet's notes (P1's plus P2's) that are unison notes (in both parts)."""
    total = len(p1) + len(p2)
    return 2 * len(find_unison(p1, p2)) / total if total else 0.0


def check_chart(chart: Chart) -> list[CheckResult]:
    """Every quality check of SPEC's built-in songs, over all parts and difficulties."""
    results: list[CheckResult] = []
    length = chart.duration_s
    parts = [Part.FULL, Part.P1, Part.P2]
    for part in parts:
        for d in Difficulty.standard():
            if (part, d) not in chart.tracks:
                results.append(CheckResult(f"{part.value}/{d.value} exists", False, "missing"))
    if not all(r.passed for r in results):
        return results
    for part in parts:
        for d in Difficulty.standard():
            t = chart.tracks[(part, d)]
            where = f"{part.value}/{d.value}"
            bad = off_grid(t, chart)
            results.append(
                CheckResult(
                    f"{where} on the 1/16 or 1/12 grid", bad == 0, f"{bad} notes off the grid"
                )
            )
            bad = too_many_hands(t)
            results.append(
                CheckResult(
                    f"{where} at most two hands plus kick",
                    bad == 0,
                    f"{bad} instants ask for three hands or more",
                )
            )
            nps = notes_per_second(t, length)
            lo, hi = NPS_RANGES[d]
            ok = (lo is None or nps >= lo) and (hi is None or nps <= hi)
            want = f"{lo or 0}–{hi or '∞'}"
            results.append(CheckResult(f"{where} density", ok, f"{nps:.2f} notes/s (want {want})"))
        ladder = Difficulty.standard()
        for easier, harder in itertools.pairwise(ladder):
            share = nested_share(chart.tracks[(part, easier)], chart.tracks[(part, harder)])
            results.append(
                CheckResult(
                    f"{part.value}/{easier.value} inside {harder.value}",
                    share >= NESTED_SHARE,
                    f"{share * 100:.1f}% of its note times are in {harder.value}",
                )
            )
    for d in Difficulty.standard():
        full, p1, p2 = (chart.tracks[(p, d)] for p in parts)
        keys = {
            (round(t, 6), int(ln))
            for tr in (p1, p2)
            for t, ln in zip(tr.times.tolist(), tr.lanes.tolist(), strict=True)
        }
        missing = sum(
            (round(t, 6), int(ln)) not in keys
            for t, ln in zip(full.times.tolist(), full.lanes.tolist(), strict=True)
        )
        results.append(
            CheckResult(
                f"{d.value}: P1 ∪ P2 covers the full part",
                missing == 0,
                f"{missing} full-part notes in neither duet part",
            )
        )
        share = unison_share(p1, p2)
        lo, hi = UNISON_SHARE
        results.append(
            CheckResult(
                f"{d.value}: unison notes",
                lo <= share <= hi,
                f"{share * 100:.1f}% of duet notes (want 8–25%)",
            )
        )
    named = bool(chart.sections) and all(s.name.strip() for s in chart.sections)
    results.append(
        CheckResult(
            "sections named",
            named,
            f"{len(chart.sections)} sections: " + ", ".join(s.name for s in chart.sections[:12]),
        )
    )
    return results
