"""The calibration screen: an audio tap test (the input offset of the keyboard, a MIDI kit or a
drum controller), a visual flash test (video offset), and "set from the last play".

A test runs on the same stream and clock as a song (`StreamMix`, `AudioStream`, `SongClock`):
the clicks are sounds scheduled at the exact stream samples of their song times, and each tap is
stamped where it arrived and converted to song time by `SongClock.input_time` with the current
offset of the device tapped on, exactly as a hit in a song is (see game.app.tap_run). Keys and a
controller's buttons are pumped about every millisecond and stamped at the pump; a MIDI kit's
note-ons are stamped in the MIDI callback and drained as often. So the error a test measures is
what is left over after the current offsets, and the new offset is the current one plus the
measured median (`corrected_offset_ms`):

- audio tap test: error = tap time - click time -> that device's input offset += median;
- visual flash test: a flash is drawn when `draw_time()` (song time + video offset) reaches its
  beat, so a late screen shows as late taps -> video offset += median;
- last play: the median hit error of a play -> its device's input offset += it.

Left/Right on the audio tap test's row choose the device tapped on: the keyboard, then every
MIDI kit (through the MIDI system of the settings) and controller there is.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pygame

from game.app.tap_run import KitTaps, TapRun
from game.app.window import frame_rate
from game.core.calibration import (
    OffsetMeasurement,
    TapPlan,
    corrected_offset_ms,
    unsteady_reason,
)
from game.core.devices import DeviceId
from game.input.keyboard import KEYBOARD
from game.input.kit_devices import KitDevices
from game.input.kit_files import load_profile
from game.input.kit_profile import KitProfile, KitProfileError
from game.input.midi_ports import NoteOn
from game.store.paths import kit_profiles_dir
from game.store.settings import Settings, save_settings
from game.ui.calibration_view import CalibrationPicture, MenuItem, draw_calibration, signed_ms
from game.ui.midi_trouble import midi_trouble

log = logging.getLogger(__name__)

MENU_FRAME_S = 1 / 60
KEYBOARD_OFFSET = "Keyboard input offset"
VIDEO_OFFSET = "Video offset"
RETURN_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)


def device_label(device: DeviceId) -> str:
    """A device in words: "Keyboard", "TD-11 MIDI 1", "joystick: Harmonix Drum Kit"."""
    return device.label


def offset_name(device: DeviceId) -> str:
    """The name of a device's input offset: "Keyboard input offset", "TD-11 input offset"."""
    return f"{device_label(device)} input offset"


