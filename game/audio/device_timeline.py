"""Where the audio device is in its own time, so that a buffer handed over after the device needed
it (an underrun: the player hears a gap) is told from one that was merely late to start.

The device asks for a buffer when it has room for one and then still holds up to
`DEVICE_HOLDS_BUFFERS` periods of sound: a callback that arrives at `a_j` proves the device had
not run dry before `a_j + holds`, and buffer k (n periods later) is needed at the latest by
`a_j + holds + n * period` (the device's own period, measured as the median spacing of recent
callbacks, so a device clock that runs a little slow or fast against ours is no underrun). The
deadline of buffer k is the earliest such bound over the callbacks since the device last
restarted; handed over after it, the device had played out everything: one underrun, and the
device starts again from that buffer. A late callback followed by quick ones (SDL catching up
on a device that still held sound) is not counted: the device never ran dry.
"""

from __future__ import annotations

from collections import deque
from statistics import median

DEVICE_HOLDS_BUFFERS = 3.0
"""Periods of sound the device still holds when it asks for a buffer: SDL's two plus what the
driver below keeps (on the bench's SDL -> ALSA -> JACK chain this count agrees best with
ALSA's own underrun reports; see README)."""
EVIDENCE_BUFFERS = 16
"""How many of the latest callbacks bound a buffer's deadline."""
PACE_BUFFERS = 64
"""How many of the latest callback spacings give the device's own period (their median)."""


class DeviceTimeline:
    """The device's timeline for a stream of `frames`-frame buffers at `rate` Hz: `hand_over`
    tells, for each buffer, how late (seconds) it came after the device needed it, or 0.0."""

    def __init__(self, rate: int, holds: float = DEVICE_HOLDS_BUFFERS) -> None:
        self.rate = rate
        self.holds = holds
        self._evidence: deque[tuple[float, int]] = deque(maxlen=EVIDENCE_BUFFERS)
        self._spacings: deque[float] = deque(maxlen=PACE_BUFFERS)
        self._last_arrival: float | None = None
        self._frames: int | None = None
        self._count = 0  # buffers since the device (re)started

    def restart(self) -> None:
        """Forget the timeline (the stream was paused, or the buffer size changed)."""
        self._evidence.clear()
        self._spacings.clear()
        self._last_arrival = None
        self._count = 0

    def hand_over(self, frames: int, arrived: float, done: float) -> float:
        """Note one buffer of `frames` frames, asked for at `arrived` and handed over at `done`
        (seconds on one clock): how many seconds after its deadline it came (0.0 on time)."""
        if frames != self._frames:
            self._frames = frames
            self.restart()
        nominal = frames / self.rate
        if self._last_arrival is not None:
            self._spacings.append(arrived - self._last_arrival)
        self._last_arrival = arrived
        period = nominal
        if len(self._spacings) >= 8:
            period = min(max(median(self._spacings), 0.5 * nominal), 2.0 * nominal)
        k = self._count
        self._count += 1
        late = 0.0
        if self._evidence:
            deadline = min(a + (k - j) * period for a, j in self._evidence)
            deadline += self.holds * nominal
            if done > deadline:
                late = done - deadline
                self._evidence.clear()  # the device ran dry and starts again from here
        self._evidence.append((arrived, k))
        return late
