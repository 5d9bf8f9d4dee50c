"""Every screen speaks the language chosen: drawn in Korean or Japanese, no English word is left on
the title, song select, each settings page, the Drum kits, calibration and tutorial screens, the
play screen, the pause menu and the results (the words drawn are read off `theme.text`, which
every screen draws its text with); the settings' Language row changes the next frame's words
and is saved."""

from __future__ import annotations

import dataclasses
import re
import secrets

import pytest
import tomllib

pygame = pytest.importorskip("pygame")
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from game.app.calibrate import CalibrationScreen  # noqa: E402
from game.app.kit_setup import KitSetupScreen  # noqa: E402
from game.app.play import PlayOptions, PlayResult  # noqa: E402
from game.app.results_screen import ResultsScreen  # noqa: E402
from game.app.settings_pages import PAGES  # noqa: E402
from game.app.settings_screen import SettingsScreen  # noqa: E402
from game.app.song_select import SongSelectScreen  # noqa: E402
from game.app.title import TitleScreen  # noqa: E402
from game.app.tutorial import lesson_cards, results_card  # noqa: E402
from game.base.language import set_language  # noqa: E402
from game.core.autoplay import autoplay_inputs  # noqa: E402
from game.core.replay import PlayerSetup, simulate  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.input.bindings import default_keymap  # noqa: E402
from game.store.settings import InputSettings, InterfaceSettings, Settings  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.count_in import draw_resume_count  # noqa: E402
from game.ui.online_view import draw_join, draw_lobby  # noqa: E402
from game.ui.pause import draw_pause  # noqa: E402
from game.ui.play_scene import PlayScene  # noqa: E402
from game.ui.song_select_view import SongSelectState  # noqa: E402
from game.ui.tutorial_view import draw_card  # noqa: E402
from tests.helpers import ROOT  # noqa: E402
from tests.ui.online_pictures import LONG_NAME, join_pictures, lobby_pictures  # noqa: E402
from tests.ui.online_pictures import TITLE as ONLINE_TITLE  # noqa: E402
from tests.ui.practice_pictures import draw_practice_screens  # noqa: E402
from tests.ui.stepped_loop import app_with, next_frame, stepped_loop  # noqa: E402
from tests.ui.test_scenes import SONGS, TRACKS  # noqa: E402

