"""Notices: a line the players should know about (a settings file set aside, no audio device, a
kit unplugged), however long, word-wrapped inside the window on a shade. Every screen that
shows a notice lays it out with `layout_notice` and draws it with `draw_notice`; the layout's
boxes let tests prove that no line leaves the window or covers another."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.ui import theme
from game.ui.kit_widgets import fit, wrap

NOTICE_SIZE = 22
"""The text size of a notice (as `theme.text` takes it)."""
MAX_LINES = 3
"""The most lines a notice takes; a longer one ends with "…" (the log has it whole)."""
SHADE_ALPHA = 190
"""How dark the shade under a notice is (0-255)."""


@dataclass(frozen=True)
class NoticeLayout:
    """Where a notice goes: the shade behind it and each line's words and box (pixels)."""

    shade: pygame.Rect
    lines: tuple[tuple[str, pygame.Rect], ...]


def layout_notice(
    words: str,
    area: pygame.Rect,
    size: int = NOTICE_SIZE,
    *,
    at: str = "bottom",
    max_lines: int = MAX_LINES,
    margin: int = 16,
) -> NoticeLayout:
    """`words` wrapped to the width of `area` less `margin` each side (pixels), stacked at its
    "top" or "bottom" (`at`): at most `max_lines` and as many as fit its height (at least one),
    the last cut with "…" when the words go on."""
    width = max(1, area.width - 4 * margin)
    line_h = theme.text("Ag", size, theme.WARN).get_height()
    pad = max(2, margin // 3)
    area = area.inflate(0, -2 * pad)  # a little room between the shade and the area's edge
    fits = max(1, (area.height - 2 * pad) // line_h)
    lines = wrap(" ".join(words.split()), size, width)
    keep = min(len(lines), max_lines, fits)
    if keep < len(lines):
        lines = [*lines[: keep - 1], fit(" ".join(lines[keep - 1 :]), size, width)]
    boxes = []
    height = keep * line_h + 2 * pad
    top = area.top if at == "top" else area.bottom - height
    for i, line in enumerate(lines):
        w = min(theme.text(line, size, theme.WARN).get_width(), width)
        boxes.append((line, pygame.Rect(area.left + 2 * margin, top + pad + i * line_h, w, line_h)))
    widest = max((box.width for _, box in boxes), default=0)
    shade = pygame.Rect(area.left + margin, top, widest + 2 * margin, height)
    return NoticeLayout(shade, tuple(boxes))


def draw_notice(
    surface: pygame.Surface,
    words: str,
    area: pygame.Rect,
    colour: tuple[int, int, int] = theme.WARN,
    size: int = NOTICE_SIZE,
    *,
    at: str = "bottom",
    max_lines: int = MAX_LINES,
    margin: int = 16,
) -> NoticeLayout:
    """Draw `words` as `layout_notice` lays them out in `area`, on a shade; returns the
    layout."""
    layout = layout_notice(words, area, size, at=at, max_lines=max_lines, margin=margin)
    shade = pygame.Surface(layout.shade.size, pygame.SRCALPHA)
    pygame.draw.rect(
        shade, (*theme.darker(theme.BACKGROUND, 0.5), SHADE_ALPHA), shade.get_rect(), 0, 8
    )
    surface.blit(shade, layout.shade.topleft)
    for line, box in layout.lines:
        surface.blit(theme.text(line, size, colour), box.topleft)
    return layout
