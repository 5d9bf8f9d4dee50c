"""The notes' sprites: toms, cymbals and kick bars, drawn once per look and size and then cached.

Toms and cymbals differ by shape and shading, not only by colour: a tom is a drum seen from above
and in front — a round head with a light hoop on a darker shell (a puck); a cymbal is a wide,
thin, faceted dome pointed at both ends, lit on its upper facets, with a bell and a glint. An
accent wears a white ring and is larger; a ghost is smaller, darker and see-through. The kick is
a bold bar across the lanes in its own colour with a dark edge; a 2x kick (Expert+) carries
white diamonds at its ends and a white core line.

Each look is drawn once, twice as large as at the strike line, and scaled down smoothly to each
size the perspective asks for (sizes are quantised, so a few dozen per look).
"""

from __future__ import annotations

import pygame

from game.core.lanes import Dynamics
from game.ui import theme


def ready(surface: pygame.Surface) -> pygame.Surface:
    """`surface` in the window's pixel format (blits faster), once a window is open."""
    if pygame.display.get_surface() is None:
        return surface
    return surface.convert_alpha() if surface.get_flags() & pygame.SRCALPHA else surface.convert()


Colour = tuple[int, int, int]

STAR_COLOUR: Colour = (200, 228, 255)
"""Notes of a star-power phrase: silver-white with a blue tint."""
TOM_W = 0.80
"""A tom's width at the strike line, as a fraction of the lane's width."""
CYMBAL_W = 0.96
"""A cymbal's width at the strike line, as a fraction of the lane's width."""
KICK_H = 0.22
"""The kick bar's height at the strike line, as a fraction of a lane's width."""
SIZE_STEP = 0.02
"""Sizes are quantised to steps of this much of the strike line's size."""
DYNAMIC_SCALE = {Dynamics.NORMAL: 1.0, Dynamics.ACCENT: 1.12, Dynamics.GHOST: 0.72}
GHOST_ALPHA = 150
MASTER = 2
"""The masters are drawn this many times larger than at the strike line, then scaled down."""


def _shade(colour: Colour, amount: float) -> Colour:
    """`colour` lighter (amount > 0) or darker (amount < 0)."""
    return theme.lighter(colour, amount) if amount >= 0 else theme.darker(colour, -amount)


