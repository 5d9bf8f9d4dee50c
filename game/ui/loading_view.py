"""The loading panel shown while a song is made ready (drawing only; game.app.loading drives
it): the song, the step under way, a progress bar, a spinner and the keys that cancel."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.base.language import _
from game.ui import theme
from game.ui.kit_widgets import fit
from game.ui.text_boxes import panel as text_panel

SPINNER_TURN_S = 1.2
"""How long the spinner takes to go round once (seconds)."""
SPINNER_DOTS = 10


@dataclass(frozen=True)
class LoadingPicture:
    """What the loading panel shows: the song's title and artist, how far the loading has come
    (`fraction` 0-1 and the `step` in words), the time (seconds) that turns the spinner, and
    whether the players have cancelled (the loading is being stopped)."""

    title: str
    artist: str
    fraction: float
    step: str
    spin_s: float = 0.0
    cancelling: bool = False


def loading_boxes(size: tuple[int, int]) -> dict[str, pygame.Rect]:
    """The loading panel's boxes (pixels) in a window of `size`: "panel", "title", "step",
    "bar" (the progress bar's frame), "spinner" and "footer" (the keys)."""
    w, h = size
    panel = pygame.Rect(0, 0, min(w - 48, 760), min(h - 120, 230))
    panel.center = (w // 2, h // 2 - 20)
    inner = panel.inflate(-64, 0)
    spinner = pygame.Rect(0, 0, 56, 56)
    spinner.topright = (inner.right, panel.top + 30)
    return {
        "panel": panel,
        "title": pygame.Rect(inner.left, panel.top + 28, inner.width - 72, 44),
        "step": pygame.Rect(inner.left, panel.top + 118, inner.width, 30),
        "bar": pygame.Rect(inner.left, panel.top + 160, inner.width, 28),
        "spinner": spinner,
        "footer": pygame.Rect(0, h - 76, w, 64),
    }


def loading_hints() -> tuple[str, str]:
    """The loading panel's footer: the key that cancels, and the kit's pad that does."""
    return _("Esc: cancel and go back to the songs"), _("Drum kit: red pad cancels")


def draw_loading(surface: pygame.Surface, picture: LoadingPicture) -> dict[str, pygame.Rect]:
    """Draw the loading panel over the whole `surface`; returns its boxes (`loading_boxes`)."""
    w, h = surface.get_size()
    boxes = loading_boxes((w, h))
    surface.fill(theme.BACKGROUND)
    pygame.draw.rect(surface, theme.JACKET_BLUE, (0, 0, w, 70))
    heading = fit(_("Getting the stage ready"), 44, w - 48, True)
    surface.blit(theme.text(heading, 44, theme.TEXT, True), (24, 16))
    panel = boxes["panel"]
    pygame.draw.rect(surface, theme.PANEL, panel, border_radius=16)
    pygame.draw.rect(surface, theme.GOLD, panel, 2, border_radius=16)
    title = boxes["title"]
    with text_panel(surface, panel):
        words = fit(picture.title, 34, title.width, True)
        surface.blit(theme.text(words, 34, theme.TEXT, True), title)
        artist = fit(picture.artist, 22, title.width)
        surface.blit(theme.text(artist, 22, theme.DIM), (title.left, title.bottom + 4))
        step = _("Stopping…") if picture.cancelling else picture.step
        colour = theme.WARN if picture.cancelling else theme.TEXT
        surface.blit(theme.text(fit(step, 24, boxes["step"].width), 24, colour), boxes["step"])
    _draw_bar(surface, boxes["bar"], picture.fraction)
    _draw_spinner(surface, boxes["spinner"], picture.spin_s)
    keys, pads = loading_hints()
    footer = boxes["footer"]
    words = theme.text(fit(keys, 22, w - 32), 22, theme.DIM)
    surface.blit(words, (w // 2 - words.get_width() // 2, footer.bottom - 30))
    pad_words = theme.text(fit(pads, 19, w - 32), 19, theme.DIM)
    surface.blit(pad_words, (w // 2 - pad_words.get_width() // 2, footer.bottom - 58))
    return boxes


def _draw_bar(surface: pygame.Surface, bar: pygame.Rect, fraction: float) -> None:
    pygame.draw.rect(surface, theme.JACKET_DARK, bar, border_radius=8)
    done = bar.inflate(-6, -6)
    done.width = round(done.width * min(max(fraction, 0.0), 1.0))
    if done.width > 0:
        pygame.draw.rect(surface, theme.GOLD, done, border_radius=6)
    pygame.draw.rect(surface, theme.DIM, bar, 2, border_radius=8)
    pct = theme.text(f"{round(100 * min(max(fraction, 0.0), 1.0))}%", 20, theme.TEXT, True)
    surface.blit(pct, pct.get_rect(midright=(bar.right - 10, bar.centery)))


def _draw_spinner(surface: pygame.Surface, box: pygame.Rect, spin_s: float) -> None:
    """A ring of dots, the brightest one going round once every `SPINNER_TURN_S`."""
    lead = (spin_s / SPINNER_TURN_S) % 1.0 * SPINNER_DOTS
    radius = box.width / 2 - 6
    for i in range(SPINNER_DOTS):
        angle = 2 * math.pi * i / SPINNER_DOTS - math.pi / 2
        behind = (lead - i) % SPINNER_DOTS  # 0 for the leading dot
        colour = theme.lighter(theme.JACKET_BLUE, max(0.0, 1.0 - behind / SPINNER_DOTS))
        x = box.centerx + radius * math.cos(angle)
        y = box.centery + radius * math.sin(angle)
        pygame.draw.circle(surface, colour, (round(x), round(y)), 5 if behind < 1 else 4)
