"""The Drum kits screen, headless (SDL dummy video): it lists the kits and controllers, answers
posted keys, saves each choice to the real TOML file at once, and learns a controller's buttons
(a joystick that SDL simulates) into a user profile. The MIDI kits over a real JACK server are
in tests/e2e/test_kits_jack.py."""

from __future__ import annotations

import importlib.util
import os
import secrets

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.kit_setup import KitSetupScreen, kit_setup_screen  # noqa: E402
from game.app.settings_pages import PAGES  # noqa: E402
from game.app.settings_screen import settings_screen  # noqa: E402
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


def key(k: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)


def post(*events: pygame.event.Event | int) -> None:
    for event in events:
        pygame.event.post(key(event) if isinstance(event, int) else event)


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


def test_the_screen_lists_remembered_kits_says_midi_is_missing_and_draws_the_monitor(screen, path):
    settings = no_midi(devices=(KIT, "keyboard"), device_offsets_ms={KIT: -4.5})
    kits = KitSetupScreen(settings, path)
    try:
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
    finally:
        kits.close()
    # The warning box is drawn in the warning colour; the monitor shows the snare's red chip.
    assert any(c[0] > 200 and c[1] < 170 for c in warning)
    red = theme.LANE_COLOURS[Lane.RED]
    assert red in monitor and red not in empty_monitor


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_state_of_the_screen_draws_at_both_sizes(screen, path, size):
    surface = pygame.Surface(size)
    w, h = size
    kits = KitSetupScreen(no_midi(devices=(KIT, "keyboard")), path)
    try:
        kits.hear(NoteOn(KIT, 38, 96, 9, 10.0))
        pictures = []
        for state in ("device", "midi system", "learn", "name"):
            if state == "midi system":
                kits.cursor = None
            elif state == "learn":
                kits.cursor = KIT_ID
                kits.handle(key(pygame.K_RETURN), 11.0)
                kits.hear(NoteOn(KIT, 36, 100, 9, 11.5))
                assert kits.learning is not None and kits.learning.heard.startswith("Note 36")
            elif state == "name":
                for _ in kits.learning.learner.steps:
                    kits.handle(key(pygame.K_RETURN), 12.0)
                kits.handle(typed("Gift kit"), 12.0)
                assert kits.learning.naming and kits.learning.name == "Gift kit"
            draw_kit_setup(surface, kits.picture(12.0))
            panel = drawn_colours(surface, (w // 2, h // 5, w // 3, h // 2))
            assert theme.GOLD in panel or theme.TEXT in panel or len(panel) > 8
            pictures.append(pygame.image.tobytes(surface, "RGB"))
        assert len(set(pictures)) == len(pictures)  # each state looks different
    finally:
        kits.close()


def test_left_and_right_choose_a_kit_profile_saved_at_once(screen, path):
    names = profile_names()
    start = names.index("General MIDI")
    post(pygame.K_RIGHT, pygame.K_RIGHT, pygame.K_ESCAPE)
    after = kit_setup_screen(screen, no_midi(devices=(KIT, "keyboard")), path)
    saved = load_settings(path).settings
    assert saved == after
    assert saved.input.kit_profiles[KIT_ID] == names[(start + 2) % len(names)]
    post(pygame.K_LEFT, pygame.K_LEFT, pygame.K_LEFT, pygame.K_ESCAPE)
    again = kit_setup_screen(screen, saved, path)
    assert load_settings(path).settings.input.kit_profiles[KIT_ID] == names[start - 1]
    assert again.input.profile_for(KIT_ID) == names[start - 1]


def test_the_midi_system_row_changes_the_midi_api_and_lists_the_kits_through_it(screen, path):
    post(pygame.K_UP, pygame.K_RIGHT, pygame.K_ESCAPE)
    after = kit_setup_screen(screen, no_midi(devices=(KIT, "keyboard")), path)
    assert after.input.midi_api == "alsa"  # default, jack, alsa, ...
    assert load_settings(path).settings.input.midi_api == "alsa"
    post(pygame.K_UP, pygame.K_LEFT, pygame.K_ESCAPE)
    assert kit_setup_screen(screen, after, path).input.midi_api == "jack"


def test_escape_saves_nothing_and_a_closed_window_quits(screen, path):
    settings = no_midi(devices=(KIT, "keyboard"))
    post(pygame.K_DOWN, pygame.K_UP, pygame.K_ESCAPE)
    assert kit_setup_screen(screen, settings, path) == settings
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert kit_setup_screen(screen, settings, path) == settings
    assert pygame.event.peek(pygame.QUIT)  # posted again for the game to quit
    assert not path.exists()


def test_the_settings_input_page_opens_the_drum_kits_screen(screen, path):
    settings = no_midi(devices=(KIT, "keyboard"))
    # Input page: Keyboard, then "Drum kits…"; Enter opens it; Right chooses the next profile;
    # Esc leaves the kits, Esc the settings.
    tabs = [pygame.K_TAB] * PAGES.index("Input")
    post(*tabs, pygame.K_DOWN, pygame.K_RETURN, pygame.K_RIGHT, pygame.K_ESCAPE, pygame.K_ESCAPE)
    after = settings_screen(screen, settings, path)
    names = profile_names()
    chosen = names[(names.index("General MIDI") + 1) % len(names)]
    assert after.input.kit_profiles == {KIT_ID: chosen}
    assert load_settings(path).settings == after


def test_learn_mode_makes_a_profile_of_a_controllers_buttons(screen, path):
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
        events: list[pygame.event.Event | int] = [pygame.K_RETURN]  # learn the highlighted one
        pygame.event.pump()
        for pressed in take.values():
            post(*events)
            for button in pressed:
                stick.hit(button)
            events = [pygame.K_RETURN]
        post(pygame.K_RETURN, typed("My "), typed("pad"), key(pygame.K_BACKSPACE))
        post(typed("ds"), pygame.K_RETURN, pygame.K_ESCAPE)
        after = kit_setup_screen(screen, no_midi(), path)
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


def test_the_screen_says_once_what_is_wrong_with_midi_and_what_to_try(screen, path, caplog):
    """The JACK server that does not run: the list's warning says it in words with what to try,
    the MIDI system panel does not say it again, the raw RtMidi error is only in the log; R
    starts MIDI again."""
    caplog.set_level("WARNING")
    kits = KitSetupScreen(no_midi(devices=(KIT, "keyboard")), path)
    try:
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
        kits.handle(key(pygame.K_r), 1.0)
        assert kits.notice == "Looked again: MIDI is still not available."
        assert kits.devices.midi_problem == raw
    finally:
        kits.close()
