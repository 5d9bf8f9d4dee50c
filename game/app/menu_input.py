"""Menu actions from every device: keys, the mouse wheel, gamepad buttons and a kit's pads.

A kit's pads walk the menus as Clone Hero and YARG do: green selects, red goes back, the
yellow and blue toms go up and down, the yellow and blue cymbals (and the kick) go left and
right. The mapping is shown in the menus' footers (`game.ui.menus.PAD_HELP`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pygame

from game.app.scene import Action
from game.core.devices import DeviceId
from game.core.events import InputEvent
from game.core.lanes import Lane
from game.input.kit_files import load_profile
from game.input.kit_mapper import KitMapper
from game.input.kit_profile import KitProfileError
from game.input.midi_ports import NoteOn
from game.store.paths import kit_profiles_dir
from game.store.settings import Settings

log = logging.getLogger(__name__)

KEY_ACTIONS: dict[int, Action] = {
    pygame.K_UP: Action.UP,
    pygame.K_DOWN: Action.DOWN,
    pygame.K_LEFT: Action.LEFT,
    pygame.K_RIGHT: Action.RIGHT,
    pygame.K_RETURN: Action.SELECT,
    pygame.K_KP_ENTER: Action.SELECT,
    pygame.K_ESCAPE: Action.BACK,
    pygame.K_PAGEUP: Action.PAGE_UP,
    pygame.K_PAGEDOWN: Action.PAGE_DOWN,
    pygame.K_TAB: Action.NEXT,
}
"""The keys that mean a menu action (Space selects only where a screen says so)."""

BUTTON_ACTIONS: dict[int, Action] = {0: Action.SELECT, 1: Action.BACK}
"""A gamepad's buttons (SDL's south and east) on the menus."""
HAT_ACTIONS: dict[tuple[int, int], Action] = {
    (0, 1): Action.UP,
    (0, -1): Action.DOWN,
    (-1, 0): Action.LEFT,
    (1, 0): Action.RIGHT,
}


def event_action(event: pygame.event.Event) -> Action | None:
    """The menu action of one pygame event: a key, the mouse wheel, a pad's hat or button."""
    if event.type == pygame.KEYDOWN:
        return KEY_ACTIONS.get(event.key)
    if event.type == pygame.MOUSEWHEEL:
        return Action.UP if event.y > 0 else Action.DOWN if event.y < 0 else None
    if event.type == pygame.JOYHATMOTION:
        return HAT_ACTIONS.get(tuple(event.value))
    if event.type == pygame.JOYBUTTONDOWN:
        return BUTTON_ACTIONS.get(event.button)
    return None


def pad_action(hit: InputEvent) -> Action | None:
    """The menu action of a kit's hit (see the module)."""
    if hit.lane == Lane.GREEN:
        return Action.SELECT
    if hit.lane == Lane.RED:
        return Action.BACK
    if hit.lane == Lane.KICK:
        return Action.RIGHT
    if hit.lane == Lane.YELLOW:
        return Action.LEFT if hit.cymbal else Action.UP
    if hit.lane == Lane.BLUE:
        return Action.RIGHT if hit.cymbal else Action.DOWN
    return None


class PadMenu:
    """Turns the kits' note-ons into menu actions, through each kit's own profile."""

    def __init__(self, settings: Callable[[], Settings]) -> None:
        """`settings()` gives the player's settings as they are now (the kits' profiles)."""
        self.settings = settings
        self._mappers: dict[tuple[DeviceId, str], KitMapper] = {}
        """Each kit's mapper by (device, profile name): a profile chosen anew takes effect."""

    def action(self, note: NoteOn) -> Action | None:
        """The menu action of one note-on (None for a note that is no pad, or crosstalk)."""
        device = note.device
        name = self.settings().input.profile_for(device)
        mapper = self._mappers.get((device, name))
        if mapper is None:
            mapper = self._mappers[device, name] = KitMapper(self._profile(name))
        hit = mapper.note_on(note.note, note.velocity, note.channel, note.stamp_s)
        return pad_action(hit) if hit is not None else None

    def _profile(self, name: str):
        try:
            return load_profile(name, kit_profiles_dir())
        except (KitProfileError, LookupError) as e:
            log.warning("menus: %s; the General MIDI profile is used", e)
            return load_profile()
