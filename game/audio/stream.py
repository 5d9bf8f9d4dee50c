"""The audio stream: our own mix of the backing and the players' hit sounds, in SDL's callback.

Owning the callback gives the song clock the true stream position (`SongClock.on_buffer`) and
puts every hit sound at an exact sample: a hit stamped in the past sounds at once (at the first
sample not yet handed out); a hit scheduled ahead (the autoplay bot knows the future) sounds at
its own sample. With no audio device the stream runs silent on the wall clock and says so.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import numpy as np

from game.audio.clock import SongClock

log = logging.getLogger(__name__)

RATE = 44100
BUFFER_FRAMES = 512
DRUMS_RAMP_S = 0.010
"""How long the drums stem takes to go from silent to full level or back (seconds): no click."""


@dataclass
class _Voice:
    sound: np.ndarray  # (n, 2) float32
    start: int  # stream sample of its first frame


class StreamMix:
    """The mixing state: the music, the drums stem, scheduled hit sounds, and their gains.

    `backing` is the music (float32 (n, 2) at RATE, starting after `lead_in_frames`); `drums` is
    the song's drums stem on the same timeline, or None. `backing_gain`, `drums_gain` and
    `hits_gain` scale the music, the drums stem and the hit sounds. The drums stem's level is set
    from the main thread (`set_drums_level`) and moves there in a `DRUMS_RAMP_S` linear ramp
    inside the audio callback, so muting it never clicks. Thread-safe.
    """

    def __init__(
        self, backing: np.ndarray, lead_in_frames: int, drums: np.ndarray | None = None
    ) -> None:
        self.backing = _stereo(backing)
        self.drums = None if drums is None else _stereo(drums)
        self.lead_in = lead_in_frames
        self.backing_gain = 1.0  # the music's gain
        self.drums_gain = 1.0  # the drums stem's volume; the level below mutes it
        self.hits_gain = 1.0
        self.position = 0  # the next stream sample to hand out
        self._voices: list[_Voice] = []
        self._lock = threading.Lock()
        self._drums_level = 1.0  # where the ramp is now (audio thread)
        self._drums_target = 1.0  # where it goes (set by the main thread)
        self._ramp_step = 1.0 / max(1, round(DRUMS_RAMP_S * RATE))

    @property
    def drums_level(self) -> float:
        """The drums stem's level (0.0-1.0) at the last sample handed out."""
        return self._drums_level

    def set_drums_level(self, level: float) -> None:
        """Move the drums stem towards `level` (0.0 muted to 1.0 full), ramping over ~10 ms."""
        self._drums_target = min(1.0, max(0.0, float(level)))  # one atomic store

    def schedule(self, sound: np.ndarray, at_sample: int | None = None) -> int:
        """Play `sound` from stream sample `at_sample`, or at once; return the sample used."""
        with self._lock:
            start = self.position if at_sample is None else max(at_sample, self.position)
            self._voices.append(_Voice(np.asarray(sound, dtype=np.float32).reshape(-1, 2), start))
        return start

    def render(self, frames: int) -> np.ndarray:
        """The next `frames` stereo frames of the stream, float32, clipped to [-1, 1]."""
        with self._lock:
            start = self.position
            out = np.zeros((frames, 2), dtype=np.float32)
            b0 = start - self.lead_in
            lo, hi = max(b0, 0), min(b0 + frames, len(self.backing))
            if hi > lo:
                out[lo - b0 : hi - b0] += self.backing[lo:hi] * self.backing_gain
            if self.drums is not None:
                self._mix_drums(out, self.drums, b0)
            alive = []
            for v in self._voices:
                offset = v.start - start
                if offset >= frames:
                    alive.append(v)
                    continue
                s0 = max(0, -offset)
                n = min(frames - max(offset, 0), len(v.sound) - s0)
                if n > 0:
                    d0 = max(offset, 0)
                    out[d0 : d0 + n] += v.sound[s0 : s0 + n] * self.hits_gain
                if s0 + n < len(v.sound):
                    alive.append(v)
            self._voices = alive
            self.position = start + frames
        np.clip(out, -1.0, 1.0, out=out)
        return out

    def _mix_drums(self, out: np.ndarray, drums: np.ndarray, b0: int) -> None:
        """Add the drums stem from song sample `b0` on into `out`, under the ramping level."""
        frames = len(out)
        lo, hi = max(b0, 0), min(b0 + frames, len(drums))
        level, target = self._drums_level, self._drums_target
        if level == target:
            if hi > lo and level > 0.0:
                out[lo - b0 : hi - b0] += drums[lo:hi] * np.float32(level * self.drums_gain)
            return
        steps = np.arange(1, frames + 1, dtype=np.float64) * self._ramp_step
        ramp = (
            np.minimum(level + steps, target)
            if target > level
            else np.maximum(level - steps, target)
        )
        self._drums_level = float(ramp[-1])
        if hi > lo:
            gain = (ramp[lo - b0 : hi - b0] * self.drums_gain).astype(np.float32)
            out[lo - b0 : hi - b0] += drums[lo:hi] * gain[:, None]


