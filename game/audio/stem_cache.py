"""The stem cache: a song folder's stems, once decoded and mixed, kept as two 16-bit WAVs (music
and drums) in the user cache directory, so the second load reads two files instead of decoding
every Ogg/Opus/MP3 stem again (decoding a 3-minute set takes seconds; reading it back, ~0.1 s).

A mix is named by a hash of its stem files (path, size, modification time), the SDL_mixer
version and `STEM_CACHE_VERSION`; a changed stem is decoded afresh. Only a mix where every stem
decoded is kept (so a bad stem's notice shows every time). Each WAV holds the mix at half level
(headroom: stems may sum past full scale). A damaged entry is decoded again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from game.audio.cache import default_cache_dir
from game.audio.stem_audio import StemAudio, mix_stems, mixer_ready
from game.audio.wavfile import WavError, read_wav, write_wav
from game.base.atomic import write_atomic

log = logging.getLogger(__name__)

STEM_CACHE_VERSION = 1
KEEP_SONGS = 8
"""Songs whose stems are kept; the least recently played beyond this are deleted."""
HEADROOM = 0.5
"""The level each mix is stored at (and divided by when read back)."""
_DONE = ".done"  # written last: an entry without it is incomplete


def default_stem_cache_dir() -> Path:
    """Beside the render cache: DRUM_DUET_HOME/cache/stems, or the user cache dir's stems."""
    return default_cache_dir().parent / "stems"


def stems_key(
    music_files: Sequence[Path], drum_files: Sequence[Path], rate: int | None = None
) -> str:
    """A hex digest of everything that shapes the mix: the files, their sizes and times, and
    the rate (Hz) it is kept at (default: the mixer's)."""
    rate = mixer_ready()[0] if rate is None else rate
    import pygame

    h = hashlib.sha256()
    mixer = pygame.mixer.get_sdl_mixer_version(linked=True)
    h.update(repr(("drum-duet stems", STEM_CACHE_VERSION, rate, mixer)).encode())
    for kind, files in (("music", music_files), ("drums", drum_files)):
        for path in files:
            try:
                st = Path(path).stat()
                stamp: tuple[int, int] = (st.st_size, st.st_mtime_ns)
            except OSError:
                stamp = (-1, -1)
            h.update(repr((kind, str(Path(path).resolve()), stamp)).encode())
    return h.hexdigest()[:40]


def cached_stems(
    music_files: Sequence[Path],
    drum_files: Sequence[Path],
    cache_dir: Path | str | None = None,
    rate: int | None = None,
) -> StemAudio:
    """`mix_stems(music_files, drum_files, rate)` through the cache, at `rate` Hz (default: the
    mixer's): decoded and resampled once per rate; a cache that cannot be written is skipped
    (the mix is decoded again next time)."""
    folder = Path(cache_dir) if cache_dir is not None else default_stem_cache_dir()
    rate = mixer_ready()[0] if rate is None else rate
    key = stems_key(music_files, drum_files, rate)
    done = folder / f"{key}{_DONE}"
    if done.exists():
        try:
            return _load(folder, key, rate, drums=done.read_text().strip() == "drums")
        except (OSError, WavError) as exc:
            log.warning("cached stems unreadable, decoding again: %s", exc)
    audio = mix_stems(music_files, drum_files, rate)
    if not audio.notices and not audio.silent:
        try:
            _store(folder, key, audio, rate)
        except OSError as exc:
            log.warning("could not cache the stems (%s); they will be decoded again", exc)
    return audio


def _load(folder: Path, key: str, rate: int, drums: bool) -> StemAudio:
    music = _read(folder / f"{key}.music.wav", rate)
    drum_mix = _read(folder / f"{key}.drums.wav", rate) if drums else None
    with contextlib.suppress(OSError):  # a read-only cache still serves its files
        os.utime(folder / f"{key}{_DONE}")
    return StemAudio(music, drum_mix)


def _read(path: Path, want_rate: int) -> NDArray[np.float32]:
    audio, rate = read_wav(path)
    if rate != want_rate or audio.shape[1] != 2:
        raise WavError(f"{path}: {audio.shape[1]} channels at {rate} Hz, expected stereo")
    audio *= np.float32(1.0 / HEADROOM)
    return audio


def _store(folder: Path, key: str, audio: StemAudio, rate: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)  # the cache's own folder
    parts = [("music", audio.music)] + ([("drums", audio.drums)] if audio.drums is not None else [])
    for name, mix in parts:
        mix *= np.float32(HEADROOM)  # in place (exact: a power of two), and back below
        try:
            write_wav(folder / f"{key}.{name}.wav", mix, rate)
        finally:
            mix *= np.float32(1.0 / HEADROOM)
    write_atomic(folder / f"{key}{_DONE}", parts[-1][0].encode())
    _prune(folder, KEEP_SONGS)


def _prune(folder: Path, keep: int) -> None:
    """Delete all but the `keep` most recently used mixes in `folder` (and stray parts)."""
    try:
        entries = sorted(folder.glob(f"*{_DONE}"), key=lambda p: p.stat().st_mtime, reverse=True)
        kept = {p.name[: -len(_DONE)] for p in entries[:keep]}
        for path in folder.iterdir():
            if path.name.split(".")[0] not in kept and not path.name.startswith("."):
                path.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("stem cache prune skipped: %s", exc)
