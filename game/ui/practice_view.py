"""Practice's pictures: the practice menu (the loop, the speed, auto speed-up, the partner) with
the heat map of how each bar went, and the card between two passes of the loop."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum

import pygame

from game.base.language import _
from game.core.practice import Loop, PassageStat
from game.ui import theme
from game.ui.footer import draw_footer
from game.ui.heat import heat_colour
from game.ui.menus import PAD_HELP
from game.ui.text_boxes import panel
from game.ui.text_fit import fit

ROW_SIZE, ROW_H = 24, 38
"""The menu's rows: text size and height (pixels, on the 1280×720 canvas)."""
HEAT_H = 64
"""The heat map's height (pixels)."""
MENU_W = 560
"""The menu's width (pixels); the heat map and the records take the rest."""


class PracticeItem(Enum):
    """What a row of the practice menu sets."""

    WORST = "worst"
    """Loop the worst passage of the last passes."""
    FROM = "from"
    TO = "to"
    A = "a"
    B = "b"
    SPEED = "speed"
    AUTO = "auto"
    LEAD_IN = "lead_in"
    PARTNER = "partner"
    START = "start"


@dataclass
class PracticeMenu:
    """What the practice menu shows: the song, the rows' words and the highlighted row, the
    loop on the song's timeline, the heat map, the records and a notice (a refused loop)."""

    title: str
    rows: list[tuple[PracticeItem, str, str]]
    """Each row: what it sets, its label and its value."""
    selected: int
    length_s: float
    loop: tuple[float, float]
    """A and B (song seconds at speed 1.0)."""
    bars: list[PassageStat] = field(default_factory=list)
    sections: list[PassageStat] = field(default_factory=list)
    bests: list[tuple[float, float]] = field(default_factory=list)
    """The loop's best accuracy (0-1) at each speed practised, by speed."""
    history: list[tuple[float, float]] = field(default_factory=list)
    """This practice's passes: (speed, accuracy), oldest first."""
    notice: str | None = None
    marks: list[tuple[str, float]] = field(default_factory=list)
    """The song's sections: name and start (song seconds)."""


def percent(fraction: float) -> str:
    """A fraction (0-1) as a whole percentage, "97%" ("–" for NaN)."""
    return "–" if math.isnan(fraction) else f"{fraction * 100:.0f}%"


def clock_text(seconds: float) -> str:
    """Song seconds as m:ss.s ("1:42.5")."""
    minutes, rest = divmod(max(0.0, seconds), 60.0)
    return f"{int(minutes)}:{rest:04.1f}"


