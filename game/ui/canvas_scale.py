"""The menu canvas scaled up to the window, kept from frame to frame: a frame scales again only
what changed on the canvas since the last, and gets the very pixels a whole
`pygame.transform.smoothscale` would give (a song list scrolling changes nothing on the canvas,
since its text is drawn sharp over it, so such a frame only copies the kept picture).

pygame's smoothscale enlarges a 32-bit surface in two passes, first across, then down: output
pixel x of a line enlarged from `src` to `dst` pixels mixes source pixels x * (src - 1) // dst
and the next, with weights that depend on x, `src` and `dst` alone. So a band of whole canvas
rows enlarged across only is exactly those rows of the first pass, and a band of whole columns
of the first pass enlarged down only is exactly those columns of the result: a changed box is
scaled again as the band of rows across it, then the window columns that read it, down. (Each
backend is tried once before it is trusted: `scales_in_bands`.)
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pygame


def _first_pixels(src: int, dst: int) -> np.ndarray:
    """For each of `dst` output pixels along a line enlarged from `src` pixels, the first of the
    two source pixels it mixes (the other is the next)."""
    return np.arange(dst, dtype=np.int64) * (src - 1) // dst


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """The runs of True in `flags` as (start, end) index pairs, end exclusive."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.view(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _rows(surface: pygame.Surface) -> np.ndarray:
    """`surface`'s pixels as 32-bit words, one array row per pixel row (a view: the surface
    stays locked while it lives)."""
    return pygame.surfarray.pixels2d(surface).T


