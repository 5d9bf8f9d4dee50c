"""Rendering an `Arrangement` (and optionally guide drums) into a mastered stereo song.

Parts are rendered into a dry bus and a reverb send (`parts`), the plate reverb is added, the mix
is normalised to about -14 LUFS, guide drums (if any) are laid on top, and the limiter finishes it.
Same input, same bytes: nothing depends on timing, thread scheduling or global random state.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numpy.typing import NDArray

from game.audio.dsp import F32, SAMPLE_RATE
from game.audio.guide import add_guide
from game.audio.mastering import finish, loudness_gain
from game.audio.parts import render_part
from game.audio.reverb import add_reverb
from game.core.arrangement import Arrangement
from game.core.chart import NoteTrack

SYNTH_VERSION = 2
"""Bump when any change alters rendered audio: it is part of every cache key."""
TAIL_S = 2.0
"""Silence-to-be after the last note: releases and the reverb tail."""
GUIDE_LEVEL = 0.5
"""The guide drums' level relative to the backing in `render_song`."""
REVERB_RETURN = 0.32


def workers() -> int:
    """Threads used to render notes (numpy releases the GIL in its heavy loops)."""
    return max(1, min(4, os.cpu_count() or 1))


def song_samples(arrangement: Arrangement, guide: NoteTrack | None = None) -> int:
    """The length in samples of a rendered song: the arrangement's length, or longer when notes
    (or guide drums) ring past it, plus room for releases and the reverb tail."""
    end = max(arrangement.end_s, guide.end_s if guide is not None and len(guide) else 0.0)
    return math.ceil(max(arrangement.length_s, end + TAIL_S) * SAMPLE_RATE)


def backing_bus(
    arrangement: Arrangement, n: int, progress: Callable[[float], None] | None = None
) -> NDArray[np.float32]:
    """Every part of `arrangement` mixed with its reverb: the (n, 2) pre-master bus;
    `progress(fraction)` is told after each part (0-1 of the parts done)."""
    dry = np.zeros((n, 2), dtype=F32)
    send = np.zeros(n, dtype=F32)
    count = workers()
    parts = arrangement.parts
    with ThreadPoolExecutor(count) as pool:
        for i, part in enumerate(parts):
            render_part(part, dry, send, pool if count > 1 else None)
            if progress is not None:
                progress((i + 1) / len(parts))
    add_reverb(dry, send, REVERB_RETURN)
    return dry


def render_song(
    arrangement: Arrangement,
    guide: NoteTrack | None = None,
    guide_level: float = GUIDE_LEVEL,
    progress: Callable[[float], None] | None = None,
) -> NDArray[np.float32]:
    """The mastered song, float32 (n, 2) at `SAMPLE_RATE`: the backing, plus the kit playing
    `guide` at `guide_level` (relative to the backing at the target loudness) when given,
    normalised to about -14 LUFS and limited to -1.5 dBFS. `progress(fraction)` is told how
    far the render has come (0-1; the parts are most of it, the master the rest)."""
    n = song_samples(arrangement, guide)
    mix = backing_bus(arrangement, n, None if progress is None else lambda f: progress(0.9 * f))
    mix *= F32(loudness_gain(mix))
    if guide is not None and len(guide) and guide_level > 0:
        add_guide(mix, guide, guide_level)
        mix *= F32(loudness_gain(mix))
    return finish(mix)


def render_backing(arrangement: Arrangement) -> NDArray[np.float32]:
    """The mastered backing track of `arrangement`: float32 (n, 2) in [-1, 1], about -14 LUFS."""
    return render_song(arrangement)
