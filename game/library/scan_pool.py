"""Reading many song folders on every core: worker processes read rows, the caller writes them.

Folders go to the workers in small chunks; rows come back as each chunk is done (any order),
so the caller can store and show songs as they are found. Few folders are read in this
process (starting workers costs more than reading them). Workers run at a lower priority than
the game, so a scan never takes the cores from a play or the song list.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from game.library import summary

log = logging.getLogger(__name__)
Row = dict[str, Any]
CHUNK = 24
"""Folders per task sent to a worker."""
IN_PROCESS_BELOW = 48
"""Fewer folders than this are read in this process."""
READERS: dict[str, Callable[[Path], Row]] = {
    "summary": summary.summary_row,
    "detail": summary.detail_row,
}
"""The row readers a worker may run, by name (a name pickles; a function of a test may not)."""
SCAN_NICE = 5
"""How much lower than the game's the scan workers' priority is (the full reads: twice that)."""


def default_workers() -> int:
    """How many worker processes a scan uses: one per core the game may use."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores)


def read_rows(
    folders: list[Path],
    reader: str = "summary",
    workers: int | None = None,
    nice: int | None = None,
    stop: Callable[[], bool] | None = None,
    chunk: int = CHUNK,
) -> Iterator[list[tuple[Path, Row]]]:
    """(folder, row) pairs of `folders` read by `READERS[reader]`, a chunk at a time as they are
    done; with `workers` 0 (or few folders) all in this process. `nice` lowers the workers'
    priority (default `SCAN_NICE`); `stop()` true ends the reading early (what was not read is
    not given, and the workers are left to end their task on their own). `chunk` folders go
    to a worker at a time."""
    workers = default_workers() if workers is None else workers
    if workers == 0 or len(folders) < IN_PROCESS_BELOW:
        yield from _read_here(folders, reader, stop, chunk)
        return
    chunks = [folders[i : i + chunk] for i in range(0, len(folders), chunk)]
    try:
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=_context(),
            initializer=_lower_priority,
            initargs=(SCAN_NICE if nice is None else nice,),
        )
        pool.submit(os.getpid).result(timeout=120)  # the workers start (or say why not)
    except Exception as e:  # no processes here (a sandbox, no /dev/shm): read them ourselves
        log.warning("no scan workers (%r): reading the song folders in this process", e)
        yield from _read_here(folders, reader, stop, chunk)
        return
    try:
        pending: dict[Future, list[Path]] = {}
        queued = iter(chunks)

        def top_up() -> None:  # a few chunks per worker queued, no more: a stop is quick
            for part in queued:
                pending[pool.submit(read_chunk, reader, part)] = part
                if len(pending) >= workers * 3:
                    break

        top_up()
        while pending:
            done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                yield _rows(future, pending.pop(future))
            if stop is not None and stop():
                return
            top_up()
    finally:  # stopped: what was queued is dropped, a task under way ends on its own
        pool.shutdown(wait=not pending, cancel_futures=True)


def _read_here(
    folders: list[Path], reader: str, stop: Callable[[], bool] | None, chunk: int
) -> Iterator[list[tuple[Path, Row]]]:
    """`read_rows` in this process."""
    read = READERS[reader]
    for start in range(0, len(folders), chunk):
        if stop is not None and stop():
            return
        yield [(f, read(f)) for f in folders[start : start + chunk]]


def _rows(future: Future, chunk: list[Path]) -> list[tuple[Path, Row]]:
    """The rows a worker read; when the worker died, each folder says it could not be read
    (`retry`: the next scan reads it again)."""
    try:
        return future.result()
    except Exception as e:  # a worker killed (a reader crashed the process): skip, go on
        log.warning("a scan worker failed on %d folders from %s: %r", len(chunk), chunk[0], e)
        problem = f"could not be read (the reader stopped: {type(e).__name__})"
        return [(f, summary.blank_row(f) | {"problem": problem, "retry": 1}) for f in chunk]


def read_chunk(reader: str, folders: list[Path]) -> list[tuple[Path, Row]]:
    """The rows of `folders` (a worker's task)."""
    read = READERS[reader]
    return [(f, read(f)) for f in folders]


def _context() -> multiprocessing.context.BaseContext:
    """Fresh worker processes (never a fork of the game's threads and window)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _lower_priority(nice: int) -> None:
    if nice:
        with contextlib.suppress(AttributeError, OSError):
            os.nice(nice)
