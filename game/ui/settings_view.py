"""The settings screen (drawing only): a sidebar of pages, the rows of the page, its help line.

`draw_settings` is a pure function of a `SettingsViewState`, which `game.app.settings_screen`
builds from the settings and its cursor every frame. Sizes are laid out for 1280×720 and scaled
to the surface.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game.base.language import _
from game.ui import theme
from game.ui.kit_widgets import Scale, fit, warning_mark
from game.ui.menus import PAD_HELP
from game.ui.notice import NoticeLayout, draw_notice
from game.ui.text_boxes import panel as text_panel

Colour = tuple[int, int, int]
TRACK = (12, 18, 40)
"""The empty part of a slider."""


@dataclass(frozen=True)
class KeyCell:
    """One player's keys for a pad on the Keys page ("D", "Space / K", "—") and its conflict."""

    keys: str
    warning: str = ""


@dataclass(frozen=True)
class SettingRow:
    """One row of a page as shown: label, value, a dim hint, and a slider's fill (0-1).

    `adjustable` rows change with Left/Right (arrows are drawn when selected). A key binding row
    has `cells`, one per player of the layout, instead of a value.
    """

    label: str
    value: str = ""
    hint: str = ""
    fraction: float | None = None
    adjustable: bool = False
    cells: tuple[KeyCell, ...] = ()


@dataclass(frozen=True)
class SettingsViewState:
    """Everything the settings screen shows.

    `column` is the selected cell of a key binding row; `columns` head the cells. `editing` (a
    name being typed, a key awaited) draws the selected value in gold. `summary` lines (key
    conflicts) are shown in the warning colour at the bottom of the page, `notice` (a failed
    save) above the help line.
    """

    pages: tuple[str, ...]
    page: int
    rows: tuple[SettingRow, ...]
    selected: int
    help: str
    note: str = ""
    columns: tuple[str, ...] = ()
    column: int = 0
    editing: bool = False
    summary: tuple[str, ...] = ()
    notice: str | None = None


@dataclass
class SettingsBoxes:
    """Where the last drawing put the page tabs (one per page, in order) and the rows shown
    (by row index), in the surface's pixels: what a mouse can point at."""

    pages: list[pygame.Rect] = field(default_factory=list)
    rows: dict[int, pygame.Rect] = field(default_factory=dict)
    pads: pygame.Rect | None = None
    """The line that says how a kit's pads walk the menus."""


def draw_settings(
    surface: pygame.Surface, state: SettingsViewState, boxes: SettingsBoxes | None = None
) -> NoticeLayout | None:
    """Draw the settings screen of `state` onto `surface` (any size); the notice's layout.
    `boxes`, when given, is filled with where the page tabs and the rows were drawn."""
    w, h = surface.get_size()
    px = Scale((w, h))
    boxes = boxes if boxes is not None else SettingsBoxes()
    boxes.pages.clear()
    boxes.rows.clear()
    surface.fill(theme.BACKGROUND)
    _header(surface, px)
    footer_top, notice = _footer(surface, state, px, boxes)
    _sidebar(surface, state, px, boxes)
    panel = pygame.Rect(px(270), px(92), w - px(270) - px(24), footer_top - px(92) - px(14))
    pygame.draw.rect(surface, theme.PANEL, panel, border_radius=px(16))
    with text_panel(surface, panel):
        _page(surface, state, panel, px, boxes)
    return notice


