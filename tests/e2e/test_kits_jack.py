"""MIDI kits on the real stack, on the Drum kits and calibration screens: a JACK server with the
dummy driver, the game's MIDI input on python-rtmidi's JACK API, real pygame (SDL dummy video
and audio), and a second process (midi_live.py) playing the kit's notes into JACK ports.

- Learn mode: the test watches the screen's prompt and plays the notes a drummer would hit for
  it; the profile saved must map exactly those notes, and a second kit's notes must not count.
- Calibration: the kit plays a note 30 ms after each click, aimed (like
  tests/ui/test_calibration_screen.py) from the test's own song clock, which follows the audio
  stream. The note-on is stamped in the MIDI callback and reaches the callback at JACK's next
  cycle: up to one period (2.7 ms here) after it was sent. So the median lands between the lag
  (plus the sender's median lateness) and that plus a period, give or take 1.5 ms of a busy
  machine below and 3 ms above; a sign error, a missed current offset (5 ms) or a stamp taken at
  a 60 fps frame stays outside.
"""

from __future__ import annotations

import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")
pytest.importorskip("rtmidi", reason="the JACK tests need python-rtmidi (Python < 3.13)")

from game.app.calibrate import CalibrationScreen  # noqa: E402
from game.app.context import AppContext  # noqa: E402
from game.app.kit_setup import KitSetupScreen  # noqa: E402
from game.app.loop import Loop, run_screen  # noqa: E402
from game.app.tap_run import TapRun  # noqa: E402
from game.core.calibration import TapPlan  # noqa: E402
from game.core.devices import KEYBOARD, DeviceId  # noqa: E402
from game.input.kit_devices import KitDevices  # noqa: E402
from game.input.kit_files import load_profile  # noqa: E402
from game.input.kit_mapper import Drop, KitMapper  # noqa: E402
from game.input.kit_profile import KitPad, NoteKey  # noqa: E402
from game.store.paths import kit_profiles_dir  # noqa: E402
from game.store.settings import (  # noqa: E402
    InputSettings,
    LoadedSettings,
    Settings,
    load_settings,
)
from game.ui.calibration_view import CalibrationKind  # noqa: E402
from tests.e2e.jack import JackServer, jack_server  # noqa: E402

LIVE = Path(__file__).with_name("midi_live.py")
PERIOD = 128
"""Frames per JACK period: 2.7 ms at 48 kHz."""
NOTE_ON_CH10 = 0x99
WAIT_S = 10.0
PLAN = TapPlan(bpm=150.0, count_in=2, taps=10)
LATE_S = 0.030
K1, K2, LATE = (DeviceId.midi(f"{name}:out") for name in ("kit1", "kit2", "late"))
"""The kits of these tests as the game knows them: MIDI ports by their stable names."""


@pytest.fixture(scope="module")
def jack():
    with jack_server(period=PERIOD) as server:
        yield server


@pytest.fixture
def screen(tmp_path, monkeypatch):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    pygame.mixer.pre_init(44100, 32, 2, 512)
    pygame.init()
    surface = pygame.display.set_mode((1280, 720))
    yield surface
    pygame.quit()


class LiveKit:
    """midi_live.py running: `send` a message to one of its ports, now or at an instant, and
    `wait_sent` for the process to say it went out."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.sent: queue.SimpleQueue[dict] = queue.SimpleQueue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("{"):
                self.sent.put(json.loads(line))

    def send(self, port: str, message: list[int], at_s: float = 0.0) -> None:
        """Send `message` from `port`'s "out" at `at_s` (perf_counter seconds; 0: now)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps([at_s, port, message]) + "\n")
        self.proc.stdin.flush()

    def wait_sent(self) -> float:
        """The perf_counter instant the next message went out (waits for it)."""
        return self.sent.get(timeout=WAIT_S)["t"]


