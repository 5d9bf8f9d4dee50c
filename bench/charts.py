"""Chart benchmark: drum-chart load of a 250 KB notes.mid beside mido parsing the whole file,
and the song-library scan of 1,000 generated song folders, cold and warm.

    .venv/bin/python bench/charts.py [--repeats N] [--songs N]

SPEC: the drum-chart load is >= 5x faster than `mido.MidiFile(path, clip=True)`; a warm library
scan of 1,000 songs takes <= 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import mido

from game.formats.draft import build_chart
from game.formats.notes_mid import read_notes_mid
from game.formats.song_folder import load_song

TEST_MID = Path(__file__).resolve().parents[2] / "shared/testdata/rb-charts/yarg-core/test.mid"


def median_ms(fn, repeats: int) -> float:
    """Median wall milliseconds of `fn()` over `repeats` runs (after one warm-up run)."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--songs", type=int, default=1000)
    args = ap.parse_args()

    size_kb = TEST_MID.stat().st_size / 1024
    ours = median_ms(lambda: build_chart(read_notes_mid(TEST_MID), None, TEST_MID), args.repeats)
    whole = median_ms(lambda: load_song(TEST_MID), args.repeats)
    baseline = median_ms(lambda: mido.MidiFile(TEST_MID, clip=True), args.repeats)
    print(f"{TEST_MID.name} ({size_kb:.0f} KB, 11 tracks)")
    print(f"  drum chart load (notes.mid -> Chart): {ours:7.2f} ms")
    print(f"  ... plus song.ini and the duet split: {whole:7.2f} ms")
    print(f"  mido.MidiFile(path, clip=True):       {baseline:7.2f} ms")
    print(f"  speed-up: {baseline / ours:.1f}x (SPEC: >= 5x)")

    try:
        from library import bench_library_scan  # bench/library.py, beside this file
    except ImportError:
        print("library scan: bench/library.py not found")
        return
    result = bench_library_scan(args.songs)
    print(
        f"library scan of {args.songs} song folders: "
        + ", ".join(
            f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items()
        )
    )


if __name__ == "__main__":
    main()
