"""A song made ready to play live: its audio at the device's rate, the kit, the guide drums and
the players' keyboard and kits, as `LivePlay`.

The slow part (reading the chart, rendering or decoding the music, the kit's sounds, the guide
drums) is `prepare_song`, which a loading screen runs off the loop's thread and which reports
its progress; `live_from` then builds the play from it at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from game.app.play import LivePlay, PlayOptions
from game.app.setup import keymap_for
from game.app.sounds import Backing, guide_for, hit_sounds_at, song_backing
from game.audio.drumkit import shared_kit
from game.audio.stream import OutputFormat
from game.base.language import _
from game.formats.song_folder import LoadedSong, load_song
from game.input.keyboard import KeyboardMapper
from game.input.kit_devices import KitDevices

log = logging.getLogger(__name__)

Report = Callable[[float, str], None]
"""Told how far a song's preparation has come: a fraction 0-1 and the step in words; it may
raise to stop the preparation (the players cancelled it)."""


@dataclass(frozen=True)
class PreparedSong:
    """A song with its audio made at the output's `rate` (Hz): what `live_from` needs."""

    song: LoadedSong
    backing: Backing
    guide: np.ndarray | None
    rate: int
    speed: float = 1.0
    """How fast the backing plays (practice: 0.25-1.5)."""


def prepare_song(
    song: LoadedSong | Path,
    options: PlayOptions,
    rate: int,
    report: Report | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PreparedSong:
    """`song` (or the song folder it names, read first) with its backing, kit sounds and guide
    drums at `rate` Hz, reporting each step to `report`; `cancelled()` also stops a render in
    progress. Raises ChartError when the chart cannot be read."""
    tell = report or (lambda fraction, step: None)
    if isinstance(song, Path):
        tell(0.0, _("Reading the chart"))
        song = load_song(song)
    music = _("Preparing the music")
    tell(0.15, music)
    speed = options.speed
    backing = song_backing(
        song, rate, cancelled, lambda f: tell(0.15 + 0.6 * f, music), speed=speed
    )
    if backing.notice:
        log.warning(backing.notice)
    tell(0.8, _("Tuning the drum kit"))
    shared_kit(rate).warm()  # every live hit's sound is ready before the song starts
    guide = None
    if options.settings.audio.guide_drums and speed == 1.0:  # practice writes its own
        tell(0.9, _("Writing the guide drums"))
        guide = guide_for(song, options.setups, rate)
    tell(1.0, _("Ready"))
    return PreparedSong(song, backing, guide, rate, speed)


def live_from(
    prepared: PreparedSong,
    options: PlayOptions,
    devices: KitDevices | None,
    output: OutputFormat,
    play: Callable[..., LivePlay] = LivePlay,
) -> LivePlay:
    """The play of a prepared song as `options` say on the opened `output` (at the rate it was
    prepared for), the players' kits taken from `devices` (None: the keyboard only); `play`
    makes it (a live duet's `OnlineLivePlay` with its link)."""
    backing = prepared.backing
    mapper = KeyboardMapper(keymap_for(options.settings, options.keyboard_players))
    notice = " ".join(n for n in (output.notice, backing.notice) if n) or None
    return play(
        prepared.song,
        options,
        backing.music,
        hit_sounds_at(prepared.rate),
        mapper.map_key,
        backing.drums,
        prepared.guide,
        rate=prepared.rate,
        notice=notice,
        devices=devices,
    )


def live_play(
    song: LoadedSong, options: PlayOptions, devices: KitDevices | None, output: OutputFormat
) -> LivePlay:
    """`song` ready to play as `options` say on the opened `output`, the players' kits taken
    from `devices` (the game's one device list; None: the keyboard only)."""
    return live_from(prepare_song(song, options, output.rate), options, devices, output)
