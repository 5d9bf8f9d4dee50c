"""The title menu and the quit question (drawing only; game.app.title drives them), and the
names of parts, difficulties and presets that every menu shows."""

from __future__ import annotations

from enum import Enum

import pygame

from game.base.language import N_, _
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.ui import theme
from game.ui.footer import draw_footer, footer_top
from game.ui.notice import NoticeLayout, draw_notice
from game.ui.stage import draw_title_stage
from game.ui.text_boxes import dialog, panel
from game.ui.text_fit import fit, fit_lines, fitting_size

DIFFICULTIES = list(Difficulty)


class TitleChoice(Enum):
    """A line of the title menu, in its order; the value is its label."""

    PLAY = N_("Play")
    ONLINE = N_("Play online")
    TUTORIAL = N_("Tutorial")
    CALIBRATE = N_("Calibrate")
    SETTINGS = N_("Settings")
    QUIT = N_("Quit")


TITLE_MENU = tuple(TitleChoice)
PART_NAMES = {Part.FULL: N_("Full kit"), Part.P1: N_("Duet part 1"), Part.P2: N_("Duet part 2")}
"""Each part's name (English: look it up with `_` when drawn)."""
DIFFICULTY_NAMES = {
    Difficulty.EASY: N_("Easy"),
    Difficulty.MEDIUM: N_("Medium"),
    Difficulty.HARD: N_("Hard"),
    Difficulty.EXPERT: N_("Expert"),
    Difficulty.EXPERT_PLUS: N_("Expert+"),
}
"""Each difficulty's name (English: look it up with `_` when drawn)."""
PRESET_NAMES = {
    WindowPreset.RELAXED: N_("Relaxed"),
    WindowPreset.STANDARD: N_("Standard"),
    WindowPreset.STRICT: N_("Strict"),
}
"""Each timing-window preset's name (English: look it up with `_` when drawn)."""
REASON_SIZE, REASON_LINE_H = 20, 24
NOTICE_SIZE, NOTICE_LINE_H = 24, 30
SHORT_DIFFICULTY = {
    Difficulty.EASY: "E",
    Difficulty.MEDIUM: "M",
    Difficulty.HARD: "H",
    Difficulty.EXPERT: "X",
    Difficulty.EXPERT_PLUS: "X+",
}


PAD_HELP = N_("Drum kit: green select · red back · yellow/blue tom up/down · cymbals left/right")
"""How a kit's pads walk the menus (game.app.menu_input maps them), for the footers."""

QUIT_CHOICES = (N_("Yes, quit"), N_("No"))
"""The quit confirmation's buttons, left to right."""


