"""The settings screen, headless, on the game's one loop with a clock the test moves: every page
draws, and posted key presses (and a gamepad's, and the wheel) change the settings, which are
saved to the real TOML file at once; a new window size reopens the window."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.loop import Loop  # noqa: E402
from game.app.settings_pages import PAGES, Page, changed, keymap_for, page_rows  # noqa: E402
from game.app.settings_screen import SettingsScreen  # noqa: E402
from game.app.title import TitleScreen  # noqa: E402
from game.core.devices import KEYBOARD, DeviceId  # noqa: E402
from game.core.judgement import WindowPreset  # noqa: E402
from game.core.lanes import Lane  # noqa: E402
from game.input.bindings import Action, default_keymap  # noqa: E402
from game.store.settings import Settings, load_settings, save_settings  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.settings_view import SettingsBoxes, draw_settings  # noqa: E402
from tests.ui.stepped_loop import app_with, next_frame, stepped_loop  # noqa: E402

SHIFT = pygame.KMOD_LSHIFT


@pytest.fixture
def path(tmp_path, monkeypatch):
    """The settings file, in a private DRUM_DUET_HOME."""
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    return tmp_path / "config" / "settings.toml"


@pytest.fixture
def screen(path):
    pygame.init()
    surface = pygame.display.set_mode((1280, 720))
    yield surface
    pygame.quit()


def key(k: int, mod: int = 0, unicode: str = "") -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0)


def text(typed: str) -> pygame.event.Event:
    return pygame.event.Event(pygame.TEXTINPUT, text=typed)


def tabs(page: Page) -> list[pygame.event.Event]:
    """The Tab presses from the first page to `page`."""
    return [key(pygame.K_TAB)] * PAGES.index(page)


def post(*events: pygame.event.Event) -> None:
    for event in events:
        pygame.event.post(event)


def open_settings(
    settings: Settings, path, devices: tuple[str, ...] | None = None, page: Page | None = None
) -> tuple[Loop, SettingsScreen]:
    """The settings screen on the game's loop (a test clock), holding `settings` saved to
    `path`, SDL's output devices or `devices` offered, on `page` (default: the first)."""
    loop = stepped_loop(app_with(settings, path))
    shown = SettingsScreen(devices)
    loop.stack.push(shown)
    if page is not None:
        shown.page = PAGES.index(page)
    return loop, shown


def press(loop: Loop, *events: pygame.event.Event) -> None:
    """Post `events` and run the loop to its next frame (it takes every waiting event)."""
    post(*events)
    next_frame(loop)


def run(surface, settings: Settings, path, *events: pygame.event.Event) -> Settings:
    """Post `events` and Esc on the settings screen: it leaves; the file holds the game's
    settings as the screen left them, which are returned."""
    loop, _ = open_settings(settings, path)
    press(loop, *events, key(pygame.K_ESCAPE))
    assert loop.stack.top is None
    result = loop.app.settings
    assert load_settings(path).settings == result
    return result


