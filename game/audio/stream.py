"""The audio stream: our own mix of the backing and the players' hit sounds, in SDL's callback.

Owning the callback gives the song clock the true stream position (`SongClock.on_buffer`) and
puts every hit sound at an exact sample: a hit stamped in the past sounds at once (at the first
sample not yet handed out); a hit scheduled ahead (the autoplay bot knows the future) sounds at
its own sample. With no audio device the stream runs silent on the wall clock and says so.

The callback is pygame's mixer's post-mix hook, or, for buffers smaller than the mixer opens
(64 and 128 frames), the callback of SDL's device opened directly (`sdl_output.DirectOutput`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.audio import mix_core
from game.audio.clock import SongClock
from game.audio.device_timeline import DeviceTimeline
from game.audio.limiter import MasterLimiter
from game.audio.sdl_output import (
    MIXER_MIN_FRAMES,
    DirectOutput,
    OutputError,
    audio_devices_held,
)
from game.audio.steady import SteadyStream, realtime_audio_threads
from game.base.language import _

log = logging.getLogger(__name__)

RATE = 48000
"""The output's sample rate (Hz) unless the settings or the device say otherwise."""
BUFFER_FRAMES = 256
"""Frames per buffer unless the settings say otherwise (see README: measured, not guessed)."""
COST_RING = 4096
"""How many of the callback's latest render costs are kept (`AudioStream.render_costs_s`)."""
DRUMS_RAMP_S = 0.010
"""How long the drums stem takes to go from silent to full level or back (seconds): no click."""


@dataclass
class _Voice:
    sound: np.ndarray  # (n, 2) float32
    start: int  # stream sample of its first frame


