"""Drum Duet's audio: a numpy synthesizer for the songs' backing tracks, the drum kit the players
play, guide drums, the render cache, and the measurements that keep the audio honest.

Nothing here imports pygame: renders are plain float32 (n, 2) arrays at `SAMPLE_RATE`, which the
game hands to pygame.mixer.

    from game.audio import cached_render, kit_sound
    audio = cached_render(arrangement, guide=None)     # mastered song, about -14 LUFS
    hit = kit_sound(Lane.RED, False, 0.8)             # a snare hit to play on a player's hit

The names below load their module on first use, so importing the package (for the song clock,
say) does not load the synthesizer.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "SAMPLE_RATE": "dsp",
    "SYNTH_VERSION": "render",
    "render_backing": "render",
    "render_song": "render",
    "render_guide": "guide",
    "cached_render": "cache",
    "cached_render_path": "cache",
    "default_cache_dir": "cache",
    "render_key": "cache",
    "KitPiece": "drumkit",
    "KitSounds": "drumkit",
    "kit_sound": "drumkit",
    "piece_for": "drumkit",
    "shared_kit": "drumkit",
    "integrated_loudness": "loudness",
    "sample_peak_dbfs": "loudness",
    "dc_offset": "loudness",
    "find_clicks": "clicks",
    "detect_onsets": "onsets",
    "WavError": "wavfile",
    "read_wav": "wavfile",
    "write_wav": "wavfile",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
