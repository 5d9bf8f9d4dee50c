"""The stage's pictures, rendered once per size and kept: the drummers and kits (SVG art in
assets/stage, 400×320 units), the backdrop (wall, truss and lamps, wooden floor, risers) and the
light overlays (Harmony's warm beams, a Sync's flash), drawn with numpy so a frame only blits."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pygame

ART = resources.files("game.assets") / "stage"
ART_W, ART_H = 400, 320
SOFT = 4
"""The soft lights are computed this many times smaller than drawn, then scaled up."""
"""The art's own units: every piece's position below is in them."""


class StageArtError(RuntimeError):
    """A picture of the stage's art is missing or is not an SVG pygame can draw."""


@dataclass(frozen=True)
class Look:
    """One drummer's colours: skin, skin shade and hair (swapped into drummer.svg), and the
    kit's shell (light and dark, swapped into kit.svg)."""

    skin: str
    skin_shade: str
    hair: str
    shell: str
    shell_dark: str


LOOKS = (
    Look("#c98f6b", "#c07a57", "#2b211c", "#8c1c2c", "#5a0f1c"),
    Look("#f0c8a8", "#dca886", "#7a4a22", "#1f5a6e", "#0f3340"),
)
"""Player 1's and player 2's drummer: two people in matching blue jackets, two kits."""

_SWAPS = {
    "drummer": ("skin", "skin_shade", "hair"),
    "kit": ("shell", "shell_dark"),
}


def _svg_text(name: str, look: Look) -> bytes:
    """`name`.svg with player 1's colours replaced by `look`'s."""
    words = (ART / f"{name}.svg").read_text(encoding="utf-8")
    for field in _SWAPS[name]:
        words = words.replace(getattr(LOOKS[0], field), getattr(look, field))
    return words.encode("utf-8")


@lru_cache(maxsize=16)
def art(name: str, player: int, size: tuple[int, int], mirrored: bool) -> pygame.Surface:
    """The picture `name` ("drummer" or "kit") in player `player`'s look, rendered at `size`
    pixels (sharp at any size), mirrored left to right for a drummer on the right."""
    try:
        data = io.BytesIO(_svg_text(name, LOOKS[player % len(LOOKS)]))
        picture = pygame.image.load_sized_svg(data, size)
    except (pygame.error, OSError, UnicodeDecodeError) as error:
        raise StageArtError(f"stage art {ART / f'{name}.svg'} cannot be drawn: {error}") from error
    if mirrored:
        picture = pygame.transform.flip(picture, True, False)
    return picture.convert_alpha() if pygame.display.get_surface() else picture


