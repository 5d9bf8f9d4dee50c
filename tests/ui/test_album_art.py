"""Album art: a real PNG and JPEG load off the main thread and are scaled into their square;
an album image that is not an image, is cut short, is too many pixels (refused from its
header, before decoding) or too many bytes is shown without art and the reason logged naming
the file; the built-in songs show our own SVG covers."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.formats.image_header import ImageHeaderError, image_header  # noqa: E402
from game.formats.song_folder import builtin_charts_dir  # noqa: E402
from game.library.index import SongRecord, TrackInfo  # noqa: E402
from game.ui import album_art  # noqa: E402
from game.ui.album_art import MAX_ART_SIDE, CoverShelf  # noqa: E402
from game.ui.song_details import COVERS, cover_box, difficulty_cells  # noqa: E402
from game.ui.song_select_view import SongSelectState, draw_song_select, song_select_layout  # noqa: E402

WAIT_S = 30.0
"""The longest a test waits for the art worker (a bound, not a timing)."""


def picture(path: Path, size: tuple[int, int], colour=(220, 120, 40)) -> Path:
    """A real image file written by pygame (PNG or JPEG by the name)."""
    surface = pygame.Surface(size)
    surface.fill(colour)
    pygame.draw.circle(surface, (30, 60, 200), (size[0] // 2, size[1] // 2), min(size) // 3)
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surface, str(path))
    return path


def song_in(folder: Path, art: Path | None = None) -> SongRecord:
    """A playable song record of `folder` (no chart needed to show its details)."""
    tracks = (TrackInfo("full", "expert", 300),)
    folder.mkdir(parents=True, exist_ok=True)
    return SongRecord(
        "Cover Song", "Tests", folder=folder, tracks=tracks, art=art, chart_sha256="c"
    )


def load(shelf: CoverShelf, art: Path, side: int) -> pygame.Surface | None:
    """Ask for the cover and wait for the worker's answer (a surface, or None: bad art)."""
    shelf.loaded.clear()
    assert shelf.cover(art, side) is None  # never answered on the spot: the worker loads it
    assert shelf.loaded.wait(WAIT_S)
    return shelf.cover(art, side)


@pytest.fixture(autouse=True)
def window():
    pygame.init()
    pygame.display.set_mode((64, 64))
    yield
    pygame.quit()


@pytest.mark.parametrize("name", ["album.png", "album.jpg"])
def test_a_real_cover_loads_off_the_main_thread_scaled_into_its_square(tmp_path, name):
    art = picture(tmp_path / "song" / name, (800, 400))
    shelf = CoverShelf()
    song = song_in(tmp_path / "song")
    assert shelf.art_file(song) == art  # found in the folder without the scan's help
    cover = load(shelf, art, 120)
    assert cover is not None and cover.get_size() == (120, 60)  # aspect kept
    centre = cover.get_at((60, 30))[:3]
    assert centre[2] > 150 and centre[0] < 90  # the blue circle, decoded
    assert shelf._worker is not None and shelf._worker is not threading.current_thread()


