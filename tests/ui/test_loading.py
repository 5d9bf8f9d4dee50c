"""Loading a song from song select: the real song is prepared off the loop's thread with its
progress shown, Esc cancels it leaving no thread, no worker process, no play and no part of a
file behind, and a song that cannot be read comes back to song select saying why."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.loading import LoadingScreen  # noqa: E402
from game.app.play import PlayScreen  # noqa: E402
from game.app.song_select import SongSelectScreen  # noqa: E402
from game.formats.song_folder import load_song  # noqa: E402
from game.library.index import SongRecord, TrackInfo  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.loading_view import LoadingPicture, draw_loading, loading_boxes  # noqa: E402
from game.ui.song_select_view import SongSelectState  # noqa: E402
from tests.helpers import ROOT  # noqa: E402
from tests.ui.stepped_loop import next_frame  # noqa: E402

NARA = ROOT / "charts" / "nara-soundcheck"
WAIT_S = 120.0
"""The longest the tests wait for the worker (a bound, not a timing: a slow machine passes)."""


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh game home: an empty render cache, so the song's music is really rendered."""
    monkeypatch.setenv("DRUM_DUET_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def record_of(folder: Path) -> SongRecord:
    """The library's record of a song folder, from its real chart."""
    song = load_song(folder)
    tracks = tuple(TrackInfo(p, d, len(t)) for (p, d), t in song.chart.tracks.items())
    return SongRecord(song.chart.meta.title, "Drum Duet", folder=folder, tracks=tracks)


def press(key):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))


def start_loading(loop) -> tuple[SongSelectScreen, LoadingScreen]:
    """Song select over an empty stack, Enter twice: the setup panel, then Start."""
    state = SongSelectState([record_of(NARA)])
    select = SongSelectScreen(state)
    loop.stack.push(select)
    press(pygame.K_RETURN)
    press(pygame.K_RETURN)
    next_frame(loop)
    loading = loop.stack.top
    assert isinstance(loading, LoadingScreen)
    return select, loading


def step_until(loop, done) -> None:
    """Run the loop until `done()` (bounded by `WAIT_S` of real time: the worker is real)."""
    deadline = time.monotonic() + WAIT_S
    while not done():
        assert time.monotonic() < deadline, "the loading never got there"
        next_frame(loop)
        time.sleep(0.002)  # the worker thread's turn


def loading_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "song loading"]


def test_a_song_loads_off_the_loop_with_its_progress_shown_then_plays(home, screen, loop):
    select, loading = start_loading(loop)
    assert loading.worker is not None and loading.worker.is_alive()  # Start did not wait
    seen: set[float] = set()

    def playing() -> bool:
        seen.add(loading.progress.shown()[0])
        return isinstance(loop.stack.top, PlayScreen)

    step_until(loop, playing)
    reports = loading.progress.reports
    assert reports == sorted(reports) and reports[0] == 0.0 and reports[-1] == 1.0
    assert len(reports) >= 4  # the chart, the music, the kit, ready
    assert any(0.15 < f < 0.75 for f in reports)  # the render's own progress, from its worker
    assert any(0.0 < f < 1.0 for f in seen)  # the loop ran and drew while the song loaded
    assert not loading_threads()
    assert loop.stack.screens[0] is select and len(loop.stack.screens) == 2
    assert list((home / "cache" / "renders").glob("*.wav"))  # the render was cached
    loop.stack.quit()


def test_esc_cancels_a_loading_leaving_nothing_behind(home, screen, loop):
    select, loading = start_loading(loop)
    step_until(loop, lambda: loading.progress.shown()[0] > 0.15)  # the render is under way
    assert loading.progress.shown()[0] < 0.75  # and not done
    press(pygame.K_ESCAPE)
    next_frame(loop)
    assert loading.cancelling
    step_until(loop, lambda: loop.stack.top is not loading)
    assert loop.stack.top is select and len(loop.stack.screens) == 1  # no play was started
    assert select.state.notice is None
    assert not loading.worker.is_alive() and not loading_threads()
    assert multiprocessing.active_children() == []  # the render's worker process has ended
    renders = home / "cache" / "renders"
    leftovers = list(renders.glob("*")) if renders.exists() else []
    assert leftovers == []  # no render, and no part of one
    assert loading.prepared is None


def test_a_song_that_cannot_be_read_comes_back_to_song_select_saying_why(
    home, tmp_path, screen, loop
):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "notes.chart").write_text("[Song]\n{\n  Resolution = nonsense\n")
    (broken / "song.ini").write_text("[song]\nname = Broken\n")
    good = record_of(NARA)
    state = SongSelectState([SongRecord("Broken", "x", folder=broken, tracks=good.tracks)])
    select = SongSelectScreen(state)
    loop.stack.push(select)
    press(pygame.K_RETURN)
    press(pygame.K_RETURN)
    step_until(loop, lambda: loop.stack.top is select and state.notice is not None)
    assert state.notice is not None and "Broken cannot be played" in state.notice
    assert not loading_threads()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (960, 540)])
def test_the_loading_panel_fills_its_bar_by_the_fraction(size):
    pygame.init()
    try:
        surface = pygame.Surface(size)
        widths = []
        for fraction in (0.0, 0.5, 1.0):
            draw_loading(surface, LoadingPicture("Nara Soundcheck", "Drum Duet", fraction, "x"))
            bar = loading_boxes(size)["bar"].inflate(-6, -6)
            row = [surface.get_at((x, bar.centery))[:3] for x in range(bar.left, bar.right)]
            widths.append(sum(1 for c in row if c == theme.GOLD))
        assert widths[0] == 0 and 0 < widths[1] < widths[2]
        assert abs(widths[1] - bar.width // 2) < bar.width // 5
        boxes = loading_boxes(size)
        assert boxes["panel"].contains(boxes["bar"]) and boxes["panel"].contains(boxes["spinner"])
        assert not boxes["footer"].colliderect(boxes["panel"])
    finally:
        pygame.quit()
