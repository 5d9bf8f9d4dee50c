"""A built-in song's backing, rendered from its arrangement into the render cache.

A first render (a few seconds of numpy synthesis, a couple of hundred MB of work buffers) runs
in a worker process: the game keeps only the finished audio, its memory stays low while it
plays, and the render uses a core of its own. Without a worker (none can be started) the
render runs here. A render that is no longer wanted (the players cancelled the song's loading)
is stopped: the worker is ended and leaves no part of a file in the cache.

For practice the song is rendered at another speed: its arrangement at that speed
(`Arrangement.at_speed`: every note starts and lasts 1 / speed times as long, at its pitch),
played by the synthesizer at the new tempo, so the audio is exact, not stretched. The render
cache's key hashes every note's times, so each speed has its own cache file.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from game.audio.cache import cached_render, cached_render_path, default_cache_dir, is_cached
from game.formats.arrangement_mid import read_arrangement

log = logging.getLogger(__name__)

POLL_S = 0.02
"""How often (seconds) a wait for the render worker asks whether the render is still wanted."""


class RenderCancelledError(Exception):
    """The render was no longer wanted and was stopped (nothing was written to the cache)."""


def render_backing(
    arrangement_file: Path,
    cache_dir: Path | None = None,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[float], None] | None = None,
    speed: float = 1.0,
) -> np.ndarray:
    """The mastered backing of `arrangement_file` (float32 (n, 2)) played at `speed` (1.0 as
    written, 0.5 half as fast: rendered at that tempo, same pitch), through the render cache.

    While the worker renders, every `POLL_S`: `progress(fraction)` is told how far it has come
    (0-1), and `cancelled()`, when True, ends the worker and raises RenderCancelledError (so
    does anything `progress` raises). Raises ChartError when the arrangement cannot be read.
    """
    arrangement = read_arrangement(arrangement_file).at_speed(speed)
    cache_dir = cache_dir or default_cache_dir()
    if not is_cached(arrangement, cache_dir=cache_dir):
        try:
            _render_in_worker(
                arrangement_file,
                cache_dir,
                cancelled or (lambda: False),
                progress or (lambda fraction: None),
                speed,
            )
        except RenderCancelledError:
            raise
        except Exception as e:  # no worker (or it failed): render here instead
            if cancelled is not None and cancelled():  # `progress` saw the cancel first
                raise RenderCancelledError(f"the render of {arrangement_file} was cancelled") from e
            log.warning("rendering in this process (no worker: %s)", e)
    if cancelled is not None and cancelled():
        raise RenderCancelledError(f"the render of {arrangement_file} was cancelled")
    return cached_render(arrangement, cache_dir=cache_dir)


def _render_in_worker(
    arrangement_file: Path,
    cache_dir: Path,
    cancelled: Callable[[], bool],
    progress: Callable[[float], None],
    speed: float = 1.0,
) -> None:
    """Render into the cache (at `speed`) in a worker process, waited for and its progress
    passed on; RenderCancelledError (the worker ended) as soon as `cancelled()` says so or
    `progress` raises; RuntimeError when the worker failed."""
    context = multiprocessing.get_context("spawn")
    done = context.Value("d", 0.0)
    worker = context.Process(
        target=_render_into_cache,
        args=(str(arrangement_file), str(cache_dir), done, speed),
        daemon=True,
    )
    worker.start()
    try:
        while worker.is_alive():
            worker.join(POLL_S)
            if worker.is_alive() and cancelled():
                raise RenderCancelledError(f"the render of {arrangement_file} was cancelled")
            progress(done.value)
    except BaseException:
        worker.terminate()  # SIGTERM: the worker's half-written file is removed on the way
        worker.join()
        raise
    if worker.exitcode != 0:
        raise RuntimeError(f"the render worker ended with code {worker.exitcode}")


def _render_into_cache(
    arrangement_file: str, cache_dir: str, done=None, speed: float = 1.0
) -> None:
    """In the worker: render the song at `speed` and write it to the cache, setting `done.value` (a
    shared double) to how far it has come. Ended by SIGTERM it exits through Python
    (SystemExit), so the atomic write removes its temporary file."""
    if sys.platform != "win32":
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    def tell(fraction: float) -> None:
        if done is not None:
            done.value = fraction

    arrangement = read_arrangement(Path(arrangement_file)).at_speed(speed)
    cached_render_path(arrangement, cache_dir=cache_dir, progress=tell)
    tell(1.0)