def drawn_colours(surface, rect) -> set[tuple[int, int, int]]:
    """The colours found in `rect`, sampled every 5 pixels."""
    sub = surface.subsurface(rect)
    return {
        tuple(sub.get_at((x, y))[:3]) for x in range(0, rect[2], 5) for y in range(0, rect[3], 5)
    }


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_page_draws_its_rows_in_the_theme(screen, path, size):
    surface = pygame.Surface(size)
    w, h = size
    pictures = set()
    for page in PAGES:
        _, state = open_settings(Settings(), path, page=page)
        state.draw(surface)
        panel = (w // 4, h // 5, w // 2, h // 3)
        colours = drawn_colours(surface, panel)
        assert theme.PANEL in colours
        assert len(colours) > 4, f"{page.value} page draws nothing in its panel"
        assert theme.JACKET_BLUE in drawn_colours(surface, (0, h // 8, w, h // 2))
        pictures.add(pygame.image.tobytes(surface, "RGB"))
    assert len(pictures) == len(PAGES)


def test_gameplay_page_changes_speed_presets_cymbals_and_overhits(screen, path):
    result = run(
        screen,
        Settings(),
        path,
        key(pygame.K_RIGHT),  # note speed 1.2 -> 1.3
        key(pygame.K_RIGHT),  # -> 1.4
        key(pygame.K_DOWN),
        key(pygame.K_LEFT),  # player 2's note speed 1.2 -> 1.1
        key(pygame.K_DOWN),
        key(pygame.K_RIGHT),  # player 1: standard -> strict
        key(pygame.K_DOWN),
        key(pygame.K_LEFT),  # player 2: standard -> relaxed
        key(pygame.K_DOWN),
        key(pygame.K_DOWN),
        key(pygame.K_RIGHT),  # player 2 pro cymbals: auto -> on
        key(pygame.K_DOWN),
        key(pygame.K_RETURN),  # overhits break combo
    )
    play = result.gameplay
    assert play.note_speed == pytest.approx((1.4, 1.1))
    assert play.window_presets == (WindowPreset.STRICT, WindowPreset.RELAXED)
    assert all(type(p) is WindowPreset for p in play.window_presets)
    assert play.pro_cymbals == ("auto", "on")
    assert play.overhits_break_combo is True


def test_note_speed_stops_at_its_limits(screen, path):
    start = changed(Settings(), "gameplay", note_speed=(2.9, 0.7))
    result = run(screen, start, path, *[key(pygame.K_RIGHT)] * 5)
    assert result.gameplay.note_speed == pytest.approx((3.0, 0.7))
    result = run(screen, start, path, key(pygame.K_DOWN), *[key(pygame.K_LEFT)] * 5)
    assert result.gameplay.note_speed == pytest.approx((2.9, 0.6))


def test_audio_page_changes_volumes_guide_previews_and_offsets_with_shift_for_tens(screen, path):
    start = changed(Settings(), "audio", music_volume=0.83)
    result = run(
        screen,
        start,
        path,
        *tabs(Page.AUDIO),
        key(pygame.K_RETURN),  # Enter leaves a number alone
        key(pygame.K_LEFT),  # master 100% -> 95%
        key(pygame.K_DOWN),
        key(pygame.K_RIGHT),  # music 83% -> 85%, on the 5% grid
        key(pygame.K_DOWN),
        key(pygame.K_RIGHT),  # drums stay at 100%
        key(pygame.K_DOWN),
        key(pygame.K_DOWN),
        key(pygame.K_RETURN),  # guide drums on
        key(pygame.K_DOWN),
        key(pygame.K_RETURN),  # song previews off
        key(pygame.K_DOWN),
        key(pygame.K_RIGHT, SHIFT),  # audio offset +10
        key(pygame.K_RIGHT),  # +11
        key(pygame.K_DOWN),
        key(pygame.K_LEFT),
        key(pygame.K_LEFT),  # video offset -2
    )
    audio = result.audio
    assert (audio.master_volume, audio.music_volume, audio.drums_volume) == (0.95, 0.85, 1.0)
    assert audio.guide_volume == 0.5 and audio.guide_drums is True
    assert audio.previews is False
    assert (audio.audio_offset_ms, audio.video_offset_ms) == (11.0, -2.0)


def audio_row(label: str) -> int:
    """The index of the Audio page's row `label`."""
    return [r.label for r in page_rows(PAGES.index(Page.AUDIO), Settings())].index(label)


def test_audio_page_output_device_rate_and_buffer_are_saved_at_once(screen, path):
    """The devices are SDL's own (its dummy driver lists one); each change is in the file."""
    down = [key(pygame.K_DOWN)] * audio_row("Output device")
    result = run(
        screen,
        Settings(),
        path,
        *tabs(Page.AUDIO),
        *down,
        key(pygame.K_RIGHT),  # System default -> SDL's dummy device
        key(pygame.K_DOWN),
        key(pygame.K_LEFT),  # 48000 -> 44100 Hz
        key(pygame.K_DOWN),
        key(pygame.K_LEFT),
        key(pygame.K_LEFT),  # 256 -> 128 -> 64 frames
    )
    audio = result.audio
    assert audio.output_device == "System audio output device"
    assert (audio.sample_rate, audio.buffer_frames) == (44100, 64)
    text = path.read_text()
    assert 'output_device = "System audio output device"' in text
    assert "sample_rate = 44100" in text and "buffer_frames = 64" in text
    again = run(screen, result, path, *tabs(Page.AUDIO), *down, key(pygame.K_RIGHT))
    assert again.audio.output_device == ""  # round the list: back to the system's default


def test_audio_output_rows_show_latency_and_that_they_apply_from_the_next_song(screen, path):
    start = changed(Settings(), "audio", buffer_frames=1024)
    loop, state = open_settings(start, path, ("Speakers",), Page.AUDIO)
    rows = {r.label: r for r in state.view().rows}
    assert rows["Output device"].value == "System default"
    assert rows["Sample rate"].value == "48000 Hz"
    assert rows["Buffer"].value == "1024 frames (21.3 ms)"
    for label in ("Output device", "Sample rate", "Buffer"):
        assert "applies from the next song" in rows[label].hint
    state.selected = audio_row("Buffer")
    press(loop, key(pygame.K_RIGHT))  # the largest wraps round to the smallest
    assert state.settings.audio.buffer_frames == 64
    assert {r.label: r for r in state.view().rows}["Buffer"].value == "64 frames (1.3 ms)"


def test_a_device_that_is_not_there_is_kept_in_the_list_and_said(screen, path):
    start = changed(Settings(), "audio", output_device="Nope Speakers", sample_rate=96000)
    save_settings(start, path)
    loop, state = open_settings(load_settings(path).settings, path, ("Speakers",), Page.AUDIO)
    rows = {r.label: r for r in state.view().rows}
    assert rows["Output device"].value == "Nope Speakers"
    assert rows["Output device"].hint.startswith("not there now: the default plays")
    assert rows["Sample rate"].value == "96000 Hz"  # a rate set by hand is shown as it is
    state.selected = audio_row("Output device")
    press(loop, key(pygame.K_RIGHT), key(pygame.K_LEFT))  # away and back: still offered
    assert load_settings(path).settings.audio.output_device == "Nope Speakers"


def test_input_page_lists_the_keyboard_and_every_device(screen, path):
    start = changed(Settings(), "input", device_offsets_ms={"TD-11 MIDI 1": -4.5})
    _, state = open_settings(start, path, page=Page.INPUT)
    labels = [row.label for row in state.view().rows]
    assert labels == ["Keyboard", "TD-11 MIDI 1", "Drum kits…"]
    result = run(
        screen,
        start,
        path,
        *tabs(Page.INPUT),
        key(pygame.K_RIGHT),  # keyboard 0 -> 1
        key(pygame.K_DOWN),
        key(pygame.K_LEFT, SHIFT),  # kit -4.5 -> -14.5
    )
    kit = DeviceId.midi("TD-11 MIDI 1")
    assert dict(result.input.device_offsets_ms) == {KEYBOARD: 1.0, kit: -14.5}


def test_video_page_changes_fullscreen_resolution_vsync_and_cap(screen, path):
    result = run(
        screen,
        Settings(),
        path,
        *tabs(Page.VIDEO),
        key(pygame.K_RETURN),
        key(pygame.K_DOWN),
        key(pygame.K_RIGHT),  # 1280 x 720 -> 1600 x 900
        key(pygame.K_RIGHT),  # -> 1920 x 1080
        key(pygame.K_DOWN),
        key(pygame.K_LEFT),
        key(pygame.K_DOWN),
        key(pygame.K_RIGHT),  # 240 -> 360
    )
    video = result.video
    assert (video.fullscreen, video.resolution, video.vsync) == (True, "1920x1080", False)
    assert video.fps_cap == 360


def test_frame_rate_cap_goes_up_to_no_cap_and_down_from_it(screen, path):
    up = run(screen, Settings(), path, *tabs(Page.VIDEO), key(pygame.K_UP), key(pygame.K_RIGHT))
    assert up.video.fps_cap == 360
    start = changed(Settings(), "video", fps_cap=1000)
    none = run(screen, start, path, *tabs(Page.VIDEO), key(pygame.K_UP), *[key(pygame.K_RIGHT)] * 2)
    assert none.video.fps_cap == 0
    back = run(screen, none, path, *tabs(Page.VIDEO), key(pygame.K_UP), key(pygame.K_LEFT))
    assert back.video.fps_cap == 1000


def test_typing_a_name_with_backspace_and_the_length_limit(screen, path):
    result = run(
        screen,
        Settings(),
        path,
        *tabs(Page.PLAYERS),
        key(pygame.K_RETURN),
        *[key(pygame.K_BACKSPACE)] * 8,  # "Player 1" erased
        text("Ada"),
        key(pygame.K_BACKSPACE),
        text("a\x07 "),  # the bell is dropped
        key(pygame.K_RETURN),
        key(pygame.K_DOWN),
        key(pygame.K_RETURN),
        text("x" * 30),
        key(pygame.K_ESCAPE),  # ends the typing; the next Esc leaves
    )
    assert result.players.names == ("Ada ", "Player 2" + "x" * 16)
    assert result.players.name(0) == "Ada"


def test_keys_typed_into_a_name_do_not_move_the_cursor_or_leave(screen, path):
    loop, state = open_settings(Settings(), path, page=Page.PLAYERS)
    for event in (key(pygame.K_RETURN), key(pygame.K_TAB), key(pygame.K_DOWN), text("!")):
        press(loop, event)
        assert loop.stack.top is state  # still shown
    assert (state.page, state.selected, state.typing) == (PAGES.index(Page.PLAYERS), 0, 0)
    assert state.view().editing and state.view().rows[0].value == "Player 1!"


def test_rebinding_to_a_used_key_shows_the_conflict_and_saves_it(screen, path):
    loop, state = open_settings(Settings(), path, page=Page.KEYS)
    press(loop, key(pygame.K_DOWN), key(pygame.K_DOWN), key(pygame.K_RETURN))  # red waits
    assert state.view().rows[2].cells[0].keys == "Press a key…"
    press(loop, key(pygame.K_f))  # the yellow tom's key
    view = state.view()
    red, yellow = view.rows[2].cells[0], view.rows[3].cells[0]
    assert (red.keys, red.warning) == ("F", "also yellow tom")
    assert (yellow.keys, yellow.warning) == ("F", "also red")
    assert view.summary == ('Key "f" is bound to both Player 1 red and Player 1 yellow tom',)
    saved = load_settings(path).settings
    assert saved.keyboard.one_player["p1_red"] == ("f",)
    assert keymap_for(saved, 1).actions_for("f") == (
        Action.of(0, Lane.RED),
        Action.of(0, Lane.YELLOW),
    )
    surface = pygame.Surface((1280, 720))
    draw_settings(surface, view)
    assert theme.WARN in drawn_colours(surface, (280, 560, 980, 100))


def test_two_player_layout_binds_player_2_and_unbinds_with_delete(screen, path):
    result = run(
        screen,
        Settings(),
        path,
        *tabs(Page.KEYS),
        key(pygame.K_RIGHT),  # two players
        key(pygame.K_DOWN),
        key(pygame.K_RIGHT),  # player 2's column
        key(pygame.K_RETURN),
        key(pygame.K_KP_1),  # player 2 kick
        key(pygame.K_DOWN),
        key(pygame.K_LEFT),  # player 1's column
        key(pygame.K_DELETE),  # player 1 red unbound
    )
    two = result.keyboard.two_players
    assert two["p2_kick"] == ("keypad 1",) and two["p1_red"] == ()
    keymap = keymap_for(result, 2)
    assert keymap.keys_for(Action.of(0, Lane.RED)) == ()
    assert keymap.keys_for(Action.of(0, Lane.KICK)) == ("space",)
    assert result.keyboard.one_player == {}  # the one-player layout is untouched


def test_escape_while_waiting_for_a_key_cancels_the_wait(screen, path):
    result = run(
        screen,
        Settings(),
        path,
        *tabs(Page.KEYS),
        key(pygame.K_DOWN),
        key(pygame.K_RETURN),
        key(pygame.K_ESCAPE),  # cancels; the final Esc leaves
    )
    assert keymap_for(result, 1) == default_keymap(1)
    assert not path.exists()  # nothing changed, nothing written


def test_reset_to_defaults_puts_the_default_keys_back(screen, path):
    custom = changed(
        Settings(), "keyboard", one_player={"p1_red": ("space",), "p1_blue_tom": ("b",)}
    )
    save_settings(custom, path)
    _, state = open_settings(custom, path, page=Page.KEYS)
    assert state.view().summary  # the space bar plays kick and red
    result = run(screen, custom, path, *tabs(Page.KEYS), key(pygame.K_UP), key(pygame.K_RETURN))
    assert keymap_for(result, 1) == default_keymap(1)
    assert keymap_for(load_settings(path).settings, 1) == default_keymap(1)


def test_closing_the_window_on_the_settings_quits_the_game_once_with_the_change_saved(screen, path):
    loop = stepped_loop(app_with(Settings(), path))
    loop.stack.push(TitleScreen())
    loop.stack.push(SettingsScreen())
    press(loop, key(pygame.K_RIGHT), pygame.event.Event(pygame.QUIT), key(pygame.K_RIGHT))
    assert loop.stack.top is None and loop.stack.quitting
    assert loop.app.settings.gameplay.note_speed[0] == pytest.approx(1.3)  # the key after: none
    assert load_settings(path).settings.gameplay.note_speed[0] == pytest.approx(1.3)
    assert not pygame.event.peek(pygame.QUIT)  # not posted again: quit once


def test_a_failed_save_is_shown_and_the_screen_goes_on(screen, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the settings folder should be")
    loop, state = open_settings(Settings(), blocked / "settings.toml")
    press(loop, key(pygame.K_RIGHT))  # handled, then drawn onto the window
    assert loop.app.settings.gameplay.note_speed[0] == pytest.approx(1.3)
    assert state.view().notice and state.view().notice.startswith("Settings not saved")
    assert theme.WARN in drawn_colours(pygame.display.get_surface(), (0, 620, 1280, 60))
    assert loop.stack.top is state


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_a_long_device_name_is_cut_to_its_box_not_drawn_over_the_hints(screen, path, size):
    name = "Wide " * 9 + "Speakers"
    start = changed(Settings(), "audio", output_device=name)
    _, state = open_settings(start, path, (name,), Page.AUDIO)
    state.selected = audio_row("Output device")
    surface = pygame.Surface(size)
    boxes = SettingsBoxes()
    draw_settings(surface, state.view(), boxes)
    k = size[0] / 1280
    bottom = max(box.bottom for box in boxes.rows.values())  # of the rows drawn
    gap = pygame.Rect(round(871 * k), round(180 * k), round(18 * k), bottom - round(180 * k))
    assert drawn_colours(surface, gap) <= {theme.PANEL, theme.JACKET_BLUE}  # box | hint
    assert state.view().rows[audio_row("Output device")].value.startswith("Wide Wide")


def hat(x: int, y: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.JOYHATMOTION, joy=0, instance_id=0, hat=0, value=(x, y))


def button(number: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.JOYBUTTONDOWN, joy=0, instance_id=0, button=number)


def wheel(y: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=y, flipped=False)


def test_a_gamepad_the_wheel_and_page_keys_walk_the_settings_as_menu_actions(screen, path):
    loop, state = open_settings(Settings(), path)
    press(loop, hat(0, -1), hat(0, -1), hat(1, 0))  # player 1's hit windows: standard -> strict
    assert state.selected == 2
    press(loop, wheel(-1), wheel(-1), wheel(1), button(0))  # player 2's; Enter steps it on
    assert loop.app.settings.gameplay.window_presets == (WindowPreset.STRICT,) * 2
    press(loop, *[key(pygame.K_PAGEDOWN)] * 3, key(pygame.K_PAGEUP))
    assert (PAGES[state.page], state.selected) == (Page.AUDIO, 0)
    press(loop, hat(-1, 0))  # master volume 100% -> 95%
    press(loop, button(1))  # back: the screen leaves
    assert loop.stack.top is None
    saved = load_settings(path).settings
    assert saved.gameplay.window_presets == (WindowPreset.STRICT,) * 2
    assert saved.audio.master_volume == 0.95


def test_a_new_resolution_or_fullscreen_reopens_the_window_at_once(screen, path):
    loop, _ = open_settings(Settings(), path, page=Page.VIDEO)
    press(loop, key(pygame.K_DOWN), key(pygame.K_RIGHT))  # 1280 x 720 -> 1600 x 900
    assert pygame.display.get_surface().get_size() == (1600, 900)
    press(loop, key(pygame.K_RIGHT))  # -> 1920 x 1080
    window = pygame.display.get_surface()
    assert window.get_size() == (1920, 1080)
    assert loop.app.settings.video.resolution == "1920x1080"
    assert theme.JACKET_BLUE in drawn_colours(window, (0, 0, 1920, 1080))  # drawn on it
    press(loop, key(pygame.K_DOWN), key(pygame.K_RETURN))  # vsync: the window stays
    assert pygame.display.get_surface().get_size() == (1920, 1080)
    press(loop, key(pygame.K_UP), key(pygame.K_UP), key(pygame.K_RETURN))  # fullscreen
    assert pygame.display.get_surface().get_flags() & pygame.FULLSCREEN
    press(loop, key(pygame.K_RETURN))  # back to a window of the chosen size
    window = pygame.display.get_surface()
    assert window.get_size() == (1920, 1080) and not window.get_flags() & pygame.FULLSCREEN
    assert load_settings(path).settings.video == loop.app.settings.video


def mouse(kind: int, pos: tuple[int, int], button: int = 1) -> pygame.event.Event:
    if kind == pygame.MOUSEMOTION:
        return pygame.event.Event(kind, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    return pygame.event.Event(kind, pos=pos, button=button)


def test_the_mouse_opens_a_page_points_at_a_row_and_a_click_is_enter(screen, path):
    loop, state = open_settings(Settings(), path)
    next_frame(loop)  # drawn: the tabs and rows are where the mouse can find them
    video = state.boxes.pages[PAGES.index(Page.VIDEO)]
    press(loop, mouse(pygame.MOUSEBUTTONDOWN, video.center))
    assert (PAGES[state.page], state.selected) == (Page.VIDEO, 0)
    vsync = state.boxes.rows[2]  # Fullscreen, Resolution, Vsync, Frame rate cap
    press(loop, mouse(pygame.MOUSEMOTION, vsync.center))
    assert state.selected == 2 and state.view().rows[2].label == "Vsync"
    press(loop, mouse(pygame.MOUSEBUTTONDOWN, vsync.center, button=3))  # not the left button
    assert loop.app.settings.video.vsync is True
    press(loop, mouse(pygame.MOUSEBUTTONDOWN, vsync.center))
    assert load_settings(path).settings.video.vsync is False
    outside = (5, pygame.display.get_surface().get_height() - 5)
    press(loop, mouse(pygame.MOUSEMOTION, outside))
    assert state.selected == 2


@pytest.mark.parametrize("size", [(960, 540), (1280, 720), (1920, 1080)])
def test_the_kit_pads_line_shows_between_the_rows_and_the_help_line(screen, path, size):
    _, state = open_settings(Settings(), path, page=Page.AUDIO)  # the most rows
    surface = pygame.Surface(size)
    boxes = SettingsBoxes()
    draw_settings(surface, state.view(), boxes)
    pads = boxes.pads
    assert pads is not None and surface.get_rect().contains(pads)
    assert all(row.bottom <= pads.top for row in boxes.rows.values())
    help_strip = size[1] - round(42 * max(0.5, min(size[0] / 1280, size[1] / 720)))
    assert pads.bottom <= help_strip
    assert len(drawn_colours(surface, pads)) > 2  # words drawn there


def test_the_title_opens_the_settings_screen_and_esc_comes_back_to_it(screen, path):
    loop = stepped_loop(app_with(Settings(), path))
    title = TitleScreen()
    loop.stack.push(title)
    downs = [key(pygame.K_DOWN)] * 4  # Play, Play online, Tutorial, Calibrate: Settings
    press(loop, *downs, key(pygame.K_RETURN))
    shown = loop.stack.top
    assert isinstance(shown, SettingsScreen)
    press(loop, key(pygame.K_RIGHT))  # note speed 1.2 -> 1.3, on the loop's next turn
    assert loop.stack.top is shown
    press(loop, key(pygame.K_ESCAPE))
    assert loop.stack.top is title
    assert load_settings(path).settings.gameplay.note_speed[0] == pytest.approx(1.3)
