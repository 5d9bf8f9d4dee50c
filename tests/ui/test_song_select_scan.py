"""Song select while the background scan runs, in a real (dummy-driver) window on the game's
loop: songs appear as the scan finds them, its progress shows in the header and goes when it
is done, F5 rescans, and the window regaining focus finds a folder added meanwhile."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygame
import pytest

from game.app.song_scan import scan_line
from game.app.song_select import SongSelectScreen
from game.library.index import SongRecord
from game.library.scan_service import ScanProgress, ScanService
from game.ui.song_select_view import SongSelectState, draw_song_select, setup_tip
from tests.helpers import ROOT

NARA = ROOT / "charts" / "nara-soundcheck"


def add_song(root: Path, name: str) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    shutil.copy(NARA / "notes.mid", folder)
    (folder / "song.ini").write_text(f"[song]\nname = {name}\n")
    return folder


def step_until(loop, service: ScanService, done) -> None:
    """Run the loop's frames until `done()` (the scan runs on its own thread meanwhile)."""
    for _ in range(2000):
        loop.step()
        if done() and not service.running:
            loop.step()
            return
        loop.clock.advance(0.02)
        pygame.time.wait(2)
    pytest.fail("the scan's songs never reached song select")


@pytest.fixture
def scanning(app, loop, tmp_path):
    root = tmp_path / "songs"
    for i in range(3):
        add_song(root, f"Song {i}")
    app.scan = ScanService(tmp_path / "library.db", lambda: [root], workers=0)
    state = SongSelectState(app.scan.load())
    loop.stack.push(SongSelectScreen(state, lambda *a: None))
    yield app, loop, state, root
    app.scan.stop()


def test_songs_appear_as_the_scan_finds_them_and_the_progress_goes(scanning):
    app, loop, state, _ = scanning
    assert state.songs == [] and state.scan_line is None
    app.scan.start()
    loop.step()
    step_until(loop, app.scan, lambda: len(state.songs) == 3)
    assert [s.title for s in state.songs] == ["Song 0", "Song 1", "Song 2"]
    assert app.songs == state.songs and state.scan_line is None


def test_f5_rescans_and_focus_finds_a_folder_added_meanwhile(scanning):
    app, loop, state, root = scanning
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F5, mod=0, unicode=""))
    step_until(loop, app.scan, lambda: len(state.songs) == 3)
    state.selected = 2  # "Song 2" stays highlighted as the list grows
    add_song(root, "Added Later")
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSGAINED))
    step_until(loop, app.scan, lambda: len(state.songs) == 4)
    assert "Added Later" in [s.title for s in state.songs]
    assert state.song.title == "Song 2" and app.scan.scans >= 2


def test_the_progress_line_is_drawn_in_the_header(screen):
    assert scan_line(ScanProgress(4210, 10000)) == "Scanning… 4,210 of 10,000 folders"
    assert scan_line(ScanProgress(0, 0)) == "Scanning…"
    assert scan_line(ScanProgress(10, 10, details=True)) is None and scan_line(None) is None
    song = SongRecord("Song 1", folder=Path("/songs/one"))  # a listed song: the list stays put
    state = SongSelectState([song])
    draw_song_select(screen, state)
    header = pygame.Rect(0, 0, 1280, 70)
    before = pygame.image.tobytes(screen.subsurface(header), "RGB")
    state.scan_line = scan_line(ScanProgress(4210, 10000))
    draw_song_select(screen, state)
    assert pygame.image.tobytes(screen.subsurface(header), "RGB") != before
    below = pygame.Rect(0, 70, 1280, 650)
    draw_song_select(screen, SongSelectState([song]))
    plain = pygame.image.tobytes(screen.subsurface(below), "RGB")
    draw_song_select(screen, state)
    assert pygame.image.tobytes(screen.subsurface(below), "RGB") == plain  # the header only
    assert "F5: rescan" in setup_tip(state)
