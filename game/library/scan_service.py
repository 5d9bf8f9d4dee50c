"""The background scan: a thread that brings the song index up to date while the game runs.

The game's loop never waits for it. The thread scans the roots (reading changed folders on
worker processes), publishes the songs found so far every `PUBLISH_EVERY_S`, then reads in full
the songs whose duet split is not counted yet (at a low priority). Song select calls `poll()`
each frame: it gives a new song list when there is one, and `progress` says how far the scan
is ("4,210 of 10,000 folders"). `start()` again (F5, the window regaining focus) scans again:
warm, that is a walk and a `stat` a file (under half a second for 10,000 folders).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from game.library.index import SongLibrary, SongRecord, song_order

log = logging.getLogger(__name__)
PUBLISH_EVERY_S = 0.5
"""How often, at most, a running scan hands song select a new list (seconds)..."""
PUBLISH_DETAILS_EVERY_S = 5.0
"""...and the full reads after it, which only add duet parts' counts (the list stays still)."""


@dataclass(frozen=True)
class ScanProgress:
    """How far a scan is: `done` of `total` folders looked at; `details` while the duet
    splits are being counted (the list is complete then)."""

    done: int
    total: int
    details: bool = False


class ScanService:
    """Scans the roots `roots()` into the index at `db_path` on a thread (see the module).

    `songs` starts as what the index holds (call `load()`), so song select shows at once.
    """

    def __init__(
        self,
        db_path: Path,
        roots: Callable[[], list[Path]],
        workers: int | None = None,
        details: bool = True,
    ) -> None:
        self.db_path = Path(db_path)
        self.roots = roots
        self.workers = workers
        self.details = details
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._again = False
        self._songs: dict[Path, SongRecord] = {}
        self._published: list[SongRecord] | None = None
        self._dirty = False
        self._last_publish = 0.0
        self.progress: ScanProgress | None = None
        """How far the running scan is; None when none runs."""
        self.scans = 0
        """How many scans have finished (tests wait on it)."""
        self.error: str | None = None
        """Why the last scan failed, or None."""

    def load(self) -> list[SongRecord]:
        """The songs the index holds now (read in this thread), sorted as the library lists."""
        with SongLibrary(self.db_path) as library:
            songs = library.songs()
        with self._lock:
            self._songs = {s.folder: s for s in songs}
        return songs

    @property
    def running(self) -> bool:
        """True while a scan (or its full reads) runs."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Scan now; when a scan runs, scan once more after it (what changed meanwhile)."""
        with self._lock:
            if self.running:
                self._again = True
                return
            self._stop.clear()
            self.progress = ScanProgress(0, 0)
            self._thread = threading.Thread(target=self._run, name="song-scan", daemon=True)
            self._thread.start()

    def poll(self) -> list[SongRecord] | None:
        """The new song list when the scan changed it since the last poll, else None (cheap:
        call it every frame)."""
        with self._lock:
            songs, self._published = self._published, None
        return songs

    def stop(self, wait_s: float = 5.0) -> None:
        """Stop the scan (the game is quitting); what was read is kept."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(wait_s)

    def wait(self, timeout_s: float = 60.0) -> bool:
        """Wait for the running scan to end (tests, the command line); True when it did."""
        deadline = time.monotonic() + timeout_s
        while self.running and time.monotonic() < deadline:
            time.sleep(0.01)
        return not self.running

    # the thread ------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            try:
                self._scan_once()
                self.error = None
            except Exception as e:  # the game goes on with the songs it has
                log.exception("song library scan failed")
                self.error = str(e)
            with self._lock:
                again, self._again = self._again, False
                if not again or self._stop.is_set():
                    self.progress = None
                    self.scans += 1
                    return
                self.scans += 1

    def _scan_once(self) -> None:
        stop = self._stop.is_set
        with SongLibrary(self.db_path) as library:
            result = library.scan(
                self.roots(),
                on_songs=self._found,
                on_progress=self._progressed,
                workers=self.workers,
                stop=stop,
            )
            if not stop():
                songs = library.songs()  # exactly the index: removed folders leave the list
                with self._lock:
                    self._songs = {s.folder: s for s in songs}
                self._publish(force=True)
                log.info("found %d songs", len(songs))
            log.info("background scan: %s", result)
            if self.details and not stop():
                with self._lock:
                    self.progress = ScanProgress(result.songs, result.songs, details=True)
                # a rescan asked for (F5, focus) goes first: the full reads resume after it
                library.fill_details(
                    on_songs=self._found, workers=self.workers, stop=lambda: stop() or self._again
                )
                self._publish(force=True)

    def _found(self, records: list[SongRecord]) -> None:
        with self._lock:
            for record in records:
                self._songs[record.folder] = record
            self._dirty = True
        self._publish()

    def _progressed(self, done: int, total: int) -> None:
        with self._lock:
            self.progress = ScanProgress(done, total)

    def _publish(self, force: bool = False) -> None:
        now = time.monotonic()
        details = self.progress is not None and self.progress.details
        every = PUBLISH_DETAILS_EVERY_S if details else PUBLISH_EVERY_S
        if not force and now - self._last_publish < every:
            return
        with self._lock:
            if not (self._dirty or force):
                return
            songs = list(self._songs.values())
            self._dirty = False
        songs.sort(key=song_order)
        with self._lock:
            self._published = songs
        self._last_publish = now
