"""The pause menu, drawn over the frozen play screen."""

from __future__ import annotations

import pygame

from game.base.language import N_, _
from game.ui import theme

PAUSE_CHOICES = (N_("Resume"), N_("Restart"), N_("Quit"))
"""The pause menu's lines (English: looked up with `_` when drawn)."""


def draw_pause(surface: pygame.Surface, selected: int, reason: str | None = None) -> None:
    """Dim the screen and show Resume / Restart / Quit with `selected` highlighted, and why the
    game paused (`reason`, English: looked up when drawn)."""
    w, h = surface.get_size()
    shade = pygame.Surface((w, h), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 150))
    surface.blit(shade, (0, 0))
    box = pygame.Rect(0, 0, 460, 340)
    box.center = (w // 2, h // 2)
    pygame.draw.rect(surface, theme.PANEL, box, border_radius=16)
    title = theme.text(_("Paused"), 54, theme.TEXT, True)
    surface.blit(title, (box.centerx - title.get_width() // 2, box.top + 20))
    if reason:
        why = theme.text(_(reason), 22, theme.DIM)
        surface.blit(why, (box.centerx - why.get_width() // 2, box.top + 74))
    for i, label in enumerate(PAUSE_CHOICES):
        row = pygame.Rect(box.left + 40, box.top + 110 + i * 56, box.width - 80, 46)
        if i == selected:
            pygame.draw.rect(surface, theme.JACKET_BLUE, row, border_radius=10)
        text = theme.text(_(label), 34, theme.TEXT, i == selected)
        surface.blit(text, (row.centerx - text.get_width() // 2, row.top + 8))
    hint = theme.text(pause_hint(), 20, theme.DIM)
    surface.blit(hint, (box.centerx - hint.get_width() // 2, box.bottom - 40))


def pause_hint() -> str:
    """The pause menu's keys (a kit's pads play the song, so they do not walk this menu)."""
    return _("Up/Down: choose  ·  Enter: select  ·  Esc: resume")
