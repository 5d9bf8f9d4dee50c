"""Screens as scenes on a stack: what a screen is, and the stack the one loop runs.

A screen handles the inputs it is given (each stamped when the loop pumped it, with the menu
action it means), updates from a time it is given and draws; it never loops, sleeps, pumps or
flips. The stack enters, suspends, resumes and leaves screens (osu!'s screen stack works so).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

import pygame

if TYPE_CHECKING:
    from game.app.context import AppContext

MENU_FPS = 60
"""How often a menu screen is drawn (frames per second)."""


class Action(Enum):
    """What an input means on a menu, from any device."""

    UP = "up"
    DOWN = "down"
    LEFT = "left"
    RIGHT = "right"
    SELECT = "select"
    BACK = "back"
    PAGE_UP = "page up"
    PAGE_DOWN = "page down"
    NEXT = "next"
    """Tab: the next field or panel."""


@dataclass(frozen=True, slots=True)
class Pumped:
    """One input as the loop took it: the pygame event (None for a kit pad), when it was
    pumped (`time.perf_counter()` seconds, or the injected clock's), and its menu action."""

    event: pygame.event.Event | None
    stamp: float
    action: Action | None = None

    @property
    def key(self) -> int | None:
        """The key pressed (a pygame key code), or None when this is not a key press."""
        e = self.event
        return e.key if e is not None and e.type == pygame.KEYDOWN else None


class Screen:
    """A screen of the game: override what it needs. `stack` and `app` are set on entering."""

    stack: ScreenStack
    app: AppContext

    kit_menu: bool = True
    """True when the kits' pads walk this screen as menu actions (False: it reads pads itself)."""

    @property
    def frame_rate(self) -> int:
        """How many times a second this screen wants drawing."""
        return MENU_FPS

    def enter(self) -> None:
        """Called when the screen is put on the stack (`stack` and `app` are set)."""

    def suspend(self) -> None:
        """Called when another screen is put over this one."""

    def resume(self, result: Any) -> None:
        """Called when the screen over this one left with `result`."""

    def leave(self) -> None:
        """Called when the screen is taken off the stack (also when the game quits)."""

    def on_input(self, item: Pumped) -> None:
        """Handle one input (a key, a click, a pad as a menu action, a joystick button)."""

    def pump(self, stamp: float) -> None:
        """Called at every pump, after the events: read the devices this screen reads itself
        (a song's kits), `stamp` being the pump's time (seconds)."""

    def update(self, now_s: float) -> None:
        """Advance to `now_s` (the loop's clock, seconds)."""

    def draw(self, surface: pygame.Surface) -> Iterator[None] | None:
        """Draw the screen onto the window's `surface`; a generator yields between parts of a
        long draw so the loop can pump input meanwhile."""
        return None

    def frame_drawn(self, draw_s: float) -> None:
        """Told after each frame how long drawing it took (seconds)."""


class ScreenStack:
    """The screens open now, the top one shown; `quit` empties it and the loop ends."""

    def __init__(self, app: AppContext) -> None:
        self.app = app
        self.screens: list[Screen] = []
        self.quitting = False

    @property
    def top(self) -> Screen | None:
        """The screen shown (None when the game is over)."""
        return self.screens[-1] if self.screens else None

    def push(self, screen: Screen) -> None:
        """Show `screen` over the one shown now."""
        if self.screens:
            self.screens[-1].suspend()
        self._enter(screen)

    def pop(self, result: Any = None) -> None:
        """Leave the top screen; the one under it resumes with `result`."""
        if not self.screens:
            return
        self.screens.pop().leave()
        if self.screens:
            self.screens[-1].resume(result)

    def replace(self, screen: Screen) -> None:
        """Leave the top screen and show `screen` in its place (the one under is not resumed)."""
        if self.screens:
            self.screens.pop().leave()
        self._enter(screen)

    def quit(self) -> None:
        """Leave every screen, top first: the game ends."""
        self.quitting = True
        while self.screens:
            self.screens.pop().leave()

    def _enter(self, screen: Screen) -> None:
        screen.stack, screen.app = self, self.app
        self.screens.append(screen)
        screen.enter()
