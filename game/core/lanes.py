"""The words of the game: lanes, dynamics, parts and difficulties.

The numeric and string values are saved in replays and score files: never change or reorder them.
"""

from __future__ import annotations

from enum import Enum, IntEnum


class Lane(IntEnum):
    """A lane of the 4-lane pro drum highway. DO NOT MODIFY THE VALUES: replays depend on them."""

    KICK = 0
    RED = 1
    YELLOW = 2
    BLUE = 3
    GREEN = 4

    @property
    def takes_cymbal_flag(self) -> bool:
        """True for the lanes whose notes are a cymbal or a tom (yellow, blue, green)."""
        return self >= Lane.YELLOW

    @classmethod
    def from_name(cls, name: str) -> Lane:
        """The lane called `name` ("kick", "red", ...), case-insensitive."""
        try:
            return cls[name.upper()]
        except KeyError:
            raise ValueError(f"unknown lane {name!r}") from None


class Dynamics(IntEnum):
    """How hard a note is meant to be played. DO NOT MODIFY THE VALUES."""

    NORMAL = 0
    ACCENT = 1
    GHOST = 2


class Part(str, Enum):
    """A part of a song: the full kit for one player, or one side of the duet."""

    FULL = "full"
    P1 = "p1"
    P2 = "p2"


class Difficulty(str, Enum):
    """A difficulty of a part, easiest first."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"
    EXPERT = "expert"
    EXPERT_PLUS = "expert+"
    """Expert with the chart's 2x (double) kicks as ordinary kicks; opt-in."""

    @classmethod
    def standard(cls) -> tuple[Difficulty, ...]:
        """The four difficulties every part is charted at (Expert+ is Expert plus 2x kicks)."""
        return (cls.EASY, cls.MEDIUM, cls.HARD, cls.EXPERT)
