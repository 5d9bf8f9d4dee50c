"""The duet's parts of the play screen: the Goodwill meter (its scale marked at 50 and 100, its
label and its value), the Harmony cue and banner on the stage, and Harmony's glow around a
highway."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.base.language import _
from game.core.duet import GOODWILL_MAX, HARMONY_THRESHOLD
from game.core.lanes import Lane
from game.ui import theme
from game.ui.text_boxes import panel
from game.ui.text_fit import fit, fit_lines, fitting_size

CUE_GREEN = theme.lighter(theme.LANE_COLOURS[Lane.GREEN], 0.35)
"""The cue's words: the green of the lane it asks for, lighter to read on the stage."""
PULSE_HZ = 2.0
"""How often (per second) the cue and the ready meter pulse."""


@dataclass(frozen=True)
class MeterLayout:
    """The Goodwill meter's sizes at the screen's `scale` (pixels; 1 at 1280×720)."""

    scale: float

    def px(self, length: float) -> int:
        """`length` (pixels at 1280×720) at this scale."""
        return max(1, round(length * self.scale))

    @property
    def width(self) -> int:
        """The meter's bar (pixels)."""
        return self.px(30)

    @property
    def gap(self) -> int:
        """The room between two highways (pixels): the bar and its marks' numbers."""
        return self.width + 2 * self.px(38)

    def rect(self, centre_x: int, top: int, height: int) -> pygame.Rect:
        """The bar between highways from `top`, `height` tall: room above it for "SYNC" and
        below it for the label and the value."""
        above, below = self.px(50), self.px(64)
        return pygame.Rect(
            centre_x - self.width // 2, top + above, self.width, height - above - below
        )


def level_y(r: pygame.Rect, goodwill: float) -> int:
    """The y (pixels) of `goodwill` (0-100) on the meter `r`."""
    inner = r.height - 8
    return r.bottom - 4 - round(inner * min(max(goodwill, 0.0), GOODWILL_MAX) / GOODWILL_MAX)


def draw_meter(
    surface: pygame.Surface,
    m: MeterLayout,
    r: pygame.Rect,
    goodwill: float,
    harmony: bool,
    now_s: float,
) -> None:
    """The meter at `goodwill` (0-100): gold during Harmony, pulsing green from 50 (ready: hit
    green together), blue below; marks and numbers at 50 and 100; its label and value under."""
    pygame.draw.rect(surface, theme.PANEL, r, border_radius=m.px(10))
    pygame.draw.rect(surface, theme.darker(theme.TEXT, 0.6), r, 1, border_radius=m.px(10))
    ready = goodwill >= HARMONY_THRESHOLD
    if harmony:
        colour = theme.HARMONY_GLOW
    elif ready:
        beat = 0.5 + 0.5 * math.sin(now_s * math.tau * PULSE_HZ)
        colour = theme.lighter(theme.LANE_COLOURS[Lane.GREEN], 0.35 * beat)
    else:
        colour = theme.JACKET_BLUE
    top = level_y(r, goodwill)
    if goodwill > 0:
        fill = pygame.Rect(r.left + 4, top, r.width - 8, r.bottom - 4 - top)
        pygame.draw.rect(surface, colour, fill, border_radius=m.px(8))
    size = m.px(17)
    for mark in (HARMONY_THRESHOLD, GOODWILL_MAX):
        y = level_y(r, mark)
        pygame.draw.line(surface, theme.TEXT, (r.left - m.px(6), y), (r.right - 2, y), 2)
        number = theme.text(str(mark), size, theme.TEXT, True)
        surface.blit(number, (r.left - m.px(8) - number.get_width(), y - number.get_height() // 2))
    room = m.gap - m.px(4)
    label = theme.text(fit(_("GOODWILL"), m.px(18), room), m.px(18), theme.DIM)
    y = r.bottom + m.px(6)
    surface.blit(label, (r.centerx - label.get_width() // 2, y))
    value_colour = theme.HARMONY_GLOW if harmony else CUE_GREEN if ready else theme.TEXT
    value = theme.text(str(math.floor(goodwill)), m.px(26), value_colour, True)
    surface.blit(value, (r.centerx - value.get_width() // 2, y + label.get_height()))


def draw_cue(
    surface: pygame.Surface, words: str, area: pygame.Rect, scale: float, now_s: float
) -> pygame.Rect:
    """The Harmony cue: `words` in green on a shaded panel at the top of `area` (pixels), its
    rim pulsing; returns the panel's box."""
    beat = 0.5 + 0.5 * math.sin(now_s * math.tau * PULSE_HZ)
    rim = theme.lighter(theme.LANE_COLOURS[Lane.GREEN], 0.5 * beat)
    return _banner(surface, words, area, scale, CUE_GREEN, rim)


def draw_harmony_banner(
    surface: pygame.Surface, words: str, area: pygame.Rect, scale: float, now_s: float
) -> pygame.Rect:
    """ "HARMONY x2" in gold on a shaded panel at the top of `area`; returns the panel's box."""
    return _banner(surface, words, area, scale, theme.HARMONY_GLOW, theme.GOLD)


def _banner(surface, words: str, area: pygame.Rect, scale: float, colour, rim) -> pygame.Rect:
    """`words` on a shaded panel at the top of `area`: as large as fits, on two lines when
    even the smallest size does not fit one."""
    pad = max(4, round(12 * scale))
    room = max(8, area.width - 3 * pad)
    size = fitting_size(words, round(30 * scale), room, max(10, round(18 * scale)), True)
    lines = fit_lines(words, size, room, 2, True)
    drawn = [theme.text(line, size, colour, True) for line in lines]
    line_h = drawn[0].get_height()
    box = pygame.Rect(0, 0, max(d.get_width() for d in drawn) + 2 * pad, line_h * len(drawn) + pad)
    box.midtop = (area.centerx, area.top + pad)
    shade = pygame.Surface(box.size, pygame.SRCALPHA)
    radius = min(box.height // 3, round(16 * scale))
    dark = (*theme.darker(theme.BACKGROUND, 0.4), 215)
    pygame.draw.rect(shade, dark, shade.get_rect(), 0, radius)
    surface.blit(shade, box)
    pygame.draw.rect(surface, rim, box, max(2, round(3 * scale)), border_radius=radius)
    with panel(surface, box):
        for i, line in enumerate(drawn):
            at = line.get_rect(centerx=box.centerx, top=box.top + pad // 2 + i * line_h)
            surface.blit(line, at)
    return box