def _vertical(h: int, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> np.ndarray:
    """A column of `h` colours from `top` to `bottom` (float, h×3)."""
    k = np.linspace(0.0, 1.0, max(h, 1))[:, None]
    return np.array(top, float) * (1 - k) + np.array(bottom, float) * k


@dataclass(frozen=True)
class StagePlan:
    """Where things stand on a stage of `size` pixels: the floor line (y), and each drummer's
    box (pixels, the art's 400×320 units scaled) and whether it is mirrored."""

    size: tuple[int, int]
    floor_y: int
    drummers: tuple[tuple[tuple[int, int, int, int], bool], ...]


def plan(size: tuple[int, int], players: int, height_share: float, centres: tuple[float, ...]):
    """A `StagePlan`: drummers `height_share` of the stage tall, at `centres` (shares of the
    width); the second of two faces the first (mirrored)."""
    w, h = size
    cell_h = max(8, round(h * height_share))
    cell_w = round(cell_h * ART_W / ART_H)
    boxes = []
    for p in range(players):
        box = pygame.Rect(0, 0, cell_w, cell_h)
        box.midbottom = (round(w * centres[p]), h - max(1, h // 40))
        boxes.append((tuple(box), players == 2 and p == 1))
    return StagePlan(size, round(h * 0.62), tuple(boxes))


@lru_cache(maxsize=8)
def backdrop(stage: StagePlan) -> pygame.Surface:
    """The still part of the stage: a curtained wall, a truss of lamps, a wooden floor in
    perspective, a riser and a pool of light under each drummer (no drummers). The wall, floor
    and light are computed at half size (they are soft) and scaled up."""
    full_w, full_h = stage.size
    w, h = max(1, full_w // 2), max(1, full_h // 2)
    rgb = np.zeros((w, h, 3), np.float32)
    floor = stage.floor_y // 2
    rgb[:, :floor] = _vertical(floor, (8, 10, 26), (26, 30, 64))[None, :, :]
    folds = 0.82 + 0.18 * np.cos(np.linspace(0, 2 * np.pi * w / max(h * 0.18, 8), w)) ** 2
    rgb[:, :floor] *= folds[:, None, None].astype(np.float32)
    boards = _vertical(h - floor, (70, 48, 36), (34, 22, 16))
    rgb[:, floor:] = boards[None, :, :]
    # the floor's boards run towards a point above the stage's middle
    xs = np.arange(w, dtype=np.float32)[:, None]
    ys = np.arange(floor, h, dtype=np.float32)[None, :] - floor + 1
    spread = (xs - w / 2) / (ys + h * 0.6)
    seams = np.abs(((spread * 9) % 1.0) - 0.5) > 0.47
    rgb[:, floor:][seams] *= 0.72
    # a pool of light and a cone from above on each drummer, over its part of the stage only
    for spot, _mirrored in stage.drummers:
        box = pygame.Rect(spot)
        cx, half = box.centerx / 2, box.width * 0.7
        lo, hi = max(0, int(cx - half)), min(w, int(cx + half) + 1)
        x = np.arange(lo, hi, dtype=np.float32)[:, None]
        y = np.arange(h, dtype=np.float32)[None, :]
        rx, ry = box.width * 0.31, max(2.0, (h - floor) * 0.55)
        d = ((x - cx) / rx) ** 2 + ((y - h + ry) / ry) ** 2
        pool = np.clip(1 - d, 0, 1) ** 1.5
        cone = _cone(x - cx, y, box.width * 0.04, box.width * 0.35, h - ry)
        rgb[lo:hi] += pool[:, :, None] * np.array([60, 70, 110], np.float32)
        rgb[lo:hi] += cone[:, :, None] * np.array([26, 32, 60], np.float32)
    small = pygame.Surface((w, h))
    pygame.surfarray.blit_array(small, np.clip(rgb, 0, 255).astype(np.uint8))
    surface = pygame.transform.smoothscale(small, (full_w, full_h))
    w, h = full_w, full_h
    for spot, _mirrored in stage.drummers:
        box = pygame.Rect(spot)
        riser = pygame.Rect(0, 0, round(box.width * 0.9), max(3, box.height // 14))
        riser.midbottom = (box.centerx, min(h, box.bottom + riser.height // 3))
        pygame.draw.rect(surface, (20, 20, 30), riser, border_radius=riser.height // 3)
        edge = (riser.left, riser.top, riser.width, max(1, riser.height // 5))
        pygame.draw.rect(surface, (70, 120, 230), edge)
    _truss(surface, max(3, h // 28))
    return surface.convert() if pygame.display.get_surface() else surface


def _cone(dx: np.ndarray, y: np.ndarray, top_w: float, bottom_w: float, bottom_y: float):
    """A soft cone of light (0-1) at `dx` pixels across from its axis and `y` down: `top_w`
    wide at the top, `bottom_w` at `bottom_y`."""
    k = np.clip(y / max(bottom_y, 1.0), 0.0, 1.2)
    half = (top_w + (bottom_w - top_w) * k) / 2
    across = np.clip(1 - np.abs(dx) / half, 0.0, 1.0)
    return across**1.6 * (0.35 + 0.65 * (1 - np.clip(k, 0, 1)) ** 0.7)


def lamp_xs(w: int) -> list[int]:
    """The x (pixels) of the truss's lamps on a stage `w` wide."""
    count = 6 if w < 1200 else 8
    return [round(w * (i + 0.5) / count) for i in range(count)]


def _truss(surface: pygame.Surface, bar: int) -> None:
    """The lighting truss along the top: two rails, their bracing and a lamp at each
    `lamp_xs`."""
    w = surface.get_width()
    steel, dark = (120, 126, 140), (40, 42, 52)
    pygame.draw.rect(surface, dark, (0, 0, w, bar * 2))
    pygame.draw.line(surface, steel, (0, 0), (w, 0), max(1, bar // 3))
    pygame.draw.line(surface, steel, (0, bar * 2), (w, bar * 2), max(1, bar // 3))
    step = bar * 2
    for x in range(0, w + step, step):
        pygame.draw.line(surface, steel, (x, 0), (x + step // 2, bar * 2), 1)
        pygame.draw.line(surface, steel, (x + step // 2, bar * 2), (x + step, 0), 1)
    for x in lamp_xs(w):
        can = pygame.Rect(0, 0, bar * 2, round(bar * 2.4))
        can.midtop = (x, bar)
        pygame.draw.rect(surface, (28, 28, 34), can, border_radius=max(1, bar // 2))
        lens = pygame.Rect(0, 0, round(bar * 1.6), max(2, bar // 2))
        lens.midbottom = can.midbottom
        pygame.draw.ellipse(surface, (255, 236, 190), lens)


@lru_cache(maxsize=8)
def harmony_beams(size: tuple[int, int], colour: tuple[int, int, int]) -> pygame.Surface:
    """Harmony's wash: translucent warm beams from every lamp of the truss down to the floor,
    crossing, brightest at the lamp (alpha per pixel; blit it with a surface alpha to fade)."""
    w, h = max(1, size[0] // SOFT), max(1, size[1] // SOFT)  # smooth: drawn small, scaled up
    light = np.zeros((w, h), float)
    for i, x in enumerate(lamp_xs(size[0])):
        x /= SOFT
        lean = (w / 2 - x) * 0.35 + (1 if i % 2 else -1) * w * 0.06
        for shift in (lean, -lean * 0.4):
            light = np.maximum(light, _slanted(w, h, x, shift, h * 0.05, h * 0.9))
    return pygame.transform.smoothscale(_alpha(light * 115, colour), size)


def _slanted(w: int, h: int, x0: float, lean: float, top_w: float, bottom_w: float):
    """A beam (w×h, 0-1) from (x0, 0) leaning `lean` pixels by the bottom."""
    x = np.arange(w)[:, None]
    k = np.arange(h)[None, :] / max(h - 1, 1)
    cx = x0 + lean * k
    half = (top_w + (bottom_w - top_w) * k) / 2
    across = np.clip(1 - np.abs(x - cx) / half, 0.0, 1.0)
    return across**1.4 * (1 - 0.55 * k)


@lru_cache(maxsize=8)
def sync_flash(size: tuple[int, int], colour: tuple[int, int, int]) -> pygame.Surface:
    """A Sync's flash: a burst of light over the whole stage, brightest above its middle."""
    w, h = max(1, size[0] // SOFT), max(1, size[1] // SOFT)
    x = (np.arange(w)[:, None] - w / 2) / (w * 0.55)
    y = np.arange(h)[None, :] / max(h, 1)
    glow = np.clip(1 - (x**2 + (y * 0.6) ** 2), 0, 1) ** 1.2
    return pygame.transform.smoothscale(_alpha(30 + glow * 110, colour), size)


def _alpha(alpha: np.ndarray, colour: tuple[int, int, int]) -> pygame.Surface:
    """A surface of `colour` with `alpha` (w×h, 0-255) per pixel."""
    w, h = alpha.shape
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    surface.fill((*colour, 0))
    pygame.surfarray.pixels_alpha(surface)[:] = np.clip(alpha, 0, 255).astype(np.uint8)
    return surface
