"""The Drum kits screen, headless (SDL dummy video) on the game's one loop with a clock the test
moves: it lists the kits and controllers of the game's device list, answers posted keys, saves
each choice to the real TOML file at once, and learns a controller's buttons (a joystick that
SDL simulates) into a user profile. The MIDI kits over a real JACK server are in
tests/e2e/test_kits_jack.py."""

from __future__ import annotations

import importlib.util
import os
import secrets

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.kit_setup import KitSetupScreen  # noqa: E402
from game.app.loop import Loop  # noqa: E402
from game.app.scene import Action as MenuAction  # noqa: E402
from game.app.scene import Screen  # noqa: E402
from game.app.settings_pages import PAGES, Page  # noqa: E402
from game.app.settings_screen import SettingsScreen  # noqa: E402
from game.core.devices import DeviceId  # noqa: E402
from game.core.lanes import Lane  # noqa: E402
from game.input.kit_files import list_profiles, load_profile  # noqa: E402
from game.input.kit_mapper import Drop, KitMapper  # noqa: E402
from game.input.kit_profile import KitPad  # noqa: E402
from game.input.midi_ports import NoteOn  # noqa: E402
from game.store.paths import kit_profiles_dir  # noqa: E402
from game.store.settings import InputSettings, Settings, load_settings  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.kit_setup_view import draw_kit_setup  # noqa: E402
from tests.ui.stepped_loop import app_with, next_frame, stepped_loop  # noqa: E402
from tests.ui.virtual_joystick import VirtualJoystick  # noqa: E402

KIT = "TD-11 MIDI 1"
KIT_ID = DeviceId.midi(KIT)


@pytest.fixture
def path(tmp_path, monkeypatch):
    """The settings file in a private DRUM_DUET_HOME; MIDI through a JACK server that does not
    run, so that no MIDI port of this machine shows up (and MIDI is "not available")."""
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    monkeypatch.setenv("JACK_DEFAULT_SERVER", f"drum-duet-none-{secrets.token_hex(4)}")
    monkeypatch.setenv("JACK_NO_START_SERVER", "1")
    return tmp_path / "config" / "settings.toml"


@pytest.fixture
def screen(path):
    pygame.init()
    surface = pygame.display.set_mode((1280, 720))
    yield surface
    pygame.quit()


@pytest.fixture
def open_kits(screen, path):
    """Show the Drum kits screen (over `under`, when given) on the game's loop, holding
    `settings` saved to `path`; the app's device list is closed after the test."""
    apps = []

    def show(settings: Settings, under: Screen | None = None) -> tuple[Loop, KitSetupScreen]:
        app = app_with(settings, path)
        apps.append(app)
        app.open_devices()
        loop = stepped_loop(app)
        if under is not None:
            loop.stack.push(under)
        kits = KitSetupScreen()
        loop.stack.push(kits)
        return loop, kits

    yield show
    for app in apps:
        app.close()


def key(k: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)


def post(*events: pygame.event.Event | int) -> None:
    for event in events:
        pygame.event.post(key(event) if isinstance(event, int) else event)


def press(loop: Loop, *events: pygame.event.Event | int) -> None:
    """Post `events` (ints are keys) and run the loop to its next frame (it takes every
    waiting event)."""
    post(*events)
    next_frame(loop)


def typed(text: str) -> pygame.event.Event:
    return pygame.event.Event(pygame.TEXTINPUT, text=text)


def no_midi(**values) -> Settings:
    """Settings whose MIDI system is the JACK server that does not run."""
    return Settings(input=InputSettings(midi_api="jack", **values))


def profile_names() -> list[str]:
    return [e.name for e in list_profiles(kit_profiles_dir()) if e.problem is None]


def drawn_colours(surface, rect) -> set[tuple[int, int, int]]:
    sub = surface.subsurface(rect)
    return {
        tuple(sub.get_at((x, y))[:3]) for x in range(0, rect[2], 4) for y in range(0, rect[3], 4)
    }


