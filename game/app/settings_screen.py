"""The settings screen: pages of settings driven by the keyboard, each change saved at once.

Tab / Shift+Tab change the page, Up/Down the row, Left/Right the value (or, on the Keys page,
the layout and the player), Enter activates (types a name, waits for a key, resets the keys,
opens the Drum kits screen).
Esc goes back; Esc while typing a name or waiting for a key only ends that.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pygame

from game.app.kit_setup import kit_setup_screen
from game.app.settings_pages import (
    HELP,
    NAME_MAX,
    NOTES,
    PAGES,
    TYPING_HELP,
    WAITING_HELP,
    LayoutRow,
    NameRow,
    OpenRow,
    PadRow,
    ResetRow,
    Row,
    ValueRow,
    changed,
    clash_note,
    conflict_summary,
    key_caps,
    keymap_for,
    layout_players,
    pad_action,
    pad_name,
    page_rows,
    with_default_keys,
    with_keymap,
)
from game.audio.output_probe import output_device_names
from game.input.bindings import Action, rebind, unbind
from game.input.keyboard import key_name
from game.store.settings import Settings, save_settings
from game.ui.settings_view import KeyCell, SettingRow, SettingsViewState, draw_settings

log = logging.getLogger(__name__)
FRAME_S = 1 / 60
ENTER_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)
LAYOUT_NOTES = {
    1: "The keys when one player plays on the keyboard.",
    2: "The keys when two players share one keyboard.",
}


class SettingsScreen:
    """The settings and the screen's cursor: page, row, cell, and a name or key being entered.

    `handle` takes one pygame event; every change is saved at once to `path` (the default
    settings file when None). A failed save is shown as a notice and the game goes on.
    `output_devices` are the sound output devices offered (SDL's list, read once when None).
    """

    def __init__(
        self,
        settings: Settings,
        path: Path | None = None,
        output_devices: tuple[str, ...] | None = None,
    ) -> None:
        self.settings = settings
        self.path = path
        if output_devices is None:
            output_devices = tuple(output_device_names())
        self.output_devices = output_devices
        self.kept_device = settings.audio.output_device
        """The output device chosen when the screen opened: offered even when not listed."""
        self.page = 0
        self.selected = 0
        self.column = 0
        self.layout = 1
        """The keyboard layout shown on the Keys page: 1 or 2 players."""
        self.typing: int | None = None
        """The player whose name is being typed, or None."""
        self.waiting = False
        """True while the selected pad waits for its new key."""
        self.notice: str | None = None
        self.opening: str | None = None
        """The screen an `OpenRow` asked for ("kits"), until the loop has shown it."""

    @property
    def rows(self) -> list[Row]:
        """The rows of the current page."""
        return page_rows(self.page, self.settings, self.output_devices, self.kept_device)

    def apply(self, settings: Settings) -> None:
        """Take `settings` and save them at once (when they changed)."""
        if settings == self.settings:
            return
        self.settings = settings
        try:
            save_settings(settings, self.path)
            self.notice = None
        except OSError as e:
            log.warning("settings could not be saved: %s", e)
            self.notice = f"Settings could not be saved: {e}"

    def handle(self, event: pygame.event.Event) -> bool:
        """Act on one event; True when the player leaves the screen (Esc)."""
        if self.typing is not None:
            self._type(event)
            return False
        if event.type != pygame.KEYDOWN:
            return False
        if self.waiting:
            self._bind(event)
            return False
        key, shift = event.key, bool(event.mod & pygame.KMOD_SHIFT)
        if key == pygame.K_ESCAPE:
            return True
        if key == pygame.K_TAB:
            self._turn_page(-1 if shift else 1)
        elif key in (pygame.K_UP, pygame.K_DOWN):
            self.selected = (self.selected + (1 if key == pygame.K_DOWN else -1)) % len(self.rows)
        elif key in (pygame.K_LEFT, pygame.K_RIGHT):
            self._step(self.rows[self.selected], 1 if key == pygame.K_RIGHT else -1, shift)
        elif key in ENTER_KEYS:
            self._activate(self.rows[self.selected])
        elif key in (pygame.K_DELETE, pygame.K_BACKSPACE):
            row = self.rows[self.selected]
            if isinstance(row, PadRow):
                keymap = keymap_for(self.settings, self.layout)
                self.apply(with_keymap(self.settings, unbind(keymap, self._action(row))))
        return False

    def _turn_page(self, step: int) -> None:
        self.page = (self.page + step) % len(PAGES)
        self.selected = 0

    def _step(self, row: Row, direction: int, shift: bool) -> None:
        if isinstance(row, ValueRow):
            self.apply(row.step(self.settings, direction, shift))
        elif isinstance(row, LayoutRow):
            self.layout = 3 - self.layout
            self.column = min(self.column, self.layout - 1)
        elif isinstance(row, PadRow) and self.layout == 2:
            self.column = (self.column + direction) % 2

    def _activate(self, row: Row) -> None:
        if isinstance(row, LayoutRow) or (isinstance(row, ValueRow) and row.enter_steps):
            self._step(row, 1, False)
        elif isinstance(row, NameRow):
            self.typing = row.player
            pygame.key.start_text_input()
        elif isinstance(row, PadRow):
            self.waiting = True
        elif isinstance(row, ResetRow):
            self.apply(with_default_keys(self.settings, self.layout))
        elif isinstance(row, OpenRow):
            self.opening = row.screen

    def _action(self, row: PadRow) -> Action:
        """The action of `row` for the selected player of the layout."""
        return pad_action(row.pad, layout_players(self.layout)[self.column])

    def _bind(self, event: pygame.event.Event) -> None:
        """The key awaited: Esc cancels, any other key plays the selected pad (conflicts kept)."""
        self.waiting = False
        if event.key == pygame.K_ESCAPE:
            return
        row = self.rows[self.selected]
        assert isinstance(row, PadRow)
        keymap, _ = rebind(
            keymap_for(self.settings, self.layout), self._action(row), key_name(event)
        )
        self.apply(with_keymap(self.settings, keymap))

    def _type(self, event: pygame.event.Event) -> None:
        """Typing a name: text adds, Backspace erases, Enter or Esc ends."""
        player = self.typing
        assert player is not None
        name = self.settings.players.names[player]
        if event.type == pygame.TEXTINPUT:
            typed = "".join(c for c in event.text if c.isprintable())
            name = (name + typed)[:NAME_MAX]
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE:
            name = name[:-1]
        elif event.type == pygame.KEYDOWN and event.key in (*ENTER_KEYS, pygame.K_ESCAPE):
            self.typing = None
            return
        else:
            return
        names = self.settings.players.names
        pair = (name, names[1]) if player == 0 else (names[0], name)
        self.apply(changed(self.settings, "players", names=pair))

    def view(self) -> SettingsViewState:
        """What the screen shows now."""
        page = PAGES[self.page]
        rows = tuple(self._shown(row) for row in self.rows)
        help_line = TYPING_HELP if self.typing is not None else HELP[page]
        help_line = WAITING_HELP if self.waiting else help_line
        keys_page = page == "Keys"
        columns: tuple[str, ...] = ()
        if keys_page:
            columns = ("Keys",) if self.layout == 1 else ("Player 1", "Player 2")
        return SettingsViewState(
            pages=PAGES,
            page=self.page,
            rows=rows,
            selected=self.selected,
            help=help_line,
            note=LAYOUT_NOTES[self.layout] if keys_page else NOTES[page],
            columns=columns,
            column=self.column,
            editing=self.typing is not None or self.waiting,
            summary=tuple(conflict_summary(self.settings, self.layout)) if keys_page else (),
            notice=self.notice,
        )

    def _shown(self, row: Row) -> SettingRow:
        s = self.settings
        if isinstance(row, ValueRow):
            fraction = row.fraction(s) if row.fraction else None
            return SettingRow(row.label, row.shown(s), row.hint(s), fraction, adjustable=True)
        if isinstance(row, NameRow):
            label = f"Player {row.player + 1} name"
            if self.typing == row.player:
                return SettingRow(label, s.players.names[row.player])
            return SettingRow(label, s.players.name(row.player), "Enter to change")
        if isinstance(row, LayoutRow):
            words = "One player" if self.layout == 1 else "Two players"
            return SettingRow("Layout", words, adjustable=True)
        if isinstance(row, ResetRow):
            return SettingRow("Reset to defaults", "", "Enter: this layout's default keys")
        if isinstance(row, OpenRow):
            return SettingRow(row.label, "", row.hint)
        keymap = keymap_for(s, self.layout)
        cells = []
        for c, player in enumerate(layout_players(self.layout)):
            action = pad_action(row.pad, player)
            awaited = self.waiting and row == self.rows[self.selected] and c == self.column
            keys = "Press a key…" if awaited else key_caps(keymap.keys_for(action))
            cells.append(KeyCell(keys, clash_note(keymap, action)))
        return SettingRow(pad_name(pad_action(row.pad, 0)), cells=tuple(cells))


def settings_screen(
    surface: pygame.Surface, settings: Settings, path: Path | None = None
) -> Settings:
    """Show the settings until Esc; return them as changed (each change already saved to `path`).

    A QUIT event is posted again before returning, so the caller quits too.
    """
    screen = SettingsScreen(settings, path)
    while True:
        # One event at a time: those after the Enter that opens the Drum kits screen stay
        # queued for that screen.
        while (event := pygame.event.poll()).type != pygame.NOEVENT:
            if event.type == pygame.QUIT:
                pygame.event.post(pygame.event.Event(pygame.QUIT))
                return screen.settings
            if screen.handle(event):
                return screen.settings
            if screen.opening == "kits":
                screen.opening = None
                screen.settings = kit_setup_screen(surface, screen.settings, path)
        surface = pygame.display.get_surface() or surface
        draw_settings(surface, screen.view())
        pygame.display.flip()
        time.sleep(FRAME_S)
