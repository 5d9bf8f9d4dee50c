"""Keyboard bindings: the default layouts, conflicts, rebinding, and their settings tables."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.core.lanes import Lane
from game.input.bindings import (
    ONE_PLAYER,
    PAD_NAMES,
    TWO_PLAYERS,
    Action,
    KeyBinding,
    Keymap,
    all_actions,
    bindings_from_settings,
    bindings_to_settings,
    default_keymap,
    defaults_table_markdown,
    find_conflicts,
    normalize_key,
    player_actions,
    rebind,
    unbind,
)
from game.input.kit_files import load_profile
from game.input.pads import KitPad
from game.store.settings import KeyboardSettings, Settings, load_settings, save_settings

P1_RED = Action.of(0, Lane.RED)
P1_YELLOW_CYMBAL = Action.of(0, Lane.YELLOW, cymbal=True)
P2_BLUE_TOM = Action.of(1, Lane.BLUE)


@pytest.mark.parametrize("players", [1, 2])
def test_default_layouts_bind_every_pad_once_without_conflicts(players):
    keymap = default_keymap(players)
    assert find_conflicts(keymap) == []
    assert [len(keymap.keys_for(a)) for a in keymap.actions()] == [1] * 8 * players
    assert len(keymap) <= 20


def test_two_players_share_no_key():
    keys = [{b.key for b in TWO_PLAYERS if b.action.player == p} for p in (0, 1)]
    assert keys[0].isdisjoint(keys[1]) and len(keys[0]) == len(keys[1]) == 8


def test_the_one_player_layout_has_the_kick_on_space_and_cymbals_above_toms():
    assert ONE_PLAYER.actions_for("space") == (Action.of(0, Lane.KICK),)
    assert ONE_PLAYER.actions_for("F") == (Action.of(0, Lane.YELLOW),)
    assert ONE_PLAYER.keys_for(P1_YELLOW_CYMBAL) == ("r",)
    assert TWO_PLAYERS.actions_for("keypad 0") == (Action.of(1, Lane.KICK),)


def test_actions_have_stable_ids_and_labels():
    actions = all_actions((0, 1))
    assert len(actions) == 16 and len({a.id for a in actions}) == 16
    assert all(Action.from_id(a.id) == a for a in actions)
    assert P1_YELLOW_CYMBAL.id == "p1_yellow_cymbal" and P2_BLUE_TOM.label == "Player 2 blue tom"
    assert Action.of(0, Lane.KICK).id == "p1_kick"
    with pytest.raises(ValueError, match="no cymbal"):
        Action.of(0, Lane.RED, cymbal=True)
    with pytest.raises(ValueError):
        Action.of(2, Lane.RED)
    with pytest.raises(ValueError, match="unknown action"):
        Action.from_id("p1_cowbell")


def test_key_names_are_normalised():
    assert normalize_key("  Keypad   4 ") == "keypad 4"
    assert normalize_key("[+]") == "keypad +" and normalize_key("Left Shift") == "left shift"
    assert KeyBinding("SPACE", P1_RED).key == "space"
    with pytest.raises(ValueError):
        KeyBinding("   ", P1_RED)
    with pytest.raises(ValueError):
        KeyBinding("x" * 33, P1_RED)


def test_a_conflict_names_the_key_and_both_actions():
    keymap = Keymap(
        (0, 1), (*TWO_PLAYERS.bindings, KeyBinding("s", P2_BLUE_TOM), KeyBinding("q", P1_RED))
    )
    assert find_conflicts(keymap) == ['key "s" is bound to both Player 1 red and Player 2 blue tom']
    three = Keymap(
        (0,),
        (
            *ONE_PLAYER.bindings,
            KeyBinding("d", P1_YELLOW_CYMBAL),
            KeyBinding("d", Action.of(0, Lane.GREEN)),
        ),
    )
    assert find_conflicts(three) == [
        'key "d" is bound to Player 1 red and Player 1 green tom and Player 1 yellow cymbal'
    ]


def test_the_same_binding_twice_is_kept_once_and_is_no_conflict():
    keymap = Keymap((0,), (KeyBinding("d", P1_RED), KeyBinding("D", P1_RED)))
    assert len(keymap) == 1 and find_conflicts(keymap) == []


def test_a_keymap_refuses_bindings_of_a_player_it_does_not_serve():
    with pytest.raises(ValueError, match="Player 2"):
        Keymap((0,), (KeyBinding("x", P2_BLUE_TOM),))


def test_rebinding_to_a_free_key_replaces_the_old_one():
    keymap, conflicts = rebind(ONE_PLAYER, P1_RED, "Q")
    assert conflicts == [] and keymap.keys_for(P1_RED) == ("q",)
    assert keymap.actions_for("d") == () and find_conflicts(keymap) == []
    assert ONE_PLAYER.keys_for(P1_RED) == ("d",)  # the default is untouched


def test_rebinding_to_a_taken_key_reports_the_conflict():
    keymap, conflicts = rebind(ONE_PLAYER, P1_RED, "f")
    assert conflicts == ['key "f" is bound to both Player 1 red and Player 1 yellow tom']
    keymap = unbind(keymap, Action.of(0, Lane.YELLOW))  # the player resolves it
    assert find_conflicts(keymap) == [] and keymap.keys_for(Action.of(0, Lane.YELLOW)) == ()


def test_rebinding_can_add_and_replace_an_alternate_key():
    keymap, _ = rebind(ONE_PLAYER, P1_RED, "l", old_key="not bound")  # adds an alternate
    assert keymap.keys_for(P1_RED) == ("d", "l")
    keymap, _ = rebind(keymap, P1_RED, "semicolon", old_key="l")
    assert keymap.keys_for(P1_RED) == ("d", "semicolon")
    keymap = unbind(keymap, P1_RED, "d")
    assert keymap.keys_for(P1_RED) == ("semicolon",)
    with pytest.raises(ValueError):
        rebind(ONE_PLAYER, P2_BLUE_TOM, "x")


def test_a_one_player_layout_can_be_played_by_player_2():
    moved = ONE_PLAYER.for_player(1)
    assert moved.players == (1,) and moved.actions_for("space") == (Action.of(1, Lane.KICK),)
    with pytest.raises(ValueError):
        TWO_PLAYERS.for_player(0)


def test_settings_tables_round_trip_and_fill_in_defaults(caplog):
    keymap, _ = rebind(TWO_PLAYERS, P2_BLUE_TOM, "keypad 3")
    keymap = unbind(keymap, P1_YELLOW_CYMBAL)
    table = bindings_to_settings(keymap)
    assert (
        len(table) == 16
        and table["p1_yellow_cymbal"] == []
        and table["p2_blue_tom"] == ["keypad 3"]
    )
    assert bindings_from_settings(table, players=2) == keymap
    assert (
        bindings_from_settings({}, 1) == ONE_PLAYER
        and bindings_from_settings(None, 2) == TWO_PLAYERS
    )
    partial = bindings_from_settings(
        {"p1_red": "Q", "p1_cowbell": ["x"], "p2_kick": ["y"], "p1_kick": [3, "b"]}, players=1
    )
    assert partial.keys_for(P1_RED) == ("q",) and partial.keys_for(Action.of(0, Lane.KICK)) == (
        "b",
    )
    assert partial.keys_for(P1_YELLOW_CYMBAL) == ("r",)
    assert "p1_cowbell" in caplog.text and "p2_kick" in caplog.text and "3" in caplog.text


def test_bindings_survive_the_settings_file(tmp_path):
    keymap, _ = rebind(ONE_PLAYER, P1_RED, "keypad 4")
    keymap, _ = rebind(keymap, P1_RED, "d", old_key="")  # "" is not bound: an alternate
    settings = replace(
        Settings(), keyboard=KeyboardSettings(one_player=bindings_to_settings(keymap))
    )
    save_settings(settings, tmp_path / "settings.toml")
    loaded = load_settings(tmp_path / "settings.toml").settings
    assert bindings_from_settings(loaded.keyboard.one_player, 1) == keymap
    assert bindings_from_settings(loaded.keyboard.two_players, 2) == TWO_PLAYERS


def test_the_defaults_table_lists_every_pad_in_both_layouts():
    table = defaults_table_markdown()
    lines = table.strip().splitlines()
    assert lines[0] == "| Pad | One player | Two players: Player 1 | Two players: Player 2 |"
    assert len(lines) == 2 + 8 and all(line.count("|") == 5 for line in lines)
    assert lines[2] == "| Kick | `Space` | `Space` | `Keypad 0` |"
    assert "| Yellow cymbal (hi-hat) | `R` | `E` | `Keypad 8` |" in lines


def test_a_key_and_a_kit_pad_name_the_same_pad():
    """One pad model: an action is a player's `KitPad`, so a kit profile's pad is a keyboard
    action's pad, and an action's id is the pad's name in profile files."""
    profile = load_profile()  # General MIDI
    assert [a.pad for a in player_actions(0)] == list(PAD_NAMES)
    assert set(PAD_NAMES) == set(KitPad)
    for pad in KitPad:
        action = Action(1, pad)
        assert (action.lane, action.cymbal) == (pad.lane, pad.cymbal)
        assert action == Action.of(1, pad.lane, pad.cymbal) == Action.from_id(f"p2_{pad.value}")
    snare = profile.pad_for(38)
    assert snare is KitPad.RED and ONE_PLAYER.keys_for(Action(0, snare)) == ("d",)