class ScaledCanvas:
    """A canvas enlarged to the window, kept: `draw` puts it on the window as smoothscale
    would, scaling again only what changed on the canvas since the last `draw`."""

    def __init__(self) -> None:
        self._last: pygame.Surface | None = None
        """A copy of the canvas as last scaled."""
        self._wide: pygame.Surface | None = None
        """The canvas enlarged across only (the first pass): window width, canvas height."""
        self._scaled: pygame.Surface | None = None
        """The canvas enlarged to the window's size."""
        self._across = np.zeros(0, np.int64)
        """`_first_pixels` across the window."""

    def forget(self) -> None:
        """Drop the kept picture (the next `draw` scales the whole canvas)."""
        self._last = self._wide = self._scaled = None

    def draw(self, canvas: pygame.Surface, window: pygame.Surface) -> None:
        """Put `canvas` on `window`, enlarged to fill it with pygame's smoothscale filter;
        a canvas that is not enlarged both ways, or not in the window's 32-bit pixel format,
        is simply smoothscaled."""
        if not self._keeps(canvas, window):
            self.forget()
            pygame.transform.smoothscale(canvas, window.get_size(), window)
            return
        if (
            self._scaled is None
            or self._scaled.get_size() != window.get_size()
            or not _same(self._last, canvas)
        ):
            self._start(canvas, window)
        else:
            self._update(canvas)
        assert self._scaled is not None
        window.blit(self._scaled, (0, 0))

    @staticmethod
    def _keeps(canvas: pygame.Surface, window: pygame.Surface) -> bool:
        """True when `canvas` is enlarged both ways onto `window` and both are plain 32-bit
        surfaces of one pixel format (what the kept picture reproduces exactly)."""
        (cw, ch), (ww, wh) = canvas.get_size(), window.get_size()
        return (
            ww > cw > 1
            and wh > ch > 1
            and canvas.get_bytesize() == window.get_bytesize() == 4
            and canvas.get_masks() == window.get_masks()
            and scales_in_bands()
        )

    def _start(self, canvas: pygame.Surface, window: pygame.Surface) -> None:
        """Scale the whole canvas and keep everything the next frames need."""
        (cw, ch), (ww, wh) = canvas.get_size(), window.get_size()
        self._last = pygame.Surface((cw, ch), 0, canvas)  # plain: a copy() or subsurface()
        self._last.blit(canvas, (0, 0))  # of a subclass (SharpCanvas) would be one too
        self._wide = pygame.Surface((ww, ch), 0, canvas)
        pygame.transform.smoothscale(self._last, (ww, ch), self._wide)
        self._scaled = pygame.Surface((ww, wh), 0, window)
        pygame.transform.smoothscale(self._last, (ww, wh), self._scaled)
        self._across = _first_pixels(cw, ww)

    def _update(self, canvas: pygame.Surface) -> None:
        """Scale again what changed on `canvas` since it was last scaled: across, each band of
        canvas rows that changed; then down, every window column that reads a changed pixel."""
        assert self._last is not None and self._wide is not None and self._scaled is not None
        now, last = _rows(canvas), _rows(self._last)
        pair = 2 if now.shape[1] % 2 == 0 else 1  # two pixels a 64-bit word: half the work
        if pair == 2:
            now, last = now.view(np.uint64), last.view(np.uint64)
        diff = now != last
        del now, last
        changed = diff.any(axis=1)
        if not changed.any():
            return
        width, wide_w = canvas.get_width(), self._wide.get_width()
        spans = []
        for top, end in _runs(changed):
            columns = np.flatnonzero(diff[top:end].any(axis=0))
            spans.append((int(columns[0]) * pair, int(columns[-1]) * pair + pair - 1))
            band = pygame.Rect(0, top, width, end - top)
            self._last.blit(canvas, band, band)
            target = self._wide.subsurface((0, top, wide_w, end - top))
            pygame.transform.smoothscale(self._last.subsurface(band), target.get_size(), target)
        height, tall = self._wide.get_height(), self._scaled.get_height()
        for left, right in self._window_columns(spans):
            source = self._wide.subsurface((left, 0, right - left, height))
            target = self._scaled.subsurface((left, 0, right - left, tall))
            pygame.transform.smoothscale(source, target.get_size(), target)

    def _window_columns(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The window columns (start, end exclusive: merged, left to right) whose pixels read
        a canvas column of `spans` ((first, last) canvas columns)."""
        across = self._across
        out: list[tuple[int, int]] = []
        for first, last in sorted(spans):
            left = int(np.searchsorted(across + 1, first))  # reads `first` as its right pixel
            right = int(np.searchsorted(across, last, side="right"))
            if out and left <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], right))
            else:
                out.append((left, right))
        return out


def scales_in_bands() -> bool:
    """True when pygame's smoothscale, with the backend in use, gives a canvas scaled again in
    bands (`ScaledCanvas`) the pixels it gives scaling it whole (tried once per backend on
    small random surfaces: true of pygame-ce's SSE2 filter, not of its plain-C "GENERIC")."""
    return _tried(pygame.transform.get_smoothscale_backend())


@cache
def _tried(backend: str) -> bool:
    """`scales_in_bands` for `backend`, the one in use."""
    rng = np.random.default_rng(15)
    canvas, window = pygame.Surface((54, 31), 0, 32), pygame.Surface((80, 47), 0, 32)
    pixels = _rows(canvas)
    pixels[:] = rng.integers(0, 1 << 32, pixels.shape, dtype=np.uint32)
    del pixels  # the surface is unlocked
    kept = ScaledCanvas()
    kept._start(canvas, window)
    pixels = _rows(canvas)
    pixels[10:15, 5:21] = rng.integers(0, 1 << 32, (5, 16), dtype=np.uint32)
    del pixels
    kept._update(canvas)
    assert kept._scaled is not None
    pygame.transform.smoothscale(canvas, window.get_size(), window)
    return bytes(kept._scaled.get_view("2")) == bytes(window.get_view("2"))


def _same(kept: pygame.Surface | None, canvas: pygame.Surface) -> bool:
    """True when `kept` is a copy of a canvas like `canvas` (size and pixel format)."""
    return (
        kept is not None
        and kept.get_size() == canvas.get_size()
        and kept.get_masks() == canvas.get_masks()
    )
