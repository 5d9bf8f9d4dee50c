"""The master limiter at the end of the stream's mix: no hard clipping, however hard both
players hit.

Two cheap stages, both vectorised over one buffer (no look-ahead, so no added latency):

1. a peak limiter: the gain each sample needs to sit at `THRESHOLD` falls at once (it is
   applied from the next sample on) and recovers at `RELEASE_DB_PER_S`, a smooth release;
2. a soft knee above `THRESHOLD`: a tanh curve that leaves the limiter's one-sample overshoot
   just below `CEILING` (-0.3 dBFS) without a flat top.

Below `THRESHOLD`, with no gain reduction pending, the output is the input, sample for sample.
"""

from __future__ import annotations

import numpy as np

THRESHOLD_DBFS = -1.5
"""Where limiting starts (dBFS): quieter peaks pass untouched."""
CEILING_DBFS = -0.3
"""The highest peak the limiter lets out (dBFS); approached, never reached."""
RELEASE_DB_PER_S = 60.0
"""How fast the gain recovers after a peak (dB per second)."""
THRESHOLD = 10.0 ** (THRESHOLD_DBFS / 20.0)
CEILING = 10.0 ** (CEILING_DBFS / 20.0)
_KNEE = CEILING - THRESHOLD


class MasterLimiter:
    """A look-ahead-free peak limiter with a soft knee for stereo float32 buffers at `rate` Hz;
    keeps its gain (dB) from one buffer to the next. Not thread-safe: the audio thread owns it."""

    def __init__(self, rate: int) -> None:
        self.release_db = RELEASE_DB_PER_S / rate  # dB per sample
        self.gain_db = 0.0  # the gain for the next sample
        self.max_reduction_db = 0.0  # the deepest gain reduction so far (a positive number)

    def process(self, buffer: np.ndarray) -> np.ndarray:
        """Limit `buffer` ((n, 2) float32) in place and return it."""
        n = len(buffer)
        if n == 0:
            return buffer
        peak = np.abs(buffer).max(axis=1)
        loud = peak > THRESHOLD
        if self.gain_db >= 0.0 and not loud.any():
            return buffer  # the quiet case: untouched
        # The gain (dB) each sample needs, and the envelope: instant attack, linear release in dB.
        need = np.zeros(n, np.float64)
        need[loud] = 20.0 * np.log10(THRESHOLD / peak[loud].astype(np.float64))
        ramp = np.arange(n, dtype=np.float64) * self.release_db
        env = np.minimum.accumulate(need - ramp) + ramp
        env = np.minimum(env, self.gain_db + ramp)
        np.minimum(env, 0.0, out=env)
        # Sample k is scaled by the envelope up to sample k - 1 (the peak that sets it comes
        # through the knee below), so a rising wave is never pinned to one level.
        applied = np.empty(n, np.float64)
        applied[0] = min(0.0, self.gain_db)
        applied[1:] = env[:-1]
        self.gain_db = float(min(0.0, env[-1] + self.release_db))
        self.max_reduction_db = max(self.max_reduction_db, -float(env.min()))
        gain = np.power(10.0, applied / 20.0)
        out = buffer.astype(np.float64) * gain[:, None]
        soft_knee(out)
        buffer[:] = out
        return buffer


def soft_knee(x: np.ndarray) -> np.ndarray:
    """Above `THRESHOLD` (either sign), bend `x` (float64, in place) smoothly towards `CEILING`:
    slope 1 at the threshold, never reaching the ceiling."""
    mag = np.abs(x)
    over = mag > THRESHOLD
    if over.any():
        bent = THRESHOLD + _KNEE * np.tanh((mag[over] - THRESHOLD) / _KNEE)
        x[over] = np.copysign(bent, x[over])
    return x
