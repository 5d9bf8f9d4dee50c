"""What a perspective highway draws that does not move, drawn once per size: the board with its
lanes and rails, the strike line's pads (unlit and lit), the bursts of a hit, and the glows of
Harmony, star power and a pulsing lane. `HighwayView` blits these every frame."""

from __future__ import annotations

import pygame

from game.core.lanes import Lane
from game.ui import theme
from game.ui.gems import STAR_COLOUR, ready
from game.ui.perspective import Projection

Colour = tuple[int, int, int]

PAD_LANES = (Lane.RED, Lane.YELLOW, Lane.BLUE, Lane.GREEN)
"""The pad lanes in their slots from left to right (a righty's layout)."""
SLOT_COLOURS: tuple[Colour, ...] = tuple(theme.LANE_COLOURS[lane] for lane in PAD_LANES)
"""The colour of each slot, left to right; it stays with the slot in a lefty flip."""
BOARD = (16, 22, 42)
RAIL = (150, 170, 215)
BURST_FRAMES = 8
PAD_H = 0.36
"""A strike pad's height, as a fraction of its lane's width."""
PAD_W = 0.86
"""A strike pad's width, as a fraction of its lane's width."""
FADE = 0.14
"""The far part of the board (fraction of its height) where notes fade in."""


def board_polygon(p: Projection, near_z: float, far_z: float, a: float = 0.0, b: float = 1.0):
    """The corners (pixels) of the board's strip from `a` to `b` across, `near_z` to `far_z`."""
    return [
        (p.x(a, near_z), p.y(near_z)),
        (p.x(b, near_z), p.y(near_z)),
        (p.x(b, far_z), p.y(far_z)),
        (p.x(a, far_z), p.y(far_z)),
    ]


