"""Where a song's preview comes from: the stretch of its audio that song select plays while the
song is highlighted (`preview_window`), decoded or rendered, mixed and shaped to loop.

- An imported song mixes all its stems (music and drums). A PCM WAV stem is read for the window
  only (the file is seeked); any other stem (Ogg, Opus, MP3, FLAC, float WAV) is decoded whole
  by SDL_mixer, once: the finished clip is kept in the preview cache.
- A built-in song reads the window from its rendered backing when the render cache holds it
  (the song was played), else renders the window alone (a few seconds of notes before it, for
  the notes and the reverb that ring into it) into the preview cache.

The preview cache is a folder of 16-bit WAV clips beside the render cache (`previews`: built-in
windows as the render cache keeps renders, stem mixes named by a hash of their files and the
window); the least recently used beyond `KEEP_PREVIEWS` are deleted. Runs
on any thread; slow (up to a second or two for a long stem): song select asks for it off its
loop (`game.app.song_preview`).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import wave
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from game.audio.cache import (
    cached_render,
    cached_render_path,
    default_cache_dir,
    is_cached,
)
from game.audio.dsp import SAMPLE_RATE, resample
from game.audio.preview_clip import (
    PreviewWindow,
    add_into,
    arrangement_window,
    cut_window,
    pre_roll_s,
    preview_window,
    read_wav_window,
    shape_clip,
)
from game.audio.stem_audio import StemError, decode_stem
from game.audio.wavfile import WavError, read_wav, write_wav
from game.formats.arrangement_mid import read_arrangement
from game.formats.errors import ChartError
from game.library.index import SongRecord
from game.library.summary import ARRANGEMENT_FILE

log = logging.getLogger(__name__)

PREVIEW_CACHE_VERSION = 1
"""Part of every preview cache key: bump when a change alters the clips."""
KEEP_PREVIEWS = 32
"""Imported songs' clips kept in the preview cache (about 5 MB each: 150 MB at most)."""


class PreviewError(ValueError):
    """A song that has no preview: names the file (or folder) and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


def default_preview_cache_dir() -> Path:
    """Beside the render cache: DRUM_DUET_HOME/cache/previews, or the user cache dir's."""
    return default_cache_dir().parent / "previews"


def record_window(record: SongRecord) -> PreviewWindow:
    """Where `record`'s preview plays (song.ini's preview_start_time, else a third in)."""
    return preview_window(record.preview_start_s, record.length_s)


def preview_clip(
    record: SongRecord, rate: int, cache_dir: Path | None = None
) -> NDArray[np.float32]:
    """`record`'s preview: float32 (n, 2) frames at `rate` Hz, faded in and out to loop.
    Raises PreviewError naming the file when nothing of it can be played (a stem that cannot
    be decoded while others can is left out, logged with its name)."""
    window = record_window(record)
    folder = Path(cache_dir) if cache_dir is not None else default_preview_cache_dir()
    arrangement = record.folder / ARRANGEMENT_FILE
    if arrangement.is_file():
        audio = _builtin_window(arrangement, window, rate, folder)
    else:
        audio = _stems_window(record, window, rate, folder)
    if len(audio) == 0:
        raise PreviewError(record.folder, "no audio in the preview's stretch of the song")
    return shape_clip(audio, rate)


# built-in songs --------------------------------------------------------------------------


def _builtin_window(
    arrangement_file: Path, window: PreviewWindow, rate: int, folder: Path
) -> NDArray[np.float32]:
    """The window of a built-in song's backing at `rate` Hz (see the module)."""
    try:
        arrangement = read_arrangement(arrangement_file)
    except ChartError as e:
        raise PreviewError(arrangement_file, f"backing unreadable ({e})") from e
    if is_cached(arrangement):  # played before: its whole backing is in the render cache
        try:
            return read_wav_window(cached_render_path(arrangement), window, rate)
        except (OSError, EOFError, wave.Error) as e:
            log.warning(
                "rendered backing of %s unreadable, rendering the preview: %s", arrangement_file, e
            )
    part = arrangement_window(arrangement, window)
    try:
        audio = cached_render(part, cache_dir=folder / "built-in")
    except OSError as e:
        raise PreviewError(arrangement_file, f"preview not rendered ({e})") from e
    lo = round(pre_roll_s(window) * SAMPLE_RATE)
    return resample(audio[lo : lo + round(window.length_s * SAMPLE_RATE)], SAMPLE_RATE, rate)