def tom_surface(colour: Colour, width: int, dyn: Dynamics = Dynamics.NORMAL) -> pygame.Surface:
    """A tom gem `width` pixels wide: a round head with a light hoop on a darker shell."""
    w = max(6, width)
    h = max(4, round(w * 0.5))
    pad = max(2, round(w * 0.07))
    surf = pygame.Surface((w + 2 * pad, h + 2 * pad), pygame.SRCALPHA)
    if dyn is Dynamics.GHOST:
        colour = _shade(colour, -0.35)
    head = pygame.Rect(pad, pad, w, round(h * 0.66))
    shell = pygame.Rect(pad, pad + round(h * 0.3), w, h - round(h * 0.3))
    radius = max(2, shell.height // 2)
    if dyn is Dynamics.ACCENT:  # a white ring around the whole drum
        pygame.draw.rect(surf, theme.TEXT, shell.inflate(pad * 2, pad * 2), 0, border_radius=radius)
        pygame.draw.ellipse(surf, theme.TEXT, head.inflate(pad * 2, pad * 2))
    pygame.draw.rect(surf, _shade(colour, -0.55), shell, border_radius=radius)
    band = shell.inflate(-max(2, w // 20), -max(2, h // 6))
    pygame.draw.rect(surf, _shade(colour, -0.3), band, border_radius=max(1, band.height // 2))
    pygame.draw.ellipse(surf, _shade(colour, 0.6), head)  # the hoop
    rim = max(2, round(w * 0.06))
    skin = head.inflate(-2 * rim, -2 * rim)
    pygame.draw.ellipse(surf, colour, skin)
    glint = pygame.Rect(0, 0, skin.width // 3, max(2, skin.height // 3))
    glint.center = (skin.left + skin.width * 0.35, skin.top + skin.height * 0.35)
    pygame.draw.ellipse(surf, _shade(colour, 0.55), glint)
    if dyn is Dynamics.GHOST:
        surf.fill((255, 255, 255, GHOST_ALPHA), special_flags=pygame.BLEND_RGBA_MULT)
    return surf


def cymbal_surface(colour: Colour, width: int, dyn: Dynamics = Dynamics.NORMAL) -> pygame.Surface:
    """A cymbal gem `width` pixels wide: a thin faceted dome, pointed ends, bell and glint."""
    w = max(8, width)
    h = max(4, round(w * 0.34))
    pad = max(2, round(w * 0.07))
    surf = pygame.Surface((w + 2 * pad, h + 2 * pad), pygame.SRCALPHA)
    if dyn is Dynamics.GHOST:
        colour = _shade(colour, -0.35)

    def at(fx: float, fy: float) -> tuple[float, float]:
        return (pad + fx * w, pad + fy * h)

    rim = [at(0, 0.62), at(0.2, 0.2), at(0.5, 0.0), at(0.8, 0.2), at(1, 0.62), at(0.5, 1.0)]
    if dyn is Dynamics.ACCENT:
        pygame.draw.polygon(surf, theme.TEXT, rim, max(2, pad))
    upper_left = [at(0, 0.62), at(0.2, 0.2), at(0.5, 0.0), at(0.5, 0.62)]
    upper_right = [at(0.5, 0.0), at(0.8, 0.2), at(1, 0.62), at(0.5, 0.62)]
    lower = [at(0, 0.62), at(1, 0.62), at(0.5, 1.0)]
    pygame.draw.polygon(surf, _shade(colour, 0.45), upper_left)  # lit from the upper left
    pygame.draw.polygon(surf, _shade(colour, 0.15), upper_right)
    pygame.draw.polygon(surf, _shade(colour, -0.45), lower)
    pygame.draw.polygon(surf, _shade(colour, -0.6), rim, max(1, w // 40))
    bell = pygame.Rect(0, 0, round(w * 0.22), max(2, round(h * 0.3)))
    bell.center = at(0.5, 0.36)
    pygame.draw.ellipse(surf, _shade(colour, 0.7), bell)
    pygame.draw.line(surf, (255, 255, 255), at(0.18, 0.5), at(0.38, 0.16), max(1, w // 30))
    if dyn is Dynamics.GHOST:
        surf.fill((255, 255, 255, GHOST_ALPHA), special_flags=pygame.BLEND_RGBA_MULT)
    return surf


def kick_surface(
    colour: Colour, width: int, height: int, double: bool = False, dyn: Dynamics = Dynamics.NORMAL
) -> pygame.Surface:
    """A kick bar `width` x `height` pixels: a bold bar with a lit top and a dark edge; a 2x
    kick adds white diamonds at its ends and a white core line."""
    w, h = max(8, width), max(3, height)
    if dyn is Dynamics.GHOST:
        colour = _shade(colour, -0.35)
    surf = pygame.Surface((w, h), pygame.SRCALPHA)
    radius = max(1, h // 2)
    pygame.draw.rect(surf, _shade(colour, -0.55), surf.get_rect(), border_radius=radius)
    inner = surf.get_rect().inflate(-2 * max(1, h // 6), -2 * max(1, h // 6))
    pygame.draw.rect(surf, colour, inner, border_radius=max(1, inner.height // 2))
    top = pygame.Rect(inner.left + radius, inner.top, inner.width - 2 * radius, inner.height // 3)
    pygame.draw.rect(surf, _shade(colour, 0.45), top, border_radius=max(1, top.height // 2))
    if dyn is Dynamics.ACCENT:
        pygame.draw.rect(surf, theme.TEXT, surf.get_rect(), max(1, h // 5), border_radius=radius)
    if double:
        mid = h / 2
        pygame.draw.line(surf, theme.TEXT, (h * 2, mid), (w - h * 2, mid), max(1, h // 5))
        for cx in (h * 0.9, w - h * 0.9):
            d = h * 0.45
            pygame.draw.polygon(
                surf, theme.TEXT, [(cx - d, mid), (cx, mid - d), (cx + d, mid), (cx, mid + d)]
            )
    if dyn is Dynamics.GHOST:
        surf.fill((255, 255, 255, GHOST_ALPHA), special_flags=pygame.BLEND_RGBA_MULT)
    return surf


def quantised(scale: float) -> float:
    """`scale` rounded to a step of `SIZE_STEP` (the sizes sprites are cached at)."""
    return max(SIZE_STEP, round(scale / SIZE_STEP) * SIZE_STEP)


class GemSprites:
    """Every gem and kick bar for lanes `lane_w` pixels wide at the strike line, drawn on first
    use and cached by colour, kind, dynamics and quantised size."""

    def __init__(self, lane_w: int) -> None:
        """`lane_w`: a lane's width at the strike line, pixels."""
        self.lane_w = lane_w
        self._masters: dict[tuple, pygame.Surface] = {}
        self._sized: dict[tuple, pygame.Surface] = {}

    def _master(self, colour: Colour, cymbal: bool, dyn: Dynamics) -> pygame.Surface:
        key = (colour, cymbal, dyn)
        master = self._masters.get(key)
        if master is None:
            width = round(self.lane_w * (CYMBAL_W if cymbal else TOM_W) * MASTER)
            draw = cymbal_surface if cymbal else tom_surface
            master = self._masters[key] = draw(colour, width, dyn)
        return master

    def gem(self, colour: Colour, cymbal: bool, dyn: Dynamics, scale: float) -> pygame.Surface:
        """A tom or cymbal gem of `colour` drawn `scale` times its size at the strike line."""
        q = quantised(scale * DYNAMIC_SCALE[dyn])
        key = (colour, cymbal, dyn, q)
        sprite = self._sized.get(key)
        if sprite is None:
            master = self._master(colour, cymbal, dyn)
            size = (
                max(2, round(master.get_width() * q / MASTER)),
                max(2, round(master.get_height() * q / MASTER)),
            )
            sprite = self._sized[key] = ready(pygame.transform.smoothscale(master, size))
        return sprite

    def kick(
        self, colour: Colour, board_w: float, dyn: Dynamics, double: bool, scale: float
    ) -> pygame.Surface:
        """A kick bar of `colour` across a board `board_w` pixels wide at the strike line,
        drawn `scale` times its size there."""
        q = quantised(scale)
        key = ("kick", colour, dyn, double, q)
        sprite = self._sized.get(key)
        if sprite is None:
            thick = {Dynamics.ACCENT: 1.4, Dynamics.GHOST: 0.7}.get(dyn, 1.0)
            h = max(3, round(self.lane_w * KICK_H * thick * q))
            w = max(8, round((board_w - self.lane_w * 0.12) * q))
            sprite = self._sized[key] = ready(kick_surface(colour, w, h, double, dyn))
        return sprite
