"""What SDL offers for sound output and what the mixer really opens: for `drum-duet audio
devices` and the settings screen's Output device row."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

import numpy as np

from game.audio.clock import SongClock
from game.audio.stream import AudioStream, OutputFormat, StreamMix, open_output

log = logging.getLogger(__name__)
FIRST_BUFFER_WAIT_S = 2.0
"""How long the probe waits for the device's first buffer (seconds)."""


def output_device_names() -> list[str]:
    """SDL's names of the output devices, in its order; [] when SDL's audio is not running
    (`pygame.init()` or an open mixer starts it) or there is no audio system."""
    try:
        from pygame._sdl2.audio import get_audio_device_names

        return list(dict.fromkeys(get_audio_device_names(False)))
    except Exception as e:  # no audio system: no devices
        log.info("no audio output devices listed: %s", e)
        return []


@dataclass(frozen=True)
class OutputProbe:
    """The audio output as found: the SDL `driver` (None without one), its `devices`, and what
    the mixer opened with the settings (`output`; `device_frames` per buffer and `channels`,
    None when nothing opened or no buffer came)."""

    driver: str | None
    devices: tuple[str, ...]
    output: OutputFormat
    device_frames: int | None
    channels: int | None


def probe_output(rate: int, buffer_frames: int, device: str) -> OutputProbe:
    """Open the mixer as the settings ask (falling back as the game does) and play one silent
    buffer to learn the frames per buffer the device really takes."""
    import pygame

    output = open_output(rate, buffer_frames, device)
    devices = tuple(output_device_names())
    driver = os.environ.get("SDL_AUDIODRIVER") or None  # what SDL was told, when nothing opens
    frames = channels = None
    if output.opened:
        try:
            driver = pygame.mixer.get_driver()
        except pygame.error as e:
            log.info("no audio driver: %s", e)
        channels = pygame.mixer.get_init()[2]
        silence = StreamMix(np.zeros((1, 2), dtype=np.float32), 0, rate=output.rate)
        stream = AudioStream(silence, SongClock(output.rate), buffer_frames, output.rate)
        stream.start()
        deadline = time.perf_counter() + FIRST_BUFFER_WAIT_S
        while stream.device_frames is None and time.perf_counter() < deadline:
            time.sleep(0.005)
        frames = stream.device_frames
        stream.close()
    return OutputProbe(driver, devices, output, frames, channels)
