"""The calibration screen: an audio tap test (the input offset of the keyboard, a MIDI kit or a
drum controller), a visual flash test (video offset), and "set from the last play".

A test runs on the same stream and clock as a song (`StreamMix`, `AudioStream`, `SongClock`):
the clicks are sounds scheduled at the exact stream samples of their song times, and each tap is
stamped where it arrived and converted to song time by `SongClock.input_time` with the current
offset of the device tapped on, exactly as a hit in a song is (see game.app.tap_run). The game's
loop pumps keys and a controller's buttons about every half millisecond and stamps them at the
pump; a MIDI kit's note-ons are stamped in the MIDI callback and drained at every pump. So the
error a test measures is what is left over after the current offsets, and the new offset is the
current one plus the measured median (`corrected_offset_ms`):

- audio tap test: error = tap time - click time -> that device's input offset += median;
- visual flash test: a flash is drawn when the draw time (song time + video offset) reaches its
  beat, so a late screen shows as late taps -> video offset += median;
- last play: the median hit error of a play -> its device's input offset += it.

Left/Right on the audio tap test's row choose the device tapped on: the keyboard, then every
MIDI kit and controller of the game's device list.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from collections.abc import Callable

import pygame

from game.app.scene import MENU_FPS, Action, Pumped, Screen
from game.app.tap_run import KitTaps, TapRun
from game.app.window import frame_rate
from game.audio.stream import RATE
from game.base.language import N_, _
from game.core.calibration import (
    OffsetMeasurement,
    TapPlan,
    corrected_offset_ms,
    unsteady_reason,
)
from game.core.devices import DeviceId
from game.input.keyboard import KEYBOARD
from game.input.kit_files import load_profile
from game.input.kit_profile import KitProfile, KitProfileError
from game.input.midi_ports import NoteOn
from game.store.paths import kit_profiles_dir
from game.ui.calibration_view import (
    CalibrationKind,
    CalibrationPhase,
    CalibrationPicture,
    CalibrationRow,
    MenuItem,
    OffsetChange,
    draw_calibration,
    menu_rows,
    signed_ms,
)
from game.ui.canvas import Canvas
from game.ui.midi_trouble import midi_trouble

log = logging.getLogger(__name__)

KEYBOARD_OFFSET = N_("Keyboard input offset")
VIDEO_OFFSET = N_("Video offset")
TEST_OF_ROW = {
    CalibrationRow.AUDIO_TEST: CalibrationKind.AUDIO,
    CalibrationRow.VISUAL_TEST: CalibrationKind.VISUAL,
}
"""The test each test row of the menu starts."""


def device_label(device: DeviceId) -> str:
    """A device in words: "Keyboard", "TD-11 MIDI 1", "joystick: Harmonix Drum Kit"."""
    return device.label


def offset_name(device: DeviceId) -> str:
    """The name of a device's input offset: "Keyboard input offset", "TD-11 input offset"."""
    if device == KEYBOARD:
        return _(KEYBOARD_OFFSET)
    return _("{device} input offset").format(device=device_label(device))


