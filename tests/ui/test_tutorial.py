"""The tutorial with real pygame (SDL dummy video and audio): its cards answer posted keys (the
right key of the player's own layout goes on, a wrong one says what it played and stays), Esc
skips, and the lesson song is the start of the real Nara Soundcheck, played in the real loop."""

from __future__ import annotations

import os
import threading

import numpy as np
import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.tutorial import (  # noqa: E402
    RING_S,
    Lesson,
    TutorialEnd,
    faded_backing,
    lesson_cards,
    lesson_song,
    results_card,
    run_cards,
    tutorial,
)
from game.audio.stream import RATE  # noqa: E402
from game.core.judgement import Judgement  # noqa: E402
from game.core.lanes import Lane  # noqa: E402
from game.formats.song_folder import builtin_charts_dir, load_song  # noqa: E402
from game.input.bindings import bindings_from_settings, default_keymap  # noqa: E402
from game.input.keyboard import KeyboardMapper  # noqa: E402
from game.store.settings import Settings  # noqa: E402

NARA = builtin_charts_dir() / "nara-soundcheck"
KEYMAP = default_keymap(1)
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


@pytest.fixture
def screen(tmp_path, monkeypatch):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    pygame.mixer.pre_init(44100, 32, 2, 512)
    pygame.init()
    surface = pygame.display.set_mode((1280, 720))
    yield surface
    pygame.quit()


def post(*keys: int) -> None:
    for k in keys:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))


def test_cards_name_the_keys_player_1_has_bound():
    keymap = bindings_from_settings({"p1_kick": ["b"], "p1_red": ["x", "c"]}, 1)
    cards = {(c.lane, c.cymbal): c for c in lesson_cards(keymap) if c.lane is not None}
    assert cards[(Lane.KICK, False)].keys == ("b",)
    assert cards[(Lane.RED, False)].keys == ("x", "c")
    assert cards[(Lane.GREEN, True)].keys == ("i",)
    assert len(cards) == 8  # kick, snare, three toms, three cymbals


def test_a_right_key_goes_on_and_a_wrong_key_does_not(screen):
    lesson = Lesson(lesson_cards(KEYMAP), KeyboardMapper(KEYMAP))
    post(pygame.K_SPACE, pygame.K_RETURN)  # Space on the welcome card: not Enter, stays
    post(pygame.K_d, pygame.K_q)  # on the kick card: the snare's key, then no drum at all
    post(pygame.K_ESCAPE)
    assert run_cards(screen, lesson, None) == "skip"
    assert lesson.index == 1 and lesson.card.lane is Lane.KICK
    assert lesson.feedback == ("Q is not a drum. The kick is Space.", False)
    post(pygame.K_d, pygame.K_ESCAPE)
    run_cards(screen, lesson, None)
    assert lesson.feedback == ("D plays the snare. The kick is Space.", False)
    post(pygame.K_SPACE, pygame.K_f, pygame.K_ESCAPE)
    run_cards(screen, lesson, None)
    assert lesson.index == 2 and lesson.card.lane is Lane.RED
    assert lesson.feedback == ("F plays the yellow tom. The snare is D.", False)


def test_the_cards_go_through_on_the_right_keys_and_leave_later_keys_queued(screen):
    lesson = Lesson(lesson_cards(KEYMAP), KeyboardMapper(KEYMAP))
    post(*RIGHT_KEYS, pygame.K_a)
    assert run_cards(screen, lesson, None) == "done"
    assert lesson.done
    queued = pygame.event.get(pygame.KEYDOWN)
    assert [e.key for e in queued] == [pygame.K_a]  # left for the song


def test_a_remapped_kick_is_the_key_its_card_wants(screen):
    keymap = bindings_from_settings({"p1_kick": ["b"]}, 1)
    lesson = Lesson(lesson_cards(keymap), KeyboardMapper(keymap))
    post(pygame.K_RETURN, pygame.K_SPACE, pygame.K_ESCAPE)
    run_cards(screen, lesson, None)
    assert lesson.index == 1  # Space is no longer the kick
    post(pygame.K_b, pygame.K_ESCAPE)
    run_cards(screen, lesson, None)
    assert lesson.index == 2


