"""The calibration screen on the game's loop, with real pygame (SDL dummy video), real posted
keys and a real virtual joystick, on an injected clock: the test is the loop's clock, the tap
test stream's sound card (it hands the stream's buffers out on time, so the test's song clock
follows the stream's sample positions as on a real device) and the player, who taps a fixed
30 ms after each click (or flash) as the test's own song clock says. The screen must measure
that lag and write the right offset to the TOML file.

Tolerance: the loop pumps every 0.5 ms of the injected clock and stamps each key at the pump, so
a tap is stamped 0 to 0.5 ms after it was aimed at: the median lands within +0 to +0.5 ms of
the lag. 1 ms either way still rejects a sign error (-30), a missed current offset (+20 or +40
applied instead of +30), or a tap stamped at a 60 fps frame rather than at the pump.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.calibrate import CalibrationScreen  # noqa: E402
from game.app.context import AppContext  # noqa: E402
from game.app.loop import PUMP_S, Loop  # noqa: E402
from game.app.screens import title_screen_for  # noqa: E402
from game.app.tap_run import FLASH_S, TapRun  # noqa: E402
from game.app.title import TitleScreen  # noqa: E402
from game.app.window import frame_rate  # noqa: E402
from game.core.calibration import TapPlan  # noqa: E402
from game.core.devices import KEYBOARD, DeviceId  # noqa: E402
from game.input.kit_devices import KitDevices  # noqa: E402
from game.store.settings import (  # noqa: E402
    AudioSettings,
    InputSettings,
    LoadedSettings,
    Settings,
    load_settings,
)
from game.ui import theme  # noqa: E402
from game.ui.calibration_view import (  # noqa: E402
    CalibrationKind,
    CalibrationPhase,
    CalibrationRow,
    OffsetChange,
    menu_rows,
)
from game.ui.menus import TitleChoice  # noqa: E402
from tests.ui.conftest import FakeClock  # noqa: E402
from tests.ui.virtual_joystick import VirtualJoystick  # noqa: E402

PLAN = TapPlan(bpm=150.0, count_in=2, taps=10)
LATE_S = 0.030
TOLERANCE_MS = 1.0
TD11 = DeviceId.midi("TD-11")
BUFFER_FRAMES = 512
"""Frames of each buffer the test hands out as the sound card (10.7 ms at 48 kHz)."""
START_S = 1000.0
"""Where the injected clock starts (seconds)."""
LIMIT_S = 60.0
"""Game time after which a test that has not ended fails (seconds)."""


@pytest.fixture
def screen(tmp_path, monkeypatch):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    pygame.init()
    surface = pygame.display.set_mode((1280, 720))
    yield surface
    pygame.quit()


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def post(*keys: int) -> None:
    for k in keys:
        pygame.event.post(key(k))


@dataclass(frozen=True)
class Script:
    """What the tapper does in one test: tap on the first `taps` clicks (all when None), or
    `stop` it at once with Esc; then post `after` (keys for the result screen) once it is over."""

    after: tuple[int, ...] = ()
    taps: int | None = None
    stop: bool = False


class Tapper:
    """The player: taps Space (or calls `press`) `late_s` after each click (audio) or flash
    (visual) of each test the screen starts (given several, the taps take them in turn), test by
    test as its `scripts` say. Given to the screen as `on_test_start`; `at(now)` is called as
    the injected clock moves."""

    def __init__(
        self,
        late_s: float | tuple[float, ...],
        *scripts: Script,
        press: Callable[[], Callable[[], None] | None] | None = None,
    ) -> None:
        self.late_s = late_s if isinstance(late_s, tuple) else (late_s,)
        self.scripts = scripts
        self.press = press or (lambda: post(pygame.K_SPACE))
        self.runs: list[TapRun] = []
        self._next = 0  # the next tap of the current test
        self._done = False  # the current test's `after` keys are posted
        self._release: Callable[[], None] | None = None

    def __call__(self, run: TapRun) -> None:
        self.runs.append(run)
        self._next, self._done = 0, False
        if self.scripts[len(self.runs) - 1].stop:
            post(pygame.K_ESCAPE)

    def _targets(self, run: TapRun, script: Script) -> list[float]:
        """The song times to tap at: a flash shows when draw time (song time + video offset)
        reaches its beat."""
        shown_early_s = run.clock.video_offset_s if run.kind is CalibrationKind.VISUAL else 0.0
        times = [] if script.stop else run.plan.tap_times()[: script.taps]
        return [t - shown_early_s + self.late_s[k % len(self.late_s)] for k, t in enumerate(times)]

    def at(self, now: float) -> None:
        if self._release is not None:
            self._release()
            self._release = None
        if not self.runs:
            return
        run, script = self.runs[-1], self.scripts[len(self.runs) - 1]
        if run.ended:
            if not self._done:
                post(*script.after)
                self._done = True
            return
        targets = self._targets(run, script)
        if self._next < len(targets) and run.clock.song_time(now) >= targets[self._next]:
            self._next += 1
            self._release = self.press()


class Bench(FakeClock):
    """The injected clock (seconds that move only when the loop sleeps), the sound card of the
    screen's tap tests, and the player's hands: see the module."""

    def __init__(self, screen: CalibrationScreen, tapper: Tapper | None = None) -> None:
        super().__init__(START_S)
        self.screen = screen
        self.tapper = tapper
        self._stream: object = None
        self._next_buffer = 0.0

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass: the test's buffers go out on time, the player taps on time."""
        end = self.now + seconds
        run = self.screen.run_
        if run is not None:
            if run.stream is not self._stream:  # a test started: its device starts now
                self._stream, self._next_buffer = run.stream, self.now
            while self._next_buffer <= end:
                run.stream.hand_out(BUFFER_FRAMES, self._next_buffer)
                self._next_buffer += BUFFER_FRAMES / run.clock.rate
        self.now = end
        assert self.now - START_S < LIMIT_S, "the screen was still open after a minute"
        if self.tapper is not None:
            self.tapper.at(self.now)