class StreamMix:
    """The mixing state: the music, the drums stem, scheduled hit sounds, and their gains.

    `backing` is the music (float32 (n, 2) at `rate` Hz, starting after `lead_in_frames`);
    `drums` is the song's drums stem on the same timeline, or None. `backing_gain`, `drums_gain`
    and `hits_gain` scale the music, the drums stem and the hit sounds. The drums stem's level is
    set from the main thread (`set_drums_level`) and moves there in a `DRUMS_RAMP_S` linear ramp
    inside the audio callback, so muting it never clicks. The sum goes through a
    `MasterLimiter` (peaks below -0.3 dBFS, no flat tops). Thread-safe.

    The mix is rendered in C (`mix_core`: the audio callback then never waits for the GIL) when
    that is built, else in numpy; `in_c` says which. `use_c` False forces numpy, True requires C.
    """

    def __init__(
        self,
        backing: np.ndarray,
        lead_in_frames: int,
        drums: np.ndarray | None = None,
        rate: int = RATE,
        use_c: bool | None = None,
    ) -> None:
        self.rate = rate
        self.limiter = MasterLimiter(rate)
        self.backing = _stereo(backing)
        self.drums = None if drums is None else _stereo(drums)
        self.lead_in = lead_in_frames
        module = None if use_c is False else mix_core.core_module()
        if use_c and module is None:
            raise RuntimeError("the C mix is not built (or DRUM_DUET_PYTHON_MIX is set)")
        self.core = (
            None if module is None else module.Core(rate, self.backing, lead_in_frames, self.drums)
        )
        """The C mix (`_mixcore.Core`), or None when the mix is rendered in numpy."""
        self._gains = (1.0, 1.0, 1.0)  # the music's, the drums stem's volume, the hits'
        self._position = 0  # the next stream sample to hand out (numpy)
        self._voices: list[_Voice] = []
        self._lock = threading.Lock()
        self._drums_level = 1.0  # where the ramp is now (audio thread)
        self._drums_target = 1.0  # where it goes (set by the main thread)
        self._ramp_step = 1.0 / max(1, round(DRUMS_RAMP_S * rate))

    @property
    def in_c(self) -> bool:
        """True when the mix is rendered in C."""
        return self.core is not None

    def _set_gain(self, which: int, value: float) -> None:
        gains = list(self._gains)
        gains[which] = float(value)
        self._gains = (gains[0], gains[1], gains[2])
        if self.core is not None:
            self.core.set_gains(*self._gains)

    backing_gain = property(lambda self: self._gains[0], lambda self, v: self._set_gain(0, v))
    """The music's gain."""
    drums_gain = property(lambda self: self._gains[1], lambda self, v: self._set_gain(1, v))
    """The drums stem's volume (the level below mutes it)."""
    hits_gain = property(lambda self: self._gains[2], lambda self, v: self._set_gain(2, v))
    """The hit sounds' gain."""

    @property
    def position(self) -> int:
        """The next stream sample to hand out."""
        return self._position if self.core is None else self.core.position

    def seek(self, position: int) -> None:
        """Hand out the stream from sample `position` on (before it starts: a live duet joined
        under way starts where the song is now; a sound scheduled before it that has ended by then
        is never heard)."""
        if position < 0:
            raise ValueError("a stream position is 0 or more")
        if self.core is not None:
            self.core.seek(position)
        else:
            with self._lock:
                self._position = position

    @property
    def drums_level(self) -> float:
        """The drums stem's level (0.0-1.0) at the last sample handed out."""
        return self._drums_level if self.core is None else self.core.drums_level

    @property
    def max_reduction_db(self) -> float:
        """The master limiter's deepest gain reduction so far (dB, a positive number)."""
        if self.core is not None:
            return self.core.max_reduction_db
        return self.limiter.max_reduction_db

    @property
    def sounding(self) -> int:
        """How many hit sounds are scheduled or still sounding."""
        if self.core is not None:
            return self.core.sounding
        with self._lock:
            return len(self._voices)

    def set_drums_level(self, level: float) -> None:
        """Move the drums stem towards `level` (0.0 muted to 1.0 full), ramping over ~10 ms."""
        self._drums_target = min(1.0, max(0.0, float(level)))  # one atomic store
        if self.core is not None:
            self.core.set_drums_target(self._drums_target)

    def schedule(self, sound: np.ndarray, at_sample: int | None = None) -> int:
        """Play `sound` from stream sample `at_sample`, or at once; return the sample used."""
        sound = np.ascontiguousarray(sound, dtype=np.float32).reshape(-1, 2)
        if self.core is not None:
            return self.core.schedule(sound, -1 if at_sample is None else max(0, at_sample))
        with self._lock:
            start = self._position if at_sample is None else max(at_sample, self._position)
            self._voices.append(_Voice(sound, start))
        return start

    def render(self, frames: int) -> np.ndarray:
        """The next `frames` stereo frames of the stream, float32, through the master limiter."""
        if self.core is not None:
            out = np.empty((frames, 2), dtype=np.float32)
            self.core.render_into(out)
            return out
        backing_gain, drums_gain, hits_gain = self._gains
        with self._lock:
            start = self._position
            out = np.zeros((frames, 2), dtype=np.float32)
            b0 = start - self.lead_in
            lo, hi = max(b0, 0), min(b0 + frames, len(self.backing))
            if hi > lo:
                out[lo - b0 : hi - b0] += self.backing[lo:hi] * backing_gain
            if self.drums is not None:
                self._mix_drums(out, self.drums, b0, drums_gain)
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
                    out[d0 : d0 + n] += v.sound[s0 : s0 + n] * hits_gain
                if s0 + n < len(v.sound):
                    alive.append(v)
            self._voices = alive
            self._position = start + frames
        return self.limiter.process(out)

    def _mix_drums(self, out: np.ndarray, drums: np.ndarray, b0: int, drums_gain: float) -> None:
        """Add the drums stem from song sample `b0` on into `out`, under the ramping level."""
        frames = len(out)
        lo, hi = max(b0, 0), min(b0 + frames, len(drums))
        level, target = self._drums_level, self._drums_target
        if level == target:
            if hi > lo and level > 0.0:
                out[lo - b0 : hi - b0] += drums[lo:hi] * np.float32(level * drums_gain)
            return
        steps = np.arange(1, frames + 1, dtype=np.float64) * self._ramp_step
        ramp = (
            np.minimum(level + steps, target)
            if target > level
            else np.maximum(level - steps, target)
        )
        self._drums_level = float(ramp[-1])
        if hi > lo:
            gain = (ramp[lo - b0 : hi - b0] * drums_gain).astype(np.float32)
            out[lo - b0 : hi - b0] += drums[lo:hi] * gain[:, None]


def _stereo(audio: np.ndarray) -> np.ndarray:
    """`audio` as contiguous float32 (n, 2) frames."""
    return np.ascontiguousarray(audio, dtype=np.float32).reshape(-1, 2)


def buffer_words(frames: int, rate: int) -> str:
    """A buffer size in words with the time it holds at `rate` Hz: "256 frames (5.3 ms)"."""
    return _("{frames} frames ({ms:.1f} ms)").format(frames=frames, ms=frames / rate * 1000)


