"""The calibration screen with real pygame (SDL dummy video and audio): a thread taps along at
known perf_counter instants, a fixed 30 ms after each click (or flash), computed from the test's
own song clock; the screen must measure that lag and write the right offset to the TOML file.

Tolerance: a tap is stamped when the screen pumps its events (every ~0.5 ms, or after a frame is
drawn, ~1-3 ms here) and the dummy driver's buffers arrive every ~11.3 ms for 11.6 ms of audio,
which moves the clock in steps of ~0.3 ms. The median of 10 taps lands within +0 to +3 ms of the
lag; 4 ms either way leaves room for a busy machine, while a sign error (-30) or a missed
current offset (+20 or +40 applied instead of +30) stays far outside.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.calibrate import calibration_screen  # noqa: E402
from game.app.tap_run import FLASH_S, TapRun  # noqa: E402
from game.core.calibration import TapPlan  # noqa: E402
from game.core.devices import KEYBOARD, DeviceId  # noqa: E402
from game.store.settings import (  # noqa: E402
    AudioSettings,
    InputSettings,
    Settings,
    load_settings,
)
from game.ui import theme  # noqa: E402
from tests.ui.virtual_joystick import VirtualJoystick  # noqa: E402

PLAN = TapPlan(bpm=150.0, count_in=2, taps=10)
LATE_S = 0.030
TOLERANCE_MS = 4.0
TD11 = DeviceId.midi("TD-11")


@pytest.fixture
def screen(tmp_path, monkeypatch):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    pygame.mixer.pre_init(44100, 32, 2, 512)
    pygame.init()
    surface = pygame.display.set_mode((1280, 720))
    yield surface
    pygame.quit()


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def post(*keys: int) -> None:
    for k in keys:
        pygame.event.post(key(k))


def instant_of(run: TapRun, song_s: float) -> float:
    """The perf_counter instant at which `run`'s clock reaches song time `song_s`."""
    clock = run.clock
    now = time.perf_counter()
    return now + (song_s + clock.lead_in_s + clock.audio_offset_s - clock.stream_seconds(now))


@dataclass(frozen=True)
class Script:
    """What the tapper does in one test: tap on the first `taps` clicks (all when None), or
    `stop` it at once with Esc; then post `after` (keys for the result screen) once it is over."""

    after: tuple[int, ...] = ()
    taps: int | None = None
    stop: bool = False


class Tapper:
    """Taps Space (or calls `press`) `late_s` after each click (audio) or flash (visual) of each
    test the screen starts (given several, the taps take them in turn), test by test as its
    `scripts` say."""

    def __init__(
        self,
        late_s: float | tuple[float, ...],
        *scripts: Script,
        press: Callable[[], None] | None = None,
    ) -> None:
        self.late_s = late_s
        self.scripts = scripts
        self.press = press or (lambda: pygame.event.post(key(pygame.K_SPACE)))
        self.runs: list[TapRun] = []
        self.threads: list[threading.Thread] = []

    def __call__(self, run: TapRun) -> None:
        script = self.scripts[len(self.runs)]
        self.runs.append(run)
        thread = threading.Thread(target=self._tap_along, args=(run, script), daemon=True)
        self.threads.append(thread)
        thread.start()

    def _tap_along(self, run: TapRun, script: Script) -> None:
        if script.stop:
            post(pygame.K_ESCAPE)
        while not run.clock.started and not run.ended:
            time.sleep(0.001)
        # A flash is drawn when draw time (song time + video offset) reaches its beat.
        shown_early_s = run.clock.video_offset_s if run.kind == "visual" else 0.0
        lates = self.late_s if isinstance(self.late_s, tuple) else (self.late_s,)
        for k, t in enumerate(run.plan.tap_times()[: script.taps] if not script.stop else ()):
            target = t - shown_early_s + lates[k % len(lates)]
            when = instant_of(run, target)
            while when - time.perf_counter() > 0.015 and not run.ended:
                time.sleep(0.005)  # re-aim from a fresh clock reading
                when = instant_of(run, target)
            while time.perf_counter() < when and not run.ended:
                time.sleep(0.0002)
            if run.ended:
                break
            self.press()
        while not run.ended:
            time.sleep(0.005)
        post(*script.after)

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=10)
            assert not thread.is_alive()


def run_screen(surface, settings, path, tapper, *keys, last=None):
    post(*keys)
    after = calibration_screen(surface, settings, last, path, plan=PLAN, on_test_start=tapper)
    tapper.join()
    return after


