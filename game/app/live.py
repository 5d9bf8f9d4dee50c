"""A song made ready to play live: its audio at the device's rate, the kit, the guide drums and
the players' keyboard and kits, as `LivePlay`."""

from __future__ import annotations

import logging

from game.app.play import LivePlay, PlayOptions
from game.app.setup import keymap_for
from game.app.sounds import guide_for, hit_sounds_at, song_backing
from game.audio.drumkit import shared_kit
from game.audio.stream import OutputFormat
from game.formats.song_folder import LoadedSong
from game.input.keyboard import KeyboardMapper
from game.input.kit_devices import KitDevices

log = logging.getLogger(__name__)


def live_play(
    song: LoadedSong, options: PlayOptions, devices: KitDevices | None, output: OutputFormat
) -> LivePlay:
    """`song` ready to play as `options` say on the opened `output`, the players' kits taken
    from `devices` (the game's one device list; None: the keyboard only)."""
    audio = options.settings.audio
    rate = output.rate
    backing = song_backing(song, rate)
    if backing.notice:
        log.warning(backing.notice)
    shared_kit(rate).warm()  # every live hit's sound is ready before the song starts
    guide = guide_for(song, options.setups, rate) if audio.guide_drums else None
    mapper = KeyboardMapper(keymap_for(options.settings, len(options.setups)))
    notice = " ".join(n for n in (output.notice, backing.notice) if n) or None
    return LivePlay(
        song,
        options,
        backing.music,
        hit_sounds_at(rate),
        mapper.map_key,
        backing.drums,
        guide,
        rate=rate,
        notice=notice,
        devices=devices,
    )
