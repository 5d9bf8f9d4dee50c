"""`drum-duet song render`: the backing of a song (optionally with guide drums) as a WAV file."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from game.base.atomic import check_output_path
from game.cli.common import CliError
from game.core.lanes import Difficulty, Part
from game.formats.arrangement_mid import read_arrangement
from game.formats.song_folder import load_song

ARRANGEMENT = "arrangement.mid"


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `song render`."""
    song = sub.add_parser("song", help="the built-in songs' audio")
    song_sub = song.add_subparsers(dest="song_command", metavar="ACTION", required=True)
    render = song_sub.add_parser("render", help="write the backing (and guide drums) as WAV")
    render.add_argument(
        "path", type=Path, metavar="PATH", help="a song folder with arrangement.mid"
    )
    render.add_argument("--out", type=Path, required=True, metavar="FILE.wav")
    render.add_argument(
        "--guide", metavar="PART:DIFFICULTY", help="add the kit playing that part, e.g. p1:expert"
    )
    render.add_argument("--no-cache", action="store_true", help="render afresh, skip the cache")
    render.set_defaults(handler=_render)


def _render(args: argparse.Namespace) -> int:
    from game.audio.cache import cached_render  # the synthesizer loads only when asked for
    from game.audio.loudness import integrated_loudness, sample_peak_dbfs
    from game.audio.render import SAMPLE_RATE, render_song
    from game.audio.wavfile import write_wav

    check_output_path(args.out)  # before the render, not after it
    folder = args.path if args.path.is_dir() else args.path.parent
    arrangement_file = folder / ARRANGEMENT
    if not arrangement_file.is_file():
        raise CliError(f"{folder}: no {ARRANGEMENT} (only Drum Duet's own songs have one)")
    arrangement = read_arrangement(arrangement_file)
    guide = None
    if args.guide:
        part, _, difficulty = args.guide.partition(":")
        try:
            key = (Part(part), Difficulty(difficulty or "expert"))
        except ValueError:
            raise CliError(
                f"--guide wants PART:DIFFICULTY such as p1:expert, not {args.guide}"
            ) from None
        guide = load_song(folder).chart.track(*key)
    t0 = time.perf_counter()
    audio = render_song(arrangement, guide) if args.no_cache else cached_render(arrangement, guide)
    took = time.perf_counter() - t0
    write_wav(args.out, audio)
    seconds = len(audio) / SAMPLE_RATE
    print(
        f"{args.out}: {seconds:.1f} s, {integrated_loudness(audio, SAMPLE_RATE):.1f} LUFS, "
        f"peak {sample_peak_dbfs(audio):.1f} dBFS (rendered in {took:.2f} s)"
    )
    return 0