def _header(surface: pygame.Surface, px: Scale) -> None:
    w = surface.get_width()
    pygame.draw.rect(surface, theme.JACKET_BLUE, (0, 0, w, px(70)))
    pygame.draw.rect(surface, theme.GOLD, (0, px(70), w, px(3)))
    title = theme.text(fit(_("Settings"), px(48), w // 2 - px(40), True), px(48), theme.TEXT, True)
    surface.blit(title, (px(28), px(36) - title.get_height() // 2))
    room = w - title.get_width() - px(84)
    tag_words = fit(_("Tune the stage for both players"), px(26), room)
    tag = theme.text(tag_words, px(26), theme.lighter(theme.JACKET_BLUE, 0.6))
    surface.blit(tag, (w - tag.get_width() - px(28), px(36) - tag.get_height() // 2))


def _footer(
    surface: pygame.Surface, state: SettingsViewState, px: Scale, boxes: SettingsBoxes
) -> tuple[int, NoticeLayout | None]:
    """The help line, the kit pads' line above it and the notice wrapped above that; returns
    the top of the footer in pixels and the notice's layout."""
    w, h = surface.get_size()
    strip = pygame.Rect(0, h - px(42), w, px(42))
    pygame.draw.rect(surface, theme.darker(theme.PANEL, 0.3), strip)
    colour = theme.GOLD if state.editing else theme.DIM
    line = theme.text(fit(state.help, px(25), w - px(56)), px(25), colour)
    surface.blit(line, (px(28), strip.centery - line.get_height() // 2))
    pads = theme.text(fit(_(PAD_HELP), px(19), w - px(56)), px(19), theme.DIM)
    boxes.pads = surface.blit(pads, (px(28), strip.top - px(4) - pads.get_height()))
    top = boxes.pads.top - px(2)
    if not state.notice:
        return top, None
    area = pygame.Rect(0, px(92), w, strip.top - px(4) - px(92))
    layout = draw_notice(surface, state.notice, area, size=px(24), margin=px(14))
    return layout.shade.top - px(4), layout


def _sidebar(
    surface: pygame.Surface, state: SettingsViewState, px: Scale, boxes: SettingsBoxes
) -> None:
    for i, name in enumerate(state.pages):
        pill = pygame.Rect(px(24), px(92) + i * px(54), px(226), px(46))
        boxes.pages.append(pill)
        chosen = i == state.page
        pygame.draw.rect(
            surface, theme.JACKET_BLUE if chosen else theme.PANEL, pill, border_radius=px(10)
        )
        if chosen:
            stripe = pygame.Rect(pill.left, pill.top + px(8), px(5), pill.height - px(16))
            pygame.draw.rect(surface, theme.GOLD, stripe, border_radius=px(3))
        words = fit(name, px(32), pill.width - px(30), chosen)
        label = theme.text(words, px(32), theme.TEXT if chosen else theme.DIM, chosen)
        surface.blit(label, (pill.left + px(22), pill.centery - label.get_height() // 2))
    hint = theme.text(fit(_("Tab / Shift+Tab: page"), px(22), px(236)), px(22), theme.DIM)
    top = px(92) + len(state.pages) * px(54) + px(6)
    surface.blit(hint, (px(24) + px(113) - hint.get_width() // 2, top))


def _page(
    surface: pygame.Surface,
    state: SettingsViewState,
    panel: pygame.Rect,
    px: Scale,
    boxes: SettingsBoxes,
) -> None:
    x0 = panel.left + px(28)
    y = panel.top + px(18)
    room = panel.right - px(20) - x0
    title = theme.text(fit(state.pages[state.page], px(40), room, True), px(40), theme.TEXT, True)
    surface.blit(title, (x0, y))
    y += title.get_height() + px(6)
    if state.note:
        note = theme.text(fit(state.note, px(23), room), px(23), theme.DIM)
        surface.blit(note, (x0, y))
        y += note.get_height()
    y += px(14)
    cells_x = panel.left + px(330)
    cell_w = (panel.right - px(20) - cells_x) // max(1, len(state.columns))
    bottom = panel.bottom - px(14)
    if state.summary:
        bottom = _summary(surface, state.summary, panel, px)
    area = pygame.Rect(panel.left, y, panel.width, bottom - y)
    _rows(surface, state, area, cells_x, cell_w, px, boxes)


def _summary(surface: pygame.Surface, lines: tuple[str, ...], panel: pygame.Rect, px: Scale) -> int:
    """The conflict lines at the bottom of the panel; returns the top they leave for the rows."""
    line_h = px(28)
    shown = lines[:4]
    top = panel.bottom - px(16) - line_h * len(shown)
    pygame.draw.line(
        surface,
        theme.darker(theme.WARN, 0.45),
        (panel.left + px(24), top - px(10)),
        (panel.right - px(24), top - px(10)),
        px(2),
    )
    for i, message in enumerate(shown):
        y = top + i * line_h
        warning_mark(surface, (panel.left + px(40), y + line_h // 2), px)
        text = theme.text(fit(message, px(24), panel.width - px(84)), px(24), theme.WARN)
        surface.blit(text, (panel.left + px(60), y + line_h // 2 - text.get_height() // 2))
    return top - px(16)


def _rows(
    surface: pygame.Surface,
    state: SettingsViewState,
    area: pygame.Rect,
    cells_x: int,
    cell_w: int,
    px: Scale,
    boxes: SettingsBoxes,
) -> None:
    """The rows in `area`, scrolled so that the selected one shows."""
    n = len(state.rows)
    if n == 0:
        return
    heading_at = next((i for i, r in enumerate(state.rows) if r.cells), None)
    heading_h = px(34) if state.columns and heading_at is not None else 0
    height = area.height - heading_h
    row_h = max(px(34), min(px(52), height // n))
    visible = max(1, height // row_h)
    first = max(0, min(state.selected - visible // 2, n - visible))
    y = area.top
    for i in range(first, min(n, first + visible)):
        if i == heading_at and heading_h:
            _headings(surface, state.columns, y, cells_x, cell_w, px)
            y += heading_h
        rect = pygame.Rect(area.left + px(12), y, area.width - px(24), row_h)
        boxes.rows[i] = rect
        _row(surface, state, i, rect, cells_x, cell_w, px)
        y += row_h
    if first > 0:
        _arrow(surface, (area.centerx, area.top - px(4)), -1, theme.DIM, px, vertical=True)
    if first + visible < n:
        _arrow(surface, (area.centerx, area.bottom + px(4)), 1, theme.DIM, px, vertical=True)


def _headings(
    surface: pygame.Surface,
    columns: tuple[str, ...],
    top: int,
    cells_x: int,
    cell_w: int,
    px: Scale,
) -> None:
    """The headings of the key cells ("Player 1", "Player 2") above the first pad row."""
    for i, heading in enumerate(columns):
        text = theme.text(fit(heading, px(26), cell_w - px(38), True), px(26), theme.GOLD, True)
        surface.blit(text, (cells_x + i * cell_w + px(14), top + px(28) - text.get_height()))
        line_y = top + px(30)
        pygame.draw.line(
            surface,
            theme.lighter(theme.PANEL, 0.15),
            (cells_x + i * cell_w + px(14), line_y),
            (cells_x + (i + 1) * cell_w - px(24), line_y),
            px(2),
        )


def _row(
    surface: pygame.Surface,
    state: SettingsViewState,
    i: int,
    rect: pygame.Rect,
    cells_x: int,
    cell_w: int,
    px: Scale,
) -> None:
    row = state.rows[i]
    chosen = i == state.selected
    band = rect.inflate(0, -px(6))
    if chosen:
        colour = theme.JACKET_DARK if row.cells else theme.JACKET_BLUE
        pygame.draw.rect(surface, colour, band, border_radius=px(10))
    words = fit(row.label, px(30), cells_x - rect.left - px(30), chosen)
    label = theme.text(words, px(30), theme.TEXT, chosen)
    surface.blit(label, (rect.left + px(18), rect.centery - label.get_height() // 2))
    if row.cells:
        for c, cell in enumerate(row.cells):
            box = pygame.Rect(cells_x + c * cell_w, band.top, cell_w - px(10), band.height)
            _cell(surface, cell, box, chosen and c == state.column, state.editing, px)
        return
    value_box = pygame.Rect(cells_x, band.top, px(270), band.height)
    editing = chosen and state.editing
    _value(surface, row, value_box, chosen, editing, px)
    if row.hint and not editing:
        x = value_box.right + px(22) if row.value or row.adjustable else value_box.left + px(14)
        words = fit(row.hint, px(23), rect.right - px(12) - x)
        hint = theme.text(words, px(23), theme.lighter(theme.DIM, 0.2) if chosen else theme.DIM)
        surface.blit(hint, (x, rect.centery - hint.get_height() // 2))


def _value(
    surface: pygame.Surface,
    row: SettingRow,
    box: pygame.Rect,
    chosen: bool,
    editing: bool,
    px: Scale,
) -> None:
    """A row's value: a slider or words between arrows, or typed text with a caret."""
    colour = theme.GOLD if editing or chosen else theme.TEXT
    if editing:
        field = pygame.Rect(box.left, box.top + px(3), px(420), box.height - px(6))
        pygame.draw.rect(surface, theme.darker(theme.JACKET_DARK, 0.3), field, border_radius=px(8))
        pygame.draw.rect(surface, theme.GOLD, field, px(2), border_radius=px(8))
        shown = row.value
        while shown and theme.text_width(shown, px(30)) > field.width - px(30):
            shown = shown[1:]  # the end being typed stays in view
        text = theme.text(shown, px(30), theme.TEXT)
        x = field.left + px(12)
        surface.blit(text, (x, field.centery - text.get_height() // 2))
        caret_x = x + text.get_width() + px(3)
        pygame.draw.line(
            surface,
            theme.GOLD,
            (caret_x, field.top + px(7)),
            (caret_x, field.bottom - px(7)),
            px(2),
        )
        return
    if not row.adjustable:
        text = theme.text(fit(row.value, px(30), box.width - px(14)), px(30), colour)
        surface.blit(text, (box.left + px(14), box.centery - text.get_height() // 2))
        return
    if chosen:
        _arrow(surface, (box.left + px(8), box.centery), -1, theme.GOLD, px)
        _arrow(surface, (box.right - px(8), box.centery), 1, theme.GOLD, px)
    if row.fraction is None:
        text = _fitted(row.value, px(30), colour, chosen, box.width - px(36))
        surface.blit(
            text, (box.centerx - text.get_width() // 2, box.centery - text.get_height() // 2)
        )
        return
    text = theme.text(row.value, px(30), colour, chosen)
    track = pygame.Rect(box.left + px(26), box.centery - px(5), px(130), px(10))
    pygame.draw.rect(surface, TRACK, track, border_radius=px(5))
    fill = track.copy()
    fill.width = round(track.width * max(0.0, min(1.0, row.fraction)))
    if fill.width:
        pygame.draw.rect(
            surface,
            theme.GOLD if chosen else theme.lighter(theme.JACKET_BLUE, 0.3),
            fill,
            border_radius=px(5),
        )
    surface.blit(
        text, (box.right - px(24) - text.get_width(), box.centery - text.get_height() // 2)
    )


def _fitted(words: str, size: int, colour: Colour, bold: bool, width: int) -> pygame.Surface:
    """`words` drawn, cut with "…" until at most `width` pixels wide (a long device name)."""
    text = theme.text(words, size, colour, bold)
    while text.get_width() > width and len(words) > 1:
        words = words[:-2].rstrip() + "…"
        text = theme.text(words, size, colour, bold)
    return text


def _cell(
    surface: pygame.Surface,
    cell: KeyCell,
    box: pygame.Rect,
    chosen: bool,
    editing: bool,
    px: Scale,
) -> None:
    """One player's keys for a pad, and what they clash with in the warning colour."""
    if chosen:
        pygame.draw.rect(surface, theme.JACKET_BLUE, box, border_radius=px(10))
        if editing:
            pygame.draw.rect(surface, theme.GOLD, box, px(2), border_radius=px(10))
    warn = bool(cell.warning)
    colour = theme.GOLD if chosen and editing else theme.WARN if warn else theme.TEXT
    room = box.width - px(28)
    keys = theme.text(
        fit(cell.keys, px(30), room * 3 // 5 if warn else room, chosen), px(30), colour, chosen
    )
    x = box.left + px(14)
    surface.blit(keys, (x, box.centery - keys.get_height() // 2))
    if warn:
        x += keys.get_width() + px(16)
        warning_mark(surface, (x, box.centery), px)
        note_room = box.right - px(8) - (x + px(14))
        note = theme.text(fit(cell.warning, px(22), note_room), px(22), theme.WARN)
        surface.blit(note, (x + px(14), box.centery - note.get_height() // 2))


def _arrow(
    surface: pygame.Surface,
    tip: tuple[int, int],
    direction: int,
    colour: Colour,
    px: Scale,
    vertical: bool = False,
) -> None:
    """A small triangle pointing left/right (or up/down when `vertical`), its base at `tip`."""
    x, y = tip
    d, s = direction, px(7)
    if vertical:
        points = [(x, y + d * s), (x - s, y), (x + s, y)]
    else:
        points = [(x + d * s, y), (x, y - s), (x, y + s)]
    pygame.draw.polygon(surface, colour, points)
