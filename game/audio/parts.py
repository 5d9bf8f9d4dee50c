"""Rendering one instrument part into the mix buses.

A note's sound depends on its pitch, its duration (to 5 ms), its velocity (to 1/16, for
brightness) and, for percussion, a round-robin variant picked by a hash of the note; each distinct
note is rendered once, whole (worker threads share the work). Notes that start together (a chord,
a clap on a shaker) are summed into one event buffer at their levels (velocity to 1/8 dB), the
part's gain and pan; each distinct event is built once and added at every start, with its mono
sum on the reverb send. Pop songs repeat themselves, so most of a song is a few adds per bar.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numpy.typing import NDArray

from game.audio import percussion
from game.audio.dsp import F32, SAMPLE_RATE, pan_gains, seed_of, velocity_gain
from game.audio.voices import MELODIC
from game.core.arrangement import InstrumentPart, Voice

DURATION_STEP_S = 0.005
VELOCITY_STEPS = 16
LEVEL_STEP_DB = 0.125
CHUNK_EVENTS = 128
MEMO_BYTES = 64 * 1024 * 1024
"""Rendered notes and events kept for reuse, per memo (least recently used go first)."""

NoteKey = tuple[int, int, int, int]
"""(pitch, duration in steps, velocity step, variant): what a rendered note sounds like."""
EventKey = tuple[tuple[NoteKey, int, int], ...]
"""The notes of an event, each with its level (1/8 dB steps) and reverb send (1/1000 steps)."""


class _Memo:
    """A dict of arrays that forgets the least recently used once it holds `budget` bytes."""

    def __init__(self, budget: int) -> None:
        self._items: OrderedDict = OrderedDict()
        self._bytes = 0
        self._budget = budget

    def get(self, key):
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def put(self, key, item: tuple[NDArray, ...]) -> None:
        self._items[key] = item
        self._bytes += sum(a.nbytes for a in item)
        while self._bytes > self._budget and len(self._items) > 1:
            _, old = self._items.popitem(last=False)
            self._bytes -= sum(a.nbytes for a in old)

    def __contains__(self, key) -> bool:
        return key in self._items


def note_keys(part: InstrumentPart) -> list[NoteKey]:
    """The sound-defining key of each note of `part`."""
    notes = part.notes
    pitch = notes["pitch"].astype(np.int64)
    dur = np.maximum(np.rint(notes["duration_s"] / DURATION_STEP_S), 2).astype(np.int64)
    vel = np.clip(np.rint(notes["velocity"] * VELOCITY_STEPS), 1, VELOCITY_STEPS).astype(np.int64)
    if part.voice is Voice.PERCUSSION:
        dur[:] = 0
        start_ms = np.rint(notes["start_s"] * 1000.0).astype(np.int64)
        variant = [
            seed_of(part.name, p, s) % percussion.VARIANTS
            for p, s in zip(pitch.tolist(), start_ms.tolist(), strict=True)
        ]
    else:
        variant = [0] * len(notes)
    return list(zip(pitch.tolist(), dur.tolist(), vel.tolist(), variant, strict=True))


def note_renderer(voice: Voice) -> Callable[[NoteKey], tuple[NDArray, NDArray]]:
    """A function rendering a note key to its (m, 2) frames and their mono sum."""
    if voice is Voice.PERCUSSION:
        return lambda k: _frames(percussion.percussion_hit(k[0], k[2] / VELOCITY_STEPS, k[3]))
    spec = MELODIC[voice]
    return lambda k: _frames(spec.render(k[0], k[1] * DURATION_STEP_S, k[2] / VELOCITY_STEPS))


def _frames(buf: NDArray[np.float32]) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    return np.ascontiguousarray(buf.T), buf[0] + buf[1]


def _levels_and_sends(part: InstrumentPart) -> tuple[list[int], list[int]]:
    """Each note's level (in 1/8 dB steps) and reverb send (in 1/1000 steps)."""
    velocities = part.notes["velocity"].tolist()
    if part.voice is Voice.PERCUSSION:
        pitches = part.notes["pitch"].tolist()
        mix = [percussion.PERCUSSION_LEVEL.get(p, percussion.DEFAULT_LEVEL) for p in pitches]
        sends = [percussion.PERCUSSION_SEND.get(p, percussion.DEFAULT_SEND) for p in pitches]
    else:
        spec = MELODIC[part.voice]
        mix = [spec.level] * len(velocities)
        sends = [spec.reverb_send] * len(velocities)
    levels = []
    for v, m in zip(velocities, mix, strict=True):
        linear = max(velocity_gain(v) * m * part.gain, 1e-6)
        levels.append(round(20.0 * math.log10(linear) / LEVEL_STEP_DB))
    return levels, [round(s * 1000) for s in sends]


