"""The pause menu in the real play loop: Esc pauses, Restart restarts, Quit leaves; focus loss
pauses by itself."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.play import PlayOptions, run_play  # noqa: E402
from game.core.replay import PlayerSetup  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from tests.helpers import ROOT, live_for, shared_renders  # noqa: E402


@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    """One render cache for the module's plays of the built-in song (rendered once)."""
    return tmp_path_factory.mktemp("renders")


@pytest.fixture
def screen(tmp_path, monkeypatch, renders):
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path))
    shared_renders(tmp_path, renders)
    pygame.mixer.pre_init(44100, 32, 2, 512)
    pygame.init()
    surface = pygame.display.set_mode((1280, 720))
    yield surface
    pygame.quit()


def live():
    song = load_song(ROOT / "charts" / "nara-soundcheck")
    return live_for(song, PlayOptions([PlayerSetup("full", "easy")]))


def post(*events):
    for e in events:
        pygame.event.post(e)


def key(k):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


@pytest.mark.parametrize(("moves", "restart"), [(1, True), (2, False)])
def test_escape_pauses_and_the_menu_restarts_or_quits(screen, moves, restart):
    post(key(pygame.K_ESCAPE), *[key(pygame.K_DOWN)] * moves, key(pygame.K_RETURN))
    result = run_play(live())
    assert result.restart is restart and not result.finished


def test_losing_focus_pauses_and_escape_resumes(screen):
    play = live()
    post(
        pygame.event.Event(pygame.WINDOWFOCUSLOST),
        key(pygame.K_ESCAPE),
        key(pygame.K_ESCAPE),
        key(pygame.K_DOWN),
        key(pygame.K_DOWN),
        key(pygame.K_RETURN),
    )
    result = run_play(play)  # focus lost, resumed, paused again, quit
    assert not result.finished and not result.restart
