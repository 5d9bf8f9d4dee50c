"""The drums stem's level from the players' judgements, as in Clone Hero: a miss mutes it and the
next hit brings it back.

In a duet each player owns an equal share of the level (half each): the two parts are halves of
one kit, so one player's miss dips the drums by 6 dB, which both hear as "someone missed", while
the partner who played it right still hears the groove; when both are missing the stem is silent,
as it is for a player alone. An overhit mutes only a player whose overhits break combo (the
engine's own option), so a drummer filling between notes is not punished twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from game.core.events import JudgementEvent


class DrumStemMute:
    """Each player's on/off state for the drums stem; `level` (0.0-1.0) is the share of players on.

    `overhits_break_combo` is one flag for all players or one per player (their EngineParams).
    Before any judgement every player is on: the song starts with its drums.
    """

    def __init__(self, players: int = 1, overhits_break_combo: bool | Sequence[bool] = False):
        if players < 1:
            raise ValueError(f"the drums stem needs at least one player, got {players}")
        flags = (
            [bool(overhits_break_combo)] * players
            if isinstance(overhits_break_combo, bool)
            else [bool(f) for f in overhits_break_combo]
        )
        if len(flags) != players:
            raise ValueError(f"{len(flags)} overhit flags for {players} players")
        self._overhits_mute = flags
        self._on = [True] * players

    @property
    def level(self) -> float:
        """The drums stem's level, 0.0 (muted) to 1.0: the share of players not missing."""
        return sum(self._on) / len(self._on)

    def is_on(self, player: int) -> bool:
        """True while `player`'s share of the drums stem sounds."""
        return self._on[player]

    def on_event(self, event: object) -> None:
        """Follow one session event: a hit turns its player on, a miss (or a combo-breaking
        overhit) turns them off; other events and unknown players change nothing."""
        if not isinstance(event, JudgementEvent) or not 0 <= event.player < len(self._on):
            return
        if event.judgement.is_hit:
            self._on[event.player] = True
        elif event.judgement.breaks_combo(self._overhits_mute[event.player]):
            self._on[event.player] = False

    def on_events(self, events: Iterable[object]) -> float:
        """Follow the events of a `PlaySession.update`, in order; return the new level."""
        for event in events:
            self.on_event(event)
        return self.level
