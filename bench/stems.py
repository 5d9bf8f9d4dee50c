"""Stem decoding benchmark: how long a Clone Hero style song folder's stems take to be ready to
play (decoded by SDL_mixer and mixed into music + drums), and the peak memory it takes.

    .venv/bin/python bench/stems.py                 # a generated 3-minute set of 8 stems
    .venv/bin/python bench/stems.py --seconds 60    # a shorter one
    .venv/bin/python bench/stems.py "path/to/song folder"

The generated set is written as WAV, and also as Ogg Vorbis (oggenc), Opus (opusenc) and MP3
(lame) when those encoders are installed (Debian: vorbis-tools, opus-tools, lame); each format is
decoded in a fresh process so its peak RSS is its own. SPEC: song load <= 3 s the first time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.audio.stream import RATE  # noqa: E402
from game.audio.wavfile import write_wav  # noqa: E402

STEMS = ("song", "guitar", "bass", "vocals", "keys", "drums_1", "drums_2", "drums_3")
ENCODERS = {
    "ogg": ["oggenc", "-Q", "-q", "5", "-o", "{out}", "{wav}"],
    "opus": ["opusenc", "--quiet", "--bitrate", "128", "{wav}", "{out}"],
    "mp3": ["lame", "--quiet", "-b", "192", "{wav}", "{out}"],
}


def make_stems(folder: Path, seconds: float) -> None:
    """Write the 8 stems of a `seconds`-long song as 16-bit stereo WAVs (noise bursts and tones,
    different in each, so an encoder has real work)."""
    rng = np.random.default_rng(7)
    n = round(seconds * RATE)
    t = np.arange(n) / RATE
    for i, name in enumerate(STEMS):
        tone = 0.15 * np.sin(2 * np.pi * (110 * (i + 1)) * t)
        beat = (np.sin(2 * np.pi * (i + 1) * t) > 0.6).astype(np.float32)
        noise = rng.standard_normal((n, 2)).astype(np.float32) * 0.1 * beat[:, None]
        write_wav(folder / f"{name}.wav", np.stack([tone, tone * 0.8], axis=1) + noise)


def encode(folder: Path, ext: str) -> Path | None:
    """A copy of the WAV stems in another format, or None when its encoder is missing."""
    cmd = ENCODERS[ext]
    if shutil.which(cmd[0]) is None:
        return None
    out_dir = folder / ext
    out_dir.mkdir()
    for name in STEMS:
        args = [a.format(wav=folder / f"{name}.wav", out=out_dir / f"{name}.{ext}") for a in cmd]
        subprocess.run(args, check=True)
    return out_dir


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (VmHWM: unlike ru_maxrss, not inherited)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(folder: Path, cache: Path) -> dict[str, float]:
    """Load the stems of `folder` through the stem cache in `cache`, as the game does; the
    numbers, in this process."""
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game.audio.stem_cache import cached_stems
    from game.library.stems import find_stems, is_drum_stem

    pygame.mixer.pre_init(RATE, 32, 2, 512)
    pygame.init()
    stems = find_stems(folder)
    music = [p for name, p in stems.items() if not is_drum_stem(name)]
    drums = [p for name, p in stems.items() if is_drum_stem(name)]
    rss0 = peak_rss_mb()
    t0 = time.perf_counter()
    audio = cached_stems(music, drums, cache)
    elapsed = time.perf_counter() - t0
    return {
        "stems": len(stems),
        "seconds_of_audio": max(len(audio.music), 0 if audio.drums is None else len(audio.drums))
        / RATE,
        "load_s": elapsed,
        "peak_rss_mb": peak_rss_mb(),
        "rss_before_mb": rss0,
        "bytes": sum(p.stat().st_size for p in stems.values()),
    }


def run_one(folder: Path, cache: Path) -> dict[str, float]:
    """`measure(folder, cache)` in a fresh process (its own peak RSS)."""
    code = f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); "
    code += "from bench.stems import measure; from pathlib import Path; "
    code += f"print(json.dumps(measure(Path({str(folder)!r}), Path({str(cache)!r}))))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(label: str, folder: Path) -> None:
    """Load `folder`'s stems three times in fresh processes: decoded (and cached), cached right
    after the cache was written (the disk may still be flushing it), cached again."""
    with tempfile.TemporaryDirectory() as cache:
        runs = [run_one(folder, Path(cache)) for _ in range(3)]
    first = runs[0]
    print(
        f"{label:>6}: {first['stems']:.0f} stems, {first['bytes'] / 2**20:5.1f} MB, "
        f"{first['seconds_of_audio']:5.1f} s of audio"
    )
    names = ("first load", "cached", "cached again")
    for name, r, target in zip(names, runs, (3.0, 0.3, 0.3), strict=True):
        print(
            f"  {name:>12}: {r['load_s']:5.2f} s (SPEC <= {target} s), "
            f"peak RSS {r['peak_rss_mb']:.0f} MB ({r['rss_before_mb']:.0f} MB before loading)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="a song folder with stems")
    parser.add_argument("--seconds", type=float, default=180.0, help="generated song length")
    args = parser.parse_args()
    if args.folder is not None:
        report("folder", args.folder)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        make_stems(folder, args.seconds)
        made_s = time.perf_counter() - t0
        print(f"wrote {len(STEMS)} WAV stems of {args.seconds:.0f} s in {made_s:.1f} s")
        report("wav", folder)
        for ext in ENCODERS:
            encoded = encode(folder, ext)
            if encoded is None:
                print(f"{ext:>6}: skipped ({ENCODERS[ext][0]} is not installed)")
            else:
                report(ext, encoded)


if __name__ == "__main__":
    main()
