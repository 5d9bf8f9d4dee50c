"""`drum-duet chart info` and `drum-duet chart split`: what a song folder or chart file holds."""

from __future__ import annotations

import argparse
import json

from game.cli.common import EXIT_MISMATCH, subcommand
from game.core.chart import Chart, NoteTrack, find_unison
from game.core.chart_check import check_chart
from game.core.lanes import Difficulty, Dynamics, Lane, Part
from game.formats.song_folder import load_song

LANE_NAMES = {lane: lane.name.lower() for lane in Lane}


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `chart info` and `chart split`."""
    chart = sub.add_parser("chart", help="look inside a song folder or chart file")
    chart_sub = chart.add_subparsers(dest="chart_command", metavar="ACTION", required=True)
    info = subcommand(
        chart_sub,
        "info",
        "notes per part, difficulty and lane",
        _info,
        ("PATH", "a song folder, notes.mid or .chart"),
        json=True,
    )
    info.add_argument("--expert-plus", action="store_true", help="count 2x kicks on Expert")
    split_help = "show how the duet parts divide the kit"
    subcommand(chart_sub, "split", split_help, _split, ("PATH", None), json=True)
    check_help = "the quality checks of Drum Duet's own songs"
    subcommand(chart_sub, "check", check_help, _check, ("PATH", None))


def track_counts(track: NoteTrack) -> dict[str, object]:
    """Notes, notes per lane, cymbals, toms, accents, ghosts, star-power phrases, activation
    fills and 2x kicks of one track."""
    pads = track.lanes >= Lane.YELLOW
    return {
        "notes": len(track),
        "lanes": {LANE_NAMES[lane]: n for lane, n in track.lane_counts().items()},
        "cymbals": int((pads & track.cymbal).sum()),
        "toms": int((pads & ~track.cymbal).sum()),
        "accents": int((track.dynamics == Dynamics.ACCENT).sum()),
        "ghosts": int((track.dynamics == Dynamics.GHOST).sum()),
        "star_phrases": int(track.star_phrase_id.max(initial=-1)) + 1,
        "fills": int(track.fill_id.max(initial=-1)) + 1,
        "double_kicks": int(track.double_kick.sum()),
    }


def chart_info(chart: Chart, expert_plus: bool = False) -> dict[str, object]:
    """The `chart info` JSON of a chart."""
    parts: dict[str, dict[str, object]] = {}
    for part in chart.parts():
        diffs = {}
        for difficulty in Difficulty.standard():
            source = difficulty
            plus = (part, Difficulty.EXPERT_PLUS)
            if expert_plus and difficulty is Difficulty.EXPERT and plus in chart.tracks:
                source = Difficulty.EXPERT_PLUS
            if (part, source) in chart.tracks:
                diffs[difficulty.value] = track_counts(chart.tracks[(part, source)])
        parts[part.value] = diffs
    return {
        "title": chart.meta.title,
        "artist": chart.meta.artist,
        "parts": parts,
        "sections": [{"time_s": round(s.time_s, 6), "name": s.name} for s in chart.sections],
        "duration_s": round(chart.duration_s, 6),
    }


def split_summary(chart: Chart) -> dict[str, dict[str, object]]:
    """Per difficulty: each duet part's notes and share of the full part, lanes, and unison."""
    out = {}
    for difficulty in chart.difficulties(Part.FULL):
        full = chart.tracks[(Part.FULL, difficulty)]
        p1 = chart.tracks.get((Part.P1, difficulty))
        p2 = chart.tracks.get((Part.P2, difficulty))
        if p1 is None or p2 is None:
            continue
        out[difficulty.value] = {
            "full": len(full),
            "p1": {"notes": len(p1), "share": _share(p1, full), "lanes": _lanes(p1)},
            "p2": {"notes": len(p2), "share": _share(p2, full), "lanes": _lanes(p2)},
            "unison_notes": len(find_unison(p1, p2)),
        }
    return out


def _share(part: NoteTrack, full: NoteTrack) -> float:
    return round(len(part) / len(full), 4) if len(full) else 0.0


def _lanes(track: NoteTrack) -> dict[str, int]:
    return {LANE_NAMES[lane]: n for lane, n in track.lane_counts().items()}


def _info(args: argparse.Namespace) -> int:
    chart = load_song(args.path).chart
    info = chart_info(chart, args.expert_plus)
    if args.json:
        print(json.dumps(info, indent=2))
        return 0
    print(f"{info['title']} — {info['artist']}  ({info['duration_s']:.1f} s)")
    for part, diffs in info["parts"].items():
        for difficulty, c in diffs.items():
            lanes = " ".join(f"{k} {v}" for k, v in c["lanes"].items())
            print(
                f"  {part:4} {difficulty:6} {c['notes']:5} notes  {lanes}  "
                f"cymbals {c['cymbals']} toms {c['toms']} accents {c['accents']} "
                f"ghosts {c['ghosts']}  star phrases {c['star_phrases']} fills {c['fills']}"
            )
    print(f"  sections: {', '.join(s['name'] for s in info['sections']) or 'none'}")
    return 0


def _split(args: argparse.Namespace) -> int:
    chart = load_song(args.path).chart
    summary = split_summary(chart)
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"{chart.meta.title}: how Player 1 and Player 2 share the kit")
    for difficulty, s in summary.items():
        print(f"  {difficulty}: {s['full']} notes, {s['unison_notes']} unison notes")
        for who in ("p1", "p2"):
            p = s[who]
            lanes = " ".join(f"{k} {v}" for k, v in p["lanes"].items() if v)
            print(f"    {who.upper()} {p['notes']:5} notes ({p['share'] * 100:4.1f}%)  {lanes}")
    return 0


def _check(args: argparse.Namespace) -> int:
    song = load_song(args.path)
    results = check_chart(song.chart)
    for r in results:
        print(f"{'PASS' if r.passed else 'FAIL'}  {r.name}: {r.detail}")
    failed = sum(not r.passed for r in results)
    print(f"{song.chart.meta.title}: {len(results) - failed} checks passed, {failed} failed")
    return EXIT_MISMATCH if failed else 0