def draw_title(
    surface: pygame.Surface,
    notice: str | None = None,
    selected: int = 0,
    confirm: int | None = None,
) -> NoticeLayout | None:
    """The title screen: the name, the theme, and the menu with `selected` highlighted, and the
    `notice` wrapped above the title band (its layout is returned); with `confirm` (the
    highlighted button of `QUIT_CHOICES`) the "Quit Drum Duet?" question over it."""
    w, h = surface.get_size()
    band = pygame.Rect(0, h // 6, w, h // 4)
    rows = title_rows((w, h))
    menu = rows[0].unionall(rows).inflate(48, 0)
    column = pygame.Rect(menu.left, band.bottom + 8, menu.width, menu.bottom + 12 - band.bottom - 8)
    bottom = footer_top((w, h), _title_helps())
    draw_title_stage(surface, [pygame.Rect(0, bottom, w, h - bottom)])
    pygame.draw.rect(surface, theme.BACKGROUND, column, border_radius=24)  # the menu's card
    tint = pygame.Surface(band.size, pygame.SRCALPHA)
    tint.fill((*theme.JACKET_BLUE, 225))
    surface.blit(tint, band)
    pygame.draw.rect(surface, theme.JACKET_DARK, (0, band.bottom, w, 8))
    name = fit(_("Drum Duet"), h // 6, w - 32, display=True)
    title = theme.text(name, h // 6, theme.TEXT, display=True)
    surface.blit(title, (w // 2 - title.get_width() // 2, band.centery - title.get_height() // 2))
    tag = theme.text(fit(_tagline(), TAG_SIZE, w - 32), TAG_SIZE, theme.GOLD)
    surface.blit(tag, (w // 2 - tag.get_width() // 2, band.bottom + 24))
    for i, (choice, row) in enumerate(zip(TITLE_MENU, rows, strict=True)):
        label = _(choice.value)
        if i == selected:
            pygame.draw.rect(surface, theme.JACKET_BLUE, row, border_radius=12)
            pygame.draw.rect(surface, theme.GOLD, row, 2, border_radius=12)
        size = min(36, row.height * 4 // 5)
        words = fit(label, size, row.width - 24, i == selected)
        item = theme.text(words, size, theme.TEXT if i == selected else theme.DIM, i == selected)
        surface.blit(item, item.get_rect(center=row.center))
    draw_footer(surface, _title_helps())
    layout = None
    if notice:
        layout = draw_notice(surface, notice, pygame.Rect(0, 0, w, band.top), at="top")
    if confirm is not None:
        draw_quit_question(surface, confirm)
    return layout


TAG_SIZE = 34
"""The text size of the title's tagline."""


def _tagline() -> str:
    return _("Two players, one stage, a little goodwill.")


def _title_helps() -> list[tuple[str, int]]:
    """The title's footer: how the kit's pads and the keys walk the menu (words, text size)."""
    return [(_(PAD_HELP), 19), (_("Up/Down to choose  ·  Enter to go  ·  Esc to quit"), 22)]


def title_rows(size: tuple[int, int]) -> list[pygame.Rect]:
    """The title menu's lines' boxes on a surface of `size` (pixels), in `TITLE_MENU`'s order:
    between the tagline and the footer, as tall as fits (at most `h // 14`)."""
    w, h = size
    tag_h = theme.text("Ag", TAG_SIZE, theme.GOLD).get_height()
    top = h // 6 + h // 4 + 24 + tag_h + 12
    room = footer_top(size, _title_helps()) - top
    row_h = max(24, min(max(44, h // 14), room // len(TITLE_MENU)))
    rows = []
    for i in range(len(TITLE_MENU)):
        row = pygame.Rect(0, 0, min(360, w - 32), row_h - max(4, row_h // 8))
        row.midtop = (w // 2, top + i * row_h)
        rows.append(row)
    return rows


def quit_question_boxes(size: tuple[int, int]) -> list[pygame.Rect]:
    """The quit question's dialog box, then each of its buttons' boxes, on a surface of `size`
    (pixels)."""
    w, h = size
    box = pygame.Rect(0, 0, min(560, w - 32), 250)
    box.center = (w // 2, h // 2)
    button_w = (box.width - 3 * 28) // 2
    buttons = [
        pygame.Rect(box.left + 28 + i * (button_w + 28), box.top + 96, button_w, 54)
        for i in range(len(QUIT_CHOICES))
    ]
    return [box, *buttons]


def draw_quit_question(surface: pygame.Surface, selected: int) -> list[pygame.Rect]:
    """Dim the screen and ask "Quit Drum Duet?" with the buttons of `QUIT_CHOICES`, `selected`
    highlighted; returns the dialog's box then each button's box (pixels)."""
    w, h = surface.get_size()
    dialog(surface, shade=160)
    box, *buttons = quit_question_boxes((w, h))
    pygame.draw.rect(surface, theme.PANEL, box, border_radius=16)
    pygame.draw.rect(surface, theme.GOLD, box, 2, border_radius=16)
    with panel(surface, box):
        asked = _("Quit Drum Duet?")
        size = fitting_size(asked, 50, box.width - 32, 32, True)  # smaller before shorter
        question = theme.text(fit(asked, size, box.width - 32, True), size, theme.TEXT, True)
        surface.blit(question, (box.centerx - question.get_width() // 2, box.top + 24))
        for i, (label, button) in enumerate(zip(QUIT_CHOICES, buttons, strict=True)):
            chosen = i == selected
            colour = theme.JACKET_BLUE if chosen else theme.JACKET_DARK
            pygame.draw.rect(surface, colour, button, border_radius=12)
            if chosen:
                pygame.draw.rect(surface, theme.GOLD, button, 2, border_radius=12)
            label = fit(_(label), 34, button.width - 16, chosen)
            words = theme.text(label, 34, theme.TEXT if chosen else theme.DIM, chosen)
            surface.blit(words, words.get_rect(center=button.center))
        hint = _("Left/Right to choose  ·  Enter to confirm  ·  Esc to stay")
        lines = fit_lines(hint, 21, box.width - 32, 2)
        y = box.bottom - 12 - 24 * len(lines)
        for line in lines:
            words = theme.text(line, 21, theme.DIM)
            surface.blit(words, (box.centerx - words.get_width() // 2, y))
            y += 24
    return [box, *buttons]
