"""A built-in song's backing, rendered from its arrangement into the render cache.

A first render (a few seconds of numpy synthesis, a couple of hundred MB of work buffers) runs
in a worker process: the game keeps only the finished audio, its memory stays low while it
plays, and the render uses a core of its own. Without a worker (none can be started) the
render runs here.
"""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from game.audio.cache import cached_render, cached_render_path, default_cache_dir, is_cached
from game.formats.arrangement_mid import read_arrangement

log = logging.getLogger(__name__)


def render_backing(arrangement_file: Path, cache_dir: Path | None = None) -> np.ndarray:
    """The mastered backing of `arrangement_file` (float32 (n, 2)), through the render cache.

    Raises ChartError when the arrangement cannot be read.
    """
    arrangement = read_arrangement(arrangement_file)
    cache_dir = cache_dir or default_cache_dir()
    if not is_cached(arrangement, cache_dir=cache_dir):
        try:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(1, mp_context=context) as worker:
                worker.submit(_render_into_cache, str(arrangement_file), str(cache_dir)).result()
        except Exception as e:  # no worker (or it failed): render here instead
            log.warning("rendering in this process (no worker: %s)", e)
    return cached_render(arrangement, cache_dir=cache_dir)


def _render_into_cache(arrangement_file: str, cache_dir: str) -> None:
    """In the worker: render the song and write it to the cache."""
    cached_render_path(read_arrangement(Path(arrangement_file)), cache_dir=cache_dir)