def context(settings: Settings, path, **kw) -> AppContext:
    """The app context of a test: `settings` saved to `path`, no sound card."""
    return AppContext(LoadedSettings(settings), settings_file=path, sound_card=False, **kw)


def run_calibration(
    app: AppContext, *keys: int, tapper: Tapper | None = None, **kw
) -> tuple[CalibrationScreen, Loop]:
    """Post `keys`, then step the loop with the calibration screen over the title until it is
    left (the title shows again) or the game quits (no screen left)."""
    screen = CalibrationScreen(PLAN, on_test_start=tapper, **kw)
    bench = Bench(screen, tapper)
    loop = Loop(app, clock=bench, sleep=bench.advance)
    loop.stack.push(TitleScreen(TitleChoice.CALIBRATE))
    loop.stack.push(screen)
    post(*keys)
    while loop.stack.top is screen:
        loop.step()
        loop.sleep(PUMP_S)
    return screen, loop


def back_on_the_title(loop: Loop) -> bool:
    """True when the calibration screen was left for the title (the game goes on)."""
    return isinstance(loop.stack.top, TitleScreen) and not loop.stack.quitting


@pytest.mark.parametrize("keyboard_ms", [0.0, 10.0])
def test_audio_tap_test_measures_the_lag_and_sets_the_keyboard_offset(
    screen, tmp_path, keyboard_ms
):
    path = tmp_path / "settings.toml"
    app = context(Settings(input=InputSettings(device_offsets_ms={KEYBOARD: keyboard_ms})), path)
    tapper = Tapper(LATE_S, Script((pygame.K_RETURN, pygame.K_ESCAPE)))
    _, loop = run_calibration(app, pygame.K_RETURN, tapper=tapper)
    assert back_on_the_title(loop)  # Enter applied the result, Esc left
    (run,) = tapper.runs
    m = run.measurement()
    assert m is not None and m.count == PLAN.taps and m.strays == 0
    # The clock already takes the current offset off each tap: what is left is measured.
    assert m.median_ms == pytest.approx(30.0 - keyboard_ms, abs=TOLERANCE_MS)
    assert m.spread_ms <= 0.5
    saved = load_settings(path).settings.input.offset_ms(KEYBOARD)
    assert saved == pytest.approx(30.0, abs=TOLERANCE_MS)
    assert saved == pytest.approx(keyboard_ms + m.median_ms, abs=0.051)
    assert app.settings.input.offset_ms(KEYBOARD) == saved


