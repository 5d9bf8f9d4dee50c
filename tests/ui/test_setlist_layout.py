"""The setlists' screens and song select with a set, a favourite and a cover lay themselves out
in every language at small, common and large windows with very long titles and names: no line
of text covers another or leaves its panel (drawn with the real fonts onto a recording
surface), and no text lies on the cover."""

from __future__ import annotations

import dataclasses
import os
import time

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.app.context import AppContext  # noqa: E402
from game.app.scene import ScreenStack  # noqa: E402
from game.app.setlists import SetlistsScreen, SetRunScreen, setlist_songs  # noqa: E402
from game.app.song_select import SongSelectScreen, set_players  # noqa: E402
from game.base.language import LANGUAGES, set_language  # noqa: E402
from game.store.settings import LoadedSettings, Settings  # noqa: E402
from game.store.song_book import SongBook  # noqa: E402
from game.ui.canvas import Canvas  # noqa: E402
from game.ui.setlist_view import NEXT_COVER, PlayerFigures, SetSong  # noqa: E402
from game.ui.song_details import COVERS, cover_box  # noqa: E402
from game.ui.song_select_view import SongSelectState, song_select_layout  # noqa: E402
from game.ui.text_boxes import RecordingSurface  # noqa: E402
from tests.ui.test_album_art import picture  # noqa: E402
from tests.ui.test_layout_sizes import JA_ARTIST, KO_TITLE, LONG_TITLE, NAMES, songs  # noqa: E402

SIZES = [(960, 540), (1280, 720), (1920, 1080), (3840, 2160), (700, 900)]
LONG_NAME = "Friday Night At The Very Long Named Venue 금요일 밤 공연 金曜日の夜"


@pytest.fixture(scope="module", autouse=True)
def window():
    pygame.init()
    pygame.display.set_mode((64, 64))
    yield
    pygame.quit()


@pytest.fixture(params=sorted(LANGUAGES))
def language(request):
    set_language(request.param)
    yield request.param
    set_language("en")


@pytest.fixture
def world(tmp_path):
    """An app with a song book holding a favourite and two saved setlists, and a library of
    long-named songs, the first with a cover in its folder."""
    library = songs()[:3]
    folder = tmp_path / "covered"
    picture(folder / "album.png", (400, 400))
    library[0] = dataclasses.replace(library[0], folder=folder)
    settings = Settings()
    settings = dataclasses.replace(
        settings, players=dataclasses.replace(settings.players, names=NAMES)
    )
    app = AppContext(LoadedSettings(settings), settings_file=tmp_path / "settings.toml")
    app.song_book = SongBook(tmp_path / "songs.db")
    for _ in range(12):
        app.song_book.count_play(library[0].chart_sha256, time.time())
    app.song_book.set_favourite(library[0].chart_sha256, True)
    entries = setlist_songs(library)
    app.song_book.save_setlist(LONG_NAME, entries)
    app.song_book.save_setlist("서울", entries[:1])
    yield app, library
    app.song_book.close()


def song_select(app, library, players=1) -> SongSelectScreen:
    state = SongSelectState(list(library))
    state.setlist = list(library) * 4  # a long set: "+ N more"
    screen = SongSelectScreen(state, lambda *a: None)
    ScreenStack(app).push(screen)
    set_players(state, players)
    return screen


def duet_songs(library) -> list[SetSong]:
    pair = (PlayerFigures(NAMES[0], 1_234_567, 0.9876), PlayerFigures(NAMES[1], 987_654, 0.5))
    played = [SetSong(s.title, pair, 2_222_221, (99, 120)) for s in library]
    return [*played, SetSong(KO_TITLE, problem="stopped before the end")] * 3


def draw(name, surface, app, library) -> None:
    if name.startswith("song select"):
        screen = song_select(app, library, 2 if "duet" in name else 1)
        screen.draw(surface)
        return
    state = SongSelectState(list(library))
    state.setlist = list(library)
    stack = ScreenStack(app)
    if name.startswith("menu"):
        menu = SetlistsScreen(state)
        stack.push(menu)
        menu.notice = "Not in the library, skipped (3): " + ", ".join([LONG_TITLE, KO_TITLE] * 3)
        if "typing" in name:
            menu.selected, menu.typing = 1, LONG_NAME
        menu.draw(surface)
        return
    run = SetRunScreen(state, list(library) * 5)
    run.stack, run.app = stack, app
    solo = (PlayerFigures(NAMES[0], 1_234_567, 0.9876),)
    if name == "next song":
        run.done = [SetSong(s.title, solo) for s in library] * 2
        run.index = len(run.done)  # the next song has a cover: drawn with it
        art = COVERS.art_file(library[0])
        if COVERS.cover(art, NEXT_COVER) is None:
            COVERS.loaded.clear()
            assert COVERS.cover(art, NEXT_COVER) is not None or COVERS.loaded.wait(30)
        assert COVERS.cover(art, NEXT_COVER) is not None
    else:
        run.done = duet_songs(library) if "duet" in name else [SetSong(JA_ARTIST, solo)] * 14
        run.over = True
        if "duet" in name:  # a play kept for a busy score book says so
            run.notice = "The scores file is busy; your play is kept and saved later. " * 3
    run.draw(surface)


NAMES_OF_SCREENS = [
    "song select",
    "song select duet",
    "menu",
    "menu typing",
    "next song",
    "summary",
    "summary duet",
]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", NAMES_OF_SCREENS)
def test_no_text_overlaps_or_leaves_its_panel(name, size, language, world):
    app, library = world
    surface = RecordingSurface(size)
    draw(name, surface, app, library)
    report = surface.report
    assert report.boxes, f"{name} drew no text"
    assert report.problems() == []


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_text_lies_on_the_cover(size, language, world):
    app, library = world
    surface = RecordingSurface(size)
    screen = song_select(app, library)
    COVERS.loaded.clear()
    screen.draw(surface)
    layout = Canvas().surface_for(pygame.Surface(size)).get_size()
    box = cover_box(library[0], song_select_layout(layout)["details"])
    assert box is not None
    scale = size[0] / layout[0]
    shown = pygame.Rect(*(round(v * scale) for v in box))  # the cover in window pixels
    assert [b.words for b in surface.report.boxes if b.box.colliderect(shown)] == []
    words = [b.words for b in surface.report.boxes]
    assert any("★" in w for w in words)  # the favourite's star
    assert any(w.startswith("1. ") for w in words)  # the set, numbered, beside the setup
    assert any("F8" in w for w in words)  # the setlists' key in the footer
