"""The tutorial on the game's one loop, with real pygame (SDL dummy video and audio) and an
injected clock: its cards answer posted keys (the right key of the player's own layout goes on,
a wrong one says what it played and stays), Esc skips, the lesson song is the start of the real
Nara Soundcheck on the real play screen pushed over the lesson, and its results card leads on to
song select."""

from __future__ import annotations

import dataclasses
import os
import time
from types import MappingProxyType

import numpy as np
import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.context import AppContext  # noqa: E402
from game.app.loop import Loop  # noqa: E402
from game.app.play import PlayResult, PlayScreen  # noqa: E402
from game.app.scene import Action, Pumped  # noqa: E402
from game.app.song_select import SongSelectScreen  # noqa: E402
from game.app.title import TitleScreen  # noqa: E402
from game.app.tutorial import (  # noqa: E402
    RING_S,
    Phase,
    TutorialScreen,
    faded_backing,
    lesson_cards,
    lesson_song,
    results_card,
)
from game.audio.stream import RATE, pre_init_output  # noqa: E402
from game.core.judgement import Judgement  # noqa: E402
from game.core.lanes import Difficulty, Lane, Part  # noqa: E402
from game.core.replay import PlayerSetup, simulate  # noqa: E402
from game.formats.song_folder import builtin_charts_dir, load_song  # noqa: E402
from game.input.bindings import bindings_from_settings  # noqa: E402
from game.store.settings import LoadedSettings, Settings  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.tutorial_view import Feedback, Picture  # noqa: E402

NARA = builtin_charts_dir() / "nara-soundcheck"
BAR_S = 60 / 90 * 4  # Nara is 90 BPM in 4/4
LESSON_CUT_S = 11 * BAR_S  # the last bar line before 30 s (the chorus)
# The keys that take the default one-player layout through every card.
RIGHT_KEYS = [
    pygame.K_RETURN,  # welcome
    pygame.K_SPACE,  # kick
    pygame.K_d,  # snare
    pygame.K_f,  # yellow tom
    pygame.K_j,  # blue tom
    pygame.K_k,  # green tom
    pygame.K_r,  # yellow cymbal
    pygame.K_u,  # blue cymbal
    pygame.K_i,  # green cymbal
    pygame.K_RETURN,  # timing
    pygame.K_RETURN,  # your turn: play
]


class FakeClock:
    """The loop's clock in these tests (seconds): it moves only when the loop sleeps."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """One game home for the module: Nara's backing is rendered into its cache once."""
    return tmp_path_factory.mktemp("home")


@pytest.fixture
def window(home, monkeypatch):
    """The window, with the mixer opened by `pygame.init()` as the game opens it (the default
    audio settings)."""
    monkeypatch.setenv("DRUM_DUET_HOME", str(home))
    audio = Settings().audio
    pre_init_output(audio.sample_rate, audio.buffer_frames, audio.output_device)
    pygame.init()
    surface = pygame.display.set_mode((1280, 720))
    yield surface
    pygame.quit()


def app_for(tmp_path, settings: Settings | None = None) -> AppContext:
    """A context as the game builds it, without kits or a score book, saving into tmp_path."""
    return AppContext(
        LoadedSettings(settings or Settings()), settings_file=tmp_path / "settings.toml"
    )


def open_tutorial(app: AppContext) -> tuple[Loop, TutorialScreen]:
    """The game's loop on a fake clock with the title menu, where Down twice and Enter chose
    the Tutorial line (the screen its registration builds)."""
    clock = FakeClock()
    loop = Loop(app, clock=clock, sleep=clock.advance)
    loop.stack.push(TitleScreen())
    post(pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN)
    steps(loop)
    tutorial = loop.stack.top
    assert isinstance(tutorial, TutorialScreen)
    return loop, tutorial


def post(*keys: int) -> None:
    for k in keys:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))


def steps(loop: Loop, n: int = 3) -> None:
    """`n` turns of the loop, a pump's sleep apart."""
    for _ in range(n):
        loop.step()
        loop.sleep(0.0005)


def play_to_its_end(loop: Loop, play: PlayScreen) -> None:
    """Take the song to its end at once, as its audio device would report it: with the song
    paused (Esc, so the stream hands out no buffer meanwhile), the device reports the buffer
    after the song's end; Esc resumes (after the 3-2-1 count, on the loop's clock) and the play
    screen ends the play by itself."""
    post(pygame.K_ESCAPE)
    steps(loop, 1)
    assert play.paused == ""
    clock = play.live.clock
    while clock.song_time() < play.live.end_s:
        clock.on_buffer(clock.sample_of(play.live.end_s + 0.01), 256, time.perf_counter())
    post(pygame.K_ESCAPE)
    steps(loop, 1)
    while loop.stack.top is play and play.counting:
        loop.sleep(0.05)
        loop.step()