def practice_rows(size: tuple[int, int], count: int) -> list[pygame.Rect]:
    """The menu rows' boxes (pixels) on a canvas of `size`, as many as fit."""
    top, bottom = 96, size[1] - 96
    fits = max(1, (bottom - top) // ROW_H)
    return [pygame.Rect(24, top + i * ROW_H, MENU_W, ROW_H - 6) for i in range(min(count, fits))]


def draw_practice(surface: pygame.Surface, menu: PracticeMenu) -> None:
    """The practice menu (see the module)."""
    w, h = surface.get_size()
    surface.fill(theme.BACKGROUND)
    pygame.draw.rect(surface, theme.JACKET_BLUE, (0, 0, w, 70))
    head = _("Practice: {title}").format(title=menu.title)
    surface.blit(theme.text(fit(head, 40, w - 48, True), 40, theme.TEXT, True), (24, 16))
    boxes = practice_rows((w, h), len(menu.rows))
    first = max(0, min(menu.selected - len(boxes) + 1, len(menu.rows) - len(boxes)))
    for i, box in enumerate(boxes):
        k = first + i
        item, label, value = menu.rows[k]
        chosen = k == menu.selected
        if chosen:
            pygame.draw.rect(surface, theme.JACKET_BLUE, box, border_radius=8)
            pygame.draw.rect(surface, theme.GOLD, box, 2, border_radius=8)
        colour = theme.TEXT if item in (PracticeItem.START, PracticeItem.WORST) else theme.GOLD
        room = box.width - 28
        v = theme.text(fit(value, ROW_SIZE, room * 11 // 20, True), ROW_SIZE, colour, True)
        if label:
            words = fit(label, ROW_SIZE, room - v.get_width() - 12)
            shade = theme.TEXT if chosen else theme.DIM
            label_surface = theme.text(words, ROW_SIZE, shade)
            surface.blit(
                label_surface, label_surface.get_rect(midleft=(box.left + 14, box.centery))
            )
            surface.blit(v, v.get_rect(midright=(box.right - 14, box.centery)))
        else:
            surface.blit(v, v.get_rect(center=box.center))
    side = pygame.Rect(MENU_W + 48, 96, w - MENU_W - 72, h - 200)
    _draw_side(surface, menu, side)
    if menu.notice:
        line = theme.text(fit(menu.notice, 22, w - 48), 22, theme.WARN)
        surface.blit(line, (24, h - 118))
    keys = _("Up/Down: row  ·  Left/Right: change  ·  Enter: practise  ·  Esc: back")
    draw_footer(surface, [(_(PAD_HELP), 19, 2), (keys, 21, 2)], margin=12)


def _draw_side(surface: pygame.Surface, menu: PracticeMenu, area: pygame.Rect) -> None:
    """The song's timeline with its sections, the loop and the heat map; each section's start
    and figures (those in the loop bright); the loop's records and this practice's passes."""
    with panel(surface, area):
        x, y, width = area.left, area.top, area.width
        title = fit(_("The song, bar by bar"), 22, width, True)
        surface.blit(theme.text(title, 22, theme.TEXT, True), (x, y))
        y += 32
        strip = pygame.Rect(x, y, width, HEAT_H)
        draw_heat_map(surface, strip, menu.bars, menu.length_s, menu.loop, menu.marks)
        y = strip.bottom + 12
        bottom = area.bottom - 8
        records = [line for line in _record_lines(menu) if line]
        table_bottom = bottom - 28 * len(records)
        y = _draw_sections(surface, menu, pygame.Rect(x, y, width, table_bottom - y))
        y = max(y, table_bottom)
        for line, colour in records:
            surface.blit(theme.text(fit(line, 20, width), 20, colour), (x, y))
            y += 28


def _record_lines(menu: PracticeMenu) -> list[tuple[str, tuple[int, int, int]]]:
    """The loop's bests by speed and this practice's passes, as lines with their colours."""
    lines = []
    if menu.bests:
        best = "  ".join(f"{percent(s)}: {percent(a)}" for s, a in menu.bests[-5:])
        lines.append((_("Best on this loop, by speed: {list}").format(list=best), theme.GOLD))
    if menu.history:
        passes = "  ".join(f"{percent(a)} ({percent(s)})" for s, a in menu.history[-6:])
        lines.append((_("Passes: {list}").format(list=passes), theme.DIM))
    return lines


def _draw_sections(surface: pygame.Surface, menu: PracticeMenu, box: pygame.Rect) -> int:
    """The sections, each with its start and (once played) its accuracy and mean error, in
    one or two columns; those the loop holds are bright. Returns the bottom (pixels)."""
    line_h = 26
    marks = menu.marks or [(_("Whole song"), 0.0)]
    stats = {round(s.start_s, 3): s for s in menu.sections if s.notes}
    rows = max(1, box.height // line_h)
    columns = 1 if len(marks) <= rows else 2
    col_w = (box.width - 16 * (columns - 1)) // columns
    shown = marks[: rows * columns]
    a, b = menu.loop
    for i, (name, start_s) in enumerate(shown):
        col, row = divmod(i, rows)
        x, y = box.left + col * (col_w + 16), box.top + row * line_h
        end_s = marks[i + 1][1] if i + 1 < len(marks) else menu.length_s
        inside = start_s < b - 1e-6 and end_s > a + 1e-6
        stat = stats.get(round(start_s, 3))
        if stat is not None:
            pygame.draw.rect(surface, heat_colour(stat.accuracy), (x, y + 6, 12, 12), 0, 3)
        right = clock_text(start_s)
        if stat is not None:
            right = f"{percent(stat.accuracy)}  {_error_words(stat)}".rstrip()
        r = theme.text(right, 20, theme.TEXT if inside else theme.DIM)
        surface.blit(r, (x + col_w - r.get_width(), y))
        words = fit(name, 20, col_w - r.get_width() - 30, inside)
        surface.blit(
            theme.text(words, 20, theme.TEXT if inside else theme.DIM, inside), (x + 18, y)
        )
    used = min(len(shown), rows)
    return box.top + used * line_h + 8


def _error_words(stat: PassageStat) -> str:
    """A passage's mean error: "+12 ms" (late) or "−8 ms" (early); "" when nothing was hit."""
    if math.isnan(stat.mean_error_ms):
        return ""
    return _("{ms:+.0f} ms").format(ms=stat.mean_error_ms)


def draw_heat_map(
    surface: pygame.Surface,
    box: pygame.Rect,
    bars: list[PassageStat],
    length_s: float,
    loop: tuple[float, float] | None = None,
    marks: list[tuple[str, float]] | None = None,
    start_s: float = 0.0,
) -> None:
    """The song from `start_s` to `length_s` seconds as a strip: each bar coloured by its
    accuracy (`heat_colour`) with a gap between bars, a thin line where each section (`marks`:
    name, start) starts, the loop from A to B outlined in gold."""
    pygame.draw.rect(surface, theme.PANEL, box, border_radius=6)
    span = length_s - start_s
    if span <= 0:
        return
    scale = box.width / span

    def x(time_s: float) -> int:
        return box.left + round((min(max(time_s, start_s), length_s) - start_s) * scale)

    for _name, mark_s in marks or []:
        if start_s < mark_s < length_s:
            top, bottom = (x(mark_s), box.top + 2), (x(mark_s), box.bottom - 3)
            pygame.draw.line(surface, theme.DIM, top, bottom)
    gap = 1 if scale * 2 > 6 else 0  # bars (about 2 s) wider than 6 pixels: a gap between
    for bar in bars:
        left, right = x(bar.start_s) + gap, x(bar.end_s) - gap
        if right <= left or bar.notes == 0:
            continue
        spot = (left, box.top + 8, right - left, box.height - 16)
        pygame.draw.rect(surface, heat_colour(bar.accuracy), spot)
    if loop is not None:
        a, b = x(loop[0]), x(loop[1])
        pygame.draw.rect(surface, theme.GOLD, (a, box.top, max(2, b - a), box.height), 3)


@dataclass(frozen=True)
class PassCard:
    """The card between two passes: how the pass went, the speed of the next, a new best,
    the choices (the highlighted one) and the seconds left before the loop goes on by itself
    (None once a choice was moved)."""

    number: int
    accuracy: float
    speed: float
    next_speed: float
    new_best: bool
    choices: tuple[str, ...]
    selected: int
    seconds_left: float | None
    loop: Loop | None = None
    bars: tuple[PassageStat, ...] = ()
    """This pass's bars (of the loop), for the card's heat strip."""


def draw_pass_card(surface: pygame.Surface, card: PassCard) -> None:
    """The card between passes, centred on the screen (see `PassCard`)."""
    w, h = surface.get_size()
    surface.fill(theme.BACKGROUND)
    strip_h = 56 if card.loop is not None else 0
    tall = 118 + strip_h + ROW_H * len(card.choices)
    box = pygame.Rect(0, 0, min(w - 80, 760), min(h - 140, tall))
    box.center = (w // 2, h // 2 - 20)
    pygame.draw.rect(surface, theme.PANEL, box, border_radius=16)
    pygame.draw.rect(surface, theme.GOLD, box, 2, border_radius=16)
    with panel(surface, box):
        x, y, width = box.left + 32, box.top + 18, box.width - 64
        head = _("Pass {number}: {accuracy}").format(
            number=card.number, accuracy=percent(card.accuracy)
        )
        surface.blit(theme.text(fit(head, 40, width, True), 40, theme.TEXT, True), (x, y))
        y += 54
        if card.next_speed != card.speed:
            words = _("Speed {old} → {new}").format(
                old=percent(card.speed), new=percent(card.next_speed)
            )
        else:
            words = _("Speed {speed}").format(speed=percent(card.speed))
        if card.new_best:
            words += "  ·  " + _("a new best at this speed!")
        surface.blit(theme.text(fit(words, 24, width), 24, theme.GOLD), (x, y))
        y += 40
        if card.loop is not None:
            strip = pygame.Rect(x, y, width, strip_h - 14)
            loop = card.loop
            draw_heat_map(surface, strip, list(card.bars), loop.end_s, None, None, loop.start_s)
            y = strip.bottom + 14
        for i, label in enumerate(card.choices):
            row = pygame.Rect(x, y, width, ROW_H - 6)
            chosen = i == card.selected
            if chosen:
                pygame.draw.rect(surface, theme.JACKET_BLUE, row, border_radius=8)
            text = label
            if chosen and i == 0 and card.seconds_left is not None:
                text = _("{choice} (in {seconds:.0f} s)").format(
                    choice=label, seconds=math.ceil(card.seconds_left)
                )
            line = theme.text(fit(text, ROW_SIZE, width - 28, chosen), ROW_SIZE, theme.TEXT, chosen)
            surface.blit(line, line.get_rect(midleft=(row.left + 14, row.centery)))
            y += ROW_H
    keys = _("Up/Down: choose  ·  Enter: select  ·  Esc: practice menu")
    draw_footer(surface, [(_(PAD_HELP), 19, 2), (keys, 21, 2)], margin=12)
