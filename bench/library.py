"""Song library benchmark: scan time of 1,000 song folders, cold (empty index) and warm (unchanged).

SPEC target: a warm scan (nothing changed since the last one) takes at most 0.5 s.

    .venv/bin/python bench/library.py [--songs N] [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from game.library.index import SongLibrary

WARM_TARGET_S = 0.5
LANES = ("kick", "red", "yellow", "blue", "green")


def write_song_folders(root: Path, n: int, notes: int = 200) -> None:
    """Write `n` song folders under `root`, each a chart.json with `notes` notes per Expert part."""
    for i in range(n):
        folder = root / f"Artist {i % 50:02}" / f"Song {i:04}"
        folder.mkdir(parents=True)
        expert = [[k * 120, LANES[(k * 7 + i) % 5]] for k in range(notes)]
        doc = {
            "format": "drum-duet-chart",
            "version": 1,
            "song": {"title": f"Song {i:04}", "artist": f"Artist {i % 50:02}"},
            "resolution": 480,
            "tempos": [[0, 100 + i % 60]],
            "sections": [[0, "Intro"], [1920, "Verse"]],
            "parts": {
                "full": {"expert": expert, "easy": expert[::4]},
                "p1": {"expert": expert[::2]},
                "p2": {"expert": expert[1::2]},
            },
        }
        (folder / "chart.json").write_text(json.dumps(doc))
        (folder / "song.ogg").write_bytes(b"OggS")


def bench_library_scan(n: int = 1000, repeats: int = 5) -> dict[str, float]:
    """Scan `n` generated song folders cold, then warm `repeats` times; times in seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        root, db = Path(tmp) / "songs", Path(tmp) / "library.db"
        started = time.perf_counter()
        write_song_folders(root, n)
        generate_s = time.perf_counter() - started

        with SongLibrary(db) as library:
            started = time.perf_counter()
            cold = library.scan([root])
            cold_s = time.perf_counter() - started
        assert cold.parsed == n and cold.unplayable == 0, cold

        open_times, warm_times = [], []
        for _ in range(repeats):
            started = time.perf_counter()
            library = SongLibrary(db)
            opened = time.perf_counter()
            warm = library.scan([root])
            warm_times.append(time.perf_counter() - opened)
            open_times.append(opened - started)
            assert warm.reused == n and warm.parsed == 0, warm
            started = time.perf_counter()
            listed = library.songs()
            list_s = time.perf_counter() - started
            library.close()
        assert len(listed) == n
        db_bytes = db.stat().st_size
    warm_s = statistics.median(warm_times)
    return {
        "songs": n,
        "generate_s": generate_s,
        "cold_scan_s": cold_s,
        "cold_songs_per_s": n / cold_s,
        "warm_scan_s": warm_s,
        "warm_scan_max_s": max(warm_times),
        "warm_songs_per_s": n / warm_s,
        "open_s": statistics.median(open_times),
        "list_s": list_s,
        "db_bytes": db_bytes,
        "warm_target_s": WARM_TARGET_S,
    }


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Run the benchmark and print its numbers; returns them too."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--songs", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    r = bench_library_scan(args.songs, args.repeats)
    verdict = "meets" if r["warm_scan_s"] <= WARM_TARGET_S else "MISSES"
    print(f"song library scan, {r['songs']:,} song folders (chart.json, 200 notes per part)")
    cold = f"{r['cold_scan_s']:8.3f} s  {r['cold_songs_per_s']:9,.0f} songs/s"
    warm = f"{r['warm_scan_s']:8.3f} s  {r['warm_songs_per_s']:9,.0f} songs/s"
    print(f"  cold scan (empty index)   {cold}")
    print(
        f"  warm scan (unchanged)     {warm}  (median of {args.repeats}, max "
        f"{r['warm_scan_max_s']:.3f} s; target <= {WARM_TARGET_S} s: {verdict})"
    )
    print(f"  open index (check+schema) {r['open_s']:8.3f} s")
    print(f"  list all songs            {r['list_s']:8.3f} s")
    print(f"  index file                {r['db_bytes'] / 1024:8.0f} KiB")
    return r


if __name__ == "__main__":
    main()