class Board:
    """The pre-rendered pieces of one highway of `size` pixels seen through `projection`
    (whose coordinates are relative to the highway's top left); `near_z` is the board's near
    edge, just under the strike line."""

    def __init__(self, size: tuple[int, int], projection: Projection, near_z: float) -> None:
        """Draw everything once (a few milliseconds)."""
        self.size = size
        self.p = projection
        self.near_z = near_z
        self.lane_w = projection.strike_w / 4
        self.background = ready(self._background())
        self.fade = ready(self._fade())
        self.pads = [ready(self._pad(c, False)) for c in SLOT_COLOURS]
        self.lit_pads = [ready(self._pad(c, True)) for c in SLOT_COLOURS]
        self.kick_line = ready(self._kick_line(False))
        self.lit_kick_line = ready(self._kick_line(True))
        self.bursts = [[ready(f) for f in self._burst(c)] for c in SLOT_COLOURS]
        self.kick_burst = [ready(f) for f in self._kick_burst()]
        self.partner_ring = ready(self._ring((235, 238, 245), 110))
        self.harmony = self._glow(theme.HARMONY_GLOW, 70)
        self.star = self._glow(STAR_COLOUR, 60)
        self.pulses = [self._lane_glow(i) for i in range(4)]
        self.miss_tint = self._miss_tint()

    # geometry ----------------------------------------------------------------------------------
    def slot_centre(self, slot: int) -> tuple[float, float]:
        """The centre (pixels, in the highway) of slot `slot`'s strike pad."""
        return self.p.x((slot + 0.5) / 4, 0.0), self.p.strike_y

    def pad_rect(self, slot: int) -> pygame.Rect:
        """Where slot `slot`'s strike pad is drawn (pixels, in the highway)."""
        w, h = round(self.lane_w * PAD_W), round(self.lane_w * PAD_H)
        rect = pygame.Rect(0, 0, w, h)
        rect.center = (round(self.slot_centre(slot)[0]), round(self.p.strike_y))
        return rect

    # drawing -----------------------------------------------------------------------------------
    def _background(self) -> pygame.Surface:
        p = self.p
        surf = pygame.Surface(self.size)
        surf.fill(theme.BACKGROUND)
        near, far = self.near_z, 1.0
        pygame.draw.polygon(surf, BOARD, board_polygon(p, near, far))
        for slot, colour in enumerate(SLOT_COLOURS):
            strip = board_polygon(p, near, far, slot / 4 + 0.01, (slot + 1) / 4 - 0.01)
            pygame.draw.polygon(surf, theme.darker(colour, 0.86), strip)
        for i in range(1, 4):
            pygame.draw.line(
                surf, (60, 70, 100), (p.x(i / 4, near), p.y(near)), (p.x(i / 4, far), p.y(far)), 2
            )
        # the strike zone: a lit band across the board
        band = board_polygon(p, -0.03, 0.03)
        pygame.draw.polygon(surf, (40, 48, 80), band)
        pygame.draw.line(surf, (205, 212, 230), (p.x(0, 0), p.strike_y), (p.x(1, 0), p.strike_y), 3)
        # the far part of the board fades into the background
        top, bottom = round(p.far_y), round(p.y(1.0 - FADE * 2))
        for y in range(top, bottom):
            a = 1.0 - (y - top) / max(1, bottom - top)
            row = pygame.Surface((self.size[0], 1), pygame.SRCALPHA)
            row.fill((*theme.BACKGROUND, round(200 * a)))
            surf.blit(row, (0, y))
        for side in (0.0, 1.0):  # the rails
            pygame.draw.line(
                surf, RAIL, (p.x(side, near), p.y(near)), (p.x(side, far), p.y(far)), 3
            )
        return surf

    def _fade(self) -> pygame.Surface:
        """Background colour fading out downwards over the far part of the board: notes
        coming in appear out of the dark rather than popping in."""
        top, bottom = round(self.p.far_y), round(self.p.y(1.0 - FADE))
        h = max(1, bottom - top)
        surf = pygame.Surface((self.size[0], h), pygame.SRCALPHA)
        for y in range(h):
            surf.fill((*theme.BACKGROUND, round(255 * (1 - y / h) ** 1.5)), (0, y, self.size[0], 1))
        return surf

    def _pad(self, colour: Colour, lit: bool) -> pygame.Surface:
        w, h = round(self.lane_w * PAD_W), round(self.lane_w * PAD_H)
        m = max(3, round(h * 0.35))
        surf = pygame.Surface((w + 2 * m, h + 2 * m), pygame.SRCALPHA)
        box = pygame.Rect(m, m, w, h)
        if lit:
            for k in range(m, 0, -1):  # a soft glow around the lit pad
                a = round(120 * (1 - k / (m + 1)))
                pygame.draw.ellipse(
                    surf, (*theme.lighter(colour, 0.4), a), box.inflate(2 * k, 2 * k)
                )
            pygame.draw.ellipse(surf, theme.lighter(colour, 0.55), box)
            pygame.draw.ellipse(surf, (255, 255, 255), box.inflate(-w // 3, -h // 3))
        else:
            pygame.draw.ellipse(surf, theme.darker(colour, 0.7), box)
            pygame.draw.ellipse(surf, colour, box, max(2, h // 7))
            inner = box.inflate(-w // 2, -h // 2)
            pygame.draw.ellipse(surf, theme.darker(colour, 0.35), inner, max(1, h // 12))
        return surf

    def _kick_line(self, lit: bool) -> pygame.Surface:
        p = self.p
        w = round(p.strike_w)
        h = max(4, round(self.lane_w * 0.1))
        colour = theme.LANE_COLOURS[Lane.KICK]
        surf = pygame.Surface((w, h), pygame.SRCALPHA)
        if lit:
            surf.fill((*theme.lighter(colour, 0.5), 255))
        else:
            pygame.draw.rect(surf, (*theme.darker(colour, 0.45), 220), surf.get_rect(), 0, h // 2)
        return surf

    def _burst(self, colour: Colour) -> list[pygame.Surface]:
        """The frames of a hit's burst: a ring that widens and fades, and a few sparks."""
        w = round(self.lane_w * 1.5)
        h = round(w * 0.7)
        frames = []
        for f in range(BURST_FRAMES):
            t = (f + 1) / BURST_FRAMES
            surf = pygame.Surface((w, h), pygame.SRCALPHA)
            a = round(230 * (1 - t))
            ring = pygame.Rect(0, 0, round(w * (0.45 + 0.55 * t)), round(h * (0.4 + 0.6 * t)))
            ring.center = (w // 2, h // 2)
            bright = theme.lighter(colour, 0.6)
            pygame.draw.ellipse(surf, (*bright, a), ring, max(2, round(w * 0.04 * (1 - t)) + 1))
            core = ring.inflate(-ring.width // 2, -ring.height // 2)
            pygame.draw.ellipse(surf, (255, 255, 255, a // 2), core)
            for k in range(6):  # sparks flying up and out
                sx = w / 2 + (k - 2.5) * w * 0.16 * t
                sy = h / 2 - h * 0.45 * t * (1 - abs(k - 2.5) / 4)
                pygame.draw.circle(surf, (*bright, a), (sx, sy), max(1, round(w * 0.025)))
            frames.append(surf)
        return frames

    def _kick_burst(self) -> list[pygame.Surface]:
        """The frames of a kick's burst: a flash along the strike line that fades and spreads
        up the board a little, in the kick's colour."""
        colour = theme.lighter(theme.LANE_COLOURS[Lane.KICK], 0.4)
        w = round(self.p.strike_w * 1.04)
        h = round(self.lane_w * 0.9)
        frames = []
        for f in range(BURST_FRAMES):
            t = (f + 1) / BURST_FRAMES
            surf = pygame.Surface((w, h), pygame.SRCALPHA)
            a = round(200 * (1 - t))
            band = pygame.Rect(0, 0, w, max(2, round(h * (0.25 + 0.6 * t))))
            band.center = (w // 2, h // 2)
            pygame.draw.ellipse(surf, (*colour, a // 2), band)
            core = band.inflate(-w // 8, -band.height // 2)
            pygame.draw.ellipse(surf, (*colour, a), core)
            frames.append(surf)
        return frames

    def _ring(self, colour: Colour, alpha: int) -> pygame.Surface:
        """A faint ring the size of a strike pad (the partner's hits)."""
        w, h = round(self.lane_w * PAD_W * 1.15), round(self.lane_w * PAD_H * 1.3)
        surf = pygame.Surface((w, h), pygame.SRCALPHA)
        pygame.draw.ellipse(surf, (*colour, alpha), surf.get_rect(), max(2, h // 8))
        return surf

    def _glow(self, colour: Colour, alpha: int) -> pygame.Surface:
        """A wash of `colour` over the board and bright rails (Harmony, star power)."""
        p = self.p
        surf = pygame.Surface(self.size, pygame.SRCALPHA)
        pygame.draw.polygon(surf, (*colour, alpha // 3), board_polygon(p, self.near_z, 1.0))
        for side in (0.0, 1.0):
            for k, a in ((9, alpha), (5, alpha * 2), (2, 255)):
                pygame.draw.line(
                    surf,
                    (*colour, min(255, a)),
                    (p.x(side, self.near_z), p.y(self.near_z)),
                    (p.x(side, 1.0), p.y(1.0)),
                    k,
                )
        return surf

    def _lane_glow(self, slot: int) -> pygame.Surface:
        """A bright wash over slot `slot`'s lane (a pulsing cue)."""
        surf = pygame.Surface(self.size, pygame.SRCALPHA)
        colour = theme.lighter(SLOT_COLOURS[slot], 0.4)
        strip = board_polygon(self.p, self.near_z, 1.0, slot / 4, (slot + 1) / 4)
        pygame.draw.polygon(surf, (*colour, 110), strip)
        pygame.draw.polygon(surf, (*colour, 255), strip, 3)
        return surf

    def _miss_tint(self) -> pygame.Surface:
        """A red tint over the strike zone, shown for a moment after a miss."""
        surf = pygame.Surface(self.size, pygame.SRCALPHA)
        pygame.draw.polygon(surf, (220, 40, 40, 70), board_polygon(self.p, self.near_z, 0.05))
        return surf
