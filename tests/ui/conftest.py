"""The screens' tests draw on a real pygame window of SDL's dummy video driver."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")


@pytest.fixture
def screen():
    """A 1280x720 window (pygame started for the test and quit after it)."""
    pygame.init()
    surface = pygame.display.set_mode((1280, 720))
    yield surface
    pygame.quit()


class FakeClock:
    """The loop's clock in tests: seconds that move only when the loop sleeps or a test says."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass (the loop's sleep)."""
        self.now += seconds


@pytest.fixture
def app(tmp_path):
    """An app context with default settings saved into tmp_path, no score book and no devices."""
    from game.app.context import AppContext
    from game.store.settings import LoadedSettings, Settings

    return AppContext(LoadedSettings(Settings()), settings_file=tmp_path / "settings.toml")


@pytest.fixture
def loop(screen, app):
    """The game's one loop on a fake clock (`loop.clock.advance(s)`), with an empty stack."""
    from game.app.loop import Loop

    clock = FakeClock()
    return Loop(app, clock=clock, sleep=clock.advance)


@pytest.fixture
def scored_game(tmp_path, monkeypatch, screen):
    """An app with a real score book (tmp_path/scores.db) under a fresh home (the practice
    book opens there), and its loop on a fake clock (`tests.ui.stepped_loop`)."""
    from game.app.context import AppContext
    from game.store.scores import ScoreBook
    from game.store.settings import LoadedSettings, Settings
    from tests.ui.stepped_loop import stepped_loop

    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path / "home"))
    app = AppContext(LoadedSettings(Settings()), settings_file=tmp_path / "settings.toml")
    app.book = ScoreBook(tmp_path / "scores.db")
    yield app, stepped_loop(app)
    app.close()
    app.book.close()
