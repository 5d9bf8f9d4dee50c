"""Real stem files for the stem tests: WAVs written with the standard library, and the encoded
examples (Ogg Vorbis, Opus, MP3, FLAC) that ship inside pygame-ce, and an opened mixer."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pygame
import pytest

RATE = 44100
PYGAME_EXAMPLES = Path(pygame.__file__).parent / "examples" / "data"
"""house_lo.{wav,ogg,opus,mp3,flac}: one 7.1 s loop, 11025 Hz mono, in every format."""


def write_stem(
    path: Path,
    seconds: float = 1.0,
    rate: int = RATE,
    levels: tuple[float, ...] = (0.5, 0.25),
    freq_hz: float = 441.0,
) -> Path:
    """A 16-bit PCM WAV of a sine at `freq_hz`, one channel per level (peak, full scale 1.0)."""
    t = np.arange(round(seconds * rate)) / rate
    sine = np.sin(2 * np.pi * freq_hz * t)
    frames = np.stack([sine * level for level in levels], axis=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(len(levels))
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.rint(frames * 32767).astype("<i2").tobytes())
    return path


def example(ext: str) -> Path:
    """pygame-ce's shipped house_lo example in format `ext`, or a skip naming what is missing."""
    path = PYGAME_EXAMPLES / f"house_lo.{ext}"
    if not path.is_file():
        pytest.skip(f"pygame-ce does not ship {path.name} here")
    return path


def open_mixer(
    monkeypatch: pytest.MonkeyPatch, rate: int = RATE, size: int = 32, channels: int = 2
) -> Iterator[None]:
    """Open pygame.mixer (dummy driver) as asked, for the length of a test, then close it."""
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    pygame.mixer.quit()
    pygame.mixer.init(rate, size, channels, 512)
    try:
        yield
    finally:
        pygame.mixer.quit()