class CalibrationScreen(Screen):
    """The calibration screen on the game's loop: its menu, a tap test running, its result.

    `plan` is the tap test's tempo and length; `device` the device the audio tap test starts on
    (the player changes it with Left/Right: the keyboard, a MIDI kit or a controller);
    `on_test_start` is called with each test as it starts (for tools and tests that tap along
    from outside). The median of the last play and its device come from the app context;
    each result the player applies is saved through it. Esc leaves.
    """

    def __init__(
        self,
        plan: TapPlan | None = None,
        device: DeviceId = KEYBOARD,
        on_test_start: Callable[[TapRun], None] | None = None,
    ) -> None:
        self.plan = plan or TapPlan()
        self.device = device
        """The device the audio tap test listens to (and whose offset it sets)."""
        self.on_test_start = on_test_start
        self.picture = CalibrationPicture()
        self.run_: TapRun | None = None
        """The test running (None between tests)."""
        self.taps: KitTaps | None = None
        """What counts as a tap in the test running (None: any key)."""
        self._now: float | None = None  # the loop's time at the last update, seconds
        self.canvas = Canvas()
        """Where the screen is laid out (at the window's size or scaled; mouse positions)."""
        self._switch_interval = sys.getswitchinterval()
        self._test_fps = MENU_FPS  # the game's frame rate, taken when a test starts

    @property
    def kit_menu(self) -> bool:
        """The kits walk the menu, but while a test runs this screen reads them itself."""
        return self.picture.phase is not CalibrationPhase.RUN

    @property
    def frame_rate(self) -> int:
        """The game's frame rate while a test runs (the flashes), the menus' otherwise."""
        return self._test_fps if self.picture.phase is CalibrationPhase.RUN else MENU_FPS

    def enter(self) -> None:
        """Show the menu (a kit plugged in since the devices were listed is opened now)."""
        devices = self.app.devices
        if self.device != KEYBOARD and devices is not None:
            devices.refresh()
        self.picture.menu = self._menu()

    def leave(self) -> None:
        """Stop a test still running."""
        self._end_run()

    def _menu(self) -> list[MenuItem]:
        last = self.app.last_play_median_ms
        device = self.app.last_play_device
        if last is None:
            last_words = _("Play a song first")
        elif device == KEYBOARD:
            last_words = _("Your last play's median hit error was {ms}").format(ms=signed_ms(last))
        else:
            last_words = _("Your last play's median hit error on {device} was {ms}").format(
                device=device, ms=signed_ms(last)
            )
        return [
            MenuItem(
                CalibrationRow.AUDIO_TEST,
                _("Audio tap test"),
                _("Tap along with a click on: {device}   (Left/Right: another device)").format(
                    device=device_label(self.device)
                ),
            ),
            MenuItem(
                CalibrationRow.VISUAL_TEST,
                _("Visual flash test"),
                _("Tap along with a flashing light: sets the video offset"),
            ),
            MenuItem(
                CalibrationRow.LAST_PLAY,
                _("Set from the last play"),
                last_words,
                last is not None,
            ),
            MenuItem(CalibrationRow.BACK, _("Back"), _("Return to the title")),
        ]

    def _offsets(self) -> list[tuple[str, float]]:
        s = self.app.settings
        offsets = [
            (_("Audio offset"), s.audio.audio_offset_ms),
            (_(VIDEO_OFFSET), s.audio.video_offset_ms),
            (_(KEYBOARD_OFFSET), s.input.offset_ms(KEYBOARD)),
        ]
        for device in dict.fromkeys((self.device, self.app.last_play_device)):
            if device != KEYBOARD:
                offsets.append((_short(offset_name(device)), s.input.offset_ms(device)))
        return offsets

    # devices -------------------------------------------------------------------------------
    def _choose_device(self, step: int) -> None:
        """The next (or previous) device to tap on: the keyboard, then each kit and controller."""
        devices = self.app.devices
        kits: list[DeviceId] = []
        if devices is not None:
            devices.refresh()
            kits = devices.ids()
        choices = [KEYBOARD, *kits]
        index = choices.index(self.device) if self.device in choices else 0
        self.device = choices[(index + step) % len(choices)]
        p = self.picture
        p.menu = self._menu()
        p.notice = None
        if len(choices) == 1:
            problem = devices.midi_problem if devices is not None else None
            p.notice = _("No drum kit or controller found: plug one in.")
            if problem:
                p.notice = _("No drum kit or controller found: plug one in. {trouble}.").format(
                    trouble=midi_trouble(problem).what
                )

    def _tap_filter(self, device: DeviceId) -> KitTaps | None:
        """What counts as a tap on `device` (None for the keyboard: any key)."""
        if device == KEYBOARD:
            return None
        name = self.app.settings.input.profile_for(device)
        profile: KitProfile | None
        try:
            profile = load_profile(name, kit_profiles_dir())
        except (KitProfileError, LookupError, OSError) as e:
            log.warning("kit profile %r of %s: %s; every note-on is a tap", name, device, e)
            profile = None
        return KitTaps(device, profile)

    def _kit_tap(self, note: NoteOn) -> None:
        """A kit's note-on or a controller's button in a test: a tap when it is one."""
        run = self.run_
        if run is not None and self.taps is not None and self.taps.counts(note):
            run.tap(note.stamp_s)

    # input ---------------------------------------------------------------------------------
    def on_input(self, item: Pumped) -> None:
        """A key taps (in a keyboard test) or walks the menu and the result; a controller's
        button taps in a test on it."""
        event, p = item.event, self.picture
        if event is not None and event.type != pygame.KEYDOWN and self.app.devices is not None:
            note = self.app.devices.on_event(event, item.stamp)  # also a controller plugged
            if note is not None and p.phase is CalibrationPhase.RUN:
                self._kit_tap(note)
        if event is not None and event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            if p.phase is CalibrationPhase.MENU:
                self._mouse(event)
            return
        if p.phase is CalibrationPhase.RUN:
            if item.key == pygame.K_ESCAPE:
                p.phase = CalibrationPhase.MENU
                self._end_run()
            elif item.key is not None and self.taps is None and self.run_ is not None:
                self.run_.tap(item.stamp)  # any key, stamped at the pump
            return
        action = Action.SELECT if item.key == pygame.K_SPACE else item.action
        if p.phase is CalibrationPhase.MENU:
            self._menu_action(action)
        else:
            self._result_input(action, item.key)

    def pump(self, stamp: float) -> None:
        """In a test, the kits' note-ons since the last pump (stamped in the MIDI callback) are
        taps; between tests, the device list follows kits plugged in or out."""
        devices = self.app.devices
        if devices is None:
            return
        if self.picture.phase is CalibrationPhase.RUN:
            for note in devices.drain():
                self._kit_tap(note)
            return
        devices.refresh_due()
        for notice in devices.take_notices():
            self.picture.notice = notice

    def _menu_action(self, action: Action | None) -> None:
        p = self.picture
        if action is Action.BACK:
            self.stack.pop()
        elif action in (Action.UP, Action.DOWN):
            step = 1 if action is Action.DOWN else -1
            p.selected = (p.selected + step) % len(p.menu)
            if not p.menu[p.selected].enabled:
                p.selected = (p.selected + step) % len(p.menu)
        elif action in (Action.LEFT, Action.RIGHT):
            if p.menu[p.selected].row is CalibrationRow.AUDIO_TEST:
                self._choose_device(1 if action is Action.RIGHT else -1)
        elif action is Action.SELECT:
            choice = p.menu[p.selected]
            if not choice.enabled:
                return
            p.notice = None
            if choice.row is CalibrationRow.BACK:
                self.stack.pop()
            elif choice.row is CalibrationRow.LAST_PLAY:
                self._show_last_play()
            else:
                self._start(TEST_OF_ROW[choice.row])

    def _mouse(self, event: pygame.event.Event) -> None:
        """Hovering a row of the menu chooses it; a left click on it is Enter."""
        p = self.picture
        pos = self.canvas.to_layout(event.pos)
        for i, row in enumerate(menu_rows(self.canvas.size, len(p.menu))):
            if row.collidepoint(pos) and p.menu[i].enabled:
                p.selected = i
                if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                    self._menu_action(Action.SELECT)
                return

    def _result_input(self, action: Action | None, key: int | None) -> None:
        p = self.picture
        m = p.measurement
        play = p.kind is CalibrationKind.PLAY
        ready = m is not None and (m.ready or play)
        if action is Action.BACK:
            p.phase = CalibrationPhase.MENU
        elif key == pygame.K_r and not play:
            self._start(p.kind)
        elif key == pygame.K_k and ready and p.proposal is not None and p.unsteady:
            self._apply(p.proposal)  # unsteady taps, kept as the player asked
        elif action is Action.SELECT:
            if ready and p.proposal is not None and not p.unsteady:
                self._apply(p.proposal)
            elif not play:
                self._start(p.kind)  # too few or unsteady taps: Enter tries again

    # results -------------------------------------------------------------------------------
    def _show_last_play(self) -> None:
        median = self.app.last_play_median_ms
        if median is None:
            return
        p = self.picture
        p.phase, p.kind, p.marks, p.unsteady = (
            CalibrationPhase.RESULT,
            CalibrationKind.PLAY,
            (),
            None,
        )
        p.measurement = OffsetMeasurement(median, 0.0, 1)
        p.proposal = self._proposal(CalibrationKind.PLAY, median)

    def _proposal(
        self, kind: CalibrationKind, median_ms: float, device: DeviceId = KEYBOARD
    ) -> OffsetChange:
        """The setting a result of `kind` changes; an audio test sets the input offset of
        `device`, a play that of the last play's device."""
        s = self.app.settings
        if kind is CalibrationKind.VISUAL:
            now = s.audio.video_offset_ms
            return OffsetChange(_(VIDEO_OFFSET), now, corrected_offset_ms(now, median_ms))
        if kind is CalibrationKind.PLAY:
            device = self.app.last_play_device
        now = s.input.offset_ms(device)
        return OffsetChange(offset_name(device), now, corrected_offset_ms(now, median_ms), device)

    def _apply(self, change: OffsetChange) -> None:
        """Set the proposed offset, save the settings, and go back to the menu."""
        s = self.app.settings
        if change.device is None:
            audio = dataclasses.replace(s.audio, video_offset_ms=change.new_ms)
            after = dataclasses.replace(s, audio=audio)
        else:
            offsets = {**s.input.device_offsets_ms, change.device: change.new_ms}
            after = dataclasses.replace(
                s, input=dataclasses.replace(s.input, device_offsets_ms=offsets)
            )
        problem = self.app.set_settings(after)
        p = self.picture
        p.phase = CalibrationPhase.MENU
        if problem is None:
            p.notice = _("{name} set to {ms} and saved.")
        else:
            p.notice = _("{name} set to {ms}. {problem}")
        p.notice = p.notice.format(name=change.name, ms=signed_ms(change.new_ms), problem=problem)

    # a test running ------------------------------------------------------------------------
    def _start(self, kind: CalibrationKind) -> None:
        """Start a tap test of `kind`: its stream and clock start now."""
        self._end_run()
        p = self.picture
        p.phase, p.kind, p.marks = CalibrationPhase.RUN, kind, ()
        p.measurement = p.proposal = p.notice = p.unsteady = None
        p.progress, p.flash, p.count_in = 0.0, 0.0, True
        device = self.device if kind is CalibrationKind.AUDIO else KEYBOARD
        p.device = device_label(device)
        app = self.app
        self._test_fps = frame_rate(app.settings.video)
        rate, frames = RATE, None
        if app.sound_card:
            output = app.audio_output()
            rate, frames = output.rate, output.buffer_frames
        run = TapRun(
            kind,
            self.plan,
            app.settings,
            device,
            rate=rate,
            buffer_frames=frames,
            sound_card=app.sound_card,
        )
        self.taps = self._tap_filter(device)
        if self.taps is not None and app.devices is not None:
            app.devices.drain()  # hits before the test are no taps
        self.run_ = run
        # The audio callback needs the GIL within a millisecond, not Python's default 5 ms.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(0.001)
        run.start()
        if run.stream.silent and kind is CalibrationKind.AUDIO:
            p.notice = _("No audio device: the clicks cannot be heard.")
        if self.on_test_start is not None:
            self.on_test_start(run)

    def _end_run(self) -> None:
        """Stop the test running, if one is."""
        run, self.run_ = self.run_, None
        if run is not None:
            run.close()
            sys.setswitchinterval(self._switch_interval)

    def update(self, now_s: float) -> None:
        """Follow the test's song clock to the loop's `now_s`; show the result at its end."""
        self._now = now_s
        run = self.run_
        if run is not None and run.clock.song_time(now_s) >= run.plan.end_s:
            self._finish(run)

    def _finish(self, run: TapRun) -> None:
        self._end_run()
        p = self.picture
        p.phase, p.marks = CalibrationPhase.RESULT, list(run.marks)
        m = p.measurement = run.measurement()
        if m is not None:
            p.proposal = self._proposal(run.kind, m.median_ms, run.device)
        p.unsteady = unsteady_reason(m) if m is not None and m.ready else None
        log.info(
            "%s tap test on %s: %s",
            run.kind.value,
            run.device,
            "no taps"
            if m is None
            else f"median {m.median_ms:+.1f} ms, spread {m.spread_ms:.1f} ms, {m.count} taps"
            + (f"; not steady: {p.unsteady}" if p.unsteady else ""),
        )

    # drawing -------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        """The menu, the test running (its taps, progress and flash) or the result."""
        p, run = self.picture, self.run_
        p.offsets = self._offsets()
        canvas = self.canvas.surface_for(surface)
        if run is not None and self._now is not None:
            song_s = run.clock.song_time(self._now)
            p.marks = run.marks
            p.progress = run.progress(song_s)
            p.count_in = run.counting_in(song_s)
            if run.kind is CalibrationKind.VISUAL:
                p.flash, _ = run.flash_at(run.clock.draw_time(self._now))
        draw_calibration(canvas, p)
        self.canvas.present(surface, canvas)


def _short(name: str, length: int = 30) -> str:
    """`name` cut to `length` characters, with "…" when it was longer."""
    return name if len(name) <= length else name[: length - 1] + "…"
