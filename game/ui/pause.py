"""The pause menu, drawn over the frozen play screen."""

from __future__ import annotations

import pygame

from game.base.language import N_, _
from game.ui import theme
from game.ui.text_boxes import dialog, panel
from game.ui.text_fit import fit

PAUSE_CHOICES = (N_("Resume"), N_("Restart"), N_("Quit"))
"""The pause menu's lines (English: looked up with `_` when drawn)."""


def draw_pause(
    surface: pygame.Surface,
    selected: int,
    reason: str | None = None,
    choices: tuple[str, ...] = PAUSE_CHOICES,
) -> None:
    """Dim the screen and show `choices` (Resume / Restart / Quit; English, looked up when
    drawn) with `selected` highlighted, and why the game paused (`reason`, English too)."""
    w, h = surface.get_size()
    k = max(1.0, min(w / 1280, h / 720))  # larger on a window larger than 1280×720

    def px(length: float) -> int:
        return max(1, round(length * k))

    dialog(surface, shade=150)
    extra = max(0, len(choices) - len(PAUSE_CHOICES))
    box = pygame.Rect(0, 0, min(px(460), w - 32), min(px(340 + 52 * extra), h - 16))
    box.center = (w // 2, h // 2)
    pygame.draw.rect(surface, theme.PANEL, box, border_radius=px(16))
    with panel(surface, box):
        room = box.width - px(32)
        title = theme.text(fit(_("Paused"), px(54), room, True), px(54), theme.TEXT, True)
        surface.blit(title, (box.centerx - title.get_width() // 2, box.top + px(20)))
        if reason:
            why = theme.text(fit(_(reason), px(22), room), px(22), theme.DIM)
            surface.blit(why, (box.centerx - why.get_width() // 2, box.top + px(78)))
        rows_bottom = box.bottom - px(48)
        row_h = min(px(56), (rows_bottom - (box.top + px(110))) // len(choices))
        for i, label in enumerate(choices):
            top = box.top + px(110) + i * row_h
            row = pygame.Rect(box.left + px(40), top, box.width - px(80), row_h - px(10))
            if i == selected:
                pygame.draw.rect(surface, theme.JACKET_BLUE, row, border_radius=px(10))
            size = min(px(34), row.height * 4 // 5)
            words = fit(_(label), size, row.width - px(16), i == selected)
            text = theme.text(words, size, theme.TEXT, i == selected)
            surface.blit(text, text.get_rect(center=row.center))
        hint = theme.text(fit(pause_hint(), px(20), room), px(20), theme.DIM)
        surface.blit(hint, (box.centerx - hint.get_width() // 2, box.bottom - px(40)))


def pause_hint() -> str:
    """The pause menu's keys, and a kit's pads (they walk the menu only while it is up)."""
    return _("Up/Down or the toms: choose  ·  Enter or green: select  ·  Esc or red: resume")