@pytest.mark.parametrize("rate", [48000, 44100])
def test_audio_test_clicks_sound_at_the_stream_samples_of_their_beats(rate):
    """Rendered from the test's own mix: a count-in click, then a brighter click, on each beat,
    at the rate the audio device gives."""
    run = TapRun(
        CalibrationKind.AUDIO, PLAN, Settings(audio=AudioSettings(master_volume=0.5)), rate=rate
    )
    clock = run.clock
    out = run.mix.render(clock.sample_of(PLAN.end_s))[:, 0]
    onsets = np.flatnonzero((np.abs(out[1:]) > 0.01) & (np.abs(out[:-1]) <= 0.01)) + 1
    starts = [int(o) for i, o in enumerate(onsets) if i == 0 or o - onsets[i - 1] > 2000]
    expected = [clock.sample_of(t) for t in PLAN.click_times()]
    assert len(starts) == len(expected)
    assert all(0 <= s - e <= 8 for s, e in zip(starts, expected, strict=True))  # within 0.2 ms
    # The claves ring at their own pitch (2.5 kHz) at any device rate: resampled, not replayed.
    click = out[starts[PLAN.count_in] : starts[PLAN.count_in] + 4096]
    spectrum = np.abs(np.fft.rfft(click * np.hanning(len(click))))
    assert np.fft.rfftfreq(len(click), 1 / rate)[spectrum.argmax()] == pytest.approx(2500, rel=0.02)
    run_full = TapRun(CalibrationKind.AUDIO, PLAN, Settings(), rate=rate)
    loud = np.abs(run_full.mix.render(clock.sample_of(PLAN.end_s))[:, 0]).max()
    assert np.abs(out).max() == pytest.approx(loud * 0.5, rel=0.01)  # the master volume
    visual = TapRun(CalibrationKind.VISUAL, PLAN, Settings(), rate=rate)
    assert not visual.mix.render(clock.sample_of(PLAN.end_s)).any()


def test_visual_flash_test_measures_the_lag_and_sets_the_video_offset(screen, tmp_path):
    path = tmp_path / "settings.toml"
    settings = Settings(audio=AudioSettings(video_offset_ms=10.0))
    app = context(settings, path)
    tapper = Tapper(LATE_S, Script((pygame.K_RETURN, pygame.K_ESCAPE)))
    run_calibration(app, pygame.K_DOWN, pygame.K_RETURN, tapper=tapper)
    (run,) = tapper.runs
    assert run.kind is CalibrationKind.VISUAL
    # Each flash was first drawn in a frame whose draw time lay on its beat (within a frame).
    frame_s = 1 / frame_rate(settings.video)
    for k, t in enumerate(PLAN.click_times()):
        assert 0.0 <= run.flash_shown[k] - t <= min(frame_s + 0.001, FLASH_S)
    m = run.measurement()
    assert m is not None and m.count == PLAN.taps
    # The flash lit `video offset` before its beat in song time, the taps came 30 ms after it.
    assert m.median_ms == pytest.approx(30.0 - 10.0, abs=TOLERANCE_MS)
    saved = load_settings(path).settings.audio.video_offset_ms
    assert saved == pytest.approx(30.0, abs=TOLERANCE_MS)
    assert app.settings.audio.video_offset_ms == saved
    assert app.settings.input.offset_ms(KEYBOARD) == 0.0


def test_too_few_taps_offer_no_result_and_save_nothing(screen, tmp_path):
    path = tmp_path / "settings.toml"
    # Enter on the result of 5 taps starts the test again (no Apply); Esc stops it; Esc leaves.
    tapper = Tapper(
        LATE_S, Script((pygame.K_RETURN,), taps=5), Script((pygame.K_ESCAPE,), stop=True)
    )
    app = context(Settings(), path)
    run_calibration(app, pygame.K_RETURN, tapper=tapper)
    assert len(tapper.runs) == 2
    assert tapper.runs[0].measurement().count == 5
    assert all(run.ended for run in tapper.runs)
    assert not path.exists()
    assert app.settings == Settings()


