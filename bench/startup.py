"""Start-up benchmark: from launching the game process to song select on the screen.

Runs `drum-duet -v --start-at song-select --quit-after 3` (SDL dummy drivers, a fresh
DRUM_DUET_HOME so the player's files are untouched) and reads the log line "song select shown at
E s since the epoch"; start-up = E - `time.time()` just before the spawn. The first run starts
with an empty library index (cold: it scans the built-in songs); the next runs find it warm.
The baselines, timed the same way in the same run, are processes that only start Python
(`python -c pass`) and that import pygame (`python -c "import pygame"`), spawn to exit.

SPEC: start-up to song select <= 1.5 s (warm library).

    .venv/bin/python bench/startup.py [--repeats 5] [--module]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 1.5
SHOWN = re.compile(r"song select shown at ([0-9.]+) s since the epoch")


def game_command(use_module: bool) -> list[str]:
    """The `drum-duet` entry point beside this Python (or `python -m game`)."""
    script = Path(sys.executable).with_name("drum-duet")
    if use_module or not script.exists():
        return [sys.executable, "-m", "game"]
    return [str(script)]


def bench_env(home: Path) -> dict[str, str]:
    """The environment of every child: dummy video and audio, and the bench's own home."""
    env = dict(os.environ)
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", DRUM_DUET_HOME=str(home))
    return env


def startup_s(command: list[str], env: dict[str, str], quit_after_s: float) -> tuple[float, bool]:
    """Seconds from the spawn to the game's "song select shown" log line (epoch clock), and
    whether the game then quit by itself (`--quit-after`); if not, it is terminated."""
    args = [*command, "-v", "--start-at", "song-select", "--quit-after", str(quit_after_s)]
    t0 = time.time()
    child = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    shown = None
    log: list[str] = []
    assert child.stderr is not None
    for line in child.stderr:
        log.append(line)
        match = SHOWN.search(line)
        if match is not None:
            shown = float(match.group(1)) - t0
            break
    try:
        child.wait(timeout=quit_after_s + 2.0)
        quit_by_itself = True
    except subprocess.TimeoutExpired:
        child.terminate()
        child.wait(timeout=10.0)
        quit_by_itself = False
    child.stderr.close()
    if shown is None:
        raise RuntimeError(
            f"no 'song select shown' line (exit {child.returncode}):\n{''.join(log)}"
        )
    return shown, quit_by_itself


def process_s(code: str, env: dict[str, str]) -> float:
    """Seconds from spawning `python -c code` to its exit."""
    t0 = time.time()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    return time.time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5, help="warm runs")
    ap.add_argument("--quit-after", type=float, default=3.0, help="the game quits after (s)")
    ap.add_argument("--module", action="store_true", help="run `python -m game`, not drum-duet")
    args = ap.parse_args()

    command = game_command(args.module)
    home = Path(tempfile.mkdtemp(prefix="drum-duet-bench-"))
    env = bench_env(home)
    try:
        print(f"command: {' '.join(command)} -v --start-at song-select (DRUM_DUET_HOME={home})")
        cold, quits = startup_s(command, env, args.quit_after)
        print(f"  cold (empty library index): {cold:6.3f} s")
        warm = []
        for i in range(args.repeats):
            seconds, quit_by_itself = startup_s(command, env, args.quit_after)
            quits = quits and quit_by_itself
            warm.append(seconds)
            print(f"  warm run {i + 1}:                 {warm[-1]:6.3f} s")
        if not quits:
            print(f"  (the game did not quit --quit-after {args.quit_after:g} s: terminated)")
        python = [process_s("pass", env) for _ in range(args.repeats)]
        pygame = [process_s("import pygame", env) for _ in range(args.repeats)]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    med = statistics.median(warm)
    print(f"start-up to song select, warm: median {med:6.3f} s  (min {min(warm):.3f} s)")
    print(f"baseline python -c pass:       median {statistics.median(python):6.3f} s")
    print(f"baseline import pygame:        median {statistics.median(pygame):6.3f} s")
    verdict = "met" if med <= TARGET_S else "MISSED"
    print(f"SPEC start-up <= {TARGET_S:g} s: {verdict} (warm median {med:.3f} s, cold {cold:.3f})")


if __name__ == "__main__":
    main()
