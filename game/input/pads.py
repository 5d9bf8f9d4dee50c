"""The drum pads of one player: the 4-lane pro layout's kick, red, and yellow/blue/green each as
a cymbal or a tom. One model for the keyboard's bindings and the kits' profiles alike."""

from __future__ import annotations

from enum import Enum

from game.base.language import N_, _
from game.core.lanes import Lane


class KitPad(str, Enum):
    """A pad of the 4-lane pro layout; the values are the pad names of profile files."""

    KICK = "kick"
    RED = "red"
    YELLOW_CYMBAL = "yellow_cymbal"
    YELLOW_TOM = "yellow_tom"
    BLUE_CYMBAL = "blue_cymbal"
    BLUE_TOM = "blue_tom"
    GREEN_CYMBAL = "green_cymbal"
    GREEN_TOM = "green_tom"

    @property
    def lane(self) -> Lane:
        """The lane this pad plays."""
        return Lane.from_name(self.value.split("_")[0])

    @property
    def cymbal(self) -> bool:
        """True for the cymbal pads (yellow, blue and green cymbal)."""
        return self.value.endswith("_cymbal")

    @property
    def label(self) -> str:
        """The pad in words, in the game's language: "kick", "red", "yellow cymbal", "green
        tom"."""
        return _(PAD_LABELS[self])

    @classmethod
    def of(cls, lane: Lane, cymbal: bool = False) -> KitPad:
        """The pad playing `lane` (as a cymbal or a tom on yellow, blue and green)."""
        lane = Lane(lane)
        if not lane.takes_cymbal_flag:
            return cls(lane.name.lower())
        return cls(f"{lane.name.lower()}_{'cymbal' if cymbal else 'tom'}")


PAD_LABELS = {
    KitPad.KICK: N_("kick"),
    KitPad.RED: N_("red"),
    KitPad.YELLOW_CYMBAL: N_("yellow cymbal"),
    KitPad.YELLOW_TOM: N_("yellow tom"),
    KitPad.BLUE_CYMBAL: N_("blue cymbal"),
    KitPad.BLUE_TOM: N_("blue tom"),
    KitPad.GREEN_CYMBAL: N_("green cymbal"),
    KitPad.GREEN_TOM: N_("green tom"),
}
"""Each pad in words (English: `KitPad.label` looks it up)."""