def test_cards_name_the_keys_player_1_has_bound():
    keymap = bindings_from_settings({"p1_kick": ["b"], "p1_red": ["x", "c"]}, 1)
    cards = {(c.lane, c.cymbal): c for c in lesson_cards(keymap) if c.lane is not None}
    assert cards[(Lane.KICK, False)].keys == ("b",)
    assert cards[(Lane.RED, False)].keys == ("x", "c")
    assert cards[(Lane.GREEN, True)].keys == ("i",)
    assert len(cards) == 8  # kick, snare, three toms, three cymbals
    assert {c.picture for c in cards.values() if c.cymbal} == {Picture.CYMBALS}
    assert {c.picture for c in cards.values() if not c.cymbal} == {Picture.PADS}


def test_a_right_key_goes_on_and_a_wrong_key_does_not(window, tmp_path):
    loop, tutorial = open_tutorial(app_for(tmp_path))
    post(pygame.K_SPACE, pygame.K_RETURN)  # Space on the welcome card: not Enter, stays
    post(pygame.K_d, pygame.K_q)  # on the kick card: the snare's key, then no drum at all
    steps(loop)
    lesson = tutorial.lesson
    assert lesson.index == 1 and lesson.card.lane is Lane.KICK
    assert lesson.feedback == Feedback("Q is not a drum. The kick is Space.", False)
    post(pygame.K_d)
    steps(loop)
    assert lesson.feedback == Feedback("D plays the snare. The kick is Space.", False)
    post(pygame.K_SPACE, pygame.K_f)
    steps(loop)
    assert lesson.index == 2 and lesson.card.lane is Lane.RED
    assert lesson.feedback == Feedback("F plays the yellow tom. The snare is D.", False)
    assert loop.stack.top is tutorial
    shown = pygame.display.get_surface()  # the loop drew the card: its header and its panel
    assert shown.get_at((10, 10))[:3] == theme.JACKET_BLUE
    assert shown.get_at((60, 400))[:3] == theme.PANEL


def test_the_cards_go_through_on_the_right_keys_to_the_lesson_song(window, tmp_path):
    """The last card's Enter pushes the play screen with the first bars of Nara on Easy; the
    key after it (Esc) reaches the song, which pauses, and does not skip the lesson."""
    loop, tutorial = open_tutorial(app_for(tmp_path))
    post(*RIGHT_KEYS, pygame.K_ESCAPE)
    steps(loop)
    play = loop.stack.top
    assert isinstance(play, PlayScreen)
    assert loop.stack.screens[-2] is tutorial and tutorial.phase is Phase.SONG
    assert tutorial.lesson.done
    assert play.paused == ""  # Esc went to the song
    live = play.live
    assert live.song.chart.meta.title == "Nara Soundcheck"
    assert live.song.chart.meta.length_s == pytest.approx(LESSON_CUT_S + RING_S, abs=1e-3)
    assert [(s.part, s.difficulty) for s in live.options.setups] == [(Part.FULL, Difficulty.EASY)]
    assert live.mix.rate == pygame.mixer.get_init()[0]  # on the output the game opened


def button(n: int) -> None:
    """A gamepad's button `n` pressed (0 south: select; 1 east: back)."""
    pygame.event.post(pygame.event.Event(pygame.JOYBUTTONDOWN, button=n, joy=0, instance_id=0))


def test_a_gamepad_or_kit_goes_on_past_words_but_a_pad_card_wants_a_key(window, tmp_path):
    """The gamepad's select goes past the welcome card, not past the kick's; a kit's pads (menu
    actions without a key) do nothing on a card that wants a key, not even red's back."""
    loop, tutorial = open_tutorial(app_for(tmp_path))
    button(0)
    steps(loop)
    assert tutorial.lesson.index == 1
    button(0)
    steps(loop)
    assert tutorial.lesson.index == 1
    tutorial.on_input(Pumped(None, loop.clock(), Action.BACK))  # a kit's red pad, as the loop
    tutorial.on_input(Pumped(None, loop.clock(), Action.SELECT))  # hands it on (its green)
    assert loop.stack.top is tutorial and tutorial.lesson.index == 1
    button(1)  # the gamepad's back skips the lesson, as Esc does
    steps(loop)
    assert isinstance(loop.stack.top, TitleScreen)


def test_a_remapped_kick_is_the_key_its_card_wants(window, tmp_path):
    keyboard = dataclasses.replace(
        Settings().keyboard, one_player=MappingProxyType({"p1_kick": ("b",)})
    )
    loop, tutorial = open_tutorial(app_for(tmp_path, Settings(keyboard=keyboard)))
    post(pygame.K_RETURN, pygame.K_SPACE)
    steps(loop)
    assert tutorial.lesson.index == 1  # Space is no longer the kick
    post(pygame.K_b)
    steps(loop)
    assert tutorial.lesson.index == 2


def test_drum_keys_sound_on_the_output_the_game_opened(window, tmp_path):
    """The pads sound through the context's audio output as the settings opened it (44.1 kHz
    here): the tutorial never re-opens the mixer at a rate of its own."""
    audio = dataclasses.replace(Settings().audio, sample_rate=44100)
    app = app_for(tmp_path, Settings(audio=audio))
    loop, tutorial = open_tutorial(app)
    post(pygame.K_RETURN, pygame.K_d)  # on the kick card, the snare's key: heard, stays
    steps(loop)
    sounds = tutorial.sounds
    assert pygame.mixer.get_init()[0] == 44100
    assert sounds.stream is not None and sounds.stream.rate == 44100
    assert sounds.mix.sounding == 1  # the snare, until the stream has played it out
    assert tutorial.lesson.index == 1