class CalibrationScreen:
    """The calibration screen's state and loop; `run` shows it until the player leaves."""

    def __init__(
        self,
        settings: Settings,
        last_play_median_ms: float | None,
        path: Path | None,
        plan: TapPlan,
        on_test_start: Callable[[TapRun], None] | None,
        device: DeviceId = KEYBOARD,
        last_play_device: DeviceId = KEYBOARD,
    ) -> None:
        self.settings = settings
        self.last_play_median_ms = last_play_median_ms
        self.path = path
        self.plan = plan
        self.on_test_start = on_test_start
        self.device = device
        """The device the audio tap test listens to (and whose offset it sets)."""
        self.last_play_device = last_play_device
        self.target = KEYBOARD
        """The device whose offset the result shown sets (when it sets a device's offset)."""
        self.kits: KitDevices | None = None
        """The MIDI kits and controllers, opened when a device other than the keyboard is
        wanted (a keyboard player's calibration opens no MIDI port)."""
        if device != KEYBOARD:
            self._open_kits()
        self.picture = CalibrationPicture(menu=self._menu())
        self.run_: TapRun | None = None

    def _menu(self) -> list[MenuItem]:
        last = self.last_play_median_ms
        on = "" if self.last_play_device == KEYBOARD else f" on {self.last_play_device}"
        return [
            MenuItem(
                "Audio tap test",
                f"Tap along with a click on: {device_label(self.device)}"
                "   (Left/Right: another device)",
            ),
            MenuItem("Visual flash test", "Tap along with a flashing light: sets the video offset"),
            MenuItem(
                "Set from the last play",
                "Play a song first"
                if last is None
                else f"Your last play's median hit error{on} was {signed_ms(last)}",
                last is not None,
            ),
            MenuItem("Back", "Return to the title"),
        ]

    def _offsets(self) -> list[tuple[str, float]]:
        s = self.settings
        offsets = [
            ("Audio offset", s.audio.audio_offset_ms),
            (VIDEO_OFFSET, s.audio.video_offset_ms),
            (KEYBOARD_OFFSET, s.input.offset_ms(KEYBOARD)),
        ]
        for device in dict.fromkeys((self.device, self.last_play_device)):
            if device != KEYBOARD:
                offsets.append((_short(offset_name(device)), s.input.offset_ms(device)))
        return offsets

    # devices -------------------------------------------------------------------------------
    def _open_kits(self) -> KitDevices:
        """The kits and controllers, opened on first use (remembering the wanted device)."""
        if self.kits is None:
            s = self.settings.input
            wanted = [self.device, *s.kit_profiles, *s.devices]
            self.kits = KitDevices(s.midi_api, [d for d in wanted if d != KEYBOARD])
        return self.kits

    def _choose_device(self, step: int) -> None:
        """The next (or previous) device to tap on: the keyboard, then each kit and controller."""
        kits = self._open_kits()
        kits.refresh()
        choices = [KEYBOARD, *kits.ids()]
        index = choices.index(self.device) if self.device in choices else 0
        self.device = choices[(index + step) % len(choices)]
        p = self.picture
        p.menu = self._menu()
        p.notice = None
        if len(choices) == 1:
            p.notice = "No drum kit or controller found: plug one in." + (
                f" {midi_trouble(kits.midi_problem).what}." if kits.midi_problem else ""
            )

    def _tap_filter(self, device: DeviceId) -> KitTaps | None:
        """What counts as a tap on `device` (None for the keyboard: any key)."""
        if device == KEYBOARD:
            return None
        name = self.settings.input.profile_for(device)
        profile: KitProfile | None
        try:
            profile = load_profile(name, kit_profiles_dir())
        except (KitProfileError, LookupError, OSError) as e:
            log.warning("kit profile %r of %s: %s; every note-on is a tap", name, device, e)
            profile = None
        return KitTaps(device, profile)

    def _kit_event(self, event: pygame.event.Event, stamp: float) -> NoteOn | None:
        """A controller's button (or plug event) for the kits, when they are open."""
        return self.kits.on_event(event, stamp) if self.kits is not None else None

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
            if self.kits is not None:
                self.kits.close()

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
                self._kit_event(event, time.perf_counter())
                continue
            if self.picture.phase == "menu":
                if self._menu_key(event.key):
                    return True
            else:
                self._result_key(event.key)
            if self.picture.phase == "run":
                return False
        if self.kits is not None:
            self.kits.drain()  # hits between tests are no taps
            self.kits.refresh_due()
            for notice in self.kits.take_notices():
                self.picture.notice = notice
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
        elif key in (pygame.K_LEFT, pygame.K_RIGHT) and p.selected == 0:
            self._choose_device(1 if key == pygame.K_RIGHT else -1)
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
        elif key == pygame.K_k and ready and p.proposal is not None and p.unsteady:
            self._apply(p.proposal)  # unsteady taps, kept as the player asked
        elif key in RETURN_KEYS:
            if ready and p.proposal is not None and not p.unsteady:
                self._apply(p.proposal)
            elif p.kind != "play":
                self._start(p.kind)  # too few or unsteady taps: Enter tries again

    def _show_last_play(self) -> None:
        median = self.last_play_median_ms
        if median is None:
            return
        p = self.picture
        p.phase, p.kind, p.marks, p.unsteady = "result", "play", (), None
        p.measurement = OffsetMeasurement(median, 0.0, 1)
        p.proposal = self._proposal("play", median)

    def _proposal(
        self, kind: str, median_ms: float, device: DeviceId = KEYBOARD
    ) -> tuple[str, float, float]:
        """The setting a result of `kind` changes: (its name, now ms, new ms); an audio test or
        a play sets the input offset of `device` (a play: of `last_play_device`)."""
        if kind == "visual":
            now = self.settings.audio.video_offset_ms
            return VIDEO_OFFSET, now, corrected_offset_ms(now, median_ms)
        if kind == "play":
            device = self.last_play_device
        self.target = device
        now = self.settings.input.offset_ms(device)
        return offset_name(device), now, corrected_offset_ms(now, median_ms)

    def _apply(self, proposal: tuple[str, float, float]) -> None:
        """Set the proposed offset, save the settings, and go back to the menu."""
        name, _, new = proposal
        s = self.settings
        if name == VIDEO_OFFSET:
            after = dataclasses.replace(s, audio=dataclasses.replace(s.audio, video_offset_ms=new))
        else:
            offsets = {**s.input.device_offsets_ms, self.target: new}
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
        p.notice = p.unsteady = None
        device = self.device if kind == "audio" else KEYBOARD
        p.device = device_label(device)
        self.run_ = TapRun(kind, self.plan, self.settings, device)

    def _run_test(self, surface: pygame.Surface) -> bool:
        """Run the test until it ends (result) or Esc (menu); True when the window is closed."""
        run = self.run_
        assert run is not None
        p = self.picture
        run.start()
        if run.stream.silent and run.kind == "audio":
            p.notice = "No audio device: the clicks cannot be heard."
        taps = self._tap_filter(run.device)
        kits = self.kits if taps is not None else None
        if kits is not None:
            kits.drain()  # hits before the test are no taps
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
                        if taps is None:
                            run.tap(stamp)
                    else:  # a controller's button, stamped at this pump
                        note = self._kit_event(event, stamp)
                        if note is not None and taps is not None and taps.counts(note):
                            run.tap(note.stamp_s)
                if kits is not None:
                    for note in kits.drain():  # stamped in the MIDI callback
                        if taps is not None and taps.counts(note):
                            run.tap(note.stamp_s)
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
            p.proposal = self._proposal(run.kind, p.measurement.median_ms, run.device)
        m = p.measurement
        p.unsteady = unsteady_reason(m) if m is not None and m.ready else None
        log.info(
            "%s tap test on %s: %s",
            run.kind,
            run.device,
            "no taps"
            if m is None
            else f"median {m.median_ms:+.1f} ms, spread {m.spread_ms:.1f} ms, {m.count} taps"
            + (f"; not steady: {p.unsteady}" if p.unsteady else ""),
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
    device: DeviceId = KEYBOARD,
    last_play_device: DeviceId = KEYBOARD,
) -> Settings:
    """Show the calibration screen; return the settings with every result the player applied
    (each saved to `path`, default the settings file, when applied). Esc leaves without saving
    anything more; closing the window re-posts QUIT and returns.

    `last_play_median_ms` is the median hit error of the last play (ms, late positive), for
    "Set from the last play"; `plan` the tap test's tempo and length; `on_test_start` is called
    with each test as it starts (for tools and tests that tap along from outside).

    `device` is the device the audio tap test starts on (the player changes it with Left/Right:
    the keyboard, a MIDI kit's port name, "joystick: NAME"); `last_play_device` the device the
    last play was played on, whose offset "Set from the last play" changes.
    """
    screen = CalibrationScreen(
        settings,
        last_play_median_ms,
        path,
        plan or TapPlan(),
        on_test_start,
        device,
        last_play_device,
    )
    return screen.run(surface)


def _short(name: str, length: int = 30) -> str:
    """`name` cut to `length` characters, with "…" when it was longer."""
    return name if len(name) <= length else name[: length - 1] + "…"