@pytest.mark.parametrize("keyboard_ms", [0.0, 10.0])
def test_audio_tap_test_measures_the_lag_and_sets_the_keyboard_offset(
    screen, tmp_path, keyboard_ms
):
    path = tmp_path / "settings.toml"
    settings = Settings(input=InputSettings(device_offsets_ms={"keyboard": keyboard_ms}))
    tapper = Tapper(LATE_S, Script((pygame.K_RETURN, pygame.K_ESCAPE)))
    after = run_screen(screen, settings, path, tapper, pygame.K_RETURN)
    (run,) = tapper.runs
    m = run.measurement()
    assert m is not None and m.count == PLAN.taps and m.strays == 0
    # The clock already takes the current offset off each tap: what is left is measured.
    assert m.median_ms == pytest.approx(30.0 - keyboard_ms, abs=TOLERANCE_MS)
    assert m.spread_ms <= 2.0
    saved = load_settings(path).settings.input.offset_ms(KEYBOARD)
    assert saved == pytest.approx(30.0, abs=TOLERANCE_MS)
    assert saved == pytest.approx(keyboard_ms + m.median_ms, abs=0.051)
    assert after.input.offset_ms(KEYBOARD) == saved


def test_audio_test_clicks_sound_at_the_stream_samples_of_their_beats():
    """Rendered from the test's own mix: a count-in click, then a brighter click, on each beat."""
    run = TapRun("audio", PLAN, Settings(audio=AudioSettings(master_volume=0.5)))
    clock = run.clock
    out = run.mix.render(clock.sample_of(PLAN.end_s))[:, 0]
    onsets = np.flatnonzero((np.abs(out[1:]) > 0.01) & (np.abs(out[:-1]) <= 0.01)) + 1
    starts = [int(o) for i, o in enumerate(onsets) if i == 0 or o - onsets[i - 1] > 2000]
    expected = [clock.sample_of(t) for t in PLAN.click_times()]
    assert len(starts) == len(expected)
    assert all(0 <= s - e <= 8 for s, e in zip(starts, expected, strict=True))  # within 0.2 ms
    run_full = TapRun("audio", PLAN, Settings())
    loud = np.abs(run_full.mix.render(clock.sample_of(PLAN.end_s))[:, 0]).max()
    assert np.abs(out).max() == pytest.approx(loud * 0.5, rel=0.01)  # the master volume
    assert not TapRun("visual", PLAN, Settings()).mix.render(clock.sample_of(PLAN.end_s)).any()


def test_visual_flash_test_measures_the_lag_and_sets_the_video_offset(screen, tmp_path):
    path = tmp_path / "settings.toml"
    settings = Settings(audio=AudioSettings(video_offset_ms=10.0))
    tapper = Tapper(LATE_S, Script((pygame.K_RETURN, pygame.K_ESCAPE)))
    after = run_screen(screen, settings, path, tapper, pygame.K_DOWN, pygame.K_RETURN)
    (run,) = tapper.runs
    assert run.kind == "visual"
    # Each flash was first drawn in a frame whose draw time lay on its beat (within a frame).
    frame_s = 1 / 60
    for k, t in enumerate(PLAN.click_times()):
        assert 0.0 <= run.flash_shown[k] - t <= min(frame_s + 0.004, FLASH_S)
    m = run.measurement()
    assert m is not None and m.count == PLAN.taps
    # The flash lit `video offset` before its beat in song time, the taps came 30 ms after it.
    assert m.median_ms == pytest.approx(30.0 - 10.0, abs=TOLERANCE_MS)
    saved = load_settings(path).settings.audio.video_offset_ms
    assert saved == pytest.approx(30.0, abs=TOLERANCE_MS)
    assert after.audio.video_offset_ms == saved
    assert after.input.offset_ms(KEYBOARD) == 0.0


def test_too_few_taps_offer_no_result_and_save_nothing(screen, tmp_path):
    path = tmp_path / "settings.toml"
    # Enter on the result of 5 taps starts the test again (no Apply); Esc stops it; Esc leaves.
    tapper = Tapper(
        LATE_S, Script((pygame.K_RETURN,), taps=5), Script((pygame.K_ESCAPE,), stop=True)
    )
    after = run_screen(screen, Settings(), path, tapper, pygame.K_RETURN)
    assert len(tapper.runs) == 2
    assert tapper.runs[0].measurement().count == 5
    assert not path.exists()
    assert after == Settings()


def test_set_from_last_play_adds_its_median_to_the_keyboard_offset(screen, tmp_path):
    path = tmp_path / "settings.toml"
    settings = Settings(input=InputSettings(device_offsets_ms={"keyboard": -5.0, "TD-11": 3.0}))
    post(pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN, pygame.K_RETURN, pygame.K_ESCAPE)
    after = calibration_screen(screen, settings, 17.5, path)
    saved = load_settings(path).settings
    assert saved.input.offset_ms(KEYBOARD) == 12.5
    assert saved.input.offset_ms(TD11) == 3.0  # other devices keep theirs
    assert after == saved


