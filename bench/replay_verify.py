"""Replay benchmark: `drum-duet replay verify` on the largest replay the game accepts.

Builds, in a temporary folder, a 3-minute Expert duet replay of a built-in song (the bot with
20 ms of jitter: the baseline) and a replay of MAX_REPLAY_INPUTS inputs on the same song (the
bot's hits plus random hits of both players all through the song), then runs
`drum-duet replay verify` on each as a child process: wall time (time.perf_counter around the
child) and peak RSS (os.wait4's ru_maxrss). A replay one input over the cap is run too: it must
be refused, quickly.

Issue 10 target: the largest accepted replay verifies in <= 2 s and <= 200 MB.

    .venv/bin/python bench/replay_verify.py [--song charts/gilded-hour] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from child_run import run  # noqa: E402 (bench/ is the script's folder, first on sys.path)

from game.core.autoplay import autoplay_inputs  # noqa: E402
from game.core.events import InputEvent  # noqa: E402
from game.core.lanes import Difficulty, Lane, Part  # noqa: E402
from game.core.replay import PlayerSetup, record, simulate  # noqa: E402
from game.formats.replay_file import MAX_REPLAY_INPUTS, replay_to_json, write_replay  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402

TARGET_S = 2.0
TARGET_MB = 200.0


def game_command() -> list[str]:
    """The `drum-duet` entry point beside this Python (or `python -m game`)."""
    script = Path(sys.executable).with_name("drum-duet")
    return [str(script)] if script.exists() else [sys.executable, "-m", "game"]


def make_replays(song_dir: Path, folder: Path) -> dict[str, Path]:
    """The baseline replay, one at the cap and one over it, written into `folder`."""
    song = load_song(song_dir)
    setups = [PlayerSetup(Part.P1, Difficulty.EXPERT), PlayerSetup(Part.P2, Difficulty.EXPERT)]
    bot: list[InputEvent] = []
    for player, setup in enumerate(setups):
        track = song.chart.track(setup.part, setup.difficulty)
        bot += autoplay_inputs(track, player, 0.020, player)
    length = max(e.time_s for e in bot) + 1.0
    rng = random.Random(10)
    full = list(bot)
    while len(full) < MAX_REPLAY_INPUTS:
        full.append(
            InputEvent(
                rng.uniform(0.0, length),
                rng.randrange(2),
                Lane(rng.randrange(len(Lane))),
                rng.random() < 0.5,
                rng.random(),
            )
        )
    paths = {}
    for name, inputs in (("3-minute Expert duet", bot), ("at the cap", full)):
        session = simulate(song.chart, setups, inputs)
        paths[name] = folder / f"{len(inputs)}.replay.json"
        write_replay(record(str(song_dir), song.chart_sha256, setups, session), paths[name])
    over = replay_to_json(record(str(song_dir), song.chart_sha256, setups, session))
    over["inputs"].append([1.0, 0, 1, False, 1.0])
    paths["one over the cap"] = folder / "over.replay.json"
    paths["one over the cap"].write_text(json.dumps(over, separators=(",", ":")))
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--song", type=Path, default=ROOT / "charts" / "gilded-hour")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each (the best is kept)")
    ap.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.build is not None:  # in a child, so that this process stays small (see `run`)
        for name, path in make_replays(args.song, args.build).items():
            print(f"{name}\t{path}")
        return
    with tempfile.TemporaryDirectory(prefix="drum-duet-bench-") as tmp:
        t0 = time.perf_counter()
        build = [sys.executable, __file__, "--song", str(args.song), "--build", tmp]
        lines = subprocess.run(build, check=True, capture_output=True, text=True).stdout
        paths = dict(line.split("\t") for line in lines.strip().splitlines())
        took = time.perf_counter() - t0
        print(f"replays built in {took:.1f} s; the cap is {MAX_REPLAY_INPUTS:,} inputs")
        results = {}
        for name, path in paths.items():
            runs = [
                run([*game_command(), "replay", "verify", str(path), "--song", str(args.song)])
                for _ in range(args.repeats)
            ]
            best, mb = min(runs), max(r.peak_mb for r in runs)
            results[name] = (best.wall_s, mb)
            size = Path(path).stat().st_size / 1e6
            print(
                f"  {name:>22}: {best.wall_s:5.2f} s ({best.cpu_s:4.2f} s CPU), peak RSS "
                f"{mb:6.1f} MB ({size:5.1f} MB file, exit {best.code}): {best.last_line[-90:]}"
            )
    wall, mb = results["at the cap"]
    base_wall, base_mb = results["3-minute Expert duet"]
    verdict = "met" if wall <= TARGET_S and mb <= TARGET_MB else "MISSED"
    print(
        f"target: the largest accepted replay in <= {TARGET_S:g} s and <= {TARGET_MB:g} MB: "
        f"{verdict} ({wall:.2f} s, {mb:.0f} MB; the baseline took {base_wall:.2f} s, "
        f"{base_mb:.0f} MB, so the inputs themselves cost {wall - base_wall:.2f} s). A busy "
        "machine inflates wall times: compare with the baseline, or the CPU times."
    )


if __name__ == "__main__":
    main()