def _stereo(audio: np.ndarray) -> np.ndarray:
    """`audio` as contiguous float32 (n, 2) frames."""
    return np.ascontiguousarray(audio, dtype=np.float32).reshape(-1, 2)


_current: AudioStream | None = None
"""The stream the post-mix hook feeds, or None (the mixer then plays its own silence)."""
_hook_installed = False


def _dispatch(postmix, memory: memoryview) -> None:
    stream = _current
    if stream is not None:
        stream._post_mix(postmix, memory)


class AudioStream:
    """Plays a `StreamMix` through pygame.mixer's device and keeps its `SongClock` on the stream.

    The mixer plays nothing itself: our mix is written in its post-mix callback, so there is one
    device and one stream whose every buffer we know. `silent` is true when no audio device could
    be opened: the clock then follows the wall clock and `notice` says why.
    """

    def __init__(self, mix: StreamMix, clock: SongClock, buffer_frames: int = BUFFER_FRAMES):
        self.mix = mix
        self.clock = clock
        self.buffer_frames = buffer_frames
        self.silent = False
        self.notice: str | None = None
        self.paused = False
        self._hooked = False
        self._running = False

    def start(self) -> None:
        """Open the device (or fall back to silence) and start streaming."""
        try:
            import pygame
            from pygame._sdl2.mixer import set_post_mix

            if pygame.mixer.get_init() is None:
                pygame.mixer.init(RATE, 32, 2, self.buffer_frames)
            rate, _, channels = pygame.mixer.get_init()
            if rate != RATE or channels != 2:
                raise RuntimeError(f"the device runs at {rate} Hz with {channels} channels")
            global _current, _hook_installed
            if not _hook_installed:
                set_post_mix(_dispatch)  # once per process: it outlives pygame.quit()
                _hook_installed = True
            _current = self
            self._hooked = True
        except Exception as e:  # any SDL failure means: no sound card we can use
            self.silent = True
            self.notice = f"No audio device ({e}); playing on silently."
            log.warning(self.notice)
            self._running = True
            threading.Thread(target=self._silent_loop, daemon=True).start()

    def _post_mix(self, _postmix, memory: memoryview) -> None:
        frames = len(memory) // 8
        if self.paused:
            memory[:] = bytes(len(memory))
            return
        start = self.mix.position
        memory[:] = self.mix.render(frames).tobytes()
        self.clock.on_buffer(start, frames, time.perf_counter())

    def _silent_loop(self) -> None:
        """Without a device: hand out buffers on the wall clock so the song still moves."""
        period = self.buffer_frames / RATE
        next_at = time.perf_counter()
        while self._running:
            if not self.paused:
                start = self.mix.position
                self.mix.render(self.buffer_frames)
                self.clock.on_buffer(start, self.buffer_frames, time.perf_counter())
            next_at += period
            time.sleep(max(0.0, next_at - time.perf_counter()))

    def pause(self, paused: bool) -> None:
        """Pause or resume the stream (and so the song clock)."""
        self.paused = paused

    def close(self) -> None:
        """Stop streaming; the mixer device stays open for the next song.

        The post-mix hook is never removed: removing it locks the audio device while the
        callback may be waiting for the GIL this thread holds (a deadlock). It goes quiet.
        """
        global _current
        self._running = False
        if self._hooked and _current is self:
            _current = None
        self._hooked = False
