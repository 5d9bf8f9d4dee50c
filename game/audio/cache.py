"""The render cache: a song's rendered audio kept as a 16-bit WAV in the user cache directory,
named by a hash of everything that shapes it (the arrangement's notes and mix, the guide track,
the options and `SYNTH_VERSION`), so the second load of a song reads a file instead of rendering.

The directory is platformdirs' user cache dir for "drum-duet", or DIR/cache when the environment
variable DRUM_DUET_HOME=DIR is set (tests, portable installs). A corrupt file is rendered again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import platformdirs
from numpy.typing import NDArray

from game.audio.dsp import SAMPLE_RATE
from game.audio.render import GUIDE_LEVEL, SYNTH_VERSION, render_song
from game.audio.wavfile import WavError, quantize, read_wav, write_wav
from game.core.arrangement import Arrangement
from game.core.chart import NoteTrack

log = logging.getLogger(__name__)

APP = "drum-duet"
KEEP_RENDERS = 16
"""Renders kept in the cache; the least recently used beyond this are deleted."""


def default_cache_dir() -> Path:
    """Where renders are cached: DRUM_DUET_HOME/cache if that is set, else the user cache dir."""
    home = os.environ.get("DRUM_DUET_HOME")
    base = Path(home) / "cache" if home else Path(platformdirs.user_cache_dir(APP, appauthor=False))
    return base / "renders"


def render_key(
    arrangement: Arrangement, guide: NoteTrack | None = None, guide_level: float = GUIDE_LEVEL
) -> str:
    """A hex digest of everything that shapes the rendered audio."""
    h = hashlib.sha256()

    def add(*items: object) -> None:
        for item in items:
            data = item.tobytes() if isinstance(item, np.ndarray) else repr(item).encode()
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)

    add("drum-duet render", SYNTH_VERSION, SAMPLE_RATE, float(arrangement.length_s))
    for part in arrangement.parts:
        add(part.name, part.voice.value, float(part.pan), float(part.gain))
        add(np.ascontiguousarray(part.notes))
    if guide is not None and len(guide):
        add("guide", float(guide_level))
        add(guide.times, guide.lanes, guide.cymbal, guide.dynamics)
    return h.hexdigest()[:40]


def cached_render_path(
    arrangement: Arrangement,
    guide: NoteTrack | None = None,
    cache_dir: Path | str | None = None,
    guide_level: float = GUIDE_LEVEL,
    progress: Callable[[float], None] | None = None,
) -> Path:
    """The cached WAV of the song, rendered and written first if it is missing or damaged (for
    players that load a file themselves; `progress` is told how far the render has come, 0-1).
    Raises OSError if the cache cannot be written."""
    path = _path(arrangement, guide, cache_dir, guide_level)
    if _usable(path):
        _touch(path)
        return path
    _store(path, render_song(arrangement, guide, guide_level, progress))
    return path


def is_cached(arrangement: Arrangement, cache_dir: Path | str | None = None) -> bool:
    """True when the song's backing (without guide drums) is in the cache, whole."""
    return _usable(_path(arrangement, None, cache_dir, GUIDE_LEVEL))


def cached_render(
    arrangement: Arrangement,
    guide: NoteTrack | None = None,
    cache_dir: Path | str | None = None,
    guide_level: float = GUIDE_LEVEL,
) -> NDArray[np.float32]:
    """`render_song(arrangement, guide, guide_level)` through the cache: float32 (n, 2), exactly
    the 16-bit audio the cache holds (the same array on the first call and every later one).
    A damaged cache file is rendered again; a cache that cannot be written is skipped."""
    path = _path(arrangement, guide, cache_dir, guide_level)
    if path.exists():
        try:
            audio = _load(path)
            _touch(path)
            return audio
        except WavError as exc:
            log.warning("cached render unreadable, rendering again: %s", exc)
    audio = render_song(arrangement, guide, guide_level)
    try:
        _store(path, audio)
    except OSError as exc:
        log.warning("could not cache the render (%s); it will be rendered again next time", exc)
    return quantize(audio)


def _path(
    arrangement: Arrangement, guide: NoteTrack | None, cache_dir: Path | str | None, level: float
) -> Path:
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    return folder / f"{render_key(arrangement, guide, level)}.wav"


def _store(path: Path, audio: NDArray[np.float32]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)  # the cache's own folder
    write_wav(path, audio)
    _prune(path.parent, keep=KEEP_RENDERS)


def _load(path: Path) -> NDArray[np.float32]:
    audio, rate = read_wav(path)
    if rate != SAMPLE_RATE or audio.shape[1] != 2:
        raise WavError(f"{path}: {audio.shape[1]} channels at {rate} Hz, expected stereo")
    return audio


def _usable(path: Path) -> bool:
    """True when `path` is a complete stereo 16-bit WAV at our rate (its header and size agree)."""
    try:
        with wave.open(str(path), "rb") as w:
            ok = (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, SAMPLE_RATE)
            frames = w.getnframes()
        return ok and path.stat().st_size >= 44 + 4 * frames
    except (OSError, EOFError, wave.Error):
        return False


def _touch(path: Path) -> None:
    """Mark `path` most recently used (pruning keeps the most recent renders)."""
    with contextlib.suppress(OSError):  # a read-only cache still serves its files
        os.utime(path)


def _prune(folder: Path, keep: int) -> None:
    """Delete all but the `keep` most recently used renders in `folder`."""
    try:
        files = sorted(folder.glob("*.wav"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            old.unlink(missing_ok=True)
    except OSError as exc:  # another process pruning at the same time, a read-only cache...
        log.debug("cache prune skipped: %s", exc)
