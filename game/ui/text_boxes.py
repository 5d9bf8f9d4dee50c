"""The text boxes a screen draws, recorded so a test can prove its layout: no line of text
covers another, leaves its panel or leaves the surface.

A screen is drawn onto a `RecordingSurface` (a real pygame surface) instead of the window; each
line of text `theme.text` made that is blitted onto it is recorded with its ink box (the pixels
actually drawn) and the panel it was drawn in (`panel`, else the whole surface). Drawing onto an
ordinary surface records nothing and costs nothing: `theme.text` remembers the words of the
lines it draws only while a recording surface exists.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pygame

Style = tuple[str, int, tuple[int, int, int], bool, bool]
"""A line of text as `theme.text` was asked for it: words, size, colour, bold, display."""

_lines: weakref.WeakKeyDictionary[pygame.Surface, Style] = weakref.WeakKeyDictionary()
_recorders = 0


def recording() -> bool:
    """True while some surface records text (`theme.text` then notes what its lines show)."""
    return _recorders > 0


def hold(count: int) -> None:
    """A surface that reads back the lines blitted onto it starts (1) or stops (-1) doing so."""
    global _recorders
    _recorders += count


def note_line(line: pygame.Surface, style: Style) -> None:
    """Remember that `line` (a surface `theme.text` drew) shows `style` (only while recording)."""
    if _recorders:
        _lines[line] = style


def style_of(line: pygame.Surface) -> Style | None:
    """What `line` shows, when `theme.text` drew it while recording; else None."""
    return _lines.get(line)


@dataclass(frozen=True)
class TextBox:
    """One line of text as drawn: its words, its ink box and its panel's box (pixels of the
    surface it was drawn on), that surface's size, and its layer (0, then one more for each
    dialog drawn over what was there: text under a dialog may lie under the dialog's text)."""

    words: str
    box: pygame.Rect
    panel: pygame.Rect
    surface: tuple[int, int]
    layer: int = 0


@dataclass
class LayoutReport:
    """Every line of text drawn on a recording surface, in order, and the panels open."""

    boxes: list[TextBox] = field(default_factory=list)
    panels: list[pygame.Rect] = field(default_factory=list)
    layer: int = 0

    def overlaps(self) -> list[tuple[TextBox, TextBox]]:
        """The pairs of lines whose ink boxes overlap (drawn on the same surface and layer)."""
        out = []
        for i, a in enumerate(self.boxes):
            for b in self.boxes[i + 1 :]:
                same = a.surface == b.surface and a.layer == b.layer
                if same and a.box.colliderect(b.box):
                    out.append((a, b))
        return out

    def strays(self) -> list[TextBox]:
        """The lines whose ink leaves their panel or the surface."""
        return [
            t
            for t in self.boxes
            if not t.panel.contains(t.box) or not pygame.Rect((0, 0), t.surface).contains(t.box)
        ]

    def problems(self) -> list[str]:
        """Every overlap and stray, in words (empty when the layout is sound)."""
        said = [f"{a.words!r} {a.box} overlaps {b.words!r} {b.box}" for a, b in self.overlaps()]
        said += [f"{t.words!r} {t.box} leaves its panel {t.panel}" for t in self.strays()]
        return said


class RecordingSurface(pygame.Surface):
    """A surface of `size` pixels that records each line of text blitted onto it in `report`."""

    def __init__(self, size: tuple[int, int], report: LayoutReport | None = None) -> None:
        super().__init__(size)
        hold(1)
        self.report = report if report is not None else LayoutReport()

    def __del__(self) -> None:
        hold(-1)

    def sibling(self, size: tuple[int, int]) -> RecordingSurface:
        """Another recording surface of `size`, recording into the same report (a canvas)."""
        return RecordingSurface(size, self.report)

    def blit(self, source, dest, area=None, special_flags=0):  # type: ignore[override]
        """Blit as pygame does, recording `source` when it is a line of text."""
        drawn = super().blit(source, dest, area, special_flags)
        style = _lines.get(source)
        if style is not None:
            words = style[0]
            ink = source.get_bounding_rect()
            if area is not None:
                ink = ink.clip(pygame.Rect(area))
                ink.move_ip(-pygame.Rect(area).left, -pygame.Rect(area).top)
            at = dest[:2] if not isinstance(dest, pygame.Rect) else dest.topleft
            ink.move_ip(at)
            panels = self.report.panels
            panel = panels[-1] if panels else self.get_rect()
            if ink.width and ink.height:
                self.report.boxes.append(
                    TextBox(words, ink, pygame.Rect(panel), self.get_size(), self.report.layer)
                )
        return drawn


@contextmanager
def panel(surface: pygame.Surface, rect: pygame.Rect) -> Iterator[None]:
    """Lines drawn on `surface` inside this block belong to the panel `rect` (pixels): a
    recording surface checks they stay inside it; any other surface ignores it."""
    if not isinstance(surface, RecordingSurface):
        yield
        return
    surface.report.panels.append(pygame.Rect(rect))
    try:
        yield
    finally:
        surface.report.panels.pop()


def dialog(surface: pygame.Surface, shade: int = 0) -> None:
    """A dialog (a question, a notice, the pause menu) is drawn over the screen from here on:
    its text is checked against itself, not against the shaded text under it. The screen so
    far is then dimmed by a black shade of alpha `shade` (0-255; 0: not dimmed): a canvas that
    redraws its text sharp puts the text so far under it first."""
    if isinstance(surface, RecordingSurface):
        surface.report.layer += 1
    settle = getattr(surface, "settle_text", None)
    if settle is not None:
        settle()
    if shade:
        veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        veil.fill((0, 0, 0, shade))
        surface.blit(veil, (0, 0))