def test_set_from_last_play_adds_its_median_to_the_keyboard_offset(screen, tmp_path):
    path = tmp_path / "settings.toml"
    settings = Settings(input=InputSettings(device_offsets_ms={KEYBOARD: -5.0, TD11: 3.0}))
    app = context(settings, path, last_play_median_ms=17.5)
    keys = (pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN, pygame.K_RETURN, pygame.K_ESCAPE)
    _, loop = run_calibration(app, *keys)
    assert back_on_the_title(loop)
    saved = load_settings(path).settings
    assert saved.input.offset_ms(KEYBOARD) == 12.5
    assert saved.input.offset_ms(TD11) == 3.0  # other devices keep theirs
    assert app.settings == saved


def test_last_play_is_skipped_on_the_menu_when_there_was_none(screen, tmp_path):
    path = tmp_path / "settings.toml"
    # Down, Down lands on Back (the last-play row cannot be chosen), Enter leaves.
    app = context(Settings(), path)
    _, loop = run_calibration(app, pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN)
    assert back_on_the_title(loop)
    assert app.settings == Settings()
    assert not path.exists()


def test_escape_leaves_without_saving_and_a_closed_window_quits(screen, tmp_path):
    path = tmp_path / "settings.toml"
    settings = dataclasses.replace(Settings(), audio=AudioSettings(audio_offset_ms=12.0))
    app = context(settings, path, last_play_median_ms=3.0)
    _, loop = run_calibration(app, pygame.K_ESCAPE)
    assert back_on_the_title(loop)
    assert app.settings == settings
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    _, loop = run_calibration(app)
    assert loop.stack.top is None and loop.stack.quitting  # the game quits
    assert not pygame.event.peek(pygame.QUIT)  # once
    assert app.settings == settings
    assert not path.exists()


def test_closing_the_window_during_a_test_stops_it_and_quits(screen, tmp_path):
    path = tmp_path / "settings.toml"
    app = context(Settings(), path)

    class Closer(Tapper):
        def at(self, now: float) -> None:
            super().at(now)
            if self.runs and self.runs[-1].taps_s and not pygame.event.peek(pygame.QUIT):
                pygame.event.post(pygame.event.Event(pygame.QUIT))

    tapper = Closer(LATE_S, Script())
    screen_, loop = run_calibration(app, pygame.K_RETURN, tapper=tapper)
    (run,) = tapper.runs
    assert len(run.taps_s) == 1 and run.ended  # closed after its first tap: the stream stopped
    assert loop.stack.quitting and screen_.run_ is None
    assert not path.exists()


def test_set_from_last_play_on_a_kit_changes_that_kits_offset(screen, tmp_path):
    path = tmp_path / "settings.toml"
    settings = Settings(input=InputSettings(device_offsets_ms={KEYBOARD: -5.0, TD11: 3.0}))
    app = context(settings, path, last_play_median_ms=-7.5, last_play_device=TD11)
    keys = (pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN, pygame.K_RETURN, pygame.K_ESCAPE)
    screen_, _ = run_calibration(app, *keys)
    saved = load_settings(path).settings
    assert saved.input.offset_ms(TD11) == -4.5
    assert saved.input.offset_ms(KEYBOARD) == -5.0
    assert app.settings == saved
    assert screen_.picture.notice == "TD-11 input offset set to -4.5 ms and saved."


def test_a_result_that_cannot_be_saved_still_applies_and_says_so(screen, tmp_path):
    path = tmp_path / "no such folder" / "settings.toml"
    (tmp_path / "no such folder").write_text("a file where the folder should be")
    app = context(Settings(), path, last_play_median_ms=8.0)
    keys = (pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN, pygame.K_RETURN, pygame.K_ESCAPE)
    screen_, _ = run_calibration(app, *keys)
    assert app.settings.input.offset_ms(KEYBOARD) == 8.0  # applies until the game quits
    notice = screen_.picture.notice
    assert notice is not None
    assert notice.startswith("Keyboard input offset set to +8.0 ms. Settings not saved:")


