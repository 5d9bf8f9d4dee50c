"""Guide drums: the synthesized kit playing a chart's `NoteTrack` perfectly, for learners and for
checking a chart by ear. Accents are loud, ghosts soft; every sound starts at its note's sample.

An accented hi-hat cymbal note plays the open hi-hat, which rings until the next hi-hat note
chokes it (an 8 ms fade), as a real hi-hat closes.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from game.audio.drumkit import VARIANTS, KitPiece, KitSounds, piece_for, shared_kit
from game.audio.dsp import F32, SAMPLE_RATE, end_fade, seed_of, smoothstep
from game.audio.mastering import limit
from game.core.chart import NoteTrack
from game.core.lanes import Dynamics, Lane

GUIDE_VELOCITY = {Dynamics.NORMAL: 0.75, Dynamics.ACCENT: 1.0, Dynamics.GHOST: 0.3}
"""The velocity the guide plays each dynamics at (before `velocity_scale`)."""
CHOKE_S = 0.008
GUIDE_CEILING_DBFS = -1.0


def note_velocities(track: NoteTrack, velocity_scale: float = 1.0) -> NDArray[np.float64]:
    """The velocity (0..1) of each note of `track` as the guide plays it."""
    table = np.array([GUIDE_VELOCITY[d] for d in Dynamics])
    return np.clip(table[track.dynamics] * velocity_scale, 0.0, 1.0)


def note_pieces(track: NoteTrack, velocities: NDArray) -> list[KitPiece]:
    """The kit piece of each note (accented hi-hat cymbal notes open the hi-hat)."""
    pieces = []
    for lane, cymbal, dyn, v in zip(
        track.lanes, track.cymbal, track.dynamics, velocities, strict=True
    ):
        piece = piece_for(int(lane), bool(cymbal), float(v))
        if piece is KitPiece.HIHAT_CLOSED and dyn == Dynamics.ACCENT:
            piece = KitPiece.HIHAT_OPEN
        pieces.append(piece)
    return pieces


def _choke_points(track: NoteTrack) -> NDArray[np.float64]:
    """For each note, the time of the next hi-hat (yellow cymbal) note after it, else inf."""
    hat_times = np.append(track.times[(track.lanes == Lane.YELLOW) & track.cymbal], np.inf)
    return hat_times[np.searchsorted(hat_times, track.times, side="right")]


def guide_bus(track: NoteTrack, n: int, velocity_scale: float = 1.0) -> NDArray[np.float32]:
    """The kit playing `track`, as an (n, 2) float32 bus (not limited)."""
    out = np.zeros((n, 2), dtype=F32)
    add_guide(out, track, 1.0, velocity_scale)
    return out


def add_guide(
    out: NDArray[np.float32],
    track: NoteTrack,
    level: float = 1.0,
    velocity_scale: float = 1.0,
    kit: KitSounds | None = None,
) -> None:
    """Add the kit playing `track`, times `level`, into the (n, 2) bus `out`."""
    kit = kit or shared_kit()
    n = len(out)
    velocities = note_velocities(track, velocity_scale)
    pieces = note_pieces(track, velocities)
    chokes = _choke_points(track)
    choke_len = round(CHOKE_S * SAMPLE_RATE)
    choke_ramp = 1.0 - smoothstep(np.arange(1, choke_len + 1, dtype=F32) / F32(choke_len))
    for i, (t, piece, v) in enumerate(zip(track.times, pieces, velocities, strict=True)):
        start = round(float(t) * SAMPLE_RATE)
        variant = seed_of("guide", round(float(t) * 1000.0), int(track.lanes[i])) % VARIANTS
        buf, gain = kit.hit(piece, float(v), variant)
        length = len(buf)
        if piece is KitPiece.HIHAT_OPEN and math.isfinite(chokes[i]):
            length = min(length, round(float(chokes[i]) * SAMPLE_RATE) - start + choke_len)
        skip = max(-start, 0)
        end = min(start + length, n)
        if end <= start + skip:
            continue
        seg = buf[skip : end - start] * F32(gain * level)
        if length < len(buf):
            tail = min(choke_len, len(seg))
            seg[len(seg) - tail :] *= choke_ramp[choke_len - tail :, None]
        out[start + skip : end] += seg


def render_guide(track: NoteTrack, length_s: float, velocity_scale: float = 1.0) -> NDArray:
    """The kit playing `track` for `length_s` seconds: float32 (n, 2), peaks limited to -1 dBFS,
    the last 20 ms faded out (sounds still ringing at the end are cut smoothly)."""
    n = max(round(length_s * SAMPLE_RATE), 0)
    bus = limit(guide_bus(track, n, velocity_scale), GUIDE_CEILING_DBFS)
    fade = min(round(0.02 * SAMPLE_RATE), n)
    if fade:
        bus[n - fade :] *= end_fade(fade, 0.02)[:, None]
    return bus