NARA = ROOT / "charts" / "nara-soundcheck"
KEY_NAMES = {"Enter", "Esc", "Tab", "Shift", "Space", "Backspace", "Delete", "Ins"}
"""Keys keep the names printed on them."""
KEPT = {
    # judgements: kept in English, as Korean and Japanese rhythm games show them
    *("Perfect", "Great", "Good", "Miss", "PERFECT", "GREAT", "GOOD", "MISS"),
    # names: MIDI systems, platforms, products, units, the lesson's song
    *("MIDI", "JACK", "ALSA", "CoreMIDI", "WinMM", "Linux", "Mac", "Windows", "USB"),
    *("Python", "python", "rtmidi"),  # the MIDI notice when python-rtmidi is not installed
    *("Rock", "Band", "Guitar", "Hero", "General", "fps", "Nara", "Soundcheck"),
    *("QjackCtl", "jackd"),
}
WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A private DRUM_DUET_HOME, and MIDI through a JACK server that does not run (no kit of
    this machine shows up); the game speaks English again after the test."""
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    monkeypatch.setenv("JACK_DEFAULT_SERVER", f"drum-duet-none-{secrets.token_hex(4)}")
    monkeypatch.setenv("JACK_NO_START_SERVER", "1")
    yield tmp_path
    set_language("en")


@pytest.fixture
def window(home):
    pygame.init()
    surface = pygame.display.set_mode((1280, 720))
    yield surface
    pygame.quit()


@pytest.fixture
def drawn(monkeypatch):
    """Every string `theme.text` is asked to draw, from now on."""
    words: list[str] = []
    real = theme.text

    def text(message, *args, **kwargs):
        words.append(message)
        return real(message, *args, **kwargs)

    monkeypatch.setattr(theme, "text", text)
    return words


def english(words: list[str], names: set[str]) -> list[str]:
    """The strings drawn that hold an ASCII word of 3+ letters not among the kept ones."""
    allowed = KEY_NAMES | KEPT | {w for n in names for w in WORD.findall(n)}
    return sorted({s for s in words if set(WORD.findall(s)) - allowed})


SAMPLES = {"ko": ("설정", "곡 선택", "일시 정지"), "ja": ("設定", "曲を選ぼう", "一時停止")}
"""Words each language must have drawn (the settings' and song select's titles, the pause)."""


@pytest.mark.parametrize("code", ["ko", "ja"])
def test_every_screen_drawn_in_korean_or_japanese_has_no_english_word_left(
    window, home, drawn, code
):
    set_language(code)
    settings = Settings(input=InputSettings(midi_api="jack"), interface=InterfaceSettings(code))
    app = app_with(settings, home / "config" / "settings.toml")
    app.open_devices()
    loop = stepped_loop(app)
    names = {s.title for s in SONGS} | {s.artist for s in SONGS}
    names |= {s.full_reason or "" for s in SONGS}  # a chart file's problem: the file's words
    try:
        title = TitleScreen()
        loop.stack.push(title)
        next_frame(loop)
        title.confirm = 0  # the quit question
        next_frame(loop)
        title.confirm = None
        songs = [dataclasses.replace(s, tracks=TRACKS) if s.playable else s for s in SONGS]
        state = SongSelectState(songs, players=2)
        loop.stack.push(SongSelectScreen(state, lambda *a: None))
        next_frame(loop)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0))
        next_frame(loop)  # the setup panel
        state.selected, state.focus = 1, state.focus.SONGS
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0))
        next_frame(loop)  # why the broken song cannot be played
        loop.stack.pop()
        settings = SettingsScreen(output_devices=("Built-in Audio",))
        names.add("Built-in Audio")
        loop.stack.push(settings)
        for _page in PAGES:
            next_frame(loop)
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_TAB, mod=0))
        loop.stack.push(KitSetupScreen())
        next_frame(loop)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DOWN, mod=0))
        next_frame(loop)
        loop.stack.pop()
        loop.stack.pop()
        loop.stack.push(CalibrationScreen())
        next_frame(loop)
        loop.stack.pop()
    finally:
        app.close()
    surface = pygame.display.get_surface()
    for i, card in enumerate(lesson_cards(default_keymap(1))):
        draw_card(surface, card, i, 12)
    song = load_song(NARA)
    names |= {song.chart.meta.title, song.chart.meta.artist}
    names |= {s.name for s in song.chart.sections}
    setups = [PlayerSetup("p1", "easy"), PlayerSetup("p2", "easy")]
    inputs = [
        e
        for k, s in enumerate(setups)
        for e in autoplay_inputs(song.chart.track(s.part, s.difficulty), k, 0.02, k)
    ]
    session = simulate(song.chart, setups, inputs)
    scene = PlayScene(song.chart, session, surface.get_size())
    for t in (5.0, 20.0, 40.0):
        scene.draw(surface, t)
    draw_pause(surface, 0, "The window lost focus")
    draw_practice_screens(surface, ROOT / "charts" / "firecracker-night")
    names |= {s.name for s in load_song(ROOT / "charts" / "firecracker-night").chart.sections}
    draw_resume_count(surface, "3", 0.2)  # the count after Resume
    for lobby in lobby_pictures().values():  # the online duet's lobby and join list
        draw_lobby(surface, lobby)
    for join in join_pictures().values():
        draw_join(surface, join)
    names |= {LONG_NAME, ONLINE_TITLE}
    result = PlayResult(session, True, [])
    draw_card(surface, results_card(result), 11, 12)
    results = ResultsScreen(song, result, PlayOptions(setups, settings=app.settings))
    loop.stack.push(results)
    next_frame(loop)
    assert all(word in drawn for word in SAMPLES[code])  # the words are Korean or Japanese
    left = english(drawn, names)
    assert not left, f"English words drawn in {code}: {left}"


def test_the_language_row_changes_the_next_frame_and_is_saved(window, home, drawn):
    path = home / "config" / "settings.toml"
    app = app_with(Settings(interface=InterfaceSettings("en")), path)
    set_language("en")
    loop = stepped_loop(app)
    loop.stack.push(SettingsScreen(output_devices=()))
    next_frame(loop)
    assert "Settings" in drawn and "Language" in drawn and "English" in drawn
    up = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_UP, mod=0)
    right = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RIGHT, mod=0)
    for event in (up, right):  # up from the first row: the last, Language; right: 한국어
        pygame.event.post(event)
    drawn.clear()
    next_frame(loop)
    assert "설정" in drawn and "언어" in drawn and "한국어" in drawn
    assert "Settings" not in drawn and "Language" not in drawn
    assert tomllib.loads(path.read_text("utf-8"))["interface"]["language"] == "ko"
    pygame.event.post(right)
    drawn.clear()
    next_frame(loop)
    assert "設定" in drawn and "言語" in drawn and "日本語" in drawn
    assert tomllib.loads(path.read_text("utf-8"))["interface"]["language"] == "ja"
    pygame.event.post(right)
    drawn.clear()
    next_frame(loop)
    assert "Settings" in drawn and "English" in drawn
    assert tomllib.loads(path.read_text("utf-8"))["interface"]["language"] == "en"


def test_an_unset_language_is_the_system_s(monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert Settings().interface.language == ""
    assert Settings().interface.spoken() == "ja"
    assert InterfaceSettings("ko").spoken() == "ko"