def test_escape_skips_the_lesson_and_a_closed_window_quits(window, tmp_path):
    app = app_for(tmp_path)
    loop, tutorial = open_tutorial(app)
    post(pygame.K_RETURN, pygame.K_ESCAPE)
    steps(loop)
    assert isinstance(loop.stack.top, TitleScreen)  # back on the title menu
    assert tutorial.sounds is None  # the pads' stream is closed
    post(pygame.K_RETURN)  # Tutorial is still highlighted
    steps(loop)
    assert isinstance(loop.stack.top, TutorialScreen)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    steps(loop)
    assert loop.stack.top is None and loop.stack.quitting


def test_lesson_song_is_the_first_bars_of_nara_up_to_30_seconds():
    song = load_song(NARA)
    short = lesson_song(song, 30.0)
    cut = LESSON_CUT_S
    assert short.chart.meta.length_s == pytest.approx(cut + RING_S, abs=1e-3)
    easy = short.chart.track("full", "easy")
    full = song.chart.track("full", "easy")
    assert easy.times.max() == pytest.approx(cut, abs=1e-3)  # the chorus downbeat is kept
    assert len(easy) == int(np.sum(full.times <= cut + 1e-3))
    assert [s.name for s in short.chart.sections] == ["Count-In", "Intro", "Verse"]
    assert song.chart.track("full", "easy") is full  # the loaded chart is left alone


def test_backing_fades_out_after_the_last_bar():
    backing = np.ones((RATE * 4, 2), dtype=np.float32)
    out = faded_backing(backing, 2.0, 1.0, rate=RATE)
    assert len(out) == RATE * 3
    assert (out[: RATE * 2] == 1.0).all()
    assert out[RATE * 2 + RATE // 2, 0] == pytest.approx(0.5, abs=1e-3)
    assert out[-1, 0] == 0.0
    slow = faded_backing(np.ones((44100 * 4, 2), np.float32), 2.0, 1.0, rate=44100)
    assert len(slow) == 44100 * 3


def lesson_played_through(tmp_path) -> tuple[Loop, TutorialScreen, AppContext]:
    """Every card, then the lesson song played to its end on the real play screen (nobody
    plays its notes): the results card shows."""
    app = app_for(tmp_path)
    loop, tutorial = open_tutorial(app)
    post(*RIGHT_KEYS)
    steps(loop)
    play = loop.stack.top
    assert isinstance(play, PlayScreen)
    play_to_its_end(loop, play)
    assert loop.stack.top is tutorial
    return loop, tutorial, app


def test_the_lesson_plays_nara_and_shows_how_it_went(window, tmp_path):
    """The results card counts the song's notes, all missed; Enter on it goes on to song
    select in the tutorial's place (the title under it), as the card says."""
    loop, tutorial, app = lesson_played_through(tmp_path)
    assert tutorial.phase is Phase.RESULTS
    result = tutorial.result
    assert result is not None and result.finished
    stats = result.session.stats()[0]
    easy = lesson_song(load_song(NARA)).chart.track("full", "easy")
    assert stats.notes == len(easy) > 0
    assert stats.counts[Judgement.MISS] == len(easy)
    card = tutorial.lesson.card
    assert card.picture is Picture.RESULTS and card.title == "A good start"
    assert ("Missed", str(len(easy))) in card.facts
    assert app.last_play_median_ms is None  # nobody hit a note: no median to calibrate from
    post(pygame.K_RETURN)
    steps(loop)
    assert isinstance(loop.stack.top, SongSelectScreen)
    assert [type(s) for s in loop.stack.screens] == [TitleScreen, SongSelectScreen]


def test_escape_on_the_results_card_goes_back_to_the_title(window, tmp_path):
    loop, _, _ = lesson_played_through(tmp_path)
    post(pygame.K_ESCAPE)
    steps(loop)
    assert [type(s) for s in loop.stack.screens] == [TitleScreen]


def test_the_song_s_pause_menu_restarts_the_lesson_song_or_quits_to_the_title(window, tmp_path):
    loop, tutorial = open_tutorial(app_for(tmp_path))
    post(*RIGHT_KEYS, pygame.K_ESCAPE, pygame.K_DOWN, pygame.K_RETURN)  # pause, Restart
    steps(loop)
    again = loop.stack.top
    assert isinstance(again, PlayScreen) and again.paused is None
    assert loop.stack.screens[-2] is tutorial and tutorial.phase is Phase.SONG
    post(pygame.K_ESCAPE, pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN)  # pause, Quit
    steps(loop)
    assert [type(s) for s in loop.stack.screens] == [TitleScreen]
    assert tutorial.result is None


def test_the_last_card_says_enter_leads_to_song_select():
    session = simulate(load_song(NARA).chart, [PlayerSetup("full", "easy")], [])
    card = results_card(PlayResult(session, True, []))
    assert "Press Enter for song select." in card.lines[-1]
