"""Keyboard hits: pygame KEYDOWN events turned into `InputEvent`s through a `Keymap`.

pygame events carry no timestamp, so the caller pumps events far more often than it draws and
stamps each KEYDOWN at the pump (song time from ``time.perf_counter()``, see `SongClock`).
A keyboard has no velocity: every key plays at one fixed velocity. Key repeat must stay off
(pygame's default), or a held key would drum by itself.
"""

from __future__ import annotations

import logging

import pygame

from game.core.devices import KEYBOARD as KEYBOARD_DEVICE
from game.core.events import InputEvent
from game.input.bindings import Action, Keymap, find_conflicts, normalize_key

log = logging.getLogger(__name__)

KEYBOARD = KEYBOARD_DEVICE
"""The computer keyboard as an input device (its offset: `device_offsets_ms[KEYBOARD]`)."""

DEFAULT_VELOCITY = 0.8
"""The velocity (0-1) of every keyboard hit: firm, but below an accent on a kit."""


def key_name(event: pygame.event.Event) -> str:
    """The bindings' name of the key of a KEYDOWN/KEYUP event ("f", "space", "keypad 4")."""
    return normalize_key(pygame.key.name(event.key, use_compat=False))


class KeyboardMapper:
    """Maps key names to the players' pads with a `Keymap`, at a fixed velocity (0-1).

    A key bound to two actions (a conflict) plays the first in display order (kick, red, toms,
    cymbals; player 1 first), with a warning when the mapper is made.
    """

    def __init__(self, keymap: Keymap, velocity: float = DEFAULT_VELOCITY) -> None:
        if not 0.0 <= velocity <= 1.0:
            raise ValueError(f"velocity must be in [0, 1], got {velocity}")
        for message in find_conflicts(keymap):
            log.warning("keyboard bindings: %s; the first one plays", message)
        self.keymap = keymap
        self.velocity = velocity
        self._actions: dict[str, Action] = {}
        for binding in keymap:
            self._actions.setdefault(binding.key, binding.action)

    def action_for(self, key: str) -> Action | None:
        """The action `key` plays, or None for an unbound key."""
        return self._actions.get(normalize_key(key))

    def map_key(self, key: str, stamp_s: float) -> InputEvent | None:
        """The hit of a key pressed at song time `stamp_s` (seconds), or None if it is unbound."""
        action = self._actions.get(key) or self._actions.get(normalize_key(key))
        if action is None:
            return None
        return InputEvent(stamp_s, action.player, action.lane, action.cymbal, self.velocity)

    def map_event(self, event: pygame.event.Event, stamp_s: float) -> InputEvent | None:
        """The hit of a pygame event stamped at song time `stamp_s`; None unless a bound KEYDOWN."""
        if event.type != pygame.KEYDOWN:
            return None
        return self.map_key(key_name(event), stamp_s)
