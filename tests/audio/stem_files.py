"""Real stem files for the stem tests: WAVs written with the standard library, and the encoded
examples (Ogg Vorbis, Opus, MP3, FLAC) that ship inside pygame-ce, and an opened mixer."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pygame
import pytest
from numpy.typing import NDArray

from game.audio.wavfile import write_wav

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


CHORD_HZ = (220.0, 277.18, 329.63, 880.0)
"""The practice song's chord: A3, C#4, E4 and A5 (Hz)."""


def write_practice_song(folder: Path, seconds: float = 6.0, rate: int = RATE) -> NDArray:
    """An imported song folder for the speed tests: song.ini, a notes.chart at 120 BPM, a music
    stem `song.wav` (a steady chord, `CHORD_HZ`) and a drum stem `drums.wav` (short noise
    bursts like drum hits, every 0.37 s from 0.3 s); returns the bursts' times in seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "song.ini").write_text("[song]\nname = Practice Chords\nartist = Tests\n")
    lines = ["[Song]", "{", "  Resolution = 192", "}", "[SyncTrack]", "{", "  0 = TS 4"]
    lines += ["  0 = B 120000", "}", "[ExpertDrums]", "{"]
    lines += [f"  {192 * k} = N {k % 5} 0" for k in range(int(seconds * 2) - 1)] + ["}"]
    (folder / "notes.chart").write_text("\n".join(lines) + "\n")
    n = round(seconds * rate)
    t = np.arange(n) / rate
    chord = sum(np.sin(2 * np.pi * hz * t) for hz in CHORD_HZ) * 0.1
    write_wav(folder / "song.wav", np.stack([chord, 0.8 * chord], axis=1), rate)
    hits = np.arange(0.3, seconds - 0.3, 0.37)
    rng = np.random.default_rng(7)
    burst = 0.6 * np.exp(-np.arange(2000) / 150.0) * rng.normal(0.0, 1.0, 2000)
    drums = np.zeros(n)
    for at in hits:
        i = round(at * rate)
        drums[i : i + len(burst)] += burst[: n - i]
    write_wav(folder / "drums.wav", np.stack([drums, drums], axis=1).clip(-1, 1), rate)
    return hits
