"""The learn mode of the Drum kits screen (drawing only): the pads to learn with the notes bound
to each, the prompt ("Hit the pad for Snare") and what the last note-on did, and at the end the
name of the new kit profile being typed."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.base.language import _
from game.ui import theme
from game.ui.kit_widgets import Scale
from game.ui.text_boxes import panel as text_panel
from game.ui.text_fit import fit, text_width, wrap


@dataclass(frozen=True)
class LearnLine:
    """A pad of the learn mode's checklist: its name, the notes bound to it ("38, 40"), and
    whether it is the pad asked for now."""

    label: str
    notes: str
    current: bool = False


@dataclass(frozen=True)
class LearnPicture:
    """Learn mode: the device, the prompt, the step (1-based) of `steps`, the checklist, what
    the last note-on did, and (once every pad is asked for) the name being typed."""

    device: str
    prompt: str
    step: int
    steps: int
    lines: tuple[LearnLine, ...]
    heard: str | None = None
    naming: bool = False
    name: str = ""
    name_hint: str = ""


def draw_learn(
    surface: pygame.Surface, learn: LearnPicture, left: pygame.Rect, right: pygame.Rect, px: Scale
) -> None:
    """Learn mode: the checklist in `left`, the prompt (or the name) in `right`."""
    with text_panel(surface, left):
        _checklist(surface, learn, left, px)
    with text_panel(surface, right):
        _learn_panel(surface, learn, right, px)


def _checklist(surface: pygame.Surface, learn: LearnPicture, area: pygame.Rect, px: Scale) -> None:
    """Every pad to learn and the notes bound to it, the current one highlighted."""
    heading = fit(_("Learn mode"), px(34), area.width - px(8), True)
    surface.blit(theme.text(heading, px(34), theme.GOLD, True), (area.left + px(4), area.top))
    device = fit(learn.device, px(22), area.width - px(8))
    surface.blit(theme.text(device, px(22), theme.DIM), (area.left + px(4), area.top + px(42)))
    y = area.top + px(76)
    row_h = max(px(34), min(px(48), (area.bottom - y) // max(1, len(learn.lines))))
    for line in learn.lines:
        rect = pygame.Rect(area.left, y, area.width, row_h - px(6))
        if line.current:
            pygame.draw.rect(surface, theme.JACKET_BLUE, rect, border_radius=px(10))
            pygame.draw.rect(surface, theme.GOLD, rect, 2, border_radius=px(10))
        else:
            pygame.draw.rect(surface, theme.PANEL, rect, border_radius=px(10))
        notes = line.notes or ("…" if line.current else "—")
        colour = theme.GOLD if line.notes else theme.DIM
        shown = theme.text(fit(notes, px(23), min(px(220), rect.width // 2)), px(23), colour)
        room = rect.width - px(48) - shown.get_width()
        label = theme.text(
            fit(line.label, px(25), room, line.current), px(25), theme.TEXT, line.current
        )
        surface.blit(label, (rect.left + px(16), rect.centery - label.get_height() // 2))
        surface.blit(
            shown, (rect.right - px(16) - shown.get_width(), rect.centery - shown.get_height() // 2)
        )
        y += row_h


def _learn_panel(
    surface: pygame.Surface, learn: LearnPicture, panel: pygame.Rect, px: Scale
) -> None:
    """The prompt and what the last note-on did, or the name of the new profile."""
    x = panel.left + px(36)
    room = panel.width - px(48)
    if learn.naming:
        _naming(surface, learn, panel, px)
        return
    words = _("Pad {step} of {steps}").format(step=learn.step, steps=learn.steps)
    step = theme.text(fit(words, px(26), room), px(26), theme.DIM)
    surface.blit(step, (x, panel.top + px(24)))
    lines = [learn.prompt]
    size = px(60)
    if text_width(learn.prompt, size, display=True) > room:  # two smaller lines
        size = px(42)
        first = wrap(learn.prompt, size, room, display=True)[0]
        rest = learn.prompt[len(first) :].strip() if learn.prompt.startswith(first) else ""
        lines = [first, fit(rest, size, room, display=True)] if rest else [first]
    y = panel.top + px(110)
    for line in lines:
        prompt = theme.text(fit(line, size, room, display=True), size, theme.GOLD, display=True)
        surface.blit(prompt, (panel.centerx - prompt.get_width() // 2, y))
        y += prompt.get_height()
    _drum_sticks(surface, (panel.centerx, panel.top + px(290)), px)
    current = next((line for line in learn.lines if line.current), None)
    notes = current.notes if current is not None else ""
    if notes:
        bound = _("Notes bound: {notes}").format(notes=notes)
    else:
        bound = _("No note yet: hit the pad (or Enter to skip it)")
    text = theme.text(fit(bound, px(30), room, bool(notes)), px(30), theme.TEXT, bool(notes))
    surface.blit(text, (panel.centerx - text.get_width() // 2, panel.top + px(380)))
    if learn.heard:
        heard = theme.text(fit(learn.heard, px(24), room), px(24), theme.DIM)
        surface.blit(heard, (panel.centerx - heard.get_width() // 2, panel.top + px(426)))
    tips = _("Hit it several ways (head, rim, bow, edge): every note heard is bound.")
    tip = theme.text(fit(tips, px(22), room), px(22), theme.DIM)
    surface.blit(tip, (panel.centerx - tip.get_width() // 2, panel.bottom - px(40)))


def _naming(surface: pygame.Surface, learn: LearnPicture, panel: pygame.Rect, px: Scale) -> None:
    room = panel.width - px(48)
    head_words = fit(_("Every pad is learned"), px(52), room, display=True)
    head = theme.text(head_words, px(52), theme.GOLD, display=True)
    surface.blit(head, (panel.centerx - head.get_width() // 2, panel.top + px(60)))
    ask = theme.text(fit(_("Name your kit profile"), px(30), room), px(30), theme.TEXT)
    surface.blit(ask, (panel.centerx - ask.get_width() // 2, panel.top + px(150)))
    field = pygame.Rect(0, 0, min(px(560), room), px(64))
    field.midtop = (panel.centerx, panel.top + px(200))
    pygame.draw.rect(surface, theme.darker(theme.JACKET_DARK, 0.3), field, border_radius=px(10))
    pygame.draw.rect(surface, theme.GOLD, field, px(2), border_radius=px(10))
    shown = learn.name
    while shown and text_width(shown, px(36), True) > field.width - px(36):
        shown = shown[1:]  # the end being typed stays in view
    text = theme.text(shown, px(36), theme.TEXT, True)
    tx = field.left + px(16)
    surface.blit(text, (tx, field.centery - text.get_height() // 2))
    caret = tx + text.get_width() + px(3)
    pygame.draw.line(
        surface, theme.GOLD, (caret, field.top + px(12)), (caret, field.bottom - px(12)), px(2)
    )
    if learn.name_hint:
        hint = theme.text(fit(learn.name_hint, px(23), room), px(23), theme.DIM)
        surface.blit(hint, (panel.centerx - hint.get_width() // 2, field.bottom + px(18)))
    if learn.heard:
        heard = theme.text(fit(learn.heard, px(23), room), px(23), theme.WARN)
        surface.blit(heard, (panel.centerx - heard.get_width() // 2, field.bottom + px(52)))


def _drum_sticks(surface: pygame.Surface, centre: tuple[int, int], px: Scale) -> None:
    """A pad in the jackets' blue with two crossed sticks above it."""
    cx, cy = centre
    pad = pygame.Rect(0, 0, px(180), px(70))
    pad.center = (cx, cy + px(20))
    pygame.draw.ellipse(surface, theme.JACKET_DARK, pad.move(0, px(10)))
    pygame.draw.ellipse(surface, theme.JACKET_BLUE, pad)
    pygame.draw.ellipse(surface, theme.GOLD, pad, px(3))
    for sign in (-1, 1):
        start = (cx + sign * px(120), cy - px(80))
        end = (cx - sign * px(14), cy + px(8))
        pygame.draw.line(surface, (214, 170, 110), start, end, px(8))
        pygame.draw.circle(surface, (236, 200, 140), end, px(6))