@dataclass(frozen=True)
class OutputFormat:
    """What the audio device was opened with: the `rate` it gave (Hz), the `buffer_frames`
    asked for, the `device` opened ("" the system's default), and a `notice` when it gave
    something else than the settings asked for or could not be opened at all."""

    rate: int
    buffer_frames: int
    notice: str | None = None
    opened: bool = True
    device: str = ""


@dataclass(frozen=True)
class _Opened:
    """The mixer this module opened: what was asked (rate Hz, buffer frames, device) and what
    `open_output` made of it (None until a mixer opened by `pygame.init()` is first seen)."""

    asked: tuple[int, int, str]
    output: OutputFormat | None = None


_opened: _Opened | None = None
_device = ""
"""The output device last asked for ("" the system's default): a stream that opens the mixer
itself (calibration, the tutorial) keeps the player's device."""


def _mixer_args(rate: int, buffer_frames: int, device: str) -> dict:
    import pygame

    return {
        "frequency": rate,
        "size": 32,
        "channels": 2,
        "buffer": buffer_frames,
        "devicename": device or None,
        "allowedchanges": pygame.AUDIO_ALLOW_FREQUENCY_CHANGE,
    }


def pre_init_output(rate: int = RATE, buffer_frames: int = BUFFER_FRAMES, device: str = "") -> None:
    """Have `pygame.init()` open the mixer as `open_output(rate, buffer_frames, device)` would,
    so that call finds it open in the right format (`device` "" is the system's default)."""
    global _opened, _device
    import pygame

    _device = device
    pygame.mixer.pre_init(**_mixer_args(rate, buffer_frames, device))
    if pygame.mixer.get_init() is None:
        _opened = _Opened((rate, buffer_frames, device))  # what it gives is known once open


def open_output(
    rate: int = RATE, buffer_frames: int = BUFFER_FRAMES, device: str | None = None
) -> OutputFormat:
    """Open pygame.mixer's device as float32 stereo at `rate` Hz with `buffer_frames` frames per
    buffer on output `device` (SDL's name; "" the system's default; None the one last asked
    for), re-opened when open in another format. Never raises.

    The device may give another rate: that is taken, and said in the notice. A device that is
    not there or will not open falls back, with a notice, to the system's default device, then
    to the default rate and buffer there; only when nothing opens is the output silent. The
    settings are never changed: the next song asks for them again.
    """
    global _opened, _device
    device = _device if device is None else device
    _device = device
    asked = (rate, buffer_frames, device)
    try:
        import pygame

        init = pygame.mixer.get_init()
        if init is not None and _opened is not None and _opened.output is None:
            # opened by pygame.init() after pre_init_output
            _opened = _Opened(_opened.asked, _format(*_opened.asked, init[0]))
            _log_opened(_opened.asked, init)
        if init is not None and _opened is not None and _opened.output is not None:
            was = _opened.asked
            if (was[1], was[2]) == (buffer_frames, device) and rate in (
                was[0],
                _opened.output.rate,
            ):
                return _opened.output
        if init is not None:
            pygame.mixer.quit()
        _opened = None
        output = _open_first(pygame, asked)
        if output.opened:
            _opened = _Opened(asked, output)
        return output
    except Exception as e:  # any SDL failure means: no sound card we can use
        return OutputFormat(rate, buffer_frames, _no_device(e), False)


def _open_first(pygame, asked: tuple[int, int, str]) -> OutputFormat:
    """Open the mixer as `asked` (rate, buffer frames, device), else the nearest that opens:
    the system's default device, then the default rate and buffer there."""
    rate, buffer_frames, device = asked
    tries = [asked]
    if device:
        tries.append((rate, buffer_frames, ""))
    if (rate, buffer_frames) != (RATE, BUFFER_FRAMES):
        tries.append((RATE, BUFFER_FRAMES, ""))
    errors: list[str] = []
    for attempt in tries:
        try:
            pygame.mixer.pre_init(**_mixer_args(*attempt))
            pygame.mixer.init(**_mixer_args(*attempt))
        except pygame.error as e:
            errors.append(str(e) or "refused")
            log.warning(
                "audio output at %d Hz, %d frames, device %r would not open: %s", *attempt, e
            )
            continue
        init = pygame.mixer.get_init()
        _log_opened(attempt, init)
        output = _format(*attempt, init[0])
        fallback = _fallback_notice(asked, attempt, errors[0] if errors else "")
        if fallback:
            log.warning(fallback)
            notice = " ".join(n for n in (fallback, output.notice) if n)
            output = OutputFormat(output.rate, output.buffer_frames, notice, True, output.device)
        return output
    pygame.mixer.pre_init(**_mixer_args(rate, buffer_frames, ""))  # the next try starts clean
    return OutputFormat(rate, buffer_frames, _no_device(errors[-1]), False)


