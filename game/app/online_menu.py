"""The online duet from the menus: song select hosts the highlighted song, the title menu's
"Play online" lists the duets waiting on the LAN (or dials an address typed), and a finished
duet is saved and shown as any play."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pygame

from game.app.context import AppContext
from game.app.online import (
    GuestPlan,
    HostPlan,
    OnlineLobby,
    find_in_library,
    online_name,
    online_options,
)
from game.app.play import PlayOptions, PlayResult, PlayScreen
from game.app.results_screen import ResultsScreen, save_play
from game.app.scene import Action, Pumped, Screen
from game.app.setup import player_setups
from game.app.song_scan import keep_songs
from game.base.language import _
from game.core.devices import DeviceId
from game.core.lanes import Difficulty, Part
from game.core.replay import PlayerSetup
from game.formats.errors import BadFileError
from game.formats.song_folder import load_song
from game.library.index import SongRecord
from game.net.discovery import Browser, Found
from game.net.handshake import Agreement
from game.net.link import DEFAULT_PORT, parse_address
from game.store.online_id import online_id
from game.ui.canvas import Canvas
from game.ui.online_view import JoinPicture, draw_join
from game.ui.song_select_view import PlayerPick

log = logging.getLogger(__name__)


def after_online(result: PlayResult, play: PlayScreen) -> Screen | None:
    """What follows a live duet: saved with its replay (both players' hits), then its results."""
    app, live = play.app, play.live
    saved = save_play(app.book, live.song, result, live.options, app.pending)
    if saved is None:
        return None
    notice = " ".join(n for n in (saved.notice, live.link_notice and _(live.link_notice)) if n)
    return ResultsScreen(live.song, result, live.options, notice or None)


def _options_for(app: AppContext, name: str, device: DeviceId):
    """The play's options once a duet is agreed, from the player's settings; you play on
    `device`."""
    seats = [PlayerSetup(Part.P1, Difficulty.EXPERT), PlayerSetup(Part.P2, Difficulty.EXPERT)]

    def options_for(agreement: Agreement) -> PlayOptions:
        base = PlayOptions.from_settings(seats, app.settings, devices=(device,))
        return online_options(agreement, base, name, autoplay=False)

    return options_for


def host_screen(app: AppContext, record: SongRecord, pick: PlayerPick) -> Screen | str:
    """The lobby hosting `record` with player 1's `pick` (the full kit hosts duet part 1), or
    why it cannot be hosted."""
    folder = Path(record.folder)
    try:
        song = load_song(folder)
    except BadFileError as e:
        return str(e)
    if pick.part is Part.FULL:
        pick = replace(pick, part=Part.P1)
    (setup,) = player_setups(app.settings, [pick])
    try:
        song.chart.track(setup.part, setup.difficulty)
    except KeyError as e:
        return str(e.args[0])
    name = online_name(app.settings, 0)
    plan = HostPlan(song, folder, setup, name, port=DEFAULT_PORT)
    return OnlineLobby(plan, _options_for(app, name, pick.device), then=after_online)


def _in_library(app: AppContext, offer) -> Path | str:
    """The offered song's folder in the library as it is now (the background scan may have
    found it since the game started), or why it is not there."""
    keep_songs(app)
    return find_in_library(app.songs)(offer)


class JoinScreen(Screen):
    """The duets waiting on the LAN, and a row to dial an address typed; choosing one opens
    the lobby as the guest."""

    def __init__(self) -> None:
        self.browser: Browser | None = None
        self.hosts: list[Found] = []
        self.selected = 0
        self.typed = ""
        self.typing = False
        self.notice: str | None = None
        self.canvas = Canvas()

    def enter(self) -> None:
        """Look for duets on the LAN (zeroconf, on its own thread)."""
        self.browser = Browser()

    def leave(self) -> None:
        """Stop looking."""
        if self.browser is not None:
            self.browser.close()
            self.browser = None

    def update(self, now_s: float) -> None:
        """The hosts found so far (and the songs the background scan found)."""
        keep_songs(self.app)
        if self.browser is not None:
            self.hosts = self.browser.found()
        self.selected = min(self.selected, len(self.hosts))

    def on_input(self, item: Pumped) -> None:
        """Up/Down choose, Enter joins (or starts typing an address), Esc goes back."""
        event, action = item.event, item.action
        if self.typing:
            self._type(item)
            return
        if action == Action.BACK:
            self.stack.pop(None)
        elif action in (Action.UP, Action.DOWN):
            step = 1 if action == Action.DOWN else -1
            self.selected = (self.selected + step) % (len(self.hosts) + 1)
        elif action == Action.SELECT:
            if self.selected < len(self.hosts):
                found = self.hosts[self.selected]
                self._join(found.address, found.port)
            else:
                self.typing = True
                pygame.key.start_text_input()
        elif event is not None and event.type == pygame.TEXTINPUT:
            self.typing = True
            self.selected = len(self.hosts)
            self._type(item)

    def _type(self, item: Pumped) -> None:
        event = item.event
        if event is None:
            return
        if event.type == pygame.TEXTINPUT:
            self.typed = (self.typed + event.text)[:100]
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_BACKSPACE:
                self.typed = self.typed[:-1]
            elif event.key == pygame.K_ESCAPE:
                self.typing = False
                pygame.key.stop_text_input()
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.typing = False
                pygame.key.stop_text_input()
                try:
                    address, port = parse_address(self.typed.strip())
                except ValueError as e:
                    self.notice = str(e)
                    return
                self._join(address, port)

    def _join(self, address: str, port: int) -> None:
        app = self.app
        settings = app.settings
        name = online_name(settings, 1)
        device = settings.input.devices[0]
        pick = PlayerPick(Part.P2, Difficulty.EXPERT, settings.gameplay.window_presets[0], device)
        (mine,) = player_setups(settings, [pick])  # your rules: preset, cymbals, dynamics
        plan = GuestPlan(
            address,
            port,
            name,
            lambda offer: _in_library(app, offer),
            params=mine,
            player_id=online_id(),
        )
        self.notice = None
        self.stack.push(OnlineLobby(plan, _options_for(app, name, device), then=after_online))

    def resume(self, result: object) -> None:
        """Back from a lobby: the list again."""

    def draw(self, surface: pygame.Surface) -> None:
        """The list of duets and the address row."""
        canvas = self.canvas.surface_for(surface)
        hosts = [
            _("{name} · {song} · {address}").format(
                name=f.name, song=f.song, address=f"{f.address}:{f.port}"
            )
            for f in self.hosts
        ]
        picture = JoinPicture(hosts, self.typed, self.selected, self.typing, self.notice)
        draw_join(canvas, picture)
        self.canvas.present(surface, canvas)
