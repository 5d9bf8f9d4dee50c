"""Practice audio benchmark: how long a 3-minute song takes to be ready to play at 0.75 speed.

    .venv/bin/python bench/practice_audio.py                  # gilded-hour, 8 stems of 180 s
    .venv/bin/python bench/practice_audio.py --seconds 60 --song nara-soundcheck

(a) A built-in song re-rendered from its arrangement at 0.75 (in the render worker, as the game
does), the first time and cached, beside the same song at 1.0 rendered in the same run.
(b) An imported song of 8 stems (generated as WAV, and as Ogg Vorbis when oggenc is installed)
stretched at 0.75 with its music and drums mixes time-stretched, the first time (decoding
included, and with the 1.0 mix already cached) and cached, beside decoding it at 1.0.
Every "first" runs on an empty cache; the times are wall seconds on this machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stems import STEMS, make_stems  # noqa: E402
from game.audio.stream import RATE  # noqa: E402

SPEED = 0.75


def timed(fn) -> tuple[float, object]:
    """(wall seconds, result) of `fn()`."""
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def built_in(song: str, cache: Path) -> list[tuple[str, float]]:
    """The built-in `song` rendered at 1.0 and at SPEED, first and cached."""
    from game.library.backing import render_backing

    arrangement = ROOT / "charts" / song / "arrangement.mid"
    rows = []
    for label, speed in (("1.0 first render", 1.0), (f"{SPEED} first render", SPEED)):
        rows.append((label, timed(lambda s=speed: render_backing(arrangement, cache, speed=s))[0]))
    for label, speed in (("1.0 cached", 1.0), (f"{SPEED} cached", SPEED)):
        rows.append((label, timed(lambda s=speed: render_backing(arrangement, cache, speed=s))[0]))
    return rows


def imported(folder: Path, work: Path) -> list[tuple[str, float]]:
    """The stems in `folder` made ready at 1.0 and at SPEED, first (decoded), first with the
    1.0 mix cached (stretch only), and cached."""
    from game.audio.stem_cache import cached_stems
    from game.library.stems import find_stems, is_drum_stem

    stems = find_stems(folder)
    music = [p for name, p in stems.items() if not is_drum_stem(name)]
    drums = [p for name, p in stems.items() if is_drum_stem(name)]

    def ready(cache: Path, speed: float) -> float:
        return timed(lambda: cached_stems(music, drums, cache, RATE, speed=speed))[0]

    fresh = [work / f"cache{i}" for i in range(2)]
    return [
        ("1.0 first (decode 8 stems)", ready(fresh[0], 1.0)),
        ("1.0 cached", ready(fresh[0], 1.0)),
        (f"{SPEED} first, 1.0 mix cached (stretch)", ready(fresh[0], SPEED)),
        (f"{SPEED} first, empty cache (decode+stretch)", ready(fresh[1], SPEED)),
        (f"{SPEED} cached", ready(fresh[1], SPEED)),
    ]


def encode_ogg(folder: Path) -> Path | None:
    """An Ogg Vorbis copy of the WAV stems, or None when oggenc is missing."""
    if shutil.which("oggenc") is None:
        return None
    out = folder / "ogg"
    out.mkdir()
    for name in STEMS:
        wav, ogg = folder / f"{name}.wav", out / f"{name}.ogg"
        subprocess.run(["oggenc", "-Q", "-q", "5", "-o", str(ogg), str(wav)], check=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--song", default="gilded-hour", help="a built-in song folder in charts/")
    ap.add_argument("--seconds", type=float, default=180.0, help="the generated stems' length")
    args = ap.parse_args()
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    pygame.mixer.pre_init(RATE, 32, 2, 512)
    pygame.mixer.init()
    table: list[tuple[str, str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for label, s in built_in(args.song, work / "renders"):
            table.append((f"built-in {args.song}", label, s))
        stems = work / "stems"
        stems.mkdir()
        make_stems(stems, args.seconds)
        for label, s in imported(stems, work / "wav"):
            table.append((f"8 WAV stems x {args.seconds:.0f} s", label, s))
        ogg = encode_ogg(stems)
        if ogg is not None:
            for label, s in imported(ogg, work / "ogg"):
                table.append((f"8 Ogg stems x {args.seconds:.0f} s", label, s))
    width = max(len(song) for song, _, _ in table)
    print(f"{'song':<{width}}  {'case':<42} {'seconds':>8}")
    for song, label, s in table:
        print(f"{song:<{width}}  {label:<42} {s:8.2f}")
    if ogg is None:
        print("(oggenc not installed: WAV stems only)")


if __name__ == "__main__":
    main()
