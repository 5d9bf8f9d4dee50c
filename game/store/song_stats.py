"""What the player did with each song: plays, when last played, and favourites."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SongStats:
    """One song's play count, when it was last played (seconds since the epoch) and whether it
    is a favourite; songs are known by their chart's sha256, as the score book knows them."""

    plays: int = 0
    last_played_s: float | None = None
    favourite: bool = False
