"""A song's mixes (music, drums) time-stretched side by side, each in a worker process.

The stretcher holds the GIL while it works (~3.5 s per 3-minute mix at 0.75, ~15 s at 0.25), so
in the game's own process it would take turns with the loading screen and with the other mix.
In worker processes the mixes are stretched at once on a machine with two cores or more, and the
game's process only waits, telling the progress and honouring a cancel (the workers are ended,
their files removed with their temporary folder). The mixes travel as .npy files in a temporary
folder (not shared memory: containers often allow /dev/shm only 64 MB). When no worker can be
started or one fails, its mix is stretched here instead, with the same result (`stretch` is the
same code and its seed is fixed).
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from game.audio.stretch import StretchError, stretch

log = logging.getLogger(__name__)

POLL_S = 0.02
"""How often (seconds) the wait for the workers tells the progress (and so hears a cancel)."""


@dataclass
class _Job:
    """One mix being stretched by a worker: its process, how far it has come, its output file."""

    process: multiprocessing.process.BaseProcess
    done: object  # a shared double, 0-1
    out_path: Path
    frames: int


def stretch_parts(
    parts: Sequence[NDArray[np.float32]],
    rate: int,
    speed: float,
    progress: Callable[[float], None] | None = None,
) -> list[NDArray[np.float32] | StretchError]:
    """Each of `parts` (float32 (n, 2) at `rate` Hz) as `stretch(part, rate, speed)` gives it,
    or the StretchError that says why it cannot be: all at once in worker processes (here when
    none can be started). `progress(fraction)` is told how far they have come together (0-1),
    weighted by length; anything it raises ends the workers and is passed on."""
    tell = progress or (lambda fraction: None)
    results: list[NDArray[np.float32] | StretchError | None] = [None] * len(parts)
    sizes = [len(p) for p in parts]
    total = max(sum(sizes), 1)
    if speed == 1.0:
        return list(parts)
    with tempfile.TemporaryDirectory(prefix="drum-duet-stretch-") as tmp:
        jobs = _start_jobs(parts, rate, speed, Path(tmp))
        try:
            while any(job is not None and job.process.is_alive() for job in jobs):
                for job in jobs:
                    if job is not None and job.process.is_alive():
                        job.process.join(POLL_S)
                        break
                tell(sum(j.done.value * j.frames for j in jobs if j is not None) / total)
        except BaseException:
            for job in jobs:
                if job is not None:
                    job.process.terminate()
                    job.process.join()
            raise
        for i, job in enumerate(jobs):
            if job is not None and job.process.exitcode == 0:
                try:
                    results[i] = np.load(job.out_path)
                except (OSError, ValueError) as exc:
                    log.warning("a stretch worker's output is unreadable (%s)", exc)
            elif job is not None:
                log.warning("a stretch worker ended with code %s", job.process.exitcode)
    base = sum(size for size, r in zip(sizes, results, strict=True) if r is not None)
    for i, part in enumerate(parts):
        if results[i] is not None:
            continue

        def here(fraction: float, base: int = base, size: int = sizes[i]) -> None:
            tell((base + fraction * size) / total)

        try:
            results[i] = stretch(part, rate, speed, here)
        except StretchError as exc:
            results[i] = exc
        base += sizes[i]
    tell(1.0)
    return results  # type: ignore[return-value]  # every part has its result now


def _start_jobs(
    parts: Sequence[NDArray[np.float32]], rate: int, speed: float, folder: Path
) -> list[_Job | None]:
    """A worker started for each part, or None where none could be (the part is then stretched
    in this process)."""
    jobs: list[_Job | None] = []
    try:
        context = multiprocessing.get_context("spawn")
    except ValueError:
        return [None] * len(parts)
    for i, part in enumerate(parts):
        if len(part) == 0:  # nothing to stretch: done here at once
            jobs.append(None)
            continue
        in_path, out_path = folder / f"in{i}.npy", folder / f"out{i}.npy"
        try:
            np.save(in_path, np.ascontiguousarray(part, dtype=np.float32))
            done = context.Value("d", 0.0)
            process = context.Process(
                target=_stretch_file,
                args=(str(in_path), str(out_path), rate, speed, done),
                daemon=True,
            )
            process.start()
        except (OSError, RuntimeError, ValueError) as exc:  # no room, no processes, no pipes
            log.warning("stretching here (no worker: %s)", exc)
            jobs.append(None)
            continue
        jobs.append(_Job(process, done, out_path, len(part)))
    return jobs


def _stretch_file(in_path: str, out_path: str, rate: int, speed: float, done=None) -> None:
    """In a worker: the audio in `in_path` (.npy) stretched into `out_path`, `done.value` (a
    shared double) set to how far it has come. Exits with 1 if the stretch fails."""
    if sys.platform != "win32":
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    def tell(fraction: float) -> None:
        if done is not None:
            done.value = fraction

    try:
        out = stretch(np.load(in_path, mmap_mode="r"), rate, speed, tell)
    except StretchError:
        sys.exit(1)  # the game's process stretches it again, and names the problem
    with open(out_path, "wb") as f:
        np.save(f, out)
