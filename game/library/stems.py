"""Audio stems of a song folder: the separate tracks (song, guitar, drums ...) played together.

A stem is a file named after its track with an audio extension, in any letter case
(`Drums_1.OGG`). When a folder holds one stem in several formats, the best format wins.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

STEM_NAMES = (
    "song",
    "guitar",
    "bass",
    "rhythm",
    "keys",
    "vocals",
    "vocals_1",
    "vocals_2",
    "crowd",
    "drums",
    "drums_1",
    "drums_2",
    "drums_3",
    "drums_4",
)
"""Stem names a song folder may hold, in the order a mixer lists them."""

AUDIO_EXTENSIONS = (".ogg", ".opus", ".mp3", ".wav", ".flac")
"""Audio file extensions of stems, best first: when one stem exists in several, the first wins."""


def find_stems(folder: Path) -> dict[str, Path]:
    """The stems in `folder` as {stem name: file} in STEM_NAMES order; {} when it is unreadable."""
    best: dict[str, tuple[int, Path]] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                stem, ext = os.path.splitext(entry.name.lower())
                if stem not in STEM_NAMES or ext not in AUDIO_EXTENSIONS:
                    continue
                if not entry.is_file():
                    continue
                rank = AUDIO_EXTENSIONS.index(ext)
                if stem not in best or rank < best[stem][0]:
                    best[stem] = (rank, folder / entry.name)
    except OSError as e:
        log.warning("cannot list the audio stems of %s: %s", folder, e.strerror or e)
        return {}
    return {name: best[name][1] for name in STEM_NAMES if name in best}


def is_drum_stem(name: str) -> bool:
    """True for the stems that hold the drums (`drums`, `drums_1` ... `drums_4`)."""
    return name == "drums" or name.startswith("drums_")


def drum_stems(stems: Iterable[str]) -> list[str]:
    """The names among `stems` (names, or a find_stems mapping) that hold drums, in their order."""
    return [name for name in stems if is_drum_stem(name)]
