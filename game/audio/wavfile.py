"""16-bit PCM WAV files with the standard library's `wave` module: written atomically (a temp file
beside the target, then `os.replace`), read back fast (straight into a numpy array) and bounded.
"""

from __future__ import annotations

import os
import struct
import wave
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from game.audio.dsp import F32, SAMPLE_RATE
from game.base.atomic import open_atomic

FULL_SCALE = 32767.0
MAX_SECONDS = 30 * 60
"""The longest WAV `read_wav` accepts (a bound against corrupt or hostile headers)."""
_CHUNK = 1 << 16


class WavError(ValueError):
    """A WAV file that cannot be read: names the file and the problem."""


CHUNK_FRAMES = 1 << 16
"""Frames converted at a time: a song-length conversion makes no song-length temporaries."""


def quantize(audio: NDArray) -> NDArray[np.float32]:
    """`audio` exactly as it reads back after `write_wav` (16-bit rounding, clipped to +-1)."""
    audio = np.asarray(audio)
    out = np.empty(audio.shape, dtype=F32)
    for lo in range(0, len(audio), CHUNK_FRAMES):
        chunk = to_int16(audio[lo : lo + CHUNK_FRAMES])
        np.multiply(chunk, F32(1.0 / FULL_SCALE), out=out[lo : lo + CHUNK_FRAMES], dtype=F32)
    return out


def to_int16(audio: NDArray) -> NDArray[np.int16]:
    """Float audio in [-1, 1] as little-endian 16-bit samples (rounded, clipped)."""
    audio = np.asarray(audio)
    out = np.empty(audio.shape, dtype="<i2")
    for lo in range(0, len(audio), CHUNK_FRAMES):
        chunk = np.asarray(audio[lo : lo + CHUNK_FRAMES], dtype=F32) * F32(FULL_SCALE)
        out[lo : lo + CHUNK_FRAMES] = np.clip(np.rint(chunk, out=chunk), -32768, 32767, out=chunk)
    return out


def write_wav(path: Path | str, audio: NDArray, rate: int = SAMPLE_RATE) -> None:
    """Write float `audio` ((n,) mono or (n, channels)) in [-1, 1] as a 16-bit PCM WAV, atomically:
    readers see the old file or the new one, never a part. Only onto a regular file or a new name
    in an existing folder (`game.base.atomic.OutputPathError` else)."""
    a = np.asarray(audio)
    channels = 1 if a.ndim == 1 else a.shape[1]
    with open_atomic(path) as f, wave.open(f, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.setnframes(len(a))
        for start in range(0, len(a), _CHUNK):
            w.writeframesraw(to_int16(a[start : start + _CHUNK]).tobytes())


def _data_offset(f) -> int:
    """The byte offset of the 'data' chunk's samples in a RIFF/WAVE file."""
    f.seek(12)
    while True:
        head = f.read(8)
        if len(head) < 8:
            raise WavError("no data chunk")
        name, size = struct.unpack("<4sI", head)
        if name == b"data":
            return f.tell()
        f.seek(size + (size & 1), os.SEEK_CUR)


def read_wav(path: Path | str, max_seconds: float = MAX_SECONDS) -> tuple[NDArray[np.float32], int]:
    """A 16-bit PCM WAV as float32 (n, channels) in [-1, 1], and its sample rate.

    Raises `WavError` naming the file for anything else, a truncated file, or one longer than
    `max_seconds`.
    """
    path = Path(path)
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, rate, frames = (
                w.getnchannels(),
                w.getsampwidth(),
                w.getframerate(),
                w.getnframes(),
            )
        if width != 2:
            raise WavError(f"{path}: {8 * width}-bit samples, expected 16-bit PCM")
        if not 1 <= channels <= 8 or rate <= 0:
            raise WavError(f"{path}: {channels} channels at {rate} Hz")
        if frames > max_seconds * rate:
            raise WavError(f"{path}: {frames / rate:.0f} s long, more than {max_seconds:.0f} s")
        raw = np.empty((frames, channels), dtype="<i2")
        with path.open("rb") as f:
            f.seek(_data_offset(f))
            got = f.readinto(memoryview(raw).cast("B"))
        if got != raw.nbytes:
            raise WavError(f"{path}: truncated ({got} of {raw.nbytes} data bytes)")
    except (OSError, EOFError, wave.Error, struct.error) as exc:
        raise WavError(f"{path}: {exc}") from exc
    out = np.empty((frames, channels), dtype=F32)
    for start in range(0, frames, _CHUNK):
        np.multiply(
            raw[start : start + _CHUNK], F32(1.0 / FULL_SCALE), out=out[start : start + _CHUNK]
        )
    return out, rate
