"""Loading a song: the song is made ready on a worker thread while this screen shows how far
it has come, and Esc (or a kit's red pad) cancels it.

The loop never waits: the screen starts the worker when it is entered, reads the worker's
progress at each update, and when the worker is done puts the play in its own place (or, on
an error, goes back to song select with the reason). A cancel stops the worker at its next
step (a render in a worker process is ended at once) and the screen goes back to song select
only when the worker has ended, so nothing half-done is left behind: no thread, no play, no
part of a file in the cache.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pygame

from game.app.live import PreparedSong, live_from, prepare_song
from game.app.play import PlayOptions, PlayScreen
from game.app.scene import Action, Pumped, Screen
from game.audio.stream import OutputFormat
from game.base.language import _
from game.formats.errors import ChartError
from game.library.backing import RenderCancelledError
from game.library.index import SongRecord
from game.ui.canvas import Canvas
from game.ui.loading_view import LoadingPicture, draw_loading

log = logging.getLogger(__name__)


class LoadCancelledError(Exception):
    """The players cancelled the loading: the worker stops where it is."""


@dataclass(frozen=True)
class LoadFailed:
    """What the loading screen leaves with when the song cannot be played: the reason."""

    notice: str


class NotPlayed(Screen):
    """Put in a loading screen's place when the prepared song cannot be played as asked (the
    chart changed under a duet partner's replay): back at once, leaving `LoadFailed(notice)`."""

    def __init__(self, notice: str) -> None:
        self.notice = notice

    def update(self, now_s: float) -> None:
        """Leave at once, saying why."""
        self.stack.pop(LoadFailed(self.notice))


class LoadProgress:
    """How far a song's loading has come, shared by the worker and the screen (thread-safe):
    the fraction done (0-1), the step in words, and whether it was cancelled."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self.fraction = 0.0
        self.step = _("Reading the chart")
        self.reports: list[float] = []
        """Every fraction reported, in order (for tests and logs)."""

    def report(self, fraction: float, step: str) -> None:
        """The worker has come `fraction` of the way, now at `step`; LoadCancelledError when
        the loading was cancelled meanwhile."""
        if self._cancel.is_set():
            raise LoadCancelledError(step)
        with self._lock:
            if not self.reports or fraction != self.reports[-1]:
                self.reports.append(fraction)
            self.fraction, self.step = fraction, step

    def cancel(self) -> None:
        """Ask the worker to stop at its next step."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """True once `cancel` was asked."""
        return self._cancel.is_set()

    def shown(self) -> tuple[float, str]:
        """The fraction and the step, read together."""
        with self._lock:
            return self.fraction, self.step


ThenPlay = Callable[..., Screen | None]
StartPlay = Callable[[PreparedSong, OutputFormat], Screen]
"""Builds the screen that plays a prepared song on the opened output (default: `PlayScreen`)."""


class LoadingScreen(Screen):
    """Makes `record` ready to play as `options` say, on a worker thread (see the module); the
    play it starts then shows `then` after it (as `PlayScreen` does)."""

    def __init__(
        self,
        record: SongRecord,
        options: PlayOptions,
        then: ThenPlay | None = None,
        start: StartPlay | None = None,
    ) -> None:
        """`start(prepared, output)` builds the screen that plays the song (practice's pass);
        by default a `PlayScreen` followed by `then`."""
        self.record = record
        self.options = options
        self.then = then
        self.start = start
        self.progress = LoadProgress()
        self.worker: threading.Thread | None = None
        self.prepared: PreparedSong | None = None
        self.error: str | None = None
        self.canvas = Canvas()
        self._output = None
        self._now = 0.0
        self._started: float | None = None

    def enter(self) -> None:
        """Open the audio output (here: the device belongs to the loop's thread) and start the
        worker at its rate."""
        self._output = self.app.audio_output()
        self.worker = threading.Thread(
            target=self._work, args=(self._output.rate,), name="song loading", daemon=True
        )
        self.worker.start()

    def _work(self, rate: int) -> None:
        """On the worker thread: prepare the song, keeping the result or why it failed."""
        progress = self.progress
        try:
            self.prepared = prepare_song(
                Path(self.record.folder),
                self.options,
                rate,
                progress.report,
                cancelled=lambda: progress.cancelled,
            )
        except (LoadCancelledError, RenderCancelledError):
            log.info("loading %s cancelled", self.record.folder)
        except ChartError as e:
            log.warning("%s", e)
            self.error = _("{title} cannot be played. {reason}").format(
                title=self.record.title, reason=e
            )
        except Exception as e:  # a song that fails to load never takes the game down
            log.exception("loading %s failed", self.record.folder)
            self.error = _("{title} could not be loaded: {reason}").format(
                title=self.record.title, reason=e
            )

    @property
    def cancelling(self) -> bool:
        """True once the players have cancelled (the worker may still be stopping)."""
        return self.progress.cancelled

    def on_input(self, item: Pumped) -> None:
        """Esc, a gamepad's back button or a kit's red pad cancels."""
        if item.action == Action.BACK:
            self.cancel()

    def cancel(self) -> None:
        """Stop the loading: the worker stops at its next step, then song select comes back."""
        self.progress.cancel()

    def update(self, now_s: float) -> None:
        """When the worker has ended: the play in this screen's place, or back to song select
        (cancelled, or why the song cannot be played)."""
        self._now = now_s
        if self._started is None:
            self._started = now_s
        worker = self.worker
        if worker is None or worker.is_alive():
            return
        worker.join()
        if self.cancelling:
            self.stack.pop(None)
        elif self.error is not None or self.prepared is None:
            self.stack.pop(LoadFailed(self.error or _("The song could not be loaded.")))
        elif self.start is not None:
            self.stack.replace(self.start(self.prepared, self._output))
        else:
            app = self.app
            live = live_from(self.prepared, self.options, app.devices, self._output)
            self.stack.replace(PlayScreen(live, then=self.then))

    def leave(self) -> None:
        """The game quits while loading: the worker is told to stop (it is a daemon thread)."""
        self.progress.cancel()

    def draw(self, surface: pygame.Surface) -> None:
        """The loading panel: the song, the step, the progress bar and the spinner."""
        fraction, step = self.progress.shown()
        canvas = self.canvas.surface_for(surface)
        picture = LoadingPicture(
            self.record.title,
            self.record.artist or "",
            fraction,
            step,
            self._now - (self._started or self._now),
            self.cancelling,
        )
        draw_loading(canvas, picture)
        self.canvas.present(surface, canvas)