def test_the_screen_lists_remembered_kits_says_midi_is_missing_and_draws_the_monitor(
    screen, open_kits
):
    settings = no_midi(devices=(KIT, "keyboard"), device_offsets_ms={KIT: -4.5})
    _, kits = open_kits(settings)
    assert kits.devices.midi_problem and "jack" in kits.devices.midi_problem.lower()
    picture = kits.picture(0.0)
    assert [(d.name, d.connected, d.profile) for d in picture.devices] == [
        (KIT, False, "General MIDI")
    ]
    assert picture.devices[0].offset_ms == -4.5 and picture.selected == 1
    draw_kit_setup(screen, picture)
    warning = drawn_colours(screen, (30, 170, 460, 80))
    empty_monitor = drawn_colours(screen, (540, 400, 700, 200))
    # Hits through General MIDI: a snare, a hi-hat pedal chick, an unbound note.
    for i, (note, velocity) in enumerate([(38, 96), (44, 50), (99, 70)]):
        kits.hear(NoteOn(KIT, note, velocity, 9, 10.0 + 0.25 * i))
    lines = kits.picture(10.5).monitor
    assert [(h.pad, h.velocity, h.dropped) for h in lines] == [
        (KitPad.RED, 96, None),
        (None, 50, Drop.HIHAT_PEDAL.value),
        (None, 70, Drop.UNBOUND.value),
    ]
    assert lines[0].gap_ms is None and lines[2].gap_ms == pytest.approx(250.0)
    assert kits.picture(10.5).devices[0].glow == pytest.approx(1.0)
    assert kits.picture(20.0).devices[0].glow == 0.0
    draw_kit_setup(screen, kits.picture(10.5))
    monitor = drawn_colours(screen, (540, 400, 700, 200))
    # The warning box is drawn in the warning colour; the monitor shows the snare's red chip.
    assert any(c[0] > 200 and c[1] < 170 for c in warning)
    red = theme.LANE_COLOURS[Lane.RED]
    assert red in monitor and red not in empty_monitor


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_state_of_the_screen_draws_at_both_sizes(open_kits, size):
    surface = pygame.Surface(size)
    w, h = size
    loop, kits = open_kits(no_midi(devices=(KIT, "keyboard")))
    kits.hear(NoteOn(KIT, 38, 96, 9, 10.0))
    pictures = []
    for state in ("device", "midi system", "learn", "name"):
        if state == "midi system":
            kits.cursor = None
        elif state == "learn":
            kits.cursor = KIT_ID
            press(loop, pygame.K_RETURN)
            kits.hear(NoteOn(KIT, 36, 100, 9, 11.5))
            assert kits.learning is not None and kits.learning.heard.startswith("Note 36")
        elif state == "name":
            press(loop, *[pygame.K_RETURN] * len(kits.learning.learner.steps))
            press(loop, typed("Gift kit"))
            assert kits.learning.naming and kits.learning.name == "Gift kit"
        draw_kit_setup(surface, kits.picture(12.0))
        panel = drawn_colours(surface, (w // 2, h // 5, w // 3, h // 2))
        assert theme.GOLD in panel or theme.TEXT in panel or len(panel) > 8
        pictures.append(pygame.image.tobytes(surface, "RGB"))
    assert len(set(pictures)) == len(pictures)  # each state looks different


def test_left_and_right_choose_a_kit_profile_saved_at_once(open_kits, path):
    names = profile_names()
    start = names.index("General MIDI")
    loop, _ = open_kits(no_midi(devices=(KIT, "keyboard")))
    press(loop, pygame.K_RIGHT, pygame.K_RIGHT, pygame.K_ESCAPE)
    assert loop.stack.top is None
    after = loop.app.settings
    saved = load_settings(path).settings
    assert saved == after
    assert saved.input.kit_profiles[KIT_ID] == names[(start + 2) % len(names)]
    loop, _ = open_kits(saved)
    press(loop, pygame.K_LEFT, pygame.K_LEFT, pygame.K_LEFT, pygame.K_ESCAPE)
    assert load_settings(path).settings.input.kit_profiles[KIT_ID] == names[start - 1]
    assert loop.app.settings.input.profile_for(KIT_ID) == names[start - 1]


def test_the_midi_system_row_changes_the_midi_api_and_lists_the_kits_through_it(open_kits, path):
    loop, _ = open_kits(no_midi(devices=(KIT, "keyboard")))
    first = loop.app.devices
    press(loop, pygame.K_UP, pygame.K_RIGHT)
    after = loop.app.settings
    assert after.input.midi_api == "alsa"  # default, jack, alsa, ...
    assert load_settings(path).settings.input.midi_api == "alsa"
    # The game's one device list, opened anew through ALSA (the JACK one closed).
    assert loop.app.devices is not first and loop.app.devices.midi_api == "alsa"
    assert first.midi is None
    assert KIT_ID in loop.app.devices.ids()  # still listed, though not plugged in
    press(loop, pygame.K_ESCAPE)
    loop, _ = open_kits(after)
    press(loop, pygame.K_UP, pygame.K_LEFT, pygame.K_ESCAPE)
    assert loop.app.settings.input.midi_api == "jack"


def test_escape_saves_nothing_and_a_closed_window_quits(open_kits, path):
    settings = no_midi(devices=(KIT, "keyboard"))
    under = SettingsScreen(())
    loop, _ = open_kits(settings, under)
    press(loop, pygame.K_DOWN, pygame.K_UP, pygame.K_ESCAPE)
    assert loop.stack.top is under and loop.app.settings == settings
    loop, _ = open_kits(settings, SettingsScreen(()))
    press(loop, pygame.event.Event(pygame.QUIT))
    assert loop.stack.top is None and loop.stack.quitting  # every screen left: the game quits
    assert not pygame.event.peek(pygame.QUIT)  # once, not posted again
    assert loop.app.settings == settings
    assert not path.exists()


def test_the_settings_input_page_opens_the_drum_kits_screen(screen, path):
    app = app_with(no_midi(devices=(KIT, "keyboard")), path)
    app.open_devices()
    devices = app.devices
    loop = stepped_loop(app)
    shown = SettingsScreen(())
    loop.stack.push(shown)
    # Input page: Keyboard, then "Drum kits…"; Enter opens it; Right chooses the next profile;
    # Esc leaves the kits, Esc the settings.
    tabs = [pygame.K_TAB] * PAGES.index(Page.INPUT)
    try:
        press(loop, *tabs, pygame.K_DOWN, pygame.K_RETURN)
        kits = loop.stack.top
        assert isinstance(kits, KitSetupScreen) and kits.devices is devices  # the game's list
        press(loop, pygame.K_RIGHT, pygame.K_ESCAPE)
        assert loop.stack.top is shown
        press(loop, pygame.K_ESCAPE)
        assert loop.stack.top is None
    finally:
        app.close()
    after = app.settings
    names = profile_names()
    chosen = names[(names.index("General MIDI") + 1) % len(names)]
    assert after.input.kit_profiles == {KIT_ID: chosen}
    assert load_settings(path).settings == after


def test_learn_mode_makes_a_profile_of_a_controllers_buttons(open_kits, path):
    stick = VirtualJoystick(buttons=10)
    try:
        device = DeviceId.controller(stick.name)
        # What the player presses for each prompt: a kit whose buttons are not Rock Band's.
        take = {
            "Kick": [7],
            "Hi-hat pedal": [],
            "Snare": [5, 6],
            "Hi-hat": [1],
            "High tom": [],
            "Mid tom": [2],
            "Floor tom": [3],
            "Ride": [],
            "Crash": [0],
        }
        pygame.event.pump()
        loop, kits = open_kits(no_midi())  # the game's devices, with the stick plugged in
        assert kits.cursor == device
        press(loop, pygame.K_RETURN)  # learn the highlighted one
        for pressed in take.values():
            for button in pressed:
                stick.hit(button)
            press(loop, pygame.K_RETURN)
        press(loop, typed("My "), typed("pad"), key(pygame.K_BACKSPACE))
        press(loop, typed("ds"), pygame.K_RETURN, pygame.K_ESCAPE)
        assert loop.stack.top is None
        after = loop.app.settings
    finally:
        stick.close()
    assert after.input.kit_profiles == {device: "My pads"}
    assert load_settings(path).settings == after
    profile = load_profile("My pads", kit_profiles_dir())
    assert (kit_profiles_dir() / "my-pads.toml").is_file()
    mapper = KitMapper(profile)
    hits = {b: mapper.hit(b, 100, 0, 10.0 + b) for b in range(10)}
    pads = {b: h.pad for b, h in hits.items()}
    assert pads == {
        0: KitPad.GREEN_CYMBAL,
        1: KitPad.YELLOW_CYMBAL,
        2: KitPad.BLUE_TOM,
        3: KitPad.GREEN_TOM,
        4: None,  # Rock Band's kick pedal: not pressed while learning, so unbound
        5: KitPad.RED,
        6: KitPad.RED,
        7: KitPad.KICK,
        8: None,
        9: None,
    }
    assert hits[7].event is not None and hits[7].event.lane == Lane.KICK


@pytest.mark.parametrize(
    ("raw", "what", "hint"),
    [
        (
            "ALSA MIDI is not available: MidiInAlsa::initialize: error creating ALSA sequencer"
            " client object.",
            "ALSA sequencer is not available (is the snd-seq kernel module loaded?)",
            "Try the JACK MIDI system, or plug in a kit and press R to rescan.",
        ),
        (
            "JACK MIDI is not available: MidiInJack::initialize: JACK server not running?",
            "The JACK MIDI system is not running",
            "Start a JACK server",
        ),
        (
            "the jack MIDI API needs python-rtmidi, which this Python lacks; pygame/PortMidi"
            " uses the system's default MIDI (choose the API 'default')",
            "Only the Default MIDI system works here",
            "Choose the Default MIDI system.",
        ),
        (
            "python-rtmidi on this system has no CoreMIDI MIDI (it has: ALSA, JACK)",
            "This computer does not have that MIDI system",
            "Choose the Default MIDI system.",
        ),
        ("cannot list MIDI ports: boom.", "MIDI cannot be used (cannot list MIDI ports: boom)", ""),
    ],
)
def test_why_midi_cannot_be_used_is_said_in_the_games_words(raw, what, hint):
    from game.ui.midi_trouble import midi_trouble

    trouble = midi_trouble(raw)
    assert what in trouble.what and hint in trouble.hint
    assert "::" not in str(trouble) or "::" in what  # no raw RtMidi words unless unknown


def test_the_screen_says_once_what_is_wrong_with_midi_and_what_to_try(screen, open_kits, caplog):
    """The JACK server that does not run: the list's warning says it in words with what to try,
    the MIDI system panel does not say it again, the raw RtMidi error is only in the log; R
    starts MIDI again."""
    caplog.set_level("WARNING")
    loop, kits = open_kits(no_midi(devices=(KIT, "keyboard")))
    raw = kits.devices.midi_problem
    assert raw and raw in caplog.text  # the raw error, logged
    kits.cursor = None  # the MIDI system row: its panel on the right
    picture = kits.picture(0.0)
    assert picture.midi_problem is not None and raw not in picture.midi_problem
    if importlib.util.find_spec("rtmidi") is not None:  # the JACK server is not running
        words = ("JACK", "press R to rescan")
    else:  # no python-rtmidi (Python 3.13+): JACK cannot be chosen at all
        words = ("Only the Default MIDI system works here", "Choose the Default MIDI system.")
    assert all(w in picture.midi_problem for w in words), picture.midi_problem
    draw_kit_setup(screen, picture)
    warning_box = drawn_colours(screen, (30, 170, 460, 120))
    right_panel = drawn_colours(screen, (520, 96, 730, 560))
    assert theme.WARN in warning_box and theme.WARN not in right_panel
    press(loop, pygame.K_r)
    assert kits.notice == "Looked again: MIDI is still not available."
    assert kits.devices.midi_problem == raw


def test_a_profile_chosen_here_is_the_one_the_kits_pads_walk_the_menus_with(open_kits, path):
    """The loop's pads: General MIDI's snare (38) goes back; after Right chooses the Rock Band
    controller profile, 38 is no pad and button 4 (its kick) goes right."""
    loop, _ = open_kits(no_midi(devices=(KIT, "keyboard")))
    assert loop.pads.action(NoteOn(KIT, 38, 100, 9, 1.0)) == MenuAction.BACK
    names = profile_names()
    steps = names.index("Rock Band controller") - names.index("General MIDI")
    press(loop, *[pygame.K_RIGHT if steps > 0 else pygame.K_LEFT] * abs(steps))
    assert loop.app.settings.input.profile_for(KIT_ID) == "Rock Band controller"
    assert loop.pads.action(NoteOn(KIT, 38, 100, 9, 2.0)) is None
    assert loop.pads.action(NoteOn(KIT, 4, 100, 0, 3.0)) == MenuAction.RIGHT


def test_the_mouse_points_at_a_row_and_a_click_learns_the_kit(open_kits):
    loop, kits = open_kits(no_midi(devices=(KIT, "keyboard")))
    next_frame(loop)  # drawn: the rows are where the mouse can find them
    system, kit = kits.boxes[0], kits.boxes[1]
    motion = pygame.event.Event(pygame.MOUSEMOTION, pos=system.center, rel=(0, 0), buttons=(0,))
    press(loop, motion)
    assert kits.cursor is None and kits.learning is None  # the MIDI system row
    click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=kit.center, button=1)
    press(loop, click)
    assert kits.cursor == KIT_ID
    assert kits.learning is not None and kits.learning.device == KIT_ID
