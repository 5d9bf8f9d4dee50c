"""Write the built-in songs: `python -m tools.compose.build [--out DIR] [--only SLUG]`.

Every song is composed, checked with `check_chart` (nothing is written when a check fails),
written as a song folder (song.ini, notes.mid, arrangement.mid) under DIR (default: charts/),
read back with the game's own loader and checked again. The output is deterministic: two runs
give byte-identical files.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from game.core.chart import Chart
from game.core.chart_check import check_chart, notes_per_second, unison_share
from game.core.lanes import Difficulty, Part
from game.formats.arrangement_mid import write_arrangement
from game.formats.notes_mid_writer import write_song_folder
from game.formats.song_folder import load_song
from tools.compose import firecracker_night, gilded_hour, nara_soundcheck
from tools.compose.song import Composition

log = logging.getLogger("tools.compose.build")

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "charts"
SONGS = (firecracker_night, gilded_hour, nara_soundcheck)


def compose_all() -> list[Composition]:
    """Every built-in song, composed in memory."""
    return [song.compose() for song in SONGS]


def failures(chart: Chart) -> list[str]:
    """The checks of `check_chart` that fail, as readable lines ([] when all pass)."""
    return [f"{r.name}: {r.detail}" for r in check_chart(chart) if not r.passed]


def summary(chart: Chart) -> list[str]:
    """Notes per second of every part and difficulty, and the unison share, as lines."""
    lines = []
    for d in Difficulty.standard():
        nps = {p: notes_per_second(chart.tracks[(p, d)], chart.duration_s) for p in Part}
        share = unison_share(chart.tracks[(Part.P1, d)], chart.tracks[(Part.P2, d)])
        lines.append(
            f"{d.value:6}  full {nps[Part.FULL]:.2f}  p1 {nps[Part.P1]:.2f}  "
            f"p2 {nps[Part.P2]:.2f} notes/s  unison {share * 100:.1f}%"
        )
    return lines


def write(song: Composition, out: Path) -> Path:
    """Write one song folder under `out`; return the folder."""
    folder = out / song.slug
    write_song_folder(song.chart, folder)
    write_arrangement(song.arrangement, folder / "arrangement.mid")
    for name in ("song.ini", "notes.mid", "arrangement.mid"):
        (folder / name).chmod(0o644)  # shipped data: readable by all, like a checkout's files
    return folder


def build(out: Path, only: Sequence[str] = ()) -> list[Path]:
    """Compose, check and write the songs (all, or the slugs in `only`); the folders written.

    ValueError naming the song and the failed checks when any check fails.
    """
    songs = [s for s in compose_all() if not only or s.slug in only]
    for song in songs:
        bad = failures(song.chart)
        if bad:
            raise ValueError(f"{song.slug} fails its checks:\n  " + "\n  ".join(bad))
    folders = []
    for song in songs:
        folder = write(song, out)
        bad = failures(load_song(folder).chart)
        if bad:
            raise ValueError(f"{song.slug} as written fails its checks:\n  " + "\n  ".join(bad))
        log.info("%s: %s, %.1f s", folder, song.chart.meta.title, song.chart.duration_s)
        for line in summary(song.chart):
            log.info("  %s", line)
        folders.append(folder)
    return folders


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: build into --out (default charts/); exit 1 when a check fails."""
    parser = argparse.ArgumentParser(prog="python -m tools.compose.build", description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the folders go")
    parser.add_argument("--only", action="append", default=[], metavar="SLUG", help="one song")
    parser.add_argument("-q", "--quiet", action="store_true", help="say nothing unless it fails")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    try:
        build(args.out, args.only)
    except ValueError as e:
        log.error("%s", e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
