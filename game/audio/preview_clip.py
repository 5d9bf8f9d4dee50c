"""A song preview's clip: which stretch of a song plays while it is highlighted in song select,
and how that stretch is shaped (a fade in at its start and a fade out at its end, so that it
loops without a jump).

Pure arithmetic on float32 (n, 2) frames: no device, no files, no threads. Times in seconds.
"""

from __future__ import annotations

import dataclasses
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from game.audio.dsp import resample
from game.core.arrangement import Arrangement

DELAY_S = 0.4
"""How long a song stays highlighted before its preview starts (seconds)."""
CLIP_S = 25.0
"""The longest preview (seconds); a shorter song previews its end from the start point."""
MIN_CLIP_S = 20.0
"""A preview is at least this long when the song is (seconds): a start too close to the end
moves earlier."""
FADE_IN_S = 1.0
"""The fade in at the start of the clip (and of every loop), seconds."""
FADE_OUT_S = 2.0
"""The fade out at the end of the clip (before it loops), seconds."""
STOP_FADE_S = 0.08
"""How long the preview takes to fall silent when the highlight moves on (seconds): no click."""
PEAK = 0.98
"""Stems summed louder than this are scaled down to it (no clipping in the preview)."""


@dataclass(frozen=True, slots=True)
class PreviewWindow:
    """The stretch of the song a preview plays: from `start_s`, `length_s` long (seconds)."""

    start_s: float
    length_s: float

    @property
    def end_s(self) -> float:
        """Where the preview stops (seconds into the song)."""
        return self.start_s + self.length_s


def preview_window(
    preview_start_s: float | None, song_length_s: float | None, clip_s: float = CLIP_S
) -> PreviewWindow:
    """Where the preview of a song of `song_length_s` seconds (None: not known) plays: from
    song.ini's `preview_start_s` when it lies inside the song, else a third of the way in, for
    `clip_s` seconds; a start so late that less than `MIN_CLIP_S` (or `clip_s`, if shorter)
    would remain moves earlier, and the window never passes the song's end."""
    length = song_length_s if song_length_s and song_length_s > 0 else None
    inside = preview_start_s is not None and preview_start_s >= 0
    if inside and (length is None or preview_start_s < length):
        start = float(preview_start_s)
    else:
        start = length / 3 if length is not None else 0.0
    if length is None:
        return PreviewWindow(start, clip_s)
    least = min(MIN_CLIP_S, clip_s, length)
    start = max(0.0, min(start, length - least))
    return PreviewWindow(start, min(clip_s, length - start))


def cut_window(audio: NDArray[np.float32], rate: int, window: PreviewWindow) -> NDArray[np.float32]:
    """The frames of `audio` (song time 0 at frame 0, `rate` Hz) inside `window` (a view)."""
    lo = max(0, round(window.start_s * rate))
    hi = max(lo, round(window.end_s * rate))
    return audio[lo:hi]


def fade_envelope(
    frames: int, rate: int, fade_in_s: float = FADE_IN_S, fade_out_s: float = FADE_OUT_S
) -> NDArray[np.float32]:
    """The gain (0-1) of each of `frames` frames: a raised-cosine rise over `fade_in_s` and fall
    over `fade_out_s` (each at most a third of the clip), 1 between."""
    env = np.ones(frames, dtype=np.float32)
    for seconds, rising in ((fade_in_s, True), (fade_out_s, False)):
        n = min(frames // 3, round(seconds * rate))
        if n <= 0:
            continue
        ramp = (0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 0.5) / n)).astype(np.float32)
        if rising:
            env[:n] *= ramp
        else:
            env[frames - n :] *= ramp[::-1]
    return env


def shape_clip(audio: NDArray[np.float32], rate: int) -> NDArray[np.float32]:
    """`audio` (float32 (n, 2) at `rate` Hz) ready to loop as a preview: a new array, scaled
    down when its peak passes `PEAK`, faded in at its start and out at its end."""
    clip = np.array(audio, dtype=np.float32, copy=True).reshape(-1, 2)
    peak = float(np.abs(clip).max()) if len(clip) else 0.0
    if peak > PEAK:
        clip *= np.float32(PEAK / peak)
    clip *= fade_envelope(len(clip), rate)[:, None]
    return clip


