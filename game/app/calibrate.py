"""The calibration screen: an audio tap test (keyboard input offset), a visual flash test (video
offset), and "set from the last play".

A test runs on the same stream and clock as a song (`StreamMix`, `AudioStream`, `SongClock`):
the clicks are sounds scheduled at the exact stream samples of their song times, input is pumped
about every millisecond and stamped at the pump, and each tap is converted to song time by
`SongClock.input_time` with the current keyboard offset, exactly as a hit in a song is. So the
error a test measures is what is left over after the current offsets, and the new offset is the
current one plus the measured median (`corrected_offset_ms`):

- audio tap test: error = tap time - click time -> keyboard input offset += median;
- visual flash test: a flash is drawn when `draw_time()` (song time + video offset) reaches its
  beat, so a late screen shows as late taps -> video offset += median;
- last play: the median hit error of player 1's last play -> keyboard input offset += it.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pygame

from game.app.window import frame_rate
from game.audio import percussion
from game.audio.clock import SongClock
from game.audio.stream import RATE, AudioStream, StreamMix
from game.core.calibration import (
    OffsetMeasurement,
    TapMark,
    TapPlan,
    corrected_offset_ms,
    match_taps,
    measure,
)
from game.input.keyboard import KEYBOARD
from game.store.settings import Settings, save_settings
from game.ui.calibration_view import CalibrationPicture, MenuItem, draw_calibration, signed_ms

log = logging.getLogger(__name__)

LEAD_IN_S = 1.0
"""Silence before the first click (seconds)."""
FLASH_S = 0.1
"""How long the visual test's light stays lit after each beat (seconds)."""
CLICK_PEAK = 0.7
"""The loudest sample of a click at full master volume (the count-in's is softer, 0.5)."""
MENU_FRAME_S = 1 / 60
KEYBOARD_OFFSET = "Keyboard input offset"
VIDEO_OFFSET = "Video offset"
RETURN_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)


def click_sounds() -> tuple[np.ndarray, np.ndarray]:
    """The count-in click (drumsticks) and the click to tap on (claves): float32 (n, 2) arrays
    that start sounding at their first sample."""
    sounds = []
    for hit, peak in ((percussion.sticks(0.8, 0), 0.5), (percussion.claves(0.9, 0), CLICK_PEAK)):
        sound = np.ascontiguousarray(hit.T, dtype=np.float32)
        sounds.append(sound * np.float32(peak / max(float(np.abs(sound).max()), 1e-9)))
    return sounds[0], sounds[1]


class TapRun:
    """One tap test running: its clock and stream, the clicks (audio) or flashes (visual) of
    `plan`, and the player's taps in song seconds (`taps_s`) matched to them (`marks`)."""

    def __init__(self, kind: str, plan: TapPlan, settings: Settings) -> None:
        if kind not in ("audio", "visual"):
            raise ValueError(f"a tap test is 'audio' or 'visual', got {kind!r}")
        self.kind = kind
        self.plan = plan
        audio = settings.audio
        self.clock = SongClock(
            RATE,
            lead_in_s=LEAD_IN_S,
            audio_offset_s=audio.audio_offset_ms / 1000,
            video_offset_s=audio.video_offset_ms / 1000,
        )
        self.mix = StreamMix(np.zeros((0, 2), np.float32), round(LEAD_IN_S * RATE))
        self.mix.hits_gain = audio.master_volume
        self.stream = AudioStream(self.mix, self.clock)
        self.device_offset_s = settings.input.offset_ms(KEYBOARD) / 1000
        self.taps_s: list[float] = []
        self.marks: list[TapMark] = []
        self.ended = False
        """True once the test is over (finished or stopped) and its stream closed."""
        self.flash_shown: dict[int, float] = {}
        """Click index -> the draw time (song seconds) of the first frame that lit its flash."""
        if kind == "audio":
            count_in, tap = click_sounds()
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
        """A key pressed at `stamp` (perf_counter seconds); taps during the count-in are ignored."""
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


