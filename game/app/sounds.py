"""What the game plays: a song's backing audio and the kit sound of each hit."""

from __future__ import annotations

import logging

import numpy as np

from game.audio.cache import cached_render
from game.audio.drumkit import kit_sound
from game.audio.render import SAMPLE_RATE
from game.core.events import InputEvent
from game.formats.arrangement_mid import read_arrangement
from game.formats.errors import ChartError
from game.formats.song_folder import LoadedSong

log = logging.getLogger(__name__)
ARRANGEMENT = "arrangement.mid"


def backing_for(song: LoadedSong) -> tuple[np.ndarray, str | None]:
    """The song's backing (float32 stereo) and a notice when it has none we can play."""
    folder = song.chart_file.parent
    arrangement = folder / ARRANGEMENT
    if arrangement.is_file():
        try:
            return cached_render(read_arrangement(arrangement)), None
        except ChartError as e:
            notice = f"Backing track unreadable ({e}); the drums play alone."
    else:
        notice = "This song's audio stems are not played yet; the drums play alone."
    silence = np.zeros((round(song.chart.duration_s * SAMPLE_RATE) + SAMPLE_RATE, 2), np.float32)
    return silence, notice


def hit_sound_for(event: InputEvent) -> np.ndarray:
    """The kit sound of a hit: its lane, cymbal or tom, and velocity."""
    return kit_sound(int(event.lane), event.cymbal, event.velocity)
