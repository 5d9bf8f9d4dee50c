"""Memory benchmark: the peak resident set size of the game while it plays a duet.

Runs `drum-duet play SONG --players 2 --difficulty expert --autoplay --quit-at-end` (SDL dummy
drivers, DRUM_DUET_HOME in a temporary directory) twice: first with an empty render cache (the
backing track is rendered, then cached), then with the cache warm (read back). Each child's own
peak RSS comes from `os.wait4` (ru_maxrss, KiB on Linux); while it runs, /proc/PID/status VmHWM
is polled to tell when the peak was reached. The baseline, measured the same way in the same run,
is a process that only imports pygame and numpy.

SPEC: memory while playing a duet <= 300 MB peak RSS.

    .venv/bin/python bench/memory.py [--song charts/gilded-hour]   # a 3-minute song: ~7 min
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
TARGET_MB = 300.0
POLL_S = 0.25


def game_command() -> list[str]:
    """The `drum-duet` entry point beside this Python (or `python -m game`)."""
    script = Path(sys.executable).with_name("drum-duet")
    return [str(script)] if script.exists() else [sys.executable, "-m", "game"]


def vm_hwm_kib(pid: int) -> int | None:
    """VmHWM (the peak RSS so far, KiB) of a running process, or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def peak_rss(args: list[str], env: dict[str, str], log: Path) -> tuple[float, float, float, int]:
    """Run `args`; return its peak RSS (MiB), when the peak was reached and its run time (s),
    and its exit code. Its output goes to `log`."""
    with log.open("w") as out:
        t0 = time.perf_counter()
        child = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)
        hwm, peak_at = 0, 0.0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            now = vm_hwm_kib(child.pid)
            if now is not None and now > hwm:
                hwm, peak_at = now, time.perf_counter() - t0
            time.sleep(POLL_S)
        wall = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return usage.ru_maxrss / 1024.0, peak_at, wall, child.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--song", type=Path, default=ROOT / "charts" / "gilded-hour")
    args = ap.parse_args()

    home = Path(tempfile.mkdtemp(prefix="drum-duet-bench-"))
    env = dict(os.environ)
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", DRUM_DUET_HOME=str(home))
    play = [
        *game_command(),
        "play",
        str(args.song),
        "--players",
        "2",
        "--difficulty",
        "expert",
        "--autoplay",
        "--quit-at-end",
    ]
    print(f"command: drum-duet {' '.join(play[len(game_command()) :])}")
    results = {}
    try:
        base = peak_rss([sys.executable, "-c", "import pygame, numpy"], env, home / "base.log")
        for name in ("cold render cache", "warm render cache"):
            mib, at, wall, code = peak_rss(play, env, home / f"{name}.log")
            results[name] = mib
            lines = (home / f"{name}.log").read_text().strip().splitlines()
            said = "; ".join(x for x in lines if x.startswith(("Player", "Team")))
            print(
                f"  {name}: peak RSS {mib:6.1f} MiB (reached {at:5.1f} s into a {wall:5.1f} s run,"
                f" exit {code}) {said}"
            )
            if code != 0:
                print("\n".join(lines[-20:]))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"  baseline (import pygame, numpy): peak RSS {base[0]:6.1f} MiB")
    worst = max(results.values())
    verdict = "met" if worst <= TARGET_MB else "MISSED"
    print(
        f"SPEC peak RSS <= {TARGET_MB:g} MB: {verdict} (worst {worst:.1f} MiB = "
        f"{worst * 1.048576:.1f} MB; {worst - base[0]:.1f} MiB over the baseline)"
    )


if __name__ == "__main__":
    main()