def test_escape_skips_the_lesson_and_a_closed_window_quits(screen):
    post(pygame.K_RETURN, pygame.K_ESCAPE)
    assert tutorial(screen, Settings(), KEYMAP) == TutorialEnd(None, to_song_select=False)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert tutorial(screen, Settings(), KEYMAP) == TutorialEnd(None, to_song_select=False)
    assert pygame.event.peek(pygame.QUIT)


def test_lesson_song_is_the_first_bars_of_nara_up_to_30_seconds():
    song = load_song(NARA)
    short = lesson_song(song, 30.0)
    bar = 60 / 90 * 4  # Nara is 90 BPM in 4/4
    cut = 11 * bar  # the last bar line before 30 s (the chorus)
    assert short.chart.meta.length_s == pytest.approx(cut + RING_S, abs=1e-3)
    easy = short.chart.track("full", "easy")
    full = song.chart.track("full", "easy")
    assert easy.times.max() == pytest.approx(cut, abs=1e-3)  # the chorus downbeat is kept
    assert len(easy) == int(np.sum(full.times <= cut + 1e-3))
    assert [s.name for s in short.chart.sections] == ["Count-In", "Intro", "Verse"]
    assert song.chart.track("full", "easy") is full  # the loaded chart is left alone


def test_backing_fades_out_after_the_last_bar():
    backing = np.ones((RATE * 4, 2), dtype=np.float32)
    out = faded_backing(backing, 2.0, 1.0)
    assert len(out) == RATE * 3
    assert (out[: RATE * 2] == 1.0).all()
    assert out[RATE * 2 + RATE // 2, 0] == pytest.approx(0.5, abs=1e-3)
    assert out[-1, 0] == 0.0


def play_through(run, key: int = pygame.K_RETURN):
    """`run()` with the lesson's cards answered and `key` pressed every 0.2 s from the start
    of the song (the play loop takes Enter or Esc... Esc pauses, so only Enter is pressed
    while the song plays; `key` then closes the results card)."""
    post(*RIGHT_KEYS)
    stop = threading.Event()

    def press() -> None:
        while not stop.wait(0.2):
            post(key)

    presser = threading.Thread(target=press, daemon=True)
    presser.start()
    try:
        return run()
    finally:
        stop.set()
        presser.join()
        pygame.event.clear(pygame.KEYDOWN)


def test_the_lesson_plays_nara_in_the_real_loop_and_shows_how_it_went(screen):
    """Every card, then three seconds of Nara (two notes, nobody plays them), then the results
    card, which Enter closes: on to song select, as the card says."""
    end = play_through(lambda: tutorial(screen, Settings(), KEYMAP, song_s=3.0))
    assert end.to_song_select
    result = end.result
    assert result is not None and result.finished
    stats = result.session.stats()[0]
    assert stats.notes == 2  # the count-in's end: a kick and a crash on bar 2
    assert stats.counts[Judgement.MISS] == 2


def test_the_last_card_says_enter_leads_to_song_select():
    from game.app.play import PlayResult
    from game.core.replay import PlayerSetup, simulate

    session = simulate(load_song(NARA).chart, [PlayerSetup("full", "easy")], [])
    card = results_card(PlayResult(session, True, []))
    assert "Press Enter for song select." in card.lines[-1]


def test_after_the_lesson_the_game_opens_song_select(screen, monkeypatch):
    """The title menu's Tutorial, played through (a 3-second lesson song): Enter on the last
    card leads the game on to song select ("Play"), not back to the title."""
    from game.app import Game, _go
    from game.app import tutorial as lesson
    from game.store.settings import LoadedSettings
    from game.ui.menus import SongSelectState

    monkeypatch.setattr(lesson, "LESSON_SONG_S", 3.0)
    game = Game(screen, LoadedSettings(Settings()), None, SongSelectState([]))
    assert play_through(lambda: _go(game, "Tutorial", None)) == "Play"
    assert game.last_play_median_ms is None  # nobody hit a note: no median to calibrate from