@contextmanager
def live_kit(server: JackServer, *names: str) -> Iterator[LiveKit]:
    """midi_live.py with a JACK client per name (ports "NAME:out"), open when this yields."""
    proc = subprocess.Popen(
        [sys.executable, str(LIVE), *names],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=server.env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        while line and not line.startswith("{"):  # libjack may print on stdout too
            line = proc.stdout.readline()
        if not line:
            proc.wait(10)
            raise RuntimeError(f"midi_live.py did not start: {proc.stderr.read()[-2000:]}")
        ready = json.loads(line)
        assert ready["clock"] == time.get_clock_info("perf_counter").implementation
        yield LiveKit(proc)
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Wait until `condition()` holds (AssertionError naming `what` after `WAIT_S`)."""
    deadline = time.perf_counter() + WAIT_S
    while not condition():
        if time.perf_counter() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.002)


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


@contextmanager
def kits_screen(settings: Settings, path: Path) -> Iterator[tuple[Loop, KitSetupScreen]]:
    """The Drum kits screen on the game's loop (real time), with the game's one device list
    opened as `settings` say (saved to `path`); the list is closed after."""
    app = AppContext(LoadedSettings(settings), settings_file=path)
    app.open_devices()
    try:
        loop = Loop(app)
        kits = KitSetupScreen()
        loop.stack.push(kits)
        yield loop, kits
    finally:
        app.close()


# learn mode -------------------------------------------------------------------------------------

TAKE = {  # what a drummer hits for each prompt: a Roland kit's notes, with edges and rims
    "Kick": [36],
    "Hi-hat pedal": [44],
    "Snare": [38, 40],
    "Hi-hat": [22, 26],
    "High tom": [48],
    "Mid tom": [45],
    "Floor tom": [43],
    "Ride": [51],
    "Crash": [49, 55],
}


def learn_along(kits: KitSetupScreen, kit: LiveKit, errors: list[BaseException]) -> None:
    """Play `TAKE` from kit1 as the screen asks for each pad (and a note from kit2 during the
    kick, which must not be bound), then name the profile "Duet Kit"; Esc at the end."""
    try:
        pygame.event.post(key(pygame.K_RETURN))  # learn the highlighted kit (kit1)
        wait_for(lambda: kits.learning is not None, "learn mode")
        session = kits.learning
        assert session is not None and session.device == K1
        learner = session.learner
        for label, notes in TAKE.items():
            step = learner.step
            assert step is not None and step.label == label
            for note in notes:
                kit.send("kit1", [NOTE_ON_CH10, note, 100])
                kit.wait_sent()
                wait_for(lambda note=note: NoteKey(note) in learner.notes(), f"{note} bound")
            if label == "Kick":
                kit.send("kit2", [NOTE_ON_CH10, 38, 110])
                kit.wait_sent()
                wait_for(lambda: K2 in kits.monitors, "kit2's note in its monitor")
            pygame.event.post(key(pygame.K_RETURN))
            wait_for(lambda step=step: learner.step != step, f"the pad after {label}")
        assert session.naming
        for text in ("Duet", " Kit"):
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
        pygame.event.post(key(pygame.K_RETURN))
        wait_for(lambda: kits.learning is None, "the profile saved")
    except BaseException as e:
        errors.append(e)
    finally:
        pygame.event.post(key(pygame.K_ESCAPE))


def test_learn_mode_binds_the_notes_a_kit_sends_and_chooses_the_saved_profile(
    jack, screen, tmp_path
):
    path = tmp_path / "settings.toml"
    settings = Settings(input=InputSettings(midi_api="jack"))
    errors: list[BaseException] = []
    with live_kit(jack, "kit1", "kit2") as kit, kits_screen(settings, path) as (loop, kits):
        assert kits.devices.ids() == [K1, K2]
        assert kits.cursor == K1 and kits.devices.midi_problem is None
        helper = threading.Thread(target=learn_along, args=(kits, kit, errors), daemon=True)
        helper.start()
        loop.run()  # until Esc leaves the screen
        helper.join(WAIT_S)
        after = loop.app.settings
    if errors:
        raise errors[0]
    assert after.input.kit_profiles == {K1: "Duet Kit"}
    assert load_settings(path).settings == after
    # kit2's snare went to its monitor through General MIDI, not to the learner.
    (hit,) = kits.monitors[K2].lines
    assert (hit.pad, hit.note, hit.velocity, hit.channel) == (KitPad.RED, 38, 110, 9)
    profile = load_profile("Duet Kit", kit_profiles_dir())
    mapper = KitMapper(profile)
    played = [n for notes in TAKE.values() for n in notes]
    pads = {n: mapper.hit(n, 100, 9, 10.0 + n).pad for n in (*played, 42)}
    assert pads == {
        36: KitPad.KICK,
        44: None,
        38: KitPad.RED,
        40: KitPad.RED,
        22: KitPad.YELLOW_CYMBAL,
        26: KitPad.YELLOW_CYMBAL,
        48: KitPad.YELLOW_TOM,
        45: KitPad.BLUE_TOM,
        43: KitPad.GREEN_TOM,
        51: KitPad.BLUE_CYMBAL,
        49: KitPad.GREEN_CYMBAL,
        55: KitPad.GREEN_CYMBAL,
        42: None,  # General MIDI's closed hi-hat: this kit never sent it
    }
    assert mapper.hit(44, 100, 9, 100.0).dropped is Drop.HIHAT_PEDAL
    assert profile.pads[KitPad.KICK].notes == (NoteKey(36),)


def test_a_kit_plugged_in_while_the_screen_shows_is_listed_heard_and_dropped_when_unplugged(
    jack, screen, tmp_path
):
    settings = Settings(input=InputSettings(midi_api="jack"))
    errors: list[BaseException] = []
    heard: list = []
    with kits_screen(settings, tmp_path / "s.toml") as (loop, kits):
        assert kits.devices.ids() == []

        def plug_in_and_out() -> None:
            try:
                with live_kit(jack, "late") as kit:
                    wait_for(lambda: LATE in kits.devices.ids(), "the kit listed")
                    kit.send("late", [NOTE_ON_CH10, 49, 127])
                    kit.wait_sent()
                    wait_for(lambda: LATE in kits.monitors, "the kit's hit")
                    heard.extend(kits.monitors[LATE].lines)
                wait_for(lambda: LATE not in kits.devices.ids(), "the kit gone")
            except BaseException as e:
                errors.append(e)
            finally:
                pygame.event.post(key(pygame.K_ESCAPE))

        helper = threading.Thread(target=plug_in_and_out, daemon=True)
        helper.start()
        loop.run()  # until Esc leaves the screen
        helper.join(WAIT_S)
    if errors:
        raise errors[0]
    assert [(h.pad, h.velocity) for h in heard] == [(KitPad.GREEN_CYMBAL, 127)]


# calibration ------------------------------------------------------------------------------------


def instant_of(run: TapRun, song_s: float) -> float:
    """The perf_counter instant at which `run`'s clock reaches song time `song_s`."""
    clock = run.clock
    now = time.perf_counter()
    return now + (song_s + clock.lead_in_s + clock.audio_offset_s - clock.stream_seconds(now))


class KitTapper:
    """For each test the screen starts: the kit plays a snare `late_s` after each click, and a
    key is pressed 80 ms before each click (the keyboard is not the device being calibrated);
    once the test is over, Enter applies its result and Esc leaves."""

    def __init__(self, kit: LiveKit, port: str, late_s: float) -> None:
        self.kit = kit
        self.port = port
        self.late_s = late_s
        self.runs: list[TapRun] = []
        self.sent: list[float] = []
        self.errors: list[BaseException] = []
        self.threads: list[threading.Thread] = []

    def __call__(self, run: TapRun) -> None:
        self.runs.append(run)
        thread = threading.Thread(target=self._tap_along, args=(run,), daemon=True)
        self.threads.append(thread)
        thread.start()

    def _aim(self, run: TapRun, song_s: float) -> float:
        """The instant of `song_s`, re-aimed from fresh clock readings until 15 ms before it."""
        when = instant_of(run, song_s)
        while when - time.perf_counter() > 0.015 and not run.ended:
            time.sleep(0.005)
            when = instant_of(run, song_s)
        return when

    def _tap_along(self, run: TapRun) -> None:
        try:
            wait_for(lambda: run.clock.started or run.ended, "the test's stream")
            for t in run.plan.tap_times():
                when = self._aim(run, t - 0.080)
                while time.perf_counter() < when and not run.ended:
                    time.sleep(0.0002)
                pygame.event.post(key(pygame.K_SPACE))
                when = self._aim(run, t + self.late_s)
                if run.ended:
                    break
                self.kit.send(self.port, [NOTE_ON_CH10, 38, 100], when)
                self.sent.append(self.kit.wait_sent() - when)
            wait_for(lambda: run.ended, "the end of the test")
        except BaseException as e:
            self.errors.append(e)
        finally:
            pygame.event.post(key(pygame.K_RETURN))
            pygame.event.post(key(pygame.K_ESCAPE))

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=WAIT_S)
            assert not thread.is_alive()
        if self.errors:
            raise self.errors[0]


