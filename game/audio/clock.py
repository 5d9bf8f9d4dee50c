"""The song clock: song time from the audio stream's position, never from the wall clock alone.

The audio callback reports each buffer it hands to the device (`on_buffer`); between callbacks the
clock moves on by the elapsed `now()` time, but never past the end of the last buffer and never
backwards. Calibration offsets live here and only here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(eq=False)
class SongClock:
    """Turns a `now()` timestamp (perf_counter seconds) into song seconds.

    Song time 0 is the first sample of the song's backing, which the stream starts
    `lead_in_s` seconds after it starts. `audio_offset_s` is how late the player hears the
    stream (output latency); `video_offset_s` how late the screen shows a frame.
    """

    rate: int
    lead_in_s: float = 0.0
    audio_offset_s: float = 0.0
    video_offset_s: float = 0.0
    now: Callable[[], float] = time.perf_counter
    # (first sample of the last buffer, its frames, when it was handed over); one tuple so
    # that the audio thread replaces it in one atomic assignment.
    _anchor: tuple[int, int, float] | None = field(default=None, init=False, repr=False)
    _last: float = field(default=-float("inf"), init=False, repr=False)
    source: Callable[[], tuple[int, int, float] | None] | None = field(default=None, repr=False)
    """Where the latest buffer's (first sample, frames, stamp) is read from when the audio
    callback does not call `on_buffer` (the C mix keeps it: `AudioStream`); None: `on_buffer`."""

    def _latest(self) -> tuple[int, int, float] | None:
        return self._anchor if self.source is None else self.source()

    def on_buffer(self, start_sample: int, frames: int, stamp: float | None = None) -> None:
        """Called by the audio thread: the buffer from `start_sample` went out at `stamp`."""
        self._anchor = (start_sample, frames, self.now() if stamp is None else stamp)

    @property
    def started(self) -> bool:
        """True once the stream has handed out its first buffer."""
        return self._latest() is not None

    def stream_seconds(self, at: float | None = None) -> float:
        """The stream position (seconds since it started) at `at` (default: now)."""
        anchor = self._latest()
        if anchor is None:
            return 0.0
        start, frames, stamp = anchor
        at = self.now() if at is None else at
        span = frames / self.rate
        # Between callbacks the stream moves with the clock; a stamp taken just before the last
        # callback lies a little before its buffer (the stream is linear there too).
        elapsed = min(max(at - stamp, -2.0 * span), span)
        return (start / self.rate) + elapsed

    def song_time(self, at: float | None = None) -> float:
        """Song seconds at `at` (default: now), as the player hears it; never goes backwards."""
        t = self.stream_seconds(at) - self.lead_in_s - self.audio_offset_s
        if at is None or at >= 0:
            t = max(t, self._last)
            self._last = t
        return t

    def input_time(self, stamp: float, device_offset_s: float = 0.0) -> float:
        """Song seconds of a hit stamped at `stamp` by a device `device_offset_s` late."""
        return self.stream_seconds(stamp) - self.lead_in_s - self.audio_offset_s - device_offset_s

    def draw_time(self, at: float | None = None) -> float:
        """Song seconds to draw at `at` (default: now), so the picture lands in time with the
        sound."""
        return self.song_time(at) + self.video_offset_s

    def sample_of(self, song_s: float) -> int:
        """The stream sample at which song time `song_s` is heard."""
        return round((song_s + self.lead_in_s) * self.rate)
