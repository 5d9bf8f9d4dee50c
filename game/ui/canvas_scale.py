"""The menu canvas scaled up to the window, kept from frame to frame: a frame scales again only
the rows of the canvas that changed since the last, and gets the very pixels a whole
`pygame.transform.smoothscale` would give (a song list scrolling changes no row of the canvas,
since its text is drawn sharp over it, so such a frame only copies the kept picture).

pygame (pygame-ce, every backend) enlarges a 32-bit surface in two passes, first across, then
down; each pass mixes two neighbouring pixels per channel with weights in 256ths:
out = (a * (256 - w) + b * w) >> 8, where for output pixel x of `dst` from `src` pixels the left
one is x * (src - 1) // dst and w = 256 * (x * (src - 1) % dst) // dst. The first pass is pygame's
own (a band of whole canvas rows, enlarged across only); the second is done here with numpy,
byte by byte in 16 bits.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pygame

MIX_COST = 2
"""How many times the work of pygame's whole smoothscale, per window pixel, mixing a pixel here
costs (about): when more than half the window changed, the whole canvas is scaled instead."""


def _weights(src: int, dst: int) -> tuple[np.ndarray, np.ndarray]:
    """For each of `dst` output pixels along a line enlarged from `src`: the first of its two
    source pixels, and the second one's weight (0-255, in 256ths)."""
    at = np.arange(dst, dtype=np.int64) * (src - 1)
    return at // dst, (256 * (at % dst)) // dst


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
    would, scaling only the canvas rows that changed since the last `draw`."""

    def __init__(self) -> None:
        self._last: pygame.Surface | None = None
        """A copy of the canvas as last scaled."""
        self._wide: pygame.Surface | None = None
        """The canvas enlarged across only (the first pass): window width, canvas height."""
        self._scaled: pygame.Surface | None = None
        """The canvas enlarged to the window's size."""
        none = np.zeros(0, np.int64)
        self._down = self._across = (none, none)
        """`_weights` down the window and across it."""

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
            and mixes_as_pygame()
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
        self._down = _weights(ch, wh)
        self._across = _weights(cw, ww)

    def _update(self, canvas: pygame.Surface) -> None:
        """Scale again the rows of `canvas` that changed since it was last scaled (in the
        columns where they changed), or all of it when most of it changed."""
        assert self._last is not None and self._wide is not None and self._scaled is not None
        now, last = _rows(canvas), _rows(self._last)
        diff = now != last
        del now, last
        changed = diff.any(axis=1)
        if not changed.any():
            return
        across = self._across[0]
        bands = []
        for top, end in _runs(changed):
            columns = np.flatnonzero(diff[top:end].any(axis=0))
            left = int(np.searchsorted(across + 1, columns[0]))
            right = int(np.searchsorted(across, columns[-1], side="right"))
            bands.append((top, end, left, right))
        width = canvas.get_width()
        wide_w = self._wide.get_width()
        for top, end, _left, _right in bands:
            band = pygame.Rect(0, top, width, end - top)
            self._last.blit(canvas, band, band)
            target = self._wide.subsurface((0, top, wide_w, end - top))
            pygame.transform.smoothscale(self._last.subsurface(band), target.get_size(), target)
        first, weight = self._down
        touched = changed[first] | changed[first + 1]
        area = 0
        mixes = []
        for top, end, left, right in bands:
            rows = np.flatnonzero(touched & (first >= top - 1) & (first < end))
            mixes.append((rows, left, right))
            area += len(rows) * (right - left)
        if area * MIX_COST > self._scaled.get_width() * self._scaled.get_height():
            pygame.transform.smoothscale(self._last, self._scaled.get_size(), self._scaled)
            return
        for rows, left, right in mixes:
            self._mix_down(rows, first[rows], weight[rows], left, right)

    def _mix_down(
        self, rows: np.ndarray, first: np.ndarray, weight: np.ndarray, left: int, right: int
    ) -> None:
        """The second pass for window `rows`, columns `left` to `right` (exclusive): each mixes
        wide rows `first` and `first` + 1 with the second's `weight` (256ths), per channel,
        rounding down as pygame does (16 bits hold a channel times a weight, and their sum)."""
        assert self._wide is not None and self._scaled is not None
        wide = _rows(self._wide).view(np.uint8)[:, 4 * left : 4 * right]
        a = wide[first].astype(np.uint16)
        b = wide[first + 1].astype(np.uint16)
        del wide
        w1 = weight.astype(np.uint16)[:, None]
        a *= np.uint16(256) - w1
        b *= w1
        a += b
        a >>= 8
        out = _rows(self._scaled).view(np.uint8)
        out[rows, 4 * left : 4 * right] = a
        del out


def mixes_as_pygame() -> bool:
    """True when pygame's smoothscale, with the backend in use, enlarges as the kept picture
    does (tried once per backend on small random surfaces: pygame's plain-C filter, "GENERIC",
    mixes in 65536ths)."""
    return _tried(pygame.transform.get_smoothscale_backend())


@cache
def _tried(backend: str) -> bool:
    """`mixes_as_pygame` for `backend`, the one in use."""
    rng = np.random.default_rng(15)
    canvas, window = pygame.Surface((53, 31), 0, 32), pygame.Surface((80, 47), 0, 32)
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