def _no_device(problem: object) -> str:
    """The notice that no audio device opened (`problem` says why): the game plays on silently."""
    return _("No audio device ({problem}); playing on silently.").format(problem=problem)


def _fallback_notice(asked: tuple[int, int, str], got: tuple[int, int, str], why: str) -> str:
    """What the player hears instead of what the settings ask for, in words ("" when asked)."""
    if got == asked:
        return ""
    rate, buffer_frames, device = asked
    parts = []
    if device and not got[2]:
        parts.append(
            _(
                "The audio device {device} could not be opened ({problem}); "
                "using the system's default device."
            ).format(device=repr(device), problem=why)
        )
        why = "refused"
    if got[:2] != (rate, buffer_frames):
        parts.append(
            _(
                "The audio output would not open at {rate} Hz with {frames} frames ({problem}); "
                "using {got_rate} Hz and {got_frames} frames."
            ).format(
                rate=rate, frames=buffer_frames, problem=why, got_rate=got[0], got_frames=got[1]
            )
        )
    return " ".join([*parts, _("Your settings are kept.")])


def _log_opened(asked: tuple[int, int, str], init: tuple) -> None:
    log.info(
        "audio mixer opened: %d Hz and %d frames asked for on device %r, "
        "pygame.mixer.get_init() = %s",
        *asked,
        init,
    )


def _format(rate: int, buffer_frames: int, device: str, given: int) -> OutputFormat:
    if given == rate:
        return OutputFormat(rate, buffer_frames, device=device)
    notice = _(
        "The audio device plays at {given} Hz, not the {rate} Hz asked for; using {given} Hz."
    ).format(given=given, rate=rate)
    log.warning(notice)
    return OutputFormat(given, buffer_frames, notice, device=device)


class _SilentOutputError(RuntimeError):
    """No audio device opened: the message is the notice for the players."""


_current: AudioStream | None = None
"""The stream the post-mix hook feeds, or None (the mixer then plays its own silence)."""


def _remove_hook() -> None:
    """Take the post-mix hook off the mixer, with every audio device held meanwhile."""
    from pygame._sdl2.mixer import set_post_mix

    with audio_devices_held():
        set_post_mix(None)


def _dispatch(postmix, memory: memoryview) -> None:
    stream = _current
    if stream is not None:
        stream._post_mix(postmix, memory)


def _open_direct(rate: int, frames: int, core=None, in_c: bool = False) -> DirectOutput | None:
    """SDL's device opened directly at `frames` per buffer (pygame's mixer, which opens at least
    `MIXER_MIN_FRAMES`, is closed for it and reopened by the next `open_output`); None, with
    the mixer open again, when SDL will not open it so. `in_c`: the C callback mixes `core`."""
    global _opened
    import pygame

    if pygame.mixer.get_init() is not None:
        pygame.mixer.quit()
    _opened = None
    try:
        if in_c and core is not None:
            native = (mix_core.core_module().callback_address(), core.address)  # type: ignore
            return DirectOutput(rate, frames, _device, native=native)
        return DirectOutput(rate, frames, _device, _dispatch)
    except OutputError as e:
        log.warning("audio output at %d frames would not open directly: %s", frames, e)
        open_output(rate, frames)  # the mixer again: the stream says what it plays
        return None