def broken_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    """Real broken album files and the words their reason must hold."""
    text = tmp / "text" / "album.png"
    text.parent.mkdir()
    text.write_text("this is a song's notes, not a picture\n" * 10)
    good = picture(tmp / "good" / "album.png", (300, 300))
    cut = tmp / "cut" / "album.png"
    cut.parent.mkdir()
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    jpeg = picture(tmp / "goodjpg" / "album.jpg", (300, 300))
    cut_jpeg = tmp / "cutjpg" / "album.jpg"
    cut_jpeg.parent.mkdir()
    cut_jpeg.write_bytes(jpeg.read_bytes()[: jpeg.stat().st_size // 2])
    wide = picture(tmp / "wide" / "album.png", (MAX_ART_SIDE + 1, 8))  # tiny file, huge picture
    heavy = tmp / "heavy" / "album.png"
    heavy.parent.mkdir()
    heavy.write_bytes(good.read_bytes() + os.urandom(album_art.MAX_ART_BYTES))
    return {
        "not an image": (text, "not a PNG or JPEG"),
        "cut PNG": (cut, "cut short"),
        "cut JPEG": (cut_jpeg, "cut short"),
        "too many pixels": (wide, "too large"),
        "too many bytes": (heavy, "more than the"),
    }


def test_broken_covers_show_no_art_and_say_why_naming_the_file(tmp_path, caplog, monkeypatch):
    decoded: list[str] = []
    real_load = pygame.image.load
    monkeypatch.setattr(  # watch (not replace) the decoder: refused files never reach it
        pygame.image, "load", lambda f, name="": decoded.append(name) or real_load(f, name)
    )
    shelf = COVERS  # the details panel's own
    caplog.set_level(logging.WARNING, logger="game.ui.album_art")
    for what, (art, words) in broken_files(tmp_path).items():
        song = song_in(art.parent)
        assert shelf.usable(song), what  # not known bad before it is tried
        assert load(shelf, art, 100) is None, what
        assert words in (shelf.problem(art) or ""), what
        assert not shelf.usable(song), what
        logged = [r.getMessage() for r in caplog.records if str(art) in r.getMessage()]
        assert logged and words in logged[0], what
        area = pygame.Rect(0, 0, 536, 196)
        assert cover_box(song, area) is None, what  # the details lay out without art
    assert decoded == []  # every one was refused from its bytes and header, never decoded


def test_the_header_gives_the_size_and_kind_before_decoding(tmp_path):
    png = picture(tmp_path / "a.png", (37, 21))
    jpg = picture(tmp_path / "a.jpg", (40, 30))
    assert (image_header(png.read_bytes()).kind, image_header(png.read_bytes()).width) == (
        "png",
        37,
    )
    head = image_header(jpg.read_bytes())
    assert (head.kind, head.width, head.height) == ("jpeg", 40, 30)
    with pytest.raises(ImageHeaderError):
        image_header(b"GIF89a" + bytes(100))


def test_the_built_in_songs_show_our_own_covers_beside_their_whole_grid(tmp_path):
    shelf = CoverShelf()
    folders = sorted(p for p in builtin_charts_dir().iterdir() if (p / "song.ini").exists())
    assert len(folders) == 3
    for folder in folders:
        song = SongRecord(folder.name, "Drum Duet", folder=folder)
        art = shelf.art_file(song)
        assert art is not None and art.suffix == ".svg" and art.stem == folder.name
        cover = load(shelf, art, 150)
        assert cover is not None and cover.get_size() == (150, 150)
        colours = {cover.get_at((x, y))[:3] for x in range(0, 150, 10) for y in range(0, 150, 10)}
        assert len(colours) > 12  # a drawing, not a flat square


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_cover_and_the_grid_share_the_details_without_overlap(tmp_path, size):
    from game.core.lanes import Difficulty, Part

    tracks = tuple(
        TrackInfo(p, d, 1398 + i) for p in Part for i, d in enumerate(Difficulty.standard())
    )
    art = picture(tmp_path / "song" / "album.jpg", (500, 500))
    song = SongRecord("Cover Song", "Tests", folder=tmp_path / "song", tracks=tracks)
    state = SongSelectState([song])
    surface = pygame.display.set_mode(size)
    details = song_select_layout(size)["details"]
    box = cover_box(song, details)
    assert box is not None and details.contains(box)
    cells = difficulty_cells(state, details)
    assert len(cells) == 3 * 4  # every part at every difficulty still shows
    assert not any(c.box.colliderect(box) for c in cells)
    COVERS.loaded.clear()
    draw_song_select(surface, state)  # asks for the cover
    assert COVERS.loaded.wait(WAIT_S) and COVERS.art_file(song) == art
    draw_song_select(surface, state)
    middle = surface.get_at(box.center)[:3]
    assert middle[2] > 150 and middle[0] < 90  # the cover's blue circle is on the screen
