"""From the player's settings and song-select choices to what a play needs: the players'
setups, the keyboard layout and the play options."""

from __future__ import annotations

from game.core.devices import DeviceId
from game.core.engine import EngineParams
from game.core.lanes import Lane
from game.core.replay import PlayerSetup
from game.input.bindings import Action, Keymap, bindings_from_settings
from game.input.keyboard import KEYBOARD
from game.store.settings import Settings
from game.ui.highway import PAD_LANES, StrikeLabels
from game.ui.song_select_view import PlayerPick


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


def key_cap(key: str) -> str:
    """A key's name as printed on the key, short enough for the strike line: "F", "Space",
    "Num 4" (a keypad key), "" for none."""
    if key.startswith("keypad "):
        return "Num " + key.removeprefix("keypad ")
    return key[:1].upper() + key[1:]


def strike_labels(
    settings: Settings, devices: tuple[DeviceId, ...], players: int
) -> tuple[StrikeLabels | None, ...]:
    """Each of `players` players' keys for the strike line, in their own keyboard layout (None
    for a player on a drum kit or a controller: their pads need no labels)."""
    keymap = keymap_for(settings, players)
    shown: list[StrikeLabels | None] = []
    for player in range(players):
        device = devices[player] if player < len(devices) else KEYBOARD
        if device != KEYBOARD:
            shown.append(None)
            continue

        def first(lane: Lane, cymbal: bool, player: int = player) -> str:
            keys = keymap.keys_for(Action.of(player, lane, cymbal))
            return key_cap(keys[0]) if keys else ""

        pads = {
            lane: (first(lane, False), first(lane, True) if lane.takes_cymbal_flag else "")
            for lane in PAD_LANES
        }
        shown.append(StrikeLabels(pads, first(Lane.KICK, False)))
    return tuple(shown)
