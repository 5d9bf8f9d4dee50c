"""The autoplay bot: the inputs a perfect player would make for a part, optionally jittered."""

from __future__ import annotations

import numpy as np

from game.core.chart import NoteTrack
from game.core.events import InputEvent
from game.core.lanes import Dynamics, Lane

VELOCITY = {Dynamics.NORMAL: 0.75, Dynamics.ACCENT: 1.0, Dynamics.GHOST: 0.25}
"""The bot plays accents loud and ghosts soft, so it earns every dynamics bonus."""


def autoplay_inputs(
    track: NoteTrack, player: int = 0, jitter_s: float = 0.0, seed: int = 0
) -> list[InputEvent]:
    """One hit per note at the note's time, matching lane and cymbal flag, in time order.

    With `jitter_s` > 0 each hit moves by a uniform random offset in [-jitter_s, +jitter_s],
    drawn from a generator seeded by `seed` (the same seed gives the same hits).
    """
    times = np.array(track.times, dtype=np.float64)
    if jitter_s > 0:
        rng = np.random.default_rng(seed)
        times = times + rng.uniform(-jitter_s, jitter_s, size=len(times))
    order = np.argsort(times, kind="stable")
    return [
        InputEvent(
            time_s=float(times[i]),
            player=player,
            lane=Lane(int(track.lanes[i])),
            cymbal=bool(track.cymbal[i]),
            velocity=VELOCITY[Dynamics(int(track.dynamics[i]))],
        )
        for i in order
    ]
