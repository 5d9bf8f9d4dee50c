"""The settings screen: pages of settings walked by menu actions, each change saved at once.

Tab / Shift+Tab (or PageDown / PageUp) change the page, Up/Down the row, Left/Right the value
(or, on the Keys page, the layout and the player), Enter activates (types a name, waits for a
key, resets the keys, opens the Drum kits screen). A kit's pads and a gamepad walk the rows and
change the values as the keys do; the mouse points at a row (a click is Enter) or a page, and
its wheel walks the rows. Esc goes back; Esc while typing a name or waiting for a key
only ends that. A new window size or fullscreen reopens the window at once.
"""

from __future__ import annotations

import pygame

from game.app.kit_setup import KitSetupScreen
from game.app.scene import Action, Pumped, Screen
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
    Opens,
    PadRow,
    Page,
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
from game.app.window import open_window
from game.audio.output_probe import output_device_names
from game.base.language import N_, _
from game.input.bindings import Action as PadAction
from game.input.bindings import rebind, unbind
from game.input.keyboard import key_name
from game.store.settings import Settings
from game.ui.settings_view import (
    KeyCell,
    SettingRow,
    SettingsBoxes,
    SettingsViewState,
    draw_settings,
)

LAYOUT_NOTES = {
    1: N_("The keys when one player plays on the keyboard."),
    2: N_("The keys when two players share one keyboard."),
}
"""The Keys page's line under its title for each layout (English: looked up when shown)."""
PAGE_STEPS = {Action.PAGE_UP: -1, Action.PAGE_DOWN: 1}
"""The page keys that turn the settings' pages."""
UNBIND_KEYS = (pygame.K_DELETE, pygame.K_BACKSPACE)


