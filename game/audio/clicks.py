"""A click detector: finds discontinuities that music should not have (a note cut without an
envelope, a splice, a stray sample).

A click is a broadband impulse, so the signal is high-passed hard (a 6th-order difference, which
keeps mostly what lies above ~7 kHz) and each sample of that is compared with the RMS of the same
high-passed signal around it (+-6 ms, leaving out the few samples the impulse itself spreads
over). Smooth tones leave almost nothing after the high-pass; bright sounds (hi-hats, shakers)
raise the local level with them, even as they start; an isolated jump stands far above its
surroundings.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from game.audio.dsp import box_mean, sliding_max

ORDER = 6
WINDOW_S = 0.006
RATIO = 6.0
"""How far above the local RMS (of the high-passed signal) a sample must stand to be a click."""
NEIGHBOUR_RATIO = 2.0
"""... and how far above the largest high-passed sample around it (+-2 ms, not counting itself)."""
NEIGHBOUR_S = 0.002
MIN_JUMP = 0.01
"""High-passed level below which nothing counts (a step of -60 dBFS gives 0.01)."""
MERGE_S = 0.005


def _counts(n: int, before: int, after: int) -> NDArray[np.float64]:
    """How many samples the window [i - before, i + after] holds at each i of n."""
    i = np.arange(n)
    return (np.minimum(i + after, n - 1) - np.maximum(i - before, 0) + 1).astype(np.float64)


def _channel_clicks(x: NDArray, rate: float, ratio: float) -> NDArray[np.int64]:
    h = np.diff(np.asarray(x, dtype=np.float64), ORDER)
    if not len(h):
        return np.zeros(0, dtype=np.int64)
    w = max(round(WINDOW_S * rate), 1)
    g = ORDER // 2 + 1  # an impulse spreads over ORDER + 1 samples: leave those out of the level
    energy = h * h
    total = box_mean(energy, w, w) * _counts(len(h), w, w)
    own = box_mean(energy, g, g) * _counts(len(h), g, g)
    local = np.sqrt(
        np.maximum(total - own, 0.0)
        / np.maximum(_counts(len(h), w, w) - _counts(len(h), g, g), 1.0)
    )
    mag = np.abs(h)
    hits = np.flatnonzero((mag > ratio * local) & (mag > MIN_JUMP))
    if len(hits):  # an isolated impulse also stands above every neighbour; a burst does not
        span = max(round(NEIGHBOUR_S * rate) - g, 1)
        left = np.zeros(len(h))
        left[g + 1 :] = sliding_max(mag, span - 1, 0)[: len(h) - g - 1]
        right = np.zeros(len(h))
        right[: len(h) - g - 1] = sliding_max(mag, 0, span - 1)[g + 1 :]
        hits = hits[mag[hits] > NEIGHBOUR_RATIO * np.maximum(left[hits], right[hits])]
    return hits + ORDER // 2


def find_clicks(audio: NDArray, rate: float, ratio: float = RATIO) -> list[float]:
    """Times in seconds of the clicks in mono (n,) or multichannel (n, c) `audio`; clicks closer
    than 5 ms (or in several channels at once) count once."""
    a = np.asarray(audio)
    chans = [a] if a.ndim == 1 else [a[:, k] for k in range(a.shape[1])]
    hits = np.unique(np.concatenate([_channel_clicks(ch, rate, ratio) for ch in chans]))
    if not len(hits):
        return []
    merge = max(round(MERGE_S * rate), 1)
    keep = np.concatenate(([True], np.diff(hits) > merge))
    return (hits[keep] / rate).tolist()
