"""`drum-duet song render`: the backing of a song (optionally with guide drums) as a WAV file,
at the speed it was written or at a practice speed.

A built-in song (a folder with arrangement.mid) is rendered by the synthesizer, at another speed
from its arrangement at that tempo; an imported song's stems are decoded and mixed (music and
drums together), at another speed time-stretched at the same pitch.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

from game.base.atomic import check_output_path
from game.cli.common import CliError
from game.core.lanes import Difficulty, Part
from game.formats.arrangement_mid import read_arrangement
from game.formats.song_folder import load_song

ARRANGEMENT = "arrangement.mid"
MIN_SPEED = 0.25
MAX_SPEED = 1.5
"""The speeds `--speed` takes (practice's range)."""


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `song render`."""
    song = sub.add_parser("song", help="the songs' audio")
    song_sub = song.add_subparsers(dest="song_command", metavar="ACTION", required=True)
    render = song_sub.add_parser("render", help="write the backing (and guide drums) as WAV")
    render.add_argument(
        "path",
        type=Path,
        metavar="PATH",
        help="a song folder: a built-in one with arrangement.mid, or an imported one with stems",
    )
    render.add_argument("--out", type=Path, required=True, metavar="FILE.wav")
    render.add_argument(
        "--guide",
        metavar="PART:DIFFICULTY",
        help="add the kit playing that part, e.g. p1:expert (built-in songs)",
    )
    render.add_argument(
        "--speed",
        type=float,
        default=1.0,
        metavar="S",
        help=f"play at this speed, {MIN_SPEED}-{MAX_SPEED} (0.75 = 75%%), at the same pitch",
    )
    render.add_argument("--no-cache", action="store_true", help="render afresh, skip the cache")
    render.set_defaults(handler=_render)


def _render(args: argparse.Namespace) -> int:
    from game.audio.loudness import integrated_loudness, sample_peak_dbfs
    from game.audio.render import SAMPLE_RATE
    from game.audio.wavfile import write_wav

    speed = args.speed
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise CliError(f"--speed wants a speed from {MIN_SPEED} to {MAX_SPEED}, not {speed:g}")
    check_output_path(args.out)  # before the render, not after it
    folder = args.path if args.path.is_dir() else args.path.parent
    t0 = time.perf_counter()
    if (folder / ARRANGEMENT).is_file():
        audio = _built_in(folder, args.guide, speed, args.no_cache)
    else:
        if args.guide:
            raise CliError(f"{folder}: --guide is for built-in songs (with {ARRANGEMENT})")
        audio = _imported(folder, speed, args.no_cache, SAMPLE_RATE)
    took = time.perf_counter() - t0
    write_wav(args.out, audio, SAMPLE_RATE)
    seconds = len(audio) / SAMPLE_RATE
    print(
        f"{args.out}: {seconds:.1f} s, {integrated_loudness(audio, SAMPLE_RATE):.1f} LUFS, "
        f"peak {sample_peak_dbfs(audio):.1f} dBFS (rendered in {took:.2f} s)"
    )
    return 0


def _built_in(folder: Path, guide_arg: str | None, speed: float, no_cache: bool) -> np.ndarray:
    """A built-in song's arrangement rendered at `speed` (with the guide drums asked for)."""
    from game.audio.cache import cached_render  # the synthesizer loads only when asked for
    from game.audio.render import render_song

    arrangement = read_arrangement(folder / ARRANGEMENT).at_speed(speed)
    guide = None
    if guide_arg:
        part, _, difficulty = guide_arg.partition(":")
        try:
            key = (Part(part), Difficulty(difficulty or "expert"))
        except ValueError:
            raise CliError(
                f"--guide wants PART:DIFFICULTY such as p1:expert, not {guide_arg}"
            ) from None
        guide = load_song(folder).chart.at_speed(speed).track(*key)
    return render_song(arrangement, guide) if no_cache else cached_render(arrangement, guide)


def _imported(folder: Path, speed: float, no_cache: bool, rate: int) -> np.ndarray:
    """An imported song's stems decoded, played at `speed` and mixed (music and drums), at
    `rate` Hz; the stems left out are named on stderr."""
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")  # decoding only: no sound card needed
    from game.audio.stem_audio import StemError, mix_stems
    from game.audio.stem_cache import cached_stems, stretch_stems
    from game.library.stems import find_stems, is_drum_stem

    stems = find_stems(folder)
    if not stems:
        raise CliError(f"{folder}: neither {ARRANGEMENT} nor audio stems (song.ogg, drums.ogg ...)")
    music = [path for name, path in stems.items() if not is_drum_stem(name)]
    drums = [path for name, path in stems.items() if is_drum_stem(name)]
    try:
        if no_cache:
            audio = mix_stems(music, drums, rate)
            if speed != 1.0:
                audio = stretch_stems(audio, music, drums, rate, speed)
        else:
            audio = cached_stems(music, drums, rate=rate, speed=speed)
    except StemError as e:
        raise CliError(f"the stems cannot be decoded here ({e})") from None
    for notice in audio.notices:
        print(notice, file=sys.stderr)
    if audio.silent:
        raise CliError(f"{folder}: no stem could be played")
    mixed, other = audio.music, audio.drums
    if other is None:
        return mixed
    if len(other) > len(mixed):
        mixed, other = other, mixed
    mixed = mixed.copy()
    mixed[: len(other)] += other
    return mixed