def _events(part: InstrumentPart) -> tuple[list[int], list[EventKey]]:
    """The start sample and key of every event (the notes of `part` starting on one sample)."""
    keys = note_keys(part)
    levels, sends = _levels_and_sends(part)
    starts = np.rint(part.notes["start_s"] * SAMPLE_RATE).astype(np.int64).tolist()
    order = sorted(range(len(starts)), key=lambda i: (starts[i], keys[i], levels[i]))
    event_starts: list[int] = []
    event_keys: list[EventKey] = []
    members: list[tuple[NoteKey, int, int]] = []
    for pos, i in enumerate(order):
        members.append((keys[i], levels[i], sends[i]))
        if pos + 1 == len(order) or starts[order[pos + 1]] != starts[i]:
            event_starts.append(starts[i])
            event_keys.append(tuple(members))
            members = []
    return event_starts, event_keys


def _build_event(
    key: EventKey, note: Callable[[NoteKey], tuple[NDArray, NDArray]], gains: tuple[float, float]
) -> tuple[NDArray, NDArray]:
    """The (m, 2) frames and mono send signal (empty when there is no send) of one event."""
    rendered = [note(k) for k, _, _ in key]
    length = max(len(buf) for buf, _ in rendered)
    frames = np.zeros((length, 2), dtype=F32)
    send = np.zeros(length if any(s for _, _, s in key) else 0, dtype=F32)
    for (buf, mono), (_, level_steps, send_steps) in zip(rendered, key, strict=True):
        level = 10.0 ** (level_steps * LEVEL_STEP_DB / 20.0)
        frames[: len(buf)] += buf * np.array([level * gains[0], level * gains[1]], dtype=F32)
        if send_steps:
            send[: len(mono)] += mono * F32(0.5 * level * send_steps / 1000.0)
    return frames, send


def render_part(
    part: InstrumentPart,
    dry: NDArray[np.float32],
    send: NDArray[np.float32],
    pool: ThreadPoolExecutor | None = None,
) -> None:
    """Add `part` into the (n, 2) `dry` bus and the mono reverb `send` bus."""
    if not len(part.notes):
        return
    n = len(dry)
    render = note_renderer(part.voice)
    gains = pan_gains(part.pan)
    starts, keys = _events(part)
    notes = _Memo(MEMO_BYTES)
    events = _Memo(MEMO_BYTES)

    def note(k: NoteKey) -> tuple[NDArray, NDArray]:
        item = notes.get(k)
        if item is None:  # forgotten for lack of room since the chunk began
            item = render(k)
            notes.put(k, item)
        return item

    for first in range(0, len(keys), CHUNK_EVENTS):
        chunk = range(first, min(first + CHUNK_EVENTS, len(keys)))
        wanted = (k for i in chunk if keys[i] not in events for k, _, _ in keys[i])
        missing = [k for k in dict.fromkeys(wanted) if k not in notes]
        rendered = pool.map(render, missing) if pool is not None else map(render, missing)
        for k, frames in zip(missing, rendered, strict=True):
            notes.put(k, frames)
        for i in chunk:
            event = events.get(keys[i])
            if event is None:
                event = _build_event(keys[i], note, gains)
                events.put(keys[i], event)
            frames, mono = event
            start = starts[i]
            skip = max(-start, 0)
            end = min(start + len(frames), n)
            if end <= start + skip:
                continue
            dry[start + skip : end] += frames[skip : end - start]
            if len(mono):
                send[start + skip : end] += mono[skip : end - start]
