"""Keyboard bindings: which key plays which pad of which player (pure data, no pygame).

A key is named as pygame-ce names it with ``pygame.key.name(key, use_compat=False)``, lower-cased:
``"f"``, ``"space"``, ``"left shift"``, ``"keypad 4"``. An `Action` is one pad of one player: a
lane and, on yellow, blue and green, a tom or a cymbal. A `Keymap` is a whole layout: the players
it serves and its `KeyBinding`s. Two layouts ship: one player alone, and two players sharing a
keyboard (player 1 on the left half, player 2 on the numeric keypad, or, on a laptop with no
keypad, both on the letters: player 1 on the left hand's, player 2 on the right hand's).

In the settings file a layout is a table of action ids to key names, e.g.
``p1_red = ["d"]``; an action the table leaves out keeps its default keys, ``[]`` unbinds it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from game.base.language import N_, _
from game.core.lanes import Lane
from game.input.pads import KitPad

log = logging.getLogger(__name__)

MAX_KEY_NAME = 32
"""The longest key name accepted, in characters (SDL's longest is about 20)."""
MAX_KEYS_PER_ACTION = 4
"""How many keys one action may have (a main key and alternates)."""
PLAYERS = (0, 1)
"""The player indices (player 1 is 0)."""


@dataclass(frozen=True, slots=True)
class Action:
    """One pad of one player: `player` 0 or 1 and the `KitPad` they hit."""

    player: int
    pad: KitPad

    def __post_init__(self) -> None:
        if self.player not in PLAYERS:
            raise ValueError(f"player must be 0 or 1, got {self.player!r}")
        object.__setattr__(self, "pad", KitPad(self.pad))

    @classmethod
    def of(cls, player: int, lane: Lane, cymbal: bool = False) -> Action:
        """`player`'s pad of `lane`, a cymbal or a tom on yellow, blue and green; ValueError for
        a cymbal on the kick or red lane."""
        lane = Lane(lane)
        if cymbal and not lane.takes_cymbal_flag:
            raise ValueError(f"the {lane.name.lower()} lane has no cymbal")
        return cls(player, KitPad.of(lane, cymbal))

    @property
    def lane(self) -> Lane:
        """The lane the pad plays."""
        return self.pad.lane

    @property
    def cymbal(self) -> bool:
        """True for a cymbal pad."""
        return self.pad.cymbal

    @property
    def id(self) -> str:
        """The action's name in the settings file: "p1_kick", "p2_yellow_cymbal", ..."""
        return f"p{self.player + 1}_{self.pad.value}"

    @property
    def label(self) -> str:
        """The action for people, in the game's language: "Player 1 red", "Player 2 green
        cymbal"."""
        return _("Player {number} {pad}").format(number=self.player + 1, pad=self.pad.label)

    @classmethod
    def from_id(cls, action_id: str) -> Action:
        """The action called `action_id` ("p1_red", "p2_blue_tom"); ValueError if there is none."""
        for action in all_actions(PLAYERS):
            if action.id == action_id.strip().lower():
                return action
        raise ValueError(f"unknown action {action_id!r}")


PAD_NAMES = {
    KitPad.KICK: N_("Kick"),
    KitPad.RED: N_("Red (snare)"),
    KitPad.YELLOW_TOM: N_("Yellow tom"),
    KitPad.BLUE_TOM: N_("Blue tom"),
    KitPad.GREEN_TOM: N_("Green tom"),
    KitPad.YELLOW_CYMBAL: N_("Yellow cymbal (hi-hat)"),
    KitPad.BLUE_CYMBAL: N_("Blue cymbal (ride)"),
    KitPad.GREEN_CYMBAL: N_("Green cymbal (crash)"),
}
"""The pads (`Action.pad`) in display order (kick, red, toms, cymbals), with the names players
see (English: look them up with `_` to show them)."""


def player_actions(player: int) -> tuple[Action, ...]:
    """The eight actions of one player, in display order (kick, red, toms, cymbals)."""
    return tuple(Action(player, pad) for pad in PAD_NAMES)


def all_actions(players: Iterable[int]) -> tuple[Action, ...]:
    """Every action of `players`, player by player."""
    return tuple(a for p in players for a in player_actions(p))


def normalize_key(name: str) -> str:
    """A key name as the bindings store it: lower case, single spaces ("Keypad  4" -> "keypad 4").

    pygame's old-style keypad names ("[4]") become the SDL ones ("keypad 4").
    """
    key = " ".join(name.split()).lower()
    if len(key) >= 3 and key.startswith("[") and key.endswith("]"):
        key = f"keypad {key[1:-1]}"
    return key


@dataclass(frozen=True, slots=True)
class KeyBinding:
    """One key (a pygame key name, see `normalize_key`) playing one action."""

    key: str
    action: Action

    def __post_init__(self) -> None:
        key = normalize_key(self.key)
        if not key or len(key) > MAX_KEY_NAME:
            raise ValueError(f"a key name must be 1 to {MAX_KEY_NAME} characters, got {key!r}")
        object.__setattr__(self, "key", key)


@dataclass(frozen=True, slots=True)
class Keymap:
    """A keyboard layout: the players it serves (0, 1 or both) and its bindings, in order.

    Bindings are kept in display order of their actions (an action's main key first); a key
    bound to two actions is kept (a conflict: see `find_conflicts`), the same binding twice once.
    """

    players: tuple[int, ...]
    bindings: tuple[KeyBinding, ...]

    def __post_init__(self) -> None:
        players = tuple(sorted(set(self.players)))
        if not players or any(p not in PLAYERS for p in players):
            raise ValueError(f"a keymap serves player 0, 1 or both, got {self.players!r}")
        strays = [b for b in self.bindings if b.action.player not in players]
        if strays:
            raise ValueError(f"{strays[0].action.label} is not a player of this keymap")
        object.__setattr__(self, "players", players)
        order = {a: i for i, a in enumerate(all_actions(PLAYERS))}
        unique = dict.fromkeys(self.bindings)
        object.__setattr__(self, "bindings", tuple(sorted(unique, key=lambda b: order[b.action])))

    def actions(self) -> tuple[Action, ...]:
        """Every action of the keymap's players, bound or not, in display order."""
        return all_actions(self.players)

    def keys_for(self, action: Action) -> tuple[str, ...]:
        """The keys bound to `action`, main key first (empty when it is unbound)."""
        return tuple(b.key for b in self.bindings if b.action == action)

    def actions_for(self, key: str) -> tuple[Action, ...]:
        """The actions `key` is bound to (more than one is a conflict)."""
        key = normalize_key(key)
        return tuple(b.action for b in self.bindings if b.key == key)

    def for_player(self, player: int) -> Keymap:
        """This one-player keymap played by `player` (a keyboard player 2 beside a kit player 1)."""
        if len(self.players) != 1:
            raise ValueError("only a one-player keymap can be moved to another player")
        moved = (KeyBinding(b.key, Action(player, b.action.pad)) for b in self)
        return Keymap((player,), tuple(moved))

    def __iter__(self) -> Iterator[KeyBinding]:
        return iter(self.bindings)

    def __len__(self) -> int:
        return len(self.bindings)


def _layout(player: int, kick: str, red: str, toms: str, cymbals: str) -> list[KeyBinding]:
    """One player's bindings: `toms` and `cymbals` name the yellow, blue, green keys, "|"-split."""
    keys = [kick, red, *toms.split("|"), *cymbals.split("|")]
    return [KeyBinding(k, a) for k, a in zip(keys, player_actions(player), strict=True)]


ONE_PLAYER = Keymap((0,), tuple(_layout(0, "space", "d", "f|j|k", "r|u|i")))
"""One player alone: toms on the home row (red d, yellow f | blue j, green k), each cymbal on the
key above its tom (r, u, i), kick on the space bar under both thumbs."""

TWO_PLAYERS = Keymap(
    (0, 1),
    (
        *_layout(0, "space", "s", "d|f|g", "e|r|t"),
        *_layout(
            1, "keypad 0", "keypad 4", "keypad 5|keypad 6|keypad +", "keypad 8|keypad 9|keypad -"
        ),
    ),
)
"""Two players on one keyboard: player 1 on the left half (red s, toms d f g, cymbals e r t above
them, kick on the space bar), player 2 on the numeric keypad (red 4, toms 5 6 +, cymbals 8 9 -
above them, kick on the wide 0)."""


LAPTOP_TWO_PLAYERS = Keymap(
    (0, 1),
    (
        *_layout(0, "v", "a", "s|d|f", "w|e|r"),
        *_layout(1, "n", "h", "j|k|l", "u|i|o"),
    ),
)
"""Two players on a laptop with no numeric keypad, letters only: player 1's left hand on
a s d f (red, then the toms) with the cymbals w e r above them and the kick on v under the
thumb; player 2's right hand on h j k l with u i o above and the kick on n. No menu key (the
arrows, Enter, Esc, Tab, Page Up/Down) and no modifier is used: Shift, Ctrl and Alt act on
their own on some systems (Sticky Keys, the window menu) and on some layouts; a key g b between
the two hands is left free so they do not crowd each other."""

TWO_PLAYER_LAYOUTS = {"numpad": TWO_PLAYERS, "laptop": LAPTOP_TWO_PLAYERS}
"""The two-player layouts by their name in the settings (`keyboard.two_player_layout`)."""


def default_keymap(players: int = 1, layout: str = "numpad") -> Keymap:
    """The default layout for `players` (1 or 2) people on one keyboard; two players play
    the `layout` named in `TWO_PLAYER_LAYOUTS` ("numpad" or "laptop")."""
    if players not in (1, 2):
        raise ValueError(f"a keyboard layout is for 1 or 2 players, got {players!r}")
    if players == 1:
        return ONE_PLAYER
    if layout not in TWO_PLAYER_LAYOUTS:
        raise ValueError(f"no two-player layout called {layout!r}")
    return TWO_PLAYER_LAYOUTS[layout]


def find_conflicts(keymap: Keymap) -> list[str]:
    """One message for every key bound to more than one action, naming the key and the actions."""
    by_key: dict[str, list[Action]] = {}
    for binding in keymap:
        by_key.setdefault(binding.key, []).append(binding.action)
    messages = []
    for key, actions in by_key.items():
        if len(actions) > 1:
            labels = [a.label for a in actions]
            if len(labels) > 2:
                words = _('key "{key}" is bound to {actions}').format(
                    key=key, actions=_(" and ").join(labels)
                )
            else:
                words = _('key "{key}" is bound to both {first} and {second}').format(
                    key=key, first=labels[0], second=labels[1]
                )
            messages.append(words)
    return messages


def rebind(
    keymap: Keymap, action: Action, new_key: str, old_key: str | None = None
) -> tuple[Keymap, list[str]]:
    """`keymap` with `new_key` playing `action`, and the conflicts `new_key` now has.

    Without `old_key` the new key replaces all of the action's keys; with it, only that one, and
    an `old_key` the action does not have adds `new_key` as an alternate. A conflict is reported,
    not resolved: the caller may `unbind` the other action or choose another key.
    """
    if action.player not in keymap.players:
        raise ValueError(f"{action.label} is not a player of this keymap")
    binding = KeyBinding(new_key, action)
    old = normalize_key(old_key) if old_key is not None else None
    kept: list[KeyBinding] = []
    placed = False
    for b in keymap:
        if b.action == action and (old is None or b.key == old):
            if not placed:  # the new key takes the place of the first key it replaces
                kept.append(binding)
                placed = True
            continue
        kept.append(b)
    if not placed:
        kept.append(binding)
    result = Keymap(keymap.players, tuple(kept))
    conflicts = [m for m in find_conflicts(result) if m.startswith(f'key "{binding.key}" ')]
    return result, conflicts


def unbind(keymap: Keymap, action: Action, key: str | None = None) -> Keymap:
    """`keymap` without `key` on `action` (without any of the action's keys when `key` is None)."""
    drop = normalize_key(key) if key is not None else None
    kept = (b for b in keymap if not (b.action == action and (drop is None or b.key == drop)))
    return Keymap(keymap.players, tuple(kept))


def bindings_from_settings(
    raw: Mapping[str, object] | None, players: int, layout: str = "numpad"
) -> Keymap:
    """The keymap for `players` (1 or 2) from its settings table (action id -> key names), on
    the two-player `layout`'s default keys (see `default_keymap`).

    Actions the table leaves out keep their default keys; ``[]`` leaves an action unbound. Unknown
    action ids, other players' actions and bad key names are skipped with a logged warning.
    """
    default = default_keymap(players, layout)
    chosen: dict[Action, list[str]] = {}
    for action_id, keys in (raw or {}).items():
        try:
            action = Action.from_id(str(action_id))
        except ValueError:
            log.warning("keyboard bindings: unknown action %r skipped", action_id)
            continue
        if action.player not in default.players:
            log.warning("keyboard bindings: %s is not in the %d-player layout", action_id, players)
            continue
        names = [keys] if isinstance(keys, str) else keys
        if not isinstance(names, Sequence):
            log.warning("keyboard bindings: %s must list key names; default kept", action_id)
            continue
        chosen[action] = []
        for name in list(names)[:MAX_KEYS_PER_ACTION]:
            key = normalize_key(name) if isinstance(name, str) else ""
            if not key or len(key) > MAX_KEY_NAME:
                log.warning("keyboard bindings: %s: bad key name %r skipped", action_id, name)
                continue
            chosen[action].append(key)
    bindings = []
    for action in default.actions():
        keys = chosen.get(action, list(default.keys_for(action)))
        bindings += [KeyBinding(k, action) for k in keys]
    return Keymap(default.players, tuple(bindings))


def bindings_to_settings(keymap: Keymap) -> dict[str, list[str]]:
    """The settings table of `keymap`: every action id of its players -> its keys (maybe [])."""
    return {action.id: list(keymap.keys_for(action)) for action in keymap.actions()}


def _shown(key: str) -> str:
    """A key name as printed on the key cap: "Space", "F", "Keypad +"."""
    return f"`{key[:1].upper()}{key[1:]}`" if key else "—"


def defaults_table_markdown() -> str:
    """A Markdown table of the default keys, one row per pad, for the README."""
    rows = [
        "| Pad | One player | Two players: Player 1 | Two players: Player 2 |",
        "|---|---|---|---|",
    ]
    pads = PAD_NAMES
    for one, first, second in zip(
        player_actions(0), player_actions(0), player_actions(1), strict=True
    ):
        cells = [
            pads[one.pad],
            " ".join(_shown(k) for k in ONE_PLAYER.keys_for(one)),
            " ".join(_shown(k) for k in TWO_PLAYERS.keys_for(first)),
            " ".join(_shown(k) for k in TWO_PLAYERS.keys_for(second)),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"
