"""Audio played at another speed at the same pitch, for practice: Signalsmith Stretch (MIT)
through the python-stretch package (MIT).

python-stretch's `process` stretches one whole buffer per call and starts afresh each time (it
seeks into the buffer's first samples, flushes the stretcher's output latency at the end and
trims it, so an onset at t s comes out at t / speed s, within a millisecond). To tell progress
and honour a cancel, the audio is stretched in blocks of about `BLOCK_S` (output) with
`CONTEXT_S` of the audio around each (more than the stretcher's window, so a block's middle
sounds as in one long run), and neighbouring blocks are joined by a `CROSSFADE_S` crossfade.
Two runs over the same audio are not in phase with each other (a plain equal-gain or
equal-power crossfade of a held tone dips by up to a few dB), so each join's fades are scaled
for how alike the two blocks are there, which keeps the level steady.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

MIN_SPEED = 0.25
MAX_SPEED = 1.5
"""The speeds practice offers (1.0 = as written)."""
BLOCK_S = 8.0
"""Output seconds made per step: the stretcher holds the GIL through each (~0.15 s here, less
than SDL_mixer takes to decode a stem), and each join between steps is a short crossfade."""
CONTEXT_S = 0.15
"""Input seconds of audio on each side of a block, fed to the stretcher but not kept: more
than its 120 ms window, so a block's kept part does not depend on where the block starts."""
SEED = 0
"""The stretcher's random seed (its output is the same on every run with one seed)."""
CROSSFADE_S = 0.05
"""Output seconds over which one block fades into the next."""
MIN_JOIN_CORRELATION = -0.5
"""Two blocks nearly opposite at a join are joined as if only this opposite (a bound on the
gain that keeps the level: 1.4 at -0.5)."""


class StretchError(ValueError):
    """Audio the stretcher cannot take (wrong shape, a speed out of range)."""


def stretched_length(frames: int, speed: float) -> int:
    """How many frames `frames` last at `speed`: round(frames / speed)."""
    return round(frames / speed)


def stretch(
    audio: NDArray[np.float32],
    rate: int,
    speed: float,
    progress: Callable[[float], None] | None = None,
) -> NDArray[np.float32]:
    """`audio` (float32 (n, 2) at `rate` Hz) played at `speed` (0.25-1.5) at the same pitch:
    float32 (round(n / speed), 2); speed 1.0 gives `audio` itself. `progress(fraction)` is told
    after each block (0-1); anything it raises stops the stretch (a cancel) and is passed on.
    Raises StretchError for audio or a speed it cannot take, or when the stretcher fails."""
    audio = np.asarray(audio)
    if audio.ndim != 2 or audio.shape[1] != 2:
        raise StretchError(f"stereo frames (n, 2) wanted, not an array shaped {audio.shape}")
    if not (MIN_SPEED - 1e-9 <= speed <= MAX_SPEED + 1e-9) or not math.isfinite(speed):
        raise StretchError(f"speed {speed} is outside {MIN_SPEED}-{MAX_SPEED}")
    if speed == 1.0:
        return audio
    import python_stretch  # C++ stretcher loaded only when a song is played slower or faster

    n = len(audio)
    total = stretched_length(n, speed)
    out = np.zeros((total, 2), np.float32)
    if n == 0:
        return out
    count = max(1, round(total / (BLOCK_S * rate)))
    bounds = [round(n * k / count) for k in range(count + 1)]  # input frames, blocks alike
    context = round(CONTEXT_S * rate)
    half = round(CROSSFADE_S * rate) // 2
    stretcher = python_stretch.Signalsmith.Stretch(SEED)  # same audio in, same bytes out
    stretcher.preset(2, float(rate))
    stretcher.timeFactor = speed
    tail = np.zeros((0, 2), np.float32)  # the last block's end, not yet faded out
    for k in range(count):
        a, b = bounds[k], bounds[k + 1]
        lo, hi = max(a - context, 0), min(b + context, n)
        piece = _process(stretcher, audio[lo:hi])
        shift = round(lo / speed)  # the output frame of piece[0]
        first = 0 if k == 0 else stretched_length(a, speed) - half
        last = total if k == count - 1 else stretched_length(b, speed) + half
        part = piece[first - shift : min(last, total) - shift]
        keep = len(part) if k == count - 1 else len(part) - 2 * half
        if k > 0:
            out[first : first + 2 * half] = _join(tail, part[: 2 * half])
            out[first + 2 * half : first + keep] = part[2 * half : keep]
        else:
            out[first : first + keep] = part[:keep]
        tail = part[keep:].copy()
        if progress is not None:
            progress((k + 1) / count)
    return out


def _process(stretcher, frames: NDArray) -> NDArray[np.float32]:
    """`frames` ((n, 2)) through `stretcher` as (n / speed, 2); StretchError if it fails."""
    try:
        return stretcher.process(np.ascontiguousarray(frames.T, dtype=np.float32)).T
    except (RuntimeError, ValueError, TypeError, MemoryError) as e:
        raise StretchError(f"the stretcher failed ({e})") from e


def _join(before: NDArray[np.float32], after: NDArray[np.float32]) -> NDArray[np.float32]:
    """`before` fading out as `after` (the same stretch of song from the next block) fades in,
    at a steady level: quarter-wave fades, scaled for how alike the two are (their correlation
    rho: 1 adds amplitudes, 0 powers), so the join neither dips nor swells."""
    frames = len(before)
    phase = (np.arange(frames) + 0.5) / frames * (math.pi / 2)
    fade_out, fade_in = np.cos(phase), np.sin(phase)
    energy = float(np.sqrt(np.sum(before * before, dtype=np.float64) * np.sum(after * after)))
    rho = float(np.sum(before * after, dtype=np.float64)) / energy if energy > 0 else 0.0
    rho = min(max(rho, MIN_JOIN_CORRELATION), 1.0)
    scale = 1.0 / np.sqrt(1.0 + 2.0 * rho * fade_out * fade_in)
    return (before * (fade_out * scale)[:, None] + after * (fade_in * scale)[:, None]).astype(
        np.float32
    )
