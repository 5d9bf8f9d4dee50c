"""Which screen each line of the title menu opens: the one registration a new screen needs."""

from __future__ import annotations

from collections.abc import Callable

from game.app.calibrate import CalibrationScreen
from game.app.context import AppContext
from game.app.online_menu import JoinScreen
from game.app.scene import Screen
from game.app.settings_screen import SettingsScreen
from game.app.song_select import SongSelectScreen, song_select_state
from game.app.tutorial import TutorialScreen
from game.ui.menus import TitleChoice


def _song_select(app: AppContext) -> Screen:
    if app.select is None:
        app.select = song_select_state(app.songs, app.settings)
    return SongSelectScreen(app.select)


TITLE_SCREENS: dict[TitleChoice, Callable[[AppContext], Screen]] = {
    TitleChoice.PLAY: _song_select,
    TitleChoice.ONLINE: lambda app: JoinScreen(),
    TitleChoice.TUTORIAL: lambda app: TutorialScreen(then=_song_select),
    TitleChoice.CALIBRATE: lambda app: CalibrationScreen(),
    TitleChoice.SETTINGS: lambda app: SettingsScreen(),
}
"""Each line of the title menu (but Quit) and how to build the screen it opens."""


def title_screen_for(choice: TitleChoice, app: AppContext) -> Screen:
    """The screen the title menu's `choice` opens."""
    return TITLE_SCREENS[choice](app)
