"""Song select's browse keys: the search box, the order, the filter, the folder view, Home/End
and the letter jump (game.app.song_select asks here first while the songs have the keys).

`/` or Ctrl+F opens the search box; typing then goes to it through pygame's TEXTINPUT events
(so Korean and Japanese input methods work; TEXTEDITING shows the words being composed),
Backspace erases, Enter keeps the search and gives the keys back to the list, Esc clears the
search (and closes the box when it is empty). Up/Down, PageUp/PageDown, Home/End, Tab and the
pads still walk the list while typing; letters go only to the box, so A/D never change player
2's difficulty then. With the box closed: F3 the next order (Shift+F3 the other way round),
F4 the next filter (Shift+F4 the one before), F6 the folder view, Shift+letter jumps to the next
song (or folder) starting with it, and Esc first clears a search still in force.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.app.scene import Action, Pumped
from game.ui.song_select_view import SongSelectState

OPEN_KEYS = (pygame.K_SLASH, pygame.K_KP_DIVIDE)
"""The keys that open the search box (with Ctrl+F)."""
QUERY_MAX = 100
"""The longest search kept (characters)."""
LIST_ACTIONS = (Action.UP, Action.DOWN, Action.PAGE_UP, Action.PAGE_DOWN, Action.NEXT)
"""What still walks the list while the search box has the keys."""


class BrowseKeys:
    """The browse keys of one song select (see the module): `handle` takes an input first."""

    def __init__(
        self, state: SongSelectState, where: Callable[[], pygame.Rect] | None = None
    ) -> None:
        """`where()` gives the search box in window pixels (an input method shows its
        candidates under it)."""
        self.state = state
        self.where = where
        self._swallow = ""
        """The text of the key that opened the box, which arrives next as TEXTINPUT."""

    def handle(self, item: Pumped) -> bool:
        """Take `item` when it is a browse key (True: song select does nothing more with it)."""
        event = item.event
        kind = event.type if event is not None else None
        if kind == pygame.KEYDOWN and item.key not in OPEN_KEYS:
            self._swallow = ""
        if self.state.view.typing:
            return self._typing(item)
        if kind == pygame.TEXTINPUT and event is not None:
            if event.text == "/":  # any keyboard layout's slash opens the box
                self.open()
                return True
            return False
        if kind != pygame.KEYDOWN or event is None:
            return self._walk(item)
        mods = event.mod
        shift = bool(mods & pygame.KMOD_SHIFT)
        ctrl = bool(mods & pygame.KMOD_CTRL)
        key = item.key
        if key in OPEN_KEYS or (key == pygame.K_f and ctrl):
            self.open()
            self._swallow = "/" if key in OPEN_KEYS else ""
            return True
        view = self.state.view
        if key == pygame.K_F3:
            if shift:
                view.reverse = not view.reverse
            else:
                view.step_sort(1)
        elif key == pygame.K_F4:
            view.step_filter(-1 if shift else 1)
        elif key == pygame.K_F6:
            view.folders = not view.folders
        elif key == pygame.K_ESCAPE and view.query:
            view.query = ""
        elif shift and not ctrl and _letter(key):
            self._jump(_letter(key))
            return True
        else:
            return self._walk(item)
        self.show()
        return True

    def open(self) -> None:
        """Open the search box (it shows the search in force, to add to)."""
        view = self.state.view
        view.typing, view.composing = True, ""
        view.texts(self.state.library)
        view.chars()  # the letters' index now, so the first letter typed is quick
        if self.where is not None:
            pygame.key.set_text_input_rect(self.where())
        pygame.key.start_text_input()

    def close(self) -> None:
        """Close the search box, keeping the search."""
        view = self.state.view
        view.typing, view.composing = False, ""
        self.show()

    def show(self) -> None:
        """Show the library as the view says now, the highlighted song kept when it shows."""
        state = self.state
        state.set_songs(state.library)
        if state.view.folders:
            state.first = state.selected  # the folder's first songs in view

    def _typing(self, item: Pumped) -> bool:
        event, view = item.event, self.state.view
        kind = event.type if event is not None else None
        if kind == pygame.TEXTINPUT and event is not None:
            typed = "".join(c for c in event.text if c.isprintable())
            if self._swallow and typed == self._swallow:
                self._swallow = ""
                return True
            view.query, view.composing = (view.query + typed)[:QUERY_MAX], ""
            self.show()
            return True
        if kind == pygame.TEXTEDITING and event is not None:
            view.composing = event.text[: QUERY_MAX - len(view.query)]
            self.show()
            return True
        if item.key == pygame.K_BACKSPACE:
            if view.composing:
                return True  # the input method erases what it composes
            view.query = view.query[:-1]
            self.show()
            return True
        if item.action == Action.BACK:
            if view.query or view.composing:
                view.query = view.composing = ""
                self.show()
            else:
                self.close()
            return True
        if item.action == Action.SELECT:
            self.close()
            return True
        if item.action in LIST_ACTIONS or item.key in (pygame.K_HOME, pygame.K_END):
            return self._walk(item)
        return kind in (pygame.KEYDOWN, pygame.TEXTINPUT, pygame.TEXTEDITING)

    def _walk(self, item: Pumped) -> bool:
        """Home/End, and PageUp/PageDown by folder in the folder view (else song select's)."""
        state = self.state
        if not state.songs:
            return item.action in LIST_ACTIONS
        if item.key == pygame.K_HOME:
            state.selected = 0
        elif item.key == pygame.K_END:
            state.selected = len(state.songs) - 1
        elif state.view.folders and item.action in (Action.PAGE_UP, Action.PAGE_DOWN):
            step = 1 if item.action == Action.PAGE_DOWN else -1
            state.selected = state.view.next_group(state.selected, step)
            state.first = state.selected
        else:
            return False
        return True

    def _jump(self, letter: str) -> None:
        found = self.state.view.jump(self.state.selected, letter)
        if found is not None:
            self.state.selected = found
            self.state.first = found  # the jumped-to song at the top: the songs after it show


def _letter(key: int | None) -> str:
    """The letter or digit of a key ("" for any other key)."""
    if key is None:
        return ""
    if pygame.K_a <= key <= pygame.K_z or pygame.K_0 <= key <= pygame.K_9:
        return chr(key)
    return ""