def test_last_play_is_skipped_on_the_menu_when_there_was_none(screen, tmp_path):
    path = tmp_path / "settings.toml"
    # Down, Down lands on Back (the last-play row cannot be chosen), Enter leaves.
    post(pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN)
    assert calibration_screen(screen, Settings(), None, path) == Settings()
    assert not path.exists()


def test_escape_leaves_without_saving_and_a_closed_window_quits(screen, tmp_path):
    path = tmp_path / "settings.toml"
    settings = dataclasses.replace(Settings(), audio=AudioSettings(audio_offset_ms=12.0))
    post(pygame.K_ESCAPE)
    assert calibration_screen(screen, settings, 3.0, path) == settings
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert calibration_screen(screen, settings, 3.0, path) == settings
    assert pygame.event.peek(pygame.QUIT)  # re-posted for the game to quit
    assert not path.exists()


def test_set_from_last_play_on_a_kit_changes_that_kits_offset(screen, tmp_path):
    path = tmp_path / "settings.toml"
    settings = Settings(input=InputSettings(device_offsets_ms={"keyboard": -5.0, "TD-11": 3.0}))
    post(pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN, pygame.K_RETURN, pygame.K_ESCAPE)
    after = calibration_screen(screen, settings, -7.5, path, last_play_device=TD11)
    saved = load_settings(path).settings
    assert saved.input.offset_ms(TD11) == -4.5
    assert saved.input.offset_ms(KEYBOARD) == -5.0
    assert after == saved


def test_audio_tap_test_on_a_drum_controller_sets_its_offset(screen, tmp_path, monkeypatch):
    """A joystick that SDL simulates: its button presses are stamped at the pump, as keys are;
    the keyboard's Space (pressed by nobody here) is not the device calibrated."""
    monkeypatch.setenv("JACK_DEFAULT_SERVER", f"drum-duet-none-{secrets.token_hex(4)}")
    path = tmp_path / "settings.toml"
    stick = VirtualJoystick(buttons=8)
    device = DeviceId.controller(stick.name)
    offsets = {"keyboard": -20.0, device: 10.0}
    settings = Settings(input=InputSettings(midi_api="jack", device_offsets_ms=offsets))

    def press_red() -> None:  # button 2: the red pad of the Rock Band controller profile
        stick.set(2, True)
        threading.Timer(0.03, stick.set, (2, False)).start()

    tapper = Tapper(LATE_S, Script((pygame.K_RETURN, pygame.K_ESCAPE)), press=press_red)
    post(pygame.K_RETURN)
    try:
        after = calibration_screen(
            screen, settings, None, path, plan=PLAN, on_test_start=tapper, device=device
        )
        tapper.join()
    finally:
        time.sleep(0.05)  # the last release
        stick.close()
    (run,) = tapper.runs
    assert run.device == device
    m = run.measurement()
    assert m is not None and m.count == PLAN.taps and m.strays == 0
    assert m.median_ms == pytest.approx(30.0 - 10.0, abs=TOLERANCE_MS)
    saved = load_settings(path).settings.input
    assert saved.offset_ms(device) == pytest.approx(10.0 + m.median_ms, abs=0.051)
    assert saved.offset_ms(KEYBOARD) == -20.0
    assert after.input == saved


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
    after = run_screen(screen, Settings(), path, tapper, pygame.K_RETURN)
    m = tapper.runs[0].measurement()
    assert m is not None and m.count == PLAN.taps
    assert 50.0 <= m.spread_ms <= 70.0  # ±60 ms, give or take a busy machine
    assert "not steady: half of the taps lie more than" in caplog.text
    if keep:
        saved = load_settings(path).settings.input.offset_ms(KEYBOARD)
        assert saved == pytest.approx(m.median_ms, abs=0.051)
        assert after.input.offset_ms(KEYBOARD) == saved
    else:
        assert len(tapper.runs) == 2  # Enter started the test again
        assert not path.exists() and after == Settings()


@pytest.mark.parametrize("size", [(960, 540), (1280, 720), (1920, 1080)])
def test_the_unsteady_warning_is_drawn_inside_the_window_above_the_ruler(screen, size):
    from game.core.calibration import OffsetMeasurement, match_taps
    from game.ui.calibration_view import CalibrationPicture, draw_calibration

    surface = pygame.Surface(size)
    clicks = PLAN.tap_times()
    marks = match_taps([t + UNSTEADY_S[k % 2] for k, t in enumerate(clicks)], clicks)
    picture = CalibrationPicture(
        phase="result",
        marks=marks,
        measurement=OffsetMeasurement(-159.0, 50.0, 10),
        proposal=("Keyboard input offset", 0.0, -159.0),
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
