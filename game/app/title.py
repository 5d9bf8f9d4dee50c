"""The title screen: Play, Tutorial, Calibrate, Settings, Quit.

Esc asks "Quit Drum Duet?" first (Enter on "Yes, quit" or Y quits; Esc, N or "No" stays). A
line is chosen by keys, the mouse (hover and click), a gamepad or a kit's pads; the screen it
opens comes from `game.app.screens`.
"""

from __future__ import annotations

import pygame

from game.app.scene import Action, Pumped, Screen
from game.app.screens import title_screen_for
from game.ui.canvas import Canvas
from game.ui.menus import TITLE_MENU, TitleChoice, draw_title, quit_question_boxes, title_rows

YES, NO = 0, 1
"""The quit question's buttons."""


class TitleScreen(Screen):
    """The title menu (see the module); `selected` is the line highlighted."""

    def __init__(self, selected: TitleChoice = TitleChoice.PLAY) -> None:
        self.selected = TITLE_MENU.index(selected)
        self.confirm: int | None = None
        """The quit question's highlighted button while it is asked."""
        self.canvas = Canvas()

    def on_input(self, item: Pumped) -> None:
        """Keys, clicks and pads on the menu or the quit question."""
        event = item.event
        if event is not None and event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            self._mouse(event)
            return
        if self.confirm is not None:
            self._question(item)
            return
        if item.action in (Action.UP, Action.DOWN):
            step = 1 if item.action == Action.DOWN else -1
            self.selected = (self.selected + step) % len(TITLE_MENU)
        elif item.action == Action.SELECT or item.key == pygame.K_SPACE:
            self.choose(TITLE_MENU[self.selected])
        elif item.action == Action.BACK:
            self.confirm = YES  # Esc then Enter quits

    def _question(self, item: Pumped) -> None:
        key, action = item.key, item.action
        if action in (Action.LEFT, Action.RIGHT, Action.UP, Action.DOWN, Action.NEXT):
            self.confirm = 1 - self.confirm
        elif action == Action.SELECT or key == pygame.K_SPACE:
            if self.confirm == YES:
                self.stack.quit()
            self.confirm = None
        elif key == pygame.K_y:
            self.stack.quit()
        elif action == Action.BACK or key == pygame.K_n:
            self.confirm = None

    def _mouse(self, event: pygame.event.Event) -> None:
        pos = self.canvas.to_layout(event.pos)
        if self.confirm is not None:
            buttons = quit_question_boxes(self.canvas.size)[1:]
            for i, box in enumerate(buttons):
                if box.collidepoint(pos):
                    self.confirm = i
                    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                        self._question(Pumped(None, 0.0, Action.SELECT))
            return
        for i, row in enumerate(title_rows(self.canvas.size)):
            if row.collidepoint(pos):
                self.selected = i
                if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                    self.choose(TITLE_MENU[i])

    def choose(self, choice: TitleChoice) -> None:
        """Open what `choice` names (Quit asks nothing: the menu line says it)."""
        if choice == TitleChoice.QUIT:
            self.stack.quit()
            return
        self.stack.push(title_screen_for(choice, self.app))

    def draw(self, surface: pygame.Surface) -> None:
        """The menu, the notice and the quit question when it is asked."""
        canvas = self.canvas.surface_for(surface)
        draw_title(canvas, self.app.notice, self.selected, self.confirm)
        self.canvas.present(surface, canvas)
