"""The game's one loop on the tests' fake clock, over an app context holding chosen settings:
screens are driven by posted pygame events and `Loop.step()`, with no real-time sleeps."""

from __future__ import annotations

from pathlib import Path

from game.app.context import AppContext
from game.app.loop import Loop
from game.app.scene import MENU_FPS
from game.store.settings import LoadedSettings, Settings
from tests.ui.conftest import FakeClock


def app_with(settings: Settings, settings_file: Path) -> AppContext:
    """An app context holding `settings`, saving them to `settings_file` (no devices yet)."""
    return AppContext(LoadedSettings(settings), settings_file=settings_file)


def stepped_loop(app: AppContext) -> Loop:
    """The game's loop over `app` on a `FakeClock` that its sleeps move on."""
    clock = FakeClock()
    return Loop(app, clock=clock, sleep=clock.advance)


def next_frame(loop: Loop) -> None:
    """Move the loop's clock on by one menu frame and run it one turn: it takes every waiting
    event, then draws."""
    loop.sleep(1 / MENU_FPS)
    loop.step()
