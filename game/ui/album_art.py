"""Album art for the details panel: the song folder's album.png / album.jpg, or for the
built-in songs our own art (SVG in assets/albums), loaded and scaled on a worker thread so the
song list never waits, a few scaled covers kept.

A file that is not an image, is cut short, or is too large (bytes, or pixels as its header says:
checked BEFORE decoding) gives no cover; the reason is logged once, naming the file.
"""

from __future__ import annotations

import io
import logging
import queue
import threading
from collections import OrderedDict
from importlib import resources
from pathlib import Path

import pygame

from game.base.bounded import FileReadError, read_bounded
from game.formats.image_header import ImageHeaderError, image_header
from game.formats.song_folder import builtin_charts_dir
from game.library.index import SongRecord

log = logging.getLogger(__name__)

ART_NAMES = ("album.png", "album.jpg", "album.jpeg")
"""The album art a song folder may hold, in the order looked for."""
MAX_ART_BYTES = 12 * 1024 * 1024
"""The largest album image read (bytes)."""
MAX_ART_SIDE = 6000
"""The widest or tallest album image decoded (pixels)."""
MAX_ART_PIXELS = 24_000_000
"""The most pixels an album image may have to be decoded (4096 × 4096 is 16.8 million)."""
KEEP_COVERS = 8
"""How many scaled covers are kept."""
BUILTIN_ART = resources.files("game.assets") / "albums"


def builtin_art(song: SongRecord) -> Path | None:
    """Our own art for a built-in song (assets/albums/<folder name>.svg), or None."""
    folder = Path(song.folder)
    if folder.parent != builtin_charts_dir():
        return None
    art = Path(str(BUILTIN_ART / f"{folder.name}.svg"))
    return art if art.is_file() else None


class CoverShelf:
    """Covers by (file, side in pixels): `cover` answers at once, with the scaled picture or
    None (still loading, or no usable art); one worker thread loads what is asked."""

    def __init__(self, keep: int = KEEP_COVERS) -> None:
        self.keep = keep
        self._covers: OrderedDict[tuple[Path, int], pygame.Surface] = OrderedDict()
        self._bad: dict[Path, str] = {}
        self._asked: set[tuple[Path, int]] = set()
        self._found: dict[Path, Path | None] = {}
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[tuple[Path, int]] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._latest: tuple[Path, int] | None = None  # the cover asked for last
        self.loaded = threading.Event()
        """Set each time the worker finishes a cover (or finds it bad): for tests."""

    def art_file(self, song: SongRecord) -> Path | None:
        """The song's art file: the scan's `art`, else album.png/album.jpg in its folder
        (looked for once per folder), else our own for a built-in song; None without."""
        if song.art is not None:
            return Path(song.art)
        folder = Path(song.folder)
        if folder not in self._found:
            found = builtin_art(song)
            if found is None:
                found = next((folder / n for n in ART_NAMES if (folder / n).is_file()), None)
            self._found[folder] = found
        return self._found[folder]

    def usable(self, song: SongRecord) -> bool:
        """True when the song has art that is not known to be bad (it may still be loading)."""
        art = self.art_file(song)
        return art is not None and self.problem(art) is None

    def problem(self, art: Path) -> str | None:
        """Why `art` gives no cover, or None (fine, or not tried yet)."""
        with self._lock:
            return self._bad.get(art)

    def cover(self, art: Path, side: int) -> pygame.Surface | None:
        """The cover of `art` fitted in a square of `side` pixels, or None while it loads (it
        is asked of the worker) or when it cannot be shown."""
        key = (art, side)
        with self._lock:
            found = self._covers.get(key)
            if found is not None:
                self._covers.move_to_end(key)
                return found
            self._latest = key
            if art in self._bad or key in self._asked:
                return None
            self._asked.add(key)
        self._queue.put(key)
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="album art", daemon=True)
            self._worker.start()
        return None

    def _work(self) -> None:
        while True:
            art, side = self._queue.get()
            with self._lock:  # scrolled past while waiting: not loaded (asked again if needed)
                stale = (art, side) != self._latest and not self._queue.empty()
                if stale:
                    self._asked.discard((art, side))
            if stale:
                continue
            try:
                surface = load_cover(art, side)
            except ArtError as e:
                log.warning("album art %s not shown: %s", art, e.reason)
                with self._lock:
                    self._bad[art] = e.reason
            except Exception as e:  # any failure: shown without art, never a crash
                log.warning("album art %s not shown: %s", art, e)
                with self._lock:
                    self._bad[art] = str(e)
            else:
                with self._lock:
                    self._covers[(art, side)] = surface
                    while len(self._covers) > self.keep:
                        old, _ = self._covers.popitem(last=False)
                        self._asked.discard(old)
            finally:
                with self._lock:
                    if (art, side) not in self._covers:
                        self._asked.discard((art, side))
            self.loaded.set()


class ArtError(Exception):
    """An album image that cannot be shown, and why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def load_cover(art: Path, side: int) -> pygame.Surface:
    """The picture in `art` scaled to fit a square of `side` pixels (aspect kept); ArtError
    when it is not a PNG, JPEG (or our SVG), is cut short or is too large."""
    if art.suffix.lower() == ".svg":
        return pygame.image.load_sized_svg(str(art), (side, side))
    try:
        data = read_bounded(art, MAX_ART_BYTES)
    except FileReadError as e:
        raise ArtError(art, e.problem) from None
    try:
        header = image_header(data)
    except ImageHeaderError as e:
        raise ArtError(art, str(e)) from None
    w, h = header.width, header.height
    if max(w, h) > MAX_ART_SIDE or w * h > MAX_ART_PIXELS:
        raise ArtError(art, f"{w} × {h} pixels is too large (at most {MAX_ART_SIDE} a side)")
    try:
        picture = pygame.image.load(io.BytesIO(data), art.name)
    except (pygame.error, ValueError) as e:
        raise ArtError(art, f"cannot be decoded: {e}") from None
    scale = side / max(picture.get_width(), picture.get_height())
    size = (max(1, round(picture.get_width() * scale)), max(1, round(picture.get_height() * scale)))
    if picture.get_bitsize() < 24:  # smoothscale takes 24 or 32 bits a pixel
        whole = pygame.Surface(picture.get_size(), pygame.SRCALPHA, 32)
        whole.blit(picture, (0, 0))
        picture = whole
    return pygame.transform.smoothscale(picture, size)
