"""Stage draw-cost benchmark: what `Stage.draw` costs a play frame, at rest and at its worst
(both drummers striking two pieces and kicking, a Sync's flash over Harmony's beams), for a
duet's stage at 1280x720, 1920x1080 and 3840x2160 (the play screen's stage is the lower fifth).
Also how long a stage takes to be laid out (its pictures rendered), once per window size.

The play screen's whole frame must stay within median 4 ms at 1920x1080 (see bench/frame.py).

    .venv/bin/python bench/stage.py [--frames 400]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from game.core.events import HarmonyEvent, JudgementEvent, SyncEvent
from game.core.judgement import Judgement
from game.core.lanes import Lane
from game.ui import stage_art
from game.ui.stage import Stage

SIZES = ((1280, 720), (1920, 1080), (3840, 2160))


def busy(stage: Stage, t: float) -> None:
    """Everything at once at song time `t`: two sticks and the kick each, a Sync, Harmony."""
    for p in (0, 1):
        for lane in (Lane.RED, Lane.GREEN, Lane.KICK):
            stage.on_event(JudgementEvent(t, p, -1, lane, Judgement.PERFECT, 0.0, 0, 0, 0, 1))
    stage.on_event(SyncEvent(t, 0, 0.0, (0, 0)))
    stage.on_event(HarmonyEvent(0.0, True, 1e9))


def main() -> None:
    """Print each size's layout time and draw cost (median, p90, p99 in milliseconds)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=400, help="frames timed per case")
    args = parser.parse_args()
    pygame.init()
    pygame.display.set_mode((64, 64))
    for w, h in SIZES:
        for cache in (stage_art.art, stage_art.backdrop, stage_art.harmony_beams):
            cache.cache_clear()
        surface = pygame.Surface((w, h)).convert()
        started = time.perf_counter()
        stage = Stage(pygame.Rect(0, h - h // 5, w, h // 5), 2)
        ready_ms = (time.perf_counter() - started) * 1000
        print(f"{w}x{h}: stage laid out in {ready_ms:.0f} ms")
        for case in ("rest", "worst"):
            times = []
            for i in range(args.frames):
                t = 10.0 + i * 0.007
                if case == "worst":
                    busy(stage, t)
                started = time.perf_counter()
                stage.draw(surface, t)
                times.append((time.perf_counter() - started) * 1000)
            v = np.array(times)
            print(
                f"  draw, {case:5s}  median {np.median(v):.2f} ms  "
                f"p90 {np.percentile(v, 90):.2f}  p99 {np.percentile(v, 99):.2f}"
            )
    pygame.quit()


if __name__ == "__main__":
    main()