def test_audio_tap_test_on_a_drum_controller_sets_its_offset(screen, tmp_path, monkeypatch):
    """A joystick that SDL simulates: its button presses are stamped at the pump, as keys are;
    the keyboard's Space (pressed by nobody here) is not the device calibrated."""
    monkeypatch.setenv("JACK_DEFAULT_SERVER", f"drum-duet-none-{secrets.token_hex(4)}")
    path = tmp_path / "settings.toml"
    stick = VirtualJoystick(buttons=8)
    device = DeviceId.controller(stick.name)
    offsets = {KEYBOARD: -20.0, device: 10.0}
    settings = Settings(input=InputSettings(midi_api="jack", device_offsets_ms=offsets))

    def press_red() -> Callable[[], None]:  # button 2: the red pad of the Rock Band profile
        stick.set(2, True)
        return lambda: stick.set(2, False)  # released at the next pump

    tapper = Tapper(LATE_S, Script((pygame.K_RETURN, pygame.K_ESCAPE)), press=press_red)
    devices = KitDevices("jack", remembered=[device])
    app = context(settings, path, devices=devices)
    try:
        run_calibration(app, pygame.K_RETURN, tapper=tapper, device=device)
    finally:
        devices.close()
        stick.close()
    (run,) = tapper.runs
    assert run.device == device
    m = run.measurement()
    assert m is not None and m.count == PLAN.taps and m.strays == 0
    assert m.median_ms == pytest.approx(30.0 - 10.0, abs=TOLERANCE_MS)
    saved = load_settings(path).settings.input
    assert saved.offset_ms(device) == pytest.approx(10.0 + m.median_ms, abs=0.051)
    assert saved.offset_ms(KEYBOARD) == -20.0
    assert app.settings.input == saved


UNSTEADY_S = (-0.030, 0.090)
"""Taps alternately 30 ms early and 90 ms late: a median of +30 ms, a spread of ±60 ms."""


@pytest.mark.parametrize("keep", [False, True])
def test_unsteady_taps_warn_and_are_applied_only_when_the_player_keeps_them(
    screen, tmp_path, caplog, keep
):
    """Enter on an unsteady result tries again (nothing is saved); K keeps it."""
    caplog.set_level("INFO")
    path = tmp_path / "settings.toml"
    if keep:
        tapper = Tapper(UNSTEADY_S, Script((pygame.K_k, pygame.K_ESCAPE)))
    else:  # Enter on the result; Esc stops the test Enter started again; Esc leaves
        tapper = Tapper(
            UNSTEADY_S, Script((pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_ESCAPE)), Script(taps=0)
        )
    app = context(Settings(), path)
    run_calibration(app, pygame.K_RETURN, tapper=tapper)
    m = tapper.runs[0].measurement()
    assert m is not None and m.count == PLAN.taps
    assert 59.0 <= m.spread_ms <= 61.0  # ±60 ms
    assert "not steady: half of the taps lie more than" in caplog.text
    if keep:
        saved = load_settings(path).settings.input.offset_ms(KEYBOARD)
        assert saved == pytest.approx(m.median_ms, abs=0.051)
        assert app.settings.input.offset_ms(KEYBOARD) == saved
    else:
        assert len(tapper.runs) == 2  # Enter started the test again
        assert not path.exists() and app.settings == Settings()


def test_calibrate_on_the_title_opens_the_screen_on_the_loop_and_esc_returns(screen, tmp_path):
    app = context(Settings(), tmp_path / "settings.toml")
    assert isinstance(title_screen_for(TitleChoice.CALIBRATE, app), CalibrationScreen)
    bench = Bench(CalibrationScreen())
    loop = Loop(app, clock=bench, sleep=bench.advance)
    loop.stack.push(TitleScreen(TitleChoice.CALIBRATE))
    post(pygame.K_RETURN)
    loop.step()
    top = loop.stack.top
    assert isinstance(top, CalibrationScreen)
    assert top.picture.phase is CalibrationPhase.MENU and top.kit_menu
    post(pygame.K_ESCAPE)
    loop.step()
    assert isinstance(loop.stack.top, TitleScreen)


def mouse(kind: int, pos: tuple[int, int], **kw) -> None:
    pygame.event.post(pygame.event.Event(kind, pos=pos, **kw))