def add_into(total: NDArray[np.float32] | None, part: NDArray[np.float32]) -> NDArray[np.float32]:
    """`part` summed into `total` (the longer of the two holds the sum; None: `part` alone)."""
    if total is None:
        return np.array(part, dtype=np.float32, copy=True)
    if len(part) > len(total):
        total, part = np.array(part, dtype=np.float32, copy=True), total
    total[: len(part)] += part
    return total


def pcm_frames(raw: bytes, width: int, channels: int) -> NDArray[np.float32]:
    """PCM bytes (`width` bytes a sample: 1 unsigned, 2/3/4 signed little-endian) as float32
    (n, 2) in [-1, 1]: mono doubled, beyond two channels the first two."""
    if width == 3:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3)
        wide = (b[:, 0].astype(np.int32) | b[:, 1].astype(np.int32) << 8) | (
            b[:, 2].astype(np.int8).astype(np.int32) << 16
        )
        a = wide.astype(np.float32) / np.float32(2**23)
    elif width == 1:
        a = (np.frombuffer(raw, np.uint8).astype(np.float32) - 128) / np.float32(128)
    else:
        kind = {2: "<i2", 4: "<i4"}[width]
        a = np.frombuffer(raw, kind).astype(np.float32) / np.float32(2 ** (8 * width - 1))
    a = a.reshape(-1, channels)
    if channels == 1:
        return np.repeat(a, 2, axis=1)
    return np.ascontiguousarray(a[:, :2])


def read_wav_window(path: Path, window: PreviewWindow, to_rate: int) -> NDArray[np.float32]:
    """The frames of the PCM WAV at `path` inside `window`, float32 (n, 2) at `to_rate` Hz: only
    that stretch is read (the file is seeked). Raises wave.Error, EOFError or OSError when
    the file is no PCM WAV the standard library reads (float WAVs, for one)."""
    with wave.open(str(path), "rb") as w:
        channels, width, rate, total = (
            w.getnchannels(),
            w.getsampwidth(),
            w.getframerate(),
            w.getnframes(),
        )
        if width not in (1, 2, 3, 4) or not 1 <= channels <= 8 or rate <= 0:
            raise wave.Error(f"{channels} channels of {8 * width}-bit samples at {rate} Hz")
        lo = min(total, max(0, round(window.start_s * rate)))
        hi = min(total, max(lo, round(window.end_s * rate)))
        w.setpos(lo)
        raw = w.readframes(hi - lo)
    frames = pcm_frames(raw[: (len(raw) // (width * channels)) * width * channels], width, channels)
    return resample(frames, rate, to_rate)


PRE_ROLL_S = 3.0
"""How much of a built-in song before its preview window is rendered too (seconds): notes that
began earlier still ring, and the reverb is full, when the window starts."""


def arrangement_window(arrangement: Arrangement, window: PreviewWindow) -> Arrangement:
    """The part of `arrangement` that sounds in `window`, moved so that `window.start_s -
    PRE_ROLL_S` (or 0) is its time 0: its notes starting from then until the window's end.
    Rendering it and dropping the pre-roll (`pre_roll_s`) gives the window's audio."""
    origin = max(0.0, window.start_s - PRE_ROLL_S)
    parts = []
    for part in arrangement.parts:
        notes = part.notes
        keep = (notes["start_s"] >= origin) & (notes["start_s"] < window.end_s)
        moved = notes[keep].copy()
        moved["start_s"] -= origin
        parts.append(dataclasses.replace(part, notes=moved))
    return Arrangement(arrangement.tempo, tuple(parts), window.end_s - origin)


def pre_roll_s(window: PreviewWindow) -> float:
    """How much audio before the window `arrangement_window` renders (seconds)."""
    return window.start_s - max(0.0, window.start_s - PRE_ROLL_S)
