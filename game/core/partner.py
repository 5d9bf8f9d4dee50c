"""A duet with a recording: the partner is a saved play of the other duet part.

Any replay can be the partner — one player's play of a duet part (P1 or P2), or one player of a
two-player duet replay — as long as it was played on this very chart. The partner's recorded
hits are taken as they were, re-numbered as the duet's other player; you play the other part.
As with practice's bot partner, you are Player 1 (player 0) on whichever part you play — your
name, keys, device and highway come first — and the partner is Player 2 (player 1): the merged
play is the two-player duet `simulate --players 2 --part YOURS --part2 THEIRS` plays.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from game.core.events import InputEvent
from game.core.lanes import Part
from game.core.replay import PlayerSetup, Replay

DUET_PARTS = (Part.P1, Part.P2)
"""The two parts of a duet."""
YOU = 0
"""Your player number in a duet with a recording (Player 1)."""
PARTNER = 1
"""The partner's player number in a duet with a recording (Player 2)."""


class PartnerError(ValueError):
    """A replay that cannot be the partner (or your part in the duet); the message names the
    replay and the problem."""


@dataclass(frozen=True)
class RecordedPart:
    """One player's part of a duet: what they played (`setup`) and their hits, numbered as the
    duet's `player` (`YOU` or `PARTNER`)."""

    setup: PlayerSetup
    inputs: tuple[InputEvent, ...]
    player: int


def other_part(part: Part) -> Part:
    """The duet part that is not `part` (P2 for P1, P1 for P2); ValueError for the full kit."""
    part = Part(part)
    if part not in DUET_PARTS:
        raise ValueError(f"the full kit is no duet part: a duet is played on {_names()}")
    return DUET_PARTS[1 - DUET_PARTS.index(part)]


def partner_part(
    replay: Replay,
    source: str,
    chart_sha256: str,
    your_part: Part,
    player: int | None = None,
) -> RecordedPart:
    """The partner from `replay` (read from `source`, named in every error) for you playing
    `your_part` on the chart `chart_sha256`: its player `player` (0-based) when given, else
    its one player, or the player of a two-player replay on the part you do not play.

    Their setup is kept and their inputs are re-numbered as `PARTNER`. Raises
    PartnerError naming `source` for another chart, no such player, a full-kit play, or a
    play of your own part."""
    your_part = Part(your_part)
    if your_part not in DUET_PARTS:
        raise PartnerError(
            f"you play the full kit: a duet with a recording is played on {_names()}"
        )
    _check_chart(replay, source, chart_sha256)
    wanted = other_part(your_part)
    if player is None:
        if len(replay.players) == 1:
            player = 0
        else:
            on_part = [k for k, s in enumerate(replay.players) if s.part is wanted]
            if not on_part:
                held = ", ".join(_part_name(s.part) for s in replay.players)
                raise PartnerError(
                    f"{source}: no player played {_part_name(wanted)}, the part you do not "
                    f"play (its players played {held})"
                )
            player = on_part[0]
    setup = _player_setup(replay, source, player)
    if setup.part is Part.FULL:
        raise PartnerError(
            f"{source}: player {player + 1} played the full kit, not a duet part "
            f"({_names()}): they cannot be your partner"
        )
    if setup.part is your_part:
        raise PartnerError(
            f"{source}: player {player + 1} played {_part_name(your_part)}, the part you "
            f"play: your partner must have played {_part_name(wanted)}"
        )
    return RecordedPart(setup, _renumbered(replay.inputs, player, PARTNER), PARTNER)


def own_part(replay: Replay, source: str, chart_sha256: str, part: Part) -> RecordedPart:
    """Your part from `replay` (read from `source`): its one player who played `part` (P1 or
    P2), their inputs numbered as `YOU`. Raises PartnerError naming `source` for
    another chart or a replay where no player, or two, played `part`."""
    part = Part(part)
    if part not in DUET_PARTS:
        raise PartnerError(f"you play the full kit: a duet is played on {_names()}")
    _check_chart(replay, source, chart_sha256)
    on_part = [k for k, s in enumerate(replay.players) if s.part is part]
    if len(on_part) != 1:
        held = ", ".join(_part_name(s.part) for s in replay.players)
        how = "no player" if not on_part else "more than one player"
        raise PartnerError(f"{source}: {how} played {_part_name(part)} (its players played {held})")
    player = on_part[0]
    return RecordedPart(replay.players[player], _renumbered(replay.inputs, player, YOU), YOU)


def duet_of(you: RecordedPart, partner: RecordedPart) -> tuple[list[PlayerSetup], list[InputEvent]]:
    """The duet of you and your partner: the two setups (yours first) and both players' inputs
    merged in time order (ties: yours first); ValueError unless `you` is numbered `YOU` and
    `partner` `PARTNER`, on the two duet parts."""
    if (you.player, partner.player) != (YOU, PARTNER):
        raise ValueError("a duet with a recording has you as Player 1 and the partner as Player 2")
    if {you.setup.part, partner.setup.part} != set(DUET_PARTS):
        raise ValueError(f"a duet is played on {_names()}, one part each")
    inputs = sorted((*you.inputs, *partner.inputs), key=lambda e: (e.time_s, e.player))
    return [you.setup, partner.setup], inputs


def _check_chart(replay: Replay, source: str, chart_sha256: str) -> None:
    if replay.chart_sha256 != chart_sha256:
        raise PartnerError(
            f"{source}: recorded on another chart (sha256 {replay.chart_sha256[:12]}…), not "
            f"this song's ({chart_sha256[:12]}…)"
        )


def _player_setup(replay: Replay, source: str, player: int) -> PlayerSetup:
    count = len(replay.players)
    if not 0 <= player < count:
        held = "one player" if count == 1 else f"{count} players"
        raise PartnerError(f"{source}: no player {player + 1}: the replay holds {held}")
    return replay.players[player]


def _renumbered(inputs: Iterable[InputEvent], player: int, seat: int) -> tuple[InputEvent, ...]:
    """The inputs of `player`, numbered as the duet's player `seat`."""
    return tuple(
        e if e.player == seat else replace(e, player=seat) for e in inputs if e.player == player
    )


def _part_name(part: Part) -> str:
    return "the full kit" if part is Part.FULL else part.value.upper()


def _names() -> str:
    return " and ".join(p.value.upper() for p in DUET_PARTS)
