"""The one loop: it owns real time for every screen of the game.

About every half millisecond it pumps input and stamps each event at the pump, turns keys,
the mouse wheel, gamepad buttons and the kits' pads into menu actions, hands each input to the
screen on top of the stack, advances that screen to now, and draws it at its own frame rate. A
long draw yields between its parts and the loop pumps between them, so no key waits for a
frame. Only this module takes pygame's events and flips the window. Closing the window leaves
every screen once and ends the loop.

The clock and the sleep are injectable: tests step the loop on a clock of their own.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import pygame

from game.app.context import AppContext
from game.app.menu_input import PadMenu, event_action
from game.app.scene import Pumped, Screen, ScreenStack

log = logging.getLogger(__name__)

PUMP_S = 0.0005
"""How long the loop sleeps between pumps (seconds)."""


class Loop:
    """The game's one loop over a stack of screens (see the module)."""

    def __init__(
        self,
        app: AppContext,
        clock: Callable[[], float] = time.perf_counter,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.app = app
        self.stack = ScreenStack(app)
        self.clock = clock
        self.sleep = sleep
        self.pads = PadMenu(lambda: app.settings)
        self._next_frame = 0.0
        self._drawn: Screen | None = None  # the screen drawn last: a new top is drawn at once

    def run(self, first: Screen | None = None) -> None:
        """Run until the last screen leaves or the window is closed."""
        if first is not None:
            self.stack.push(first)
        try:
            while self.stack.top is not None:
                self.step()
                self.sleep(PUMP_S)
        finally:
            self.stack.quit()

    def step(self) -> None:
        """One turn: pump, advance the top screen, and draw it when its frame is due."""
        self.pump()
        top = self.stack.top
        if top is None:
            return
        now = self.clock()
        top.update(now)
        top = self.stack.top
        if top is not None and (top is not self._drawn or now >= self._next_frame):
            self.draw(top)

    def pump(self) -> None:
        """Take every waiting input, stamp it now, and hand it to the top screen."""
        stamp = self.clock()
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                log.info("the window was closed")
                self.stack.quit()
                return
            top = self.stack.top
            if top is None:
                return
            top.on_input(Pumped(event, stamp, event_action(event)))
        top = self.stack.top
        if top is None:
            return
        top.pump(stamp)
        devices = self.app.devices
        if top.kit_menu and devices is not None:
            for note in devices.drain():
                action = self.pads.action(note)
                top = self.stack.top
                if action is not None and top is not None:
                    top.on_input(Pumped(None, note.stamp_s, action))

    def draw(self, top: Screen) -> None:
        """Draw `top` (pumping between the parts of a long draw) and show it."""
        surface = pygame.display.get_surface()
        if surface is None:
            return
        t0 = self.clock()
        parts = top.draw(surface)
        if parts is not None:
            for _ in parts:
                self.pump()
                if self.stack.top is not top:  # it left while being drawn
                    return
        pygame.display.flip()
        top.frame_drawn(self.clock() - t0)
        period = 1.0 / max(top.frame_rate, 1)
        base = self._next_frame if top is self._drawn else t0
        self._next_frame = max(base + period, t0)
        self._drawn = top


def run_screen(app: AppContext, screen: Screen, **kw) -> None:
    """Run the game's loop with `screen` first until it is left (or the window closes)."""
    Loop(app, **kw).run(screen)
