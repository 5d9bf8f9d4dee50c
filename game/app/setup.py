"""From the player's settings and song-select choices to what a play needs: the players'
setups, the keyboard layout and the play options."""

from __future__ import annotations

from game.core.devices import DeviceId
from game.core.engine import EngineParams
from game.core.replay import PlayerSetup
from game.input.bindings import Keymap, bindings_from_settings
from game.store.settings import Settings
from game.ui.menus import PlayerPick


def is_drum_kit(device: DeviceId) -> bool:
    """True when `device` is a MIDI drum kit (velocity, cymbal pads) rather than the computer
    keyboard or a joystick controller."""
    return device.is_midi


def keymap_for(settings: Settings, players: int) -> Keymap:
    """The keyboard layout for one or two players, as the settings have it (two players: the
    chosen layout's keys, numeric keypad or laptop)."""
    kb = settings.keyboard
    if players == 1:
        return bindings_from_settings(kb.one_player, 1)
    layout = kb.two_player_layout
    table = kb.two_players_laptop if layout == "laptop" else kb.two_players
    return bindings_from_settings(table, 2, layout)


def player_setups(settings: Settings, choices: list[PlayerPick]) -> list[PlayerSetup]:
    """The engine setups of the players: their choices plus the gameplay settings."""
    gameplay = settings.gameplay
    return [
        PlayerSetup(
            c.part,
            c.difficulty,
            EngineParams(
                preset=c.preset,
                pro_cymbals=gameplay.pro_cymbals_for(i, is_drum_kit(c.device)),
                overhits_break_combo=gameplay.overhits_break_combo,
                score_dynamics=is_drum_kit(c.device),
            ),
        )
        for i, c in enumerate(choices)
    ]


def player_names(settings: Settings, players: int) -> tuple[str, ...]:
    """The names shown for the players ("Player 1" unless they typed one)."""
    return tuple(settings.players.name(i) for i in range(players))