class SettingsScreen(Screen):
    """The settings (the app's, saved through it) and the screen's cursor: page, row, cell,
    and a name or key being entered.

    `output_devices` are the sound output devices offered (SDL's list, read on entering when
    None). A failed save is shown as a notice and the game goes on.
    """

    def __init__(self, output_devices: tuple[str, ...] | None = None) -> None:
        self.output_devices: tuple[str, ...] = output_devices or ()
        self._list_devices = output_devices is None
        self.kept_device = ""
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
        self.boxes = SettingsBoxes()
        """Where the last frame drew the page tabs and the rows (for the mouse)."""

    def enter(self) -> None:
        """Read SDL's output devices (unless given) and the device chosen now."""
        if self._list_devices:
            self.output_devices = tuple(output_device_names())
        self.kept_device = self.settings.audio.output_device

    @property
    def settings(self) -> Settings:
        """The player's settings as they are now."""
        return self.app.settings

    @property
    def rows(self) -> list[Row]:
        """The rows of the current page."""
        return page_rows(self.page, self.settings, self.output_devices, self.kept_device)

    def apply(self, settings: Settings) -> None:
        """Take `settings` and save them at once (when they changed); a new window size or
        fullscreen reopens the window."""
        before = self.settings
        if settings == before:
            return
        self.notice = self.app.set_settings(settings)
        video = settings.video
        if (video.size, video.fullscreen) != (before.video.size, before.video.fullscreen):
            open_window(video)

    # input ---------------------------------------------------------------------------------
    def on_input(self, item: Pumped) -> None:
        """One key, wheel turn, gamepad or pad action (or typed text while a name is typed)."""
        if self.typing is not None:
            self._type(item)
            return
        if self.waiting:
            self._bind(item)
            return
        action = item.action
        event = item.event
        if event is not None and event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            self._mouse(event)
            return
        shift = event is not None and bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)
        if action == Action.BACK:
            self.stack.pop()
        elif action == Action.NEXT:
            self._turn_page(-1 if shift else 1)
        elif action in PAGE_STEPS:
            self._turn_page(PAGE_STEPS[action])
        elif action in (Action.UP, Action.DOWN):
            step = 1 if action == Action.DOWN else -1
            self.selected = (self.selected + step) % len(self.rows)
        elif action in (Action.LEFT, Action.RIGHT):
            self._step(self.rows[self.selected], 1 if action == Action.RIGHT else -1, shift)
        elif action == Action.SELECT:
            self._activate(self.rows[self.selected])
        elif item.key in UNBIND_KEYS:
            row = self.rows[self.selected]
            if isinstance(row, PadRow):
                keymap = keymap_for(self.settings, self.layout)
                self.apply(with_keymap(self.settings, unbind(keymap, self._action(row))))

    def _mouse(self, event: pygame.event.Event) -> None:
        """Pointing at a row highlights it, a click on it is Enter; a click on a page opens it."""
        click = event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
        for page, box in enumerate(self.boxes.pages):
            if click and box.collidepoint(event.pos):
                self._turn_page(page - self.page)
                return
        for row, box in self.boxes.rows.items():
            if box.collidepoint(event.pos) and row < len(self.rows):
                self.selected = row
                if click:
                    self._activate(self.rows[row])
                return

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
        elif isinstance(row, OpenRow) and row.screen == Opens.KITS:
            self.stack.push(KitSetupScreen())

    def _action(self, row: PadRow) -> PadAction:
        """The action of `row` for the selected player of the layout."""
        return pad_action(row.pad, layout_players(self.layout)[self.column])

    def _bind(self, item: Pumped) -> None:
        """The key awaited: Esc (or a pad's back) cancels, any other key plays the selected
        pad (conflicts kept); nothing else ends the wait."""
        event = item.event
        if item.key is None or event is None:
            if item.action == Action.BACK:
                self.waiting = False
            return
        self.waiting = False
        if item.key == pygame.K_ESCAPE:
            return
        row = self.rows[self.selected]
        assert isinstance(row, PadRow)
        keymap, _ = rebind(
            keymap_for(self.settings, self.layout), self._action(row), key_name(event)
        )
        self.apply(with_keymap(self.settings, keymap))

    def _type(self, item: Pumped) -> None:
        """Typing a name: text adds, Backspace erases, Enter or Esc (or a pad's select or
        back) ends."""
        player = self.typing
        assert player is not None
        name = self.settings.players.names[player]
        event = item.event
        if event is not None and event.type == pygame.TEXTINPUT:
            typed = "".join(c for c in event.text if c.isprintable())
            name = (name + typed)[:NAME_MAX]
        elif item.key == pygame.K_BACKSPACE:
            name = name[:-1]
        elif item.action in (Action.SELECT, Action.BACK):
            self.typing = None
            return
        else:
            return
        names = self.settings.players.names
        pair = (name, names[1]) if player == 0 else (names[0], name)
        self.apply(changed(self.settings, "players", names=pair))

    def draw(self, surface: pygame.Surface) -> None:
        """The page, its rows, the help line and the notice."""
        draw_settings(surface, self.view(), self.boxes)

    def view(self) -> SettingsViewState:
        """What the screen shows now."""
        page = PAGES[self.page]
        rows = tuple(self._shown(row) for row in self.rows)
        help_line = TYPING_HELP if self.typing is not None else HELP[page]
        help_line = _(WAITING_HELP if self.waiting else help_line)
        keys_page = page == Page.KEYS
        columns: tuple[str, ...] = ()
        if keys_page:
            columns = (
                (_("Keys"),)
                if self.layout == 1
                else (_("Player {number}").format(number=1), _("Player {number}").format(number=2))
            )
        note = LAYOUT_NOTES[self.layout] if keys_page else NOTES[page]
        return SettingsViewState(
            pages=tuple(_(p.value) for p in PAGES),
            page=self.page,
            rows=rows,
            selected=self.selected,
            help=help_line,
            note=_(note) if note else "",
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
            label = _("Player {number} name").format(number=row.player + 1)
            if self.typing == row.player:
                return SettingRow(label, s.players.names[row.player])
            return SettingRow(label, s.players.name(row.player), _("Enter to change"))
        if isinstance(row, LayoutRow):
            words = _("One player") if self.layout == 1 else _("Two players")
            return SettingRow(_("Layout"), words, adjustable=True)
        if isinstance(row, ResetRow):
            return SettingRow(_("Reset to defaults"), "", _("Enter: this layout's default keys"))
        if isinstance(row, OpenRow):
            return SettingRow(row.label, "", row.hint)
        keymap = keymap_for(s, self.layout)
        cells = []
        for c, player in enumerate(layout_players(self.layout)):
            action = pad_action(row.pad, player)
            awaited = self.waiting and row == self.rows[self.selected] and c == self.column
            keys = _("Press a key…") if awaited else key_caps(keymap.keys_for(action))
            cells.append(KeyCell(keys, clash_note(keymap, action)))
        return SettingRow(pad_name(pad_action(row.pad, 0)), cells=tuple(cells))