@pytest.mark.parametrize("chosen_by", ["right key", "keyword"])
def test_audio_tap_test_on_a_kit_measures_its_lag_and_sets_that_kits_offset(
    jack, screen, tmp_path, chosen_by
):
    path = tmp_path / "settings.toml"
    offsets = {KEYBOARD: -20.0, K1: 5.0}
    settings = Settings(input=InputSettings(midi_api="jack", device_offsets_ms=offsets))
    with live_kit(jack, "kit1") as kit:
        tapper = KitTapper(kit, "kit1", LATE_S)
        if chosen_by == "right key":  # Right on the tap test's row: keyboard -> kit1
            pygame.event.post(key(pygame.K_RIGHT))
            device = {}
        else:
            device = {"device": K1}
        pygame.event.post(key(pygame.K_RETURN))
        # The game's one device list, as the game builds it at start-up; the game's one loop.
        with KitDevices("jack") as devices:
            app = AppContext(LoadedSettings(settings), devices=devices, settings_file=path)
            run_screen(app, CalibrationScreen(PLAN, on_test_start=tapper, **device))
        tapper.join()
    after = app.settings
    (run,) = tapper.runs
    assert run.kind is CalibrationKind.AUDIO and run.device == K1
    # The kit played when it was aimed (a busy machine may wake the sender late now and then).
    late_ms = statistics.median(tapper.sent) * 1000
    assert len(tapper.sent) == PLAN.taps and late_ms < 2.0
    m = run.measurement()
    assert m is not None and m.count == PLAN.taps and m.strays == 0  # no key counted
    # The clock takes the kit's current 5 ms off each tap; JACK adds up to a period.
    lag_ms = LATE_S * 1000 - 5.0 + late_ms
    assert lag_ms - 1.5 <= m.median_ms <= lag_ms + jack.period_s * 1000 + 3.0
    assert m.spread_ms <= 4.0  # a period (2.7 ms) wide, and a busy machine
    saved = load_settings(path).settings.input
    assert saved.offset_ms(K1) == pytest.approx(5.0 + m.median_ms, abs=0.051)
    assert saved.offset_ms(KEYBOARD) == -20.0
    assert after.input == saved
