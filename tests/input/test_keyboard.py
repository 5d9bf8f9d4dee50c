"""Real pygame KEYDOWN events (dummy video driver) become the right `InputEvent`s."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pygame = pytest.importorskip("pygame")

from game.core.events import InputEvent  # noqa: E402
from game.core.lanes import Lane  # noqa: E402
from game.input.bindings import ONE_PLAYER, TWO_PLAYERS, Action, KeyBinding, Keymap  # noqa: E402
from game.input.keyboard import KeyboardMapper, key_name  # noqa: E402


@pytest.fixture
def window():
    pygame.init()
    surface = pygame.display.set_mode((320, 200))
    pygame.event.clear()
    yield surface
    pygame.quit()


def press(*keys: int) -> list:
    """Post a KEYDOWN for each key and return the events pygame gives back."""
    for key in keys:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key))
    return pygame.event.get(pygame.KEYDOWN)


def test_a_posted_f_key_plays_player_1_yellow_tom_at_its_stamp(window):
    (event,) = press(pygame.K_f)
    assert key_name(event) == "f"
    mapper = KeyboardMapper(ONE_PLAYER)
    assert mapper.map_event(event, 12.5) == InputEvent(12.5, 0, Lane.YELLOW, False, 0.8)
    assert mapper.map_key("f", 12.5) == InputEvent(12.5, 0, Lane.YELLOW, False, 0.8)


def test_two_players_on_one_keyboard(window):
    events = press(pygame.K_SPACE, pygame.K_KP0, pygame.K_KP_PLUS, pygame.K_t, pygame.K_KP8)
    assert [key_name(e) for e in events] == ["space", "keypad 0", "keypad +", "t", "keypad 8"]
    mapper = KeyboardMapper(TWO_PLAYERS, velocity=0.6)
    hits = [mapper.map_event(e, 1.0 + i / 100) for i, e in enumerate(events)]
    assert [(h.player, h.lane, h.cymbal) for h in hits] == [
        (0, Lane.KICK, False),
        (1, Lane.KICK, False),
        (1, Lane.GREEN, False),
        (0, Lane.GREEN, True),
        (1, Lane.YELLOW, True),
    ]
    assert [h.time_s for h in hits] == [1.0, 1.01, 1.02, 1.03, 1.04]
    assert {h.velocity for h in hits} == {0.6}


def test_unbound_keys_and_other_events_play_nothing(window):
    (event,) = press(pygame.K_z)
    mapper = KeyboardMapper(ONE_PLAYER)
    assert mapper.map_event(event, 0.0) is None and mapper.map_key("", 0.0) is None
    up = pygame.event.Event(pygame.KEYUP, key=pygame.K_f)
    assert mapper.map_event(up, 0.0) is None


def test_a_keyboard_player_2_beside_a_kit(window):
    (event,) = press(pygame.K_d)
    hit = KeyboardMapper(ONE_PLAYER.for_player(1)).map_event(event, 3.0)
    assert hit == InputEvent(3.0, 1, Lane.RED, False, 0.8)


def test_a_conflicting_key_plays_the_first_action_in_display_order_and_warns(caplog):
    keymap = Keymap(
        (0,), (KeyBinding("x", Action.of(0, Lane.RED)), KeyBinding("x", Action.of(0, Lane.KICK)))
    )
    mapper = KeyboardMapper(keymap)
    assert mapper.map_key("X", 0.5) == InputEvent(0.5, 0, Lane.KICK, False, 0.8)
    assert 'key "x" is bound to both Player 1 kick and Player 1 red' in caplog.text
    with pytest.raises(ValueError):
        KeyboardMapper(ONE_PLAYER, velocity=1.5)
