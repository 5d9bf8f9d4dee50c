"""Keeping the audio callback fed while a stream plays: the rest of the process must not hold it up.

The device's thread (SDL's, at the highest priority SDL may give it: niceness -20 where allowed)
runs our mix in Python, so it needs the GIL for every buffer. Measured on a loaded duet
(bench/pad_to_ear.py), the buffers that came late were seldom slow to render (render p99 0.3 of
a period) but slow to *start* (callback spacing p99.9 7 periods): the thread waited for the GIL
while the thread holding it, the game's loop at normal priority, had been pre-empted by other
programs, or was in a garbage collection (up to 18 ms for a young one, 63 ms for a full one, on a
busy machine). So while a stream plays:

1. the loop's thread runs at `LOOP_NICE` when the system allows it (root, CAP_SYS_NICE or an
   audio group's nice limit), so other programs do not pre-empt it while it holds the GIL;
2. the objects alive when the song starts (charts, fonts, the library) are moved out of the
   garbage collector's reach (`gc.freeze`), so a full collection walks only the song's new ones;
3. a thread waiting for the GIL gets it within `SWITCH_INTERVAL_S`, not Python's default 5 ms
   (shorter is worse: the loop then takes the GIL from the callback in the middle of a render).

Everything is put back as it was when the stream stops.

With the mix in C (`mix_core`) the device's thread never waits for the GIL, so it can safely be
given real-time scheduling (`realtime_audio_threads`: SCHED_FIFO at `AUDIO_RT_PRIORITY`, where
the system allows it: root, CAP_SYS_NICE or an audio group's rtprio limit), as JACK and
PipeWire give theirs: then no other program's thread pre-empts it, however loaded the machine.
A thread that needs the GIL must never be real-time (it would wait for a thread it pre-empts).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

LOOP_NICE = -10
"""The niceness asked for the thread that plays the stream (lower runs first; 0 is normal).
Above SDL's audio thread (-20 where it may), so that one still comes first."""
AUDIO_RT_PRIORITY = 60
"""The SCHED_FIFO priority asked for SDL's audio threads when the mix is in C (1-99; JACK's own
threads sit around 70-80, so a JACK server's cycle still comes first)."""
AUDIO_THREAD_NAMES = ("SDLAudio",)
"""How SDL 2 names its audio device threads (SDLAudioP2: the second playback device)."""
SWITCH_INTERVAL_S = 0.001
"""How long a thread waiting for the GIL waits before the holder must hand it over (seconds)."""


class SteadyStream:
    """The process set up so the audio callback is not held up, from `start()` to `stop()`
    (called on the same thread, the one that runs the game's loop)."""

    def __init__(self) -> None:
        self._switch: float | None = None
        self._nice: tuple[int, int] | None = None  # (thread id, its niceness before)
        self._frozen = False

    def start(self) -> None:
        """Raise the calling thread's priority (when allowed), freeze the objects alive now out
        of the garbage collector's reach, and shorten the GIL's switch interval."""
        if self._switch is not None:
            return
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch, SWITCH_INTERVAL_S))
        gc.freeze()
        self._frozen = True
        self._nice = _raise_priority()

    def stop(self) -> None:
        """Put the priority, the garbage collector and the switch interval back as they were."""
        if self._switch is None:
            return
        if self._nice is not None:
            tid, before = self._nice
            try:
                os.setpriority(os.PRIO_PROCESS, tid, before)
            except OSError as e:  # a thread may always lower its own priority; be safe
                log.info("could not put the loop's priority back to %d: %s", before, e)
            self._nice = None
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
        sys.setswitchinterval(self._switch)
        self._switch = None


def _raise_priority() -> tuple[int, int] | None:
    """Set the calling thread's niceness to `LOOP_NICE` when it is higher and the system allows
    it; (thread id, niceness before) when changed, else None."""
    if not sys.platform.startswith("linux"):  # only Linux gives each thread its own niceness
        return None
    try:
        tid = threading.get_native_id()
        before = os.getpriority(os.PRIO_PROCESS, tid)
        if before <= LOOP_NICE:
            return None
        os.setpriority(os.PRIO_PROCESS, tid, LOOP_NICE)
    except OSError as e:  # not allowed: the loop plays at its normal priority
        log.info("the game's loop keeps its priority (%s)", e)
        return None
    log.info("the game's loop runs at niceness %d while the song plays (was %d)", LOOP_NICE, before)
    return tid, before


def realtime_audio_threads(priority: int = AUDIO_RT_PRIORITY) -> list[int]:
    """Give this process's SDL audio threads SCHED_FIFO at `priority` where the system allows
    it (Linux); the thread ids changed (none when not allowed or not Linux). Only for threads
    that never wait for the GIL: the C mix's."""
    if not sys.platform.startswith("linux") or not hasattr(os, "sched_setscheduler"):
        return []
    changed = []
    for task in _threads_named(AUDIO_THREAD_NAMES):
        try:
            if os.sched_getscheduler(task) == os.SCHED_FIFO:
                continue
            os.sched_setscheduler(task, os.SCHED_FIFO, os.sched_param(priority))
        except OSError as e:  # not allowed: SDL's own priority (niceness -20 where it may)
            log.info("the audio thread %d keeps its scheduling (%s)", task, e)
            continue
        changed.append(task)
    if changed:
        log.info("audio threads %s run real-time (SCHED_FIFO %d)", changed, priority)
    return changed


def _threads_named(prefixes: tuple[str, ...]) -> list[int]:
    """The ids of this process's threads whose name starts with one of `prefixes`."""
    found = []
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return []
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/comm", encoding="utf-8") as f:
                name = f.read().strip()
        except OSError:
            continue  # it ended meanwhile
        if name.startswith(prefixes):
            found.append(int(task))
    return sorted(found)