class CalibrationScreen:
    """The calibration screen's state and loop; `run` shows it until the player leaves."""

    def __init__(
        self,
        settings: Settings,
        last_play_median_ms: float | None,
        path: Path | None,
        plan: TapPlan,
        on_test_start: Callable[[TapRun], None] | None,
    ) -> None:
        self.settings = settings
        self.last_play_median_ms = last_play_median_ms
        self.path = path
        self.plan = plan
        self.on_test_start = on_test_start
        self.picture = CalibrationPicture(menu=self._menu())
        self.run_: TapRun | None = None

    def _menu(self) -> list[MenuItem]:
        last = self.last_play_median_ms
        return [
            MenuItem("Audio tap test", "Tap along with a click: sets the keyboard's input offset"),
            MenuItem("Visual flash test", "Tap along with a flashing light: sets the video offset"),
            MenuItem(
                "Set from the last play",
                "Play a song first"
                if last is None
                else f"Your last play's median hit error was {signed_ms(last)}",
                last is not None,
            ),
            MenuItem("Back", "Return to the title"),
        ]

    def _offsets(self) -> list[tuple[str, float]]:
        s = self.settings
        return [
            ("Audio offset", s.audio.audio_offset_ms),
            (VIDEO_OFFSET, s.audio.video_offset_ms),
            (KEYBOARD_OFFSET, s.input.offset_ms(KEYBOARD)),
        ]

    def run(self, surface: pygame.Surface) -> Settings:
        """Show the screen until Back or Esc; the settings with every applied result (saved)."""
        try:
            while True:
                running = self.picture.phase == "run"
                if self._run_test(surface) if running else self._menu_frame(surface):
                    return self.settings
        finally:
            if self.run_ is not None:
                self.run_.close()

    # the menu and the result ---------------------------------------------------------------
    def _menu_frame(self, surface: pygame.Surface) -> bool:
        """One frame of the menu or the result; True to leave the screen.

        Events are taken one at a time, so those after the key that starts a test stay queued
        for the test's own pump.
        """
        while (event := pygame.event.poll()).type != pygame.NOEVENT:
            if event.type == pygame.QUIT:
                pygame.event.post(pygame.event.Event(pygame.QUIT))
                return True
            if event.type != pygame.KEYDOWN:
                continue
            if self.picture.phase == "menu":
                if self._menu_key(event.key):
                    return True
            else:
                self._result_key(event.key)
            if self.picture.phase == "run":
                return False
        self._draw(surface)
        time.sleep(MENU_FRAME_S)
        return False

    def _menu_key(self, key: int) -> bool:
        """Handle a key on the menu; True to leave the screen."""
        p = self.picture
        if key == pygame.K_ESCAPE:
            return True
        if key in (pygame.K_UP, pygame.K_DOWN):
            step = 1 if key == pygame.K_DOWN else -1
            p.selected = (p.selected + step) % len(p.menu)
            if not p.menu[p.selected].enabled:
                p.selected = (p.selected + step) % len(p.menu)
        elif key in (*RETURN_KEYS, pygame.K_SPACE):
            choice = p.menu[p.selected]
            if not choice.enabled:
                return False
            p.notice = None
            if choice.label == "Back":
                return True
            if choice.label == "Set from the last play":
                self._show_last_play()
            else:
                self._start("audio" if p.selected == 0 else "visual")
        return False

    def _result_key(self, key: int) -> None:
        p = self.picture
        m = p.measurement
        ready = m is not None and (m.ready or p.kind == "play")
        if key == pygame.K_ESCAPE:
            p.phase = "menu"
        elif key == pygame.K_r and p.kind != "play":
            self._start(p.kind)
        elif key in RETURN_KEYS:
            if ready and p.proposal is not None:
                self._apply(p.proposal)
            elif p.kind != "play":
                self._start(p.kind)

    def _show_last_play(self) -> None:
        median = self.last_play_median_ms
        if median is None:
            return
        p = self.picture
        p.phase, p.kind, p.marks = "result", "play", ()
        p.measurement = OffsetMeasurement(median, 0.0, 1)
        p.proposal = self._proposal("play", median)

    def _proposal(self, kind: str, median_ms: float) -> tuple[str, float, float]:
        """The setting a result of `kind` changes: (its name, now ms, new ms)."""
        if kind == "visual":
            now = self.settings.audio.video_offset_ms
            return VIDEO_OFFSET, now, corrected_offset_ms(now, median_ms)
        now = self.settings.input.offset_ms(KEYBOARD)
        return KEYBOARD_OFFSET, now, corrected_offset_ms(now, median_ms)

    def _apply(self, proposal: tuple[str, float, float]) -> None:
        """Set the proposed offset, save the settings, and go back to the menu."""
        name, _, new = proposal
        s = self.settings
        if name == VIDEO_OFFSET:
            after = dataclasses.replace(s, audio=dataclasses.replace(s.audio, video_offset_ms=new))
        else:
            offsets = {**s.input.device_offsets_ms, KEYBOARD: new}
            after = dataclasses.replace(
                s, input=dataclasses.replace(s.input, device_offsets_ms=offsets)
            )
        self.settings = after
        try:
            save_settings(after, self.path)
            notice = f"{name} set to {signed_ms(new)} and saved."
        except OSError as e:
            log.warning("settings not saved: %s", e)
            notice = f"{name} set to {signed_ms(new)}, but not saved: {e}"
        self.picture.phase, self.picture.notice = "menu", notice

    # a test running ------------------------------------------------------------------------
    def _start(self, kind: str) -> None:
        p = self.picture
        p.phase, p.kind, p.marks, p.measurement, p.proposal = "run", kind, (), None, None
        p.notice = None
        self.run_ = TapRun(kind, self.plan, self.settings)

    def _run_test(self, surface: pygame.Surface) -> bool:
        """Run the test until it ends (result) or Esc (menu); True when the window is closed."""
        run = self.run_
        assert run is not None
        p = self.picture
        run.start()
        if run.stream.silent and run.kind == "audio":
            p.notice = "No audio device: the clicks cannot be heard."
        if self.on_test_start is not None:
            self.on_test_start(run)
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(0.001)  # the audio callback needs the GIL within a millisecond
        frame_period = 1.0 / max(frame_rate(self.settings.video), 1)
        next_frame = time.perf_counter()
        closed = False
        try:
            while p.phase == "run":
                stamp = time.perf_counter()
                while p.phase == "run" and (event := pygame.event.poll()).type != pygame.NOEVENT:
                    if event.type == pygame.QUIT:
                        pygame.event.post(pygame.event.Event(pygame.QUIT))
                        closed = True
                        p.phase = "menu"
                    elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                        p.phase = "menu"
                    elif event.type == pygame.KEYDOWN:
                        run.tap(stamp)
                now_s = run.clock.song_time()
                if p.phase == "run" and now_s >= run.plan.end_s:
                    self._finish(run)
                elif stamp >= next_frame:
                    self._draw_run(surface, run, now_s)
                    next_frame = max(next_frame + frame_period, stamp)
                time.sleep(0.0005)
        finally:
            sys.setswitchinterval(switch_interval)
            run.close()
            self.run_ = None
        return closed

    def _finish(self, run: TapRun) -> None:
        p = self.picture
        p.phase, p.marks = "result", list(run.marks)
        p.measurement = run.measurement()
        if p.measurement is not None:
            p.proposal = self._proposal(run.kind, p.measurement.median_ms)
        m = p.measurement
        log.info(
            "%s tap test: %s",
            run.kind,
            "no taps"
            if m is None
            else f"median {m.median_ms:+.1f} ms, spread {m.spread_ms:.1f} ms, {m.count} taps",
        )

    def _draw_run(self, surface: pygame.Surface, run: TapRun, now_s: float) -> None:
        p = self.picture
        p.marks = run.marks
        p.progress = run.progress(now_s)
        p.count_in = run.counting_in(now_s)
        if run.kind == "visual":
            p.flash, _ = run.flash_at(run.clock.draw_time())
        self._draw(surface)

    def _draw(self, surface: pygame.Surface) -> None:
        self.picture.offsets = self._offsets()
        surface = pygame.display.get_surface() or surface
        draw_calibration(surface, self.picture)
        pygame.display.flip()


def calibration_screen(
    surface: pygame.Surface,
    settings: Settings,
    last_play_median_ms: float | None = None,
    path: Path | None = None,
    *,
    plan: TapPlan | None = None,
    on_test_start: Callable[[TapRun], None] | None = None,
) -> Settings:
    """Show the calibration screen; return the settings with every result the player applied
    (each saved to `path`, default the settings file, when applied). Esc leaves without saving
    anything more; closing the window re-posts QUIT and returns.

    `last_play_median_ms` is the median hit error of the last play (ms, late positive), for
    "Set from the last play"; `plan` the tap test's tempo and length; `on_test_start` is called
    with each test as it starts (for tools and tests that tap along from outside).
    """
    screen = CalibrationScreen(
        settings, last_play_median_ms, path, plan or TapPlan(), on_test_start
    )
    return screen.run(surface)