class AudioStream:
    """Plays a `StreamMix` through pygame.mixer's device and keeps its `SongClock` on the stream.

    The mixer plays nothing itself: our mix is written in its post-mix callback, so there is one
    device and one stream whose every buffer we know. `silent` is true when no audio device could
    be opened: the clock then follows the wall clock and `notice` says why.

    Each callback's own cost (the render, perf_counter seconds) is kept in `render_costs_s` (the
    latest `COST_RING`). `underruns` counts buffers handed over after their deadline in the
    device's own timeline (`DeviceTimeline`): the device had played out all it held, and the
    player heard a gap. `now` is the clock the callbacks are stamped on (perf_counter seconds;
    a test gives a device's clock of its own).
    """

    def __init__(
        self,
        mix: StreamMix,
        clock: SongClock,
        buffer_frames: int | None = None,
        rate: int | None = None,
        device: bool = True,
        now: Callable[[], float] = time.perf_counter,
    ):
        """`buffer_frames` None plays on the mixer as it is open when its rate is the mix's (a
        calibration or the tutorial keeps the player's buffer), else opens it with
        `BUFFER_FRAMES`. `device` False opens no audio device: whoever holds the stream hands
        its buffers out (`hand_out`) in their own time, as a test on its own clock does."""
        self.mix = mix
        self.device = device
        self.clock = clock
        self.buffer_frames = buffer_frames
        self.rate = mix.rate if rate is None else rate
        self.silent = False
        self.notice: str | None = None
        self._size_notice: str | None = None
        """The notice that the device plays another buffer size (cleared when it plays ours)."""
        self.paused = False
        self._underruns = 0
        self._buffers = 0
        self._device_frames: int | None = None
        self.render_costs_s: deque[float] = deque(maxlen=COST_RING)
        self.timeline = DeviceTimeline(self.rate)
        """Where the device is in its own time: which buffers came after it needed them."""
        self._now = now
        self._hooked = False
        self._in_c = False  # the C callback mixes (mix_core): records read by `drain`
        self._drain_lock = threading.Lock()
        self._c_offset = 0.0  # seconds from the C mix's clock to perf_counter
        self._running = False
        self._steady = SteadyStream()
        self._direct: DirectOutput | None = None

    def start(self) -> None:
        """Open the device (or fall back to silence) and start streaming."""
        if not self.device:
            log.info("audio stream without a device: its buffers are handed out by hand")
            return
        try:
            import pygame
            from pygame._sdl2.mixer import set_post_mix

            init = pygame.mixer.get_init()
            if self.buffer_frames is None and init is not None and init[0] == self.rate:
                pass  # the mixer as it is open
            else:
                self.buffer_frames = self.buffer_frames or BUFFER_FRAMES
                output = open_output(self.rate, self.buffer_frames)
                if not output.opened:
                    raise _SilentOutputError(output.notice)
                if output.rate != self.rate:
                    raise RuntimeError(f"the device runs at {output.rate} Hz, not {self.rate} Hz")
            global _current
            core = self.mix.core
            if core is not None and mix_core.install_hook(core):
                self._in_c = True
                self._c_offset = mix_core.clock_offset()
                self.clock.source = self._c_anchor
            else:
                with audio_devices_held():
                    set_post_mix(_dispatch)  # removed in close(): no Python hook outlives us
            if self.buffer_frames is not None and self.buffer_frames < MIXER_MIN_FRAMES:
                # before the mixer's hook feeds this stream: its first buffers would be 256
                self._direct = _open_direct(self.rate, self.buffer_frames, core, self._in_c)
            _current = self
            self._hooked = True
            log.info("the stream mixes in %s", "C" if self._in_c else "Python")
            if self._in_c:
                realtime_audio_threads()  # it never waits for the GIL: safe to run first
            self._steady.start()
            log.info(
                "audio output: %d Hz, %s frames per buffer asked for", self.rate, self.buffer_frames
            )
        except Exception as e:  # any SDL failure means: no sound card we can use
            self.silent = True
            self.notice = str(e) if isinstance(e, _SilentOutputError) else _no_device(e)
            log.warning(self.notice)
            self._running = True
            threading.Thread(target=self._silent_loop, daemon=True).start()

    def _post_mix(self, _postmix, memory: memoryview) -> None:
        arrived = self._now()
        frames = len(memory) // 8
        if self.paused:
            memory[:] = bytes(len(memory))
            self.timeline.restart()  # the device's timeline starts again after the pause
            return
        start = self.mix.position
        out = self.mix.render(frames)
        memory[:] = out.tobytes()
        done = self._now()
        self.render_costs_s.append(done - arrived)
        self.clock.on_buffer(start, frames, arrived)
        self._count(frames, arrived, done)

    @property
    def underruns(self) -> int:
        """Buffers handed over after the device needed them, so far."""
        self.drain()
        return self._underruns

    @property
    def buffers(self) -> int:
        """Buffers handed to the device so far."""
        self.drain()
        return self._buffers

    @property
    def device_frames(self) -> int | None:
        """Frames per buffer the device actually asks for (known after its first callback)."""
        self.drain()
        return self._device_frames

    def _c_anchor(self) -> tuple[int, int, float] | None:
        """The C callback's latest (first sample, frames, stamp on perf_counter), after reading
        what the callbacks did since last asked (`drain`)."""
        self.drain()
        anchor = self.mix.core.anchor()  # type: ignore[union-attr]
        if anchor is None:
            return None
        start, frames, stamp = anchor
        return start, frames, stamp + self._c_offset

    def drain(self) -> None:
        """Count the C callbacks' buffers since last asked: costs, underruns, pauses (each
        thread that reads the clock may call it; one at a time does the work)."""
        core = self.mix.core
        if not self._in_c or core is None or not self._drain_lock.acquire(blocking=False):
            return
        try:
            records, lost = core.drain()
            if lost:
                log.info("audio: %d callbacks went unread; the device's timeline restarts", lost)
                self.timeline.restart()
            off = self._c_offset
            for arrived, done, frames, paused in records:
                if paused:
                    self.timeline.restart()  # it starts again after the pause
                    continue
                self.render_costs_s.append(done - arrived)
                self._count(frames, arrived + off, done + off)
        finally:
            self._drain_lock.release()

    def _count(self, frames: int, arrived: float, done: float) -> None:
        """Note one buffer asked for at `arrived` and handed over at `done` (seconds on the
        stream's clock); count and log it when the device's timeline says it came after the
        device needed it (an underrun)."""
        if self._device_frames != frames:
            self._device_frames = frames
            log.info("audio device: %d Hz, %d frames per buffer", self.rate, frames)
            asked = self.buffer_frames
            if asked is not None and frames != asked:  # pygame.mixer: >= 256, a power of two
                self.notice = self._size_notice = _(
                    "The audio device plays {frames} frames per buffer, not the {asked} asked for."
                ).format(frames=frames, asked=self.buffer_frames)
                log.warning(self.notice)
            elif self.notice is not None and self.notice == self._size_notice:
                self.notice = None  # a buffer left from the mixer before the device took over
        self._buffers += 1
        late = self.timeline.hand_over(frames, arrived, done)
        if late > 0:
            self._underruns += 1
            log.info(
                "audio underrun: buffer %d was handed over %.1f ms after the device needed it "
                "(%d so far)",
                self._buffers - 1,
                late * 1000,
                self._underruns,
            )

    def cost_summary(self) -> dict[str, float]:
        """The callback's render cost over the kept buffers: median, p99 and max (ms)."""
        costs = np.array(self.render_costs_s, dtype=np.float64) * 1000.0
        if not len(costs):
            return {"median_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}
        return {
            "median_ms": float(np.median(costs)),
            "p99_ms": float(np.percentile(costs, 99)),
            "max_ms": float(costs.max()),
        }

    def _silent_loop(self) -> None:
        """Without a device: hand out buffers on the wall clock so the song still moves."""
        frames = self.buffer_frames or BUFFER_FRAMES
        period = frames / self.rate
        next_at = time.perf_counter()
        while self._running:
            if not self.paused:
                self.hand_out(frames, time.perf_counter())
            next_at += period
            time.sleep(max(0.0, next_at - time.perf_counter()))

    def hand_out(self, frames: int, stamp: float) -> np.ndarray:
        """Render the next `frames` frames and tell the clock they went out at `stamp` (seconds
        of the clock's time base): what a device does with each buffer it takes."""
        start = self.mix.position
        out = self.mix.render(frames)
        self.clock.on_buffer(start, frames, stamp)
        return out

    def pause(self, paused: bool) -> None:
        """Pause or resume the stream (and so the song clock)."""
        self.paused = paused
        if self.mix.core is not None:
            self.mix.core.set_paused(paused)

    def close(self) -> None:
        """Stop streaming; the mixer device stays open for the next song.

        The post-mix hook is removed with the devices held (`audio_devices_held`: a callback
        waiting for the GIL finishes first). Left installed, it would outlive pygame.quit() and
        run in the next mixer's first buffers while `pygame.init()` holds the GIL and waits for
        that mixer's lock: a deadlock.
        """
        global _current
        self._running = False
        if self._direct is not None:
            self._direct.close()  # lets the GIL go until SDL's audio thread has ended
            self._direct = None
        self._steady.stop()
        if self._hooked and _current is self:
            _current = None
            if self._in_c:
                mix_core.remove_hook()
                self.drain()
                self._in_c = False
            else:
                _remove_hook()
            cost = self.cost_summary()
            log.info(
                "audio stream: %d buffers of %s frames at %d Hz, %d underruns, render cost "
                "median %.3f ms, p99 %.3f ms, max %.3f ms, limiter's deepest reduction %.1f dB",
                self.buffers,
                self.device_frames,
                self.rate,
                self.underruns,
                cost["median_ms"],
                cost["p99_ms"],
                cost["max_ms"],
                self.mix.max_reduction_db,
            )
        self._hooked = False
