"""The song list scene renders headless and answers posted events."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.library.index import SongRecord  # noqa: E402
from game.ui.song_list import BACKGROUND, SongListScene  # noqa: E402


@pytest.fixture
def screen():
    pygame.init()
    surface = pygame.display.set_mode((1280, 720))
    yield surface
    pygame.quit()


SONGS = [
    SongRecord(Path("a"), "Firecracker Night", "Drum Duet"),
    SongRecord(Path("b"), "Broken Song", "", problem="notes.mid: truncated"),
    SongRecord(Path("c"), "Gilded Hour", "Drum Duet"),
]


def test_renders_titles_and_unplayable_reasons(screen):
    scene = SongListScene(SONGS)
    scene.draw(screen)
    # Something other than the background is drawn in the list area, row by row.
    for y in (150, 200, 270):
        row = [screen.get_at((x, y))[:3] for x in range(40, 400)]
        assert any(px != BACKGROUND for px in row)


def test_arrow_keys_move_the_selection_and_escape_quits(screen):
    scene = SongListScene(SONGS)
    for key in (pygame.K_DOWN, pygame.K_DOWN, pygame.K_DOWN, pygame.K_UP):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key))
    for event in pygame.event.get():
        scene.handle(event)
    assert scene.selected == 2 and not scene.done
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE))
    for event in pygame.event.get():
        scene.handle(event)
    assert scene.done


def test_empty_library_renders_a_hint(screen):
    scene = SongListScene([])
    scene.draw(screen)
    row = [screen.get_at((x, 150))[:3] for x in range(40, 600)]
    assert any(px != BACKGROUND for px in row)
    scene.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DOWN))  # no songs: no crash
    assert scene.selected == 0


def test_window_closes_on_quit_event(screen):
    scene = SongListScene(SONGS)
    scene.handle(pygame.event.Event(pygame.QUIT))
    assert scene.done
