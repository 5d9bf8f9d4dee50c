"""What the game plays: a song's backing audio (music and drums stem) and the kit sound of each hit.

Built-in songs have an arrangement.mid that the game's synthesizer renders; imported Clone Hero /
YARG / Rock Band folders have audio stems, decoded (and cached) with the drum stems kept apart so
the drums can be muted while a player misses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from game.audio.drumkit import kit_sound
from game.audio.dsp import resample
from game.audio.guide import render_guide
from game.audio.render import SAMPLE_RATE
from game.audio.stem_audio import StemError
from game.audio.stem_cache import cached_stems
from game.base.language import _
from game.core.events import InputEvent
from game.core.replay import PlayerSetup
from game.formats.errors import ChartError
from game.formats.song_folder import LoadedSong
from game.library.backing import RenderCancelledError, render_backing
from game.library.stems import find_stems, is_drum_stem

log = logging.getLogger(__name__)
ARRANGEMENT = "arrangement.mid"


@dataclass(frozen=True)
class Backing:
    """What plays under the players' hits, float32 (n, 2) frames at the stream's rate from song
    time 0.

    `music` is the synthesised backing or the sum of the non-drum stems (possibly empty);
    `drums` the sum of the drum stems, muted while a player misses, or None; `notice` says what
    could not be played, for the player to read.
    """

    music: np.ndarray
    drums: np.ndarray | None = None
    notice: str | None = None


def song_backing(
    song: LoadedSong,
    rate: int = SAMPLE_RATE,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[float], None] | None = None,
    speed: float = 1.0,
) -> Backing:
    """The backing of any song at `rate` Hz played at `speed` (1.0 as written; practice plays
    0.25-1.5): its arrangement rendered at that tempo (resampled when `rate` is not the
    synthesizer's), or its stems (decoded and cached at `rate`, time-stretched at the same
    pitch when `speed` is not 1.0), or silence with a notice. While a render, decoding or
    stretch runs, `progress(fraction)` is told how far it has come (0-1) and `cancelled()`
    stops it (`RenderCancelledError`)."""
    folder = song.chart_file.parent
    arrangement = folder / ARRANGEMENT
    if arrangement.is_file():
        try:
            music = render_backing(arrangement, cancelled=cancelled, progress=progress, speed=speed)
            return Backing(resample(music, SAMPLE_RATE, rate))
        except ChartError as e:
            return _silence(
                _("Backing track unreadable ({problem}); the drums play alone.").format(problem=e)
            )
    stems = find_stems(folder)
    if not stems:
        return _silence(
            _("No audio stems in {folder} (song.ogg, drums.ogg ...); the drums play alone.").format(
                folder=folder
            )
        )
    music = [path for name, path in stems.items() if not is_drum_stem(name)]
    drums = [path for name, path in stems.items() if is_drum_stem(name)]

    def tell(fraction: float) -> None:
        if cancelled is not None and cancelled():
            raise RenderCancelledError(f"the stems of {folder} were cancelled")
        if progress is not None:
            progress(fraction)

    try:
        audio = cached_stems(music, drums, rate=rate, speed=speed, progress=tell)
    except StemError as e:  # no mixer to decode with
        return _silence(
            _("Audio stems not played ({problem}); the drums play alone.").format(problem=e)
        )
    notice = " ".join(audio.notices)
    if audio.silent:
        alone = _("No stem could be played; the drums play alone.")
        return _silence(f"{notice} {alone}".strip())
    return Backing(audio.music, audio.drums, notice or None)


def backing_for(song: LoadedSong, rate: int = SAMPLE_RATE) -> tuple[np.ndarray, str | None]:
    """The song's whole backing (float32 stereo: music and drums stem together, never muted) and
    a notice when something could not be played. Prefer `song_backing`, which keeps the drums
    stem apart so it can be muted. At `rate` Hz."""
    backing = song_backing(song, rate)
    if backing.drums is None:
        return backing.music, backing.notice
    music, drums = backing.music, backing.drums
    if len(drums) > len(music):
        music, drums = drums, music
    mixed = music.copy()
    mixed[: len(drums)] += drums
    return mixed, backing.notice


def _silence(notice: str) -> Backing:
    log.warning(notice)
    return Backing(np.zeros((0, 2), np.float32), None, notice)


def guide_for(
    song: LoadedSong, setups: Sequence[PlayerSetup], rate: int = SAMPLE_RATE
) -> np.ndarray:
    """The quiet guide drums: the kit playing every player's part, float32 (n, 2) at `rate` Hz."""
    length_s = song.chart.duration_s + 1.0
    guide = np.zeros((round(length_s * SAMPLE_RATE), 2), np.float32)
    for setup in setups:
        guide += render_guide(song.chart.track(setup.part, setup.difficulty), length_s)
    return resample(guide, SAMPLE_RATE, rate)


def hit_sound_for(event: InputEvent) -> np.ndarray:
    """The kit sound of a hit at the synthesizer's rate: its lane, cymbal or tom, and velocity."""
    return kit_sound(int(event.lane), event.cymbal, event.velocity)


def hit_sounds_at(rate: int) -> Callable[[InputEvent], np.ndarray]:
    """`hit_sound_for` at `rate` Hz (each kit sound resampled once, then kept)."""

    def hit_sound(event: InputEvent) -> np.ndarray:
        return kit_sound(int(event.lane), event.cymbal, event.velocity, rate)

    return hit_sound