# imported songs --------------------------------------------------------------------------


def stems_key(record: SongRecord, window: PreviewWindow, rate: int) -> str:
    """A hex digest of what shapes an imported song's preview: its stem files (path, size,
    modification time), the window, the rate and `PREVIEW_CACHE_VERSION`."""
    h = hashlib.sha256()
    h.update(repr(("preview", PREVIEW_CACHE_VERSION, window, rate)).encode())
    for name, path in record.stems:
        try:
            st = os.stat(path)
            stamp = (st.st_size, st.st_mtime_ns)
        except OSError:
            stamp = (-1, -1)
        h.update(repr((name, str(path), stamp)).encode())
    return h.hexdigest()[:40]


def _stems_window(
    record: SongRecord, window: PreviewWindow, rate: int, folder: Path
) -> NDArray[np.float32]:
    """Every stem of `record` inside `window`, summed, at `rate` Hz (see the module)."""
    if not record.stems:
        raise PreviewError(record.folder, "no audio stems (song.ogg, drums.ogg ...)")
    key = stems_key(record, window, rate)
    cached = folder / "stems" / f"{key}.wav"
    if cached.is_file():
        try:
            audio, got = read_wav(cached)
            if got == rate and audio.shape[1] == 2:
                _touch(cached)
                return audio
        except WavError as e:
            log.warning("cached preview unreadable, decoding again: %s", e)
    total: NDArray[np.float32] | None = None
    problems = []
    for _name, path in record.stems:
        try:
            part = _stem_window(Path(path), window, rate)
        except StemError as e:
            log.warning("preview: stem left out: %s", e)
            problems.append(str(e))
            continue
        total = add_into(total, part)
    if total is None:
        raise PreviewError(record.folder, "no stem could be decoded: " + "; ".join(problems))
    if not problems:
        _store(cached, total, rate)
    return total


def _stem_window(path: Path, window: PreviewWindow, rate: int) -> NDArray[np.float32]:
    """One stem inside `window` at `rate` Hz: seeked in a PCM WAV, else decoded whole."""
    if path.suffix.lower() == ".wav":
        try:
            return read_wav_window(path, window, rate)
        except (wave.Error, EOFError, ValueError):
            pass  # not PCM (a float WAV ...): SDL_mixer decodes it
        except OSError as e:
            raise StemError(path, f"cannot be read ({e.strerror or e})") from e
    if _mixer_closed():  # a song's stream is reopening it: never open it from here
        raise StemError(path, "not decoded: the audio mixer is closed")
    whole = decode_stem(path, rate)
    return np.array(cut_window(whole, rate, window), dtype=np.float32, copy=True)


def _mixer_closed() -> bool:
    """True when pygame's mixer (SDL_mixer decodes the stems) is not open."""
    import pygame

    return pygame.mixer.get_init() is None


def _store(path: Path, audio: NDArray[np.float32], rate: int) -> None:
    """Keep a decoded clip (before its fades) in the preview cache; skipped when it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_wav(path, np.clip(audio, -1.0, 1.0), rate)
        _prune(path.parent)
    except OSError as e:
        log.warning("could not cache the preview (%s); it will be decoded again", e)


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)


def _prune(folder: Path, keep: int = KEEP_PREVIEWS) -> None:
    """Delete all but the `keep` most recently used clips in `folder`."""
    try:
        files = sorted(folder.glob("*.wav"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            old.unlink(missing_ok=True)
    except OSError as e:
        log.debug("preview cache prune skipped: %s", e)
