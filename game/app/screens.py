"""Which screen each line of the title menu opens: the one registration a new screen needs."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.app.context import AppContext
from game.app.scene import Screen
from game.app.settings_screen import SettingsScreen
from game.app.song_select import SongSelectScreen, song_select_state
from game.app.tutorial import TutorialScreen
from game.ui.menus import TitleChoice


class BlockingScreen(Screen):
    """A screen still written as its own loop, run from the game's loop until converted."""

    def __init__(self, run: Callable[[pygame.Surface, AppContext], Screen | None]) -> None:
        self.run = run

    def update(self, now_s: float) -> None:
        """Run the old screen to its end, then show what it leads to."""
        following = self.run(pygame.display.get_surface(), self.app)
        if pygame.event.peek(pygame.QUIT):
            self.stack.quit()
        elif following is None:
            self.stack.pop()
        else:
            self.stack.replace(following)


def _song_select(app: AppContext) -> Screen:
    if app.select is None:
        app.select = song_select_state(app.songs, app.settings)
    return SongSelectScreen(app.select)


def _calibrate(surface: pygame.Surface, app: AppContext) -> Screen | None:
    from game.app.calibrate import calibration_screen

    after = calibration_screen(
        surface, app.settings, app.last_play_median_ms, last_play_device=app.last_play_device
    )
    app.set_settings(after, save=False)
    return None


TITLE_SCREENS: dict[TitleChoice, Callable[[AppContext], Screen]] = {
    TitleChoice.PLAY: _song_select,
    TitleChoice.TUTORIAL: lambda app: TutorialScreen(then=_song_select),
    TitleChoice.CALIBRATE: lambda app: BlockingScreen(_calibrate),
    TitleChoice.SETTINGS: lambda app: SettingsScreen(),
}
"""Each line of the title menu (but Quit) and how to build the screen it opens."""


def title_screen_for(choice: TitleChoice, app: AppContext) -> Screen:
    """The screen the title menu's `choice` opens."""
    return TITLE_SCREENS[choice](app)


__all__ = ["TITLE_SCREENS", "title_screen_for"]
