"""A tap test running: the clicks (or flashes) on the song's own stream and clock, and the taps.

The clicks are sounds scheduled at the exact stream samples of their song times; each tap is
stamped where it arrived (at the event pump for a key or a controller's button, in the MIDI
callback for a kit's note-on) and turned into song time by `SongClock.input_time` with the
current input offset of the device tapped on, exactly as a hit in a song is. So the error a
test measures is what is left over after the current offsets (see game.app.calibrate).
"""

from __future__ import annotations

import numpy as np

from game.audio import percussion
from game.audio.clock import SongClock
from game.audio.dsp import SAMPLE_RATE, resample
from game.audio.stream import RATE, AudioStream, StreamMix
from game.core.calibration import OffsetMeasurement, TapMark, TapPlan, match_taps, measure
from game.core.devices import DeviceId
from game.input.keyboard import KEYBOARD
from game.input.kit_mapper import Drop, KitMapper
from game.input.kit_profile import KitProfile
from game.input.midi_ports import NoteOn
from game.store.settings import Settings
from game.ui.calibration_view import CalibrationKind

LEAD_IN_S = 1.0
"""Silence before the first click (seconds)."""
FLASH_S = 0.1
"""How long the visual test's light stays lit after each beat (seconds)."""
CLICK_PEAK = 0.7
"""The loudest sample of a click at full master volume (the count-in's is softer, 0.5)."""


def click_sounds(rate: int = RATE) -> tuple[np.ndarray, np.ndarray]:
    """The count-in click (drumsticks) and the click to tap on (claves) at `rate` Hz: float32
    (n, 2) arrays that start sounding at their first sample."""
    sounds = []
    for hit, peak in ((percussion.sticks(0.8, 0), 0.5), (percussion.claves(0.9, 0), CLICK_PEAK)):
        sound = resample(np.ascontiguousarray(hit.T, dtype=np.float32), SAMPLE_RATE, rate)
        sounds.append(sound * np.float32(peak / max(float(np.abs(sound).max()), 1e-9)))
    return sounds[0], sounds[1]


class TapRun:
    """One tap test running: its clock and stream, the clicks (audio) or flashes (visual) of
    `plan`, and the player's taps on `device` (the keyboard, a MIDI kit or a controller) in
    song seconds (`taps_s`) matched to them (`marks`).

    The stream plays at `rate` Hz in buffers of `buffer_frames` (None: the mixer's as it is
    open); with `sound_card` False it opens no device and its buffers are handed out by hand
    (`AudioStream.hand_out`)."""

    def __init__(
        self,
        kind: CalibrationKind,
        plan: TapPlan,
        settings: Settings,
        device: DeviceId = KEYBOARD,
        *,
        rate: int = RATE,
        buffer_frames: int | None = None,
        sound_card: bool = True,
    ) -> None:
        if kind is CalibrationKind.PLAY:
            raise ValueError("a tap test is an audio or a visual one, not a play")
        self.kind = kind
        self.plan = plan
        audio = settings.audio
        self.clock = SongClock(
            rate,
            lead_in_s=LEAD_IN_S,
            audio_offset_s=audio.audio_offset_ms / 1000,
            video_offset_s=audio.video_offset_ms / 1000,
        )
        self.mix = StreamMix(np.zeros((0, 2), np.float32), round(LEAD_IN_S * rate), rate=rate)
        self.mix.hits_gain = audio.master_volume
        self.stream = AudioStream(self.mix, self.clock, buffer_frames, rate, device=sound_card)
        self.device = device
        self.device_offset_s = settings.input.offset_ms(device) / 1000
        """The input offset of `device` now, seconds: taken off every tap."""
        self.taps_s: list[float] = []
        self.marks: list[TapMark] = []
        self.ended = False
        """True once the test is over (finished or stopped) and its stream closed."""
        self.flash_shown: dict[int, float] = {}
        """Click index -> the draw time (song seconds) of the first frame that lit its flash."""
        if kind is CalibrationKind.AUDIO:
            count_in, tap = click_sounds(rate)
            for i, t in enumerate(plan.click_times()):
                self.mix.schedule(count_in if i < plan.count_in else tap, self.clock.sample_of(t))

    def start(self) -> None:
        """Start the stream (and so the clock and the clicks)."""
        self.stream.start()

    def close(self) -> None:
        """Stop the stream; the test is over."""
        self.stream.close()
        self.ended = True

    def tap(self, stamp: float) -> None:
        """A tap stamped at `stamp` (the clock's seconds: `perf_counter` in the game); taps during
        the count-in are ignored."""
        t = self.clock.input_time(stamp, self.device_offset_s)
        if t < self.plan.first_tap_s or t > self.plan.end_s:
            return
        self.taps_s.append(t)
        self.marks = match_taps(self.taps_s, self.plan.tap_times())

    def measurement(self) -> OffsetMeasurement | None:
        """The median and spread of the taps so far (None before the first)."""
        return measure(self.marks)

    def progress(self, now_s: float) -> float:
        """How much of the test has passed at song time `now_s`, 0-1."""
        start, end = -LEAD_IN_S, self.plan.end_s
        return min(max((now_s - start) / (end - start), 0.0), 1.0)

    def counting_in(self, now_s: float) -> bool:
        """True until taps start to count."""
        return now_s < self.plan.first_tap_s

    def flash_at(self, draw_s: float) -> tuple[float, bool]:
        """The light's brightness (0-1) in a frame drawn for song time `draw_s`, and whether it is
        a count-in flash; records the first frame of each flash."""
        clicks = self.plan.click_times()
        k = int(np.searchsorted(clicks, draw_s, side="right")) - 1
        if k < 0 or draw_s - clicks[k] >= FLASH_S:
            return 0.0, False
        self.flash_shown.setdefault(k, draw_s)
        return 1.0 - (draw_s - clicks[k]) / FLASH_S, k < self.plan.count_in


class KitTaps:
    """Which note-ons of the device being calibrated are taps: those its kit profile plays as
    a hit, or binds to no pad (an unknown pad is still a tap); not the hi-hat pedal, a double
    trigger, crosstalk or another device's. Without a profile every note-on of it is a tap."""

    def __init__(self, device: DeviceId, profile: KitProfile | None) -> None:
        self.device = device
        self.mapper = KitMapper(profile) if profile is not None else None

    def counts(self, note: NoteOn) -> bool:
        """True when `note` (a kit's note-on, or a controller's button) is a tap."""
        if note.device != self.device or note.velocity <= 0:
            return False
        if self.mapper is None:
            return True
        hit = self.mapper.hit(note.note, note.velocity, note.channel, note.stamp_s)
        return hit.event is not None or hit.dropped is Drop.UNBOUND