def test_the_mouse_hovers_a_row_to_choose_it_and_clicks_it_to_go(screen, tmp_path):
    """Hover chooses a row (not the last-play row when there was no play); a left click is
    Enter: on the flash test's row it starts that test, on Back it leaves for the title."""
    app = context(Settings(), tmp_path / "settings.toml")
    calibration = CalibrationScreen(PLAN)
    bench = Bench(calibration)
    loop = Loop(app, clock=bench, sleep=bench.advance)
    loop.stack.push(TitleScreen(TitleChoice.CALIBRATE))
    loop.stack.push(calibration)
    loop.step()  # drawn once: the rows are where the mouse finds them
    rows = menu_rows(screen.get_size(), 4)
    mouse(pygame.MOUSEMOTION, rows[2].center, rel=(0, 0), buttons=(0, 0, 0))
    loop.step()
    assert calibration.picture.selected == 0  # no last play: its row is not chosen
    mouse(pygame.MOUSEMOTION, rows[1].center, rel=(0, 0), buttons=(0, 0, 0))
    loop.step()
    assert calibration.picture.selected == 1
    mouse(pygame.MOUSEBUTTONDOWN, rows[1].center, button=1)
    loop.step()
    assert calibration.picture.phase is CalibrationPhase.RUN
    assert calibration.picture.kind is CalibrationKind.VISUAL and not calibration.kit_menu
    post(pygame.K_ESCAPE)  # stops the test
    loop.step()
    assert calibration.picture.phase is CalibrationPhase.MENU and calibration.run_ is None
    mouse(pygame.MOUSEBUTTONDOWN, rows[3].center, button=1)
    loop.step()
    assert back_on_the_title(loop)


@pytest.mark.parametrize("size", [(960, 540), (1280, 720), (1920, 1080)])
def test_the_menu_shows_the_kit_pads_and_its_notice_stays_above_them(screen, size):
    from game.ui.calibration_view import CalibrationPicture, MenuItem, draw_calibration

    surface = pygame.Surface(size)
    rows = [MenuItem(row, row.value, "what it does") for row in CalibrationRow]
    notice = "No drum kit or controller found: plug one in. " * 4
    layout = draw_calibration(surface, CalibrationPicture(menu=rows, notice=notice))
    assert layout is not None
    pads_top = size[1] - 68
    assert layout.shade.bottom <= pads_top  # the pads' line stays clear
    assert rows_of_text(surface, pads_top, size[1] - 48)  # and is drawn


def rows_of_text(surface: pygame.Surface, top: int, bottom: int) -> bool:
    """True when something is drawn on the background between `top` and `bottom`."""
    w = surface.get_width()
    return any(
        tuple(surface.get_at((x, y)))[:3] != theme.BACKGROUND
        for y in range(top, bottom)
        for x in range(0, w, 3)
    )


@pytest.mark.parametrize("size", [(960, 540), (1280, 720), (1920, 1080)])
def test_the_unsteady_warning_is_drawn_inside_the_window_above_the_ruler(screen, size):
    from game.core.calibration import OffsetMeasurement, match_taps
    from game.ui.calibration_view import CalibrationPicture, draw_calibration

    surface = pygame.Surface(size)
    clicks = PLAN.tap_times()
    marks = match_taps([t + UNSTEADY_S[k % 2] for k, t in enumerate(clicks)], clicks)
    picture = CalibrationPicture(
        phase=CalibrationPhase.RESULT,
        marks=marks,
        measurement=OffsetMeasurement(-159.0, 50.0, 10),
        proposal=OffsetChange("Keyboard input offset", 0.0, -159.0, KEYBOARD),
        unsteady="half of the taps lie more than 50 ms from their median (steady taps stay"
        " within 20 ms)",
    )
    draw_calibration(surface, picture)
    w, h = size
    ruler_top = round(h * 0.46)
    tint = theme.darker(theme.WARN, 0.7)
    pixels = pygame.PixelArray(surface)
    try:
        ys = [
            y
            for y in range(h)
            if any(surface.unmap_rgb(pixels[x, y])[:3] == tint for x in range(0, w, 2))
        ]
        xs = [
            x for x in range(w) if any(surface.unmap_rgb(pixels[x, y])[:3] == tint for y in ys[::2])
        ]
    finally:
        del pixels
    assert ys and xs  # the warning's band is drawn
    band = pygame.Rect(xs[0], ys[0], xs[-1] - xs[0] + 1, ys[-1] - ys[0] + 1)
    assert surface.get_rect().contains(band)
    assert band.top > round(h * 0.28) and band.bottom <= ruler_top - 30  # under the facts
    assert theme.WARN in {tuple(surface.get_at((x, y))[:3]) for x in xs for y in ys[::3]}
