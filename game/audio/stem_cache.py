"""The stem cache: a song folder's stems, once decoded and mixed, kept as two 16-bit WAVs (music
and drums) in the user cache directory, so the second load reads two files instead of decoding
every Ogg/Opus/MP3 stem again (decoding a 3-minute set takes seconds; reading it back, ~0.1 s).

A mix is named by a hash of its stem files (path, size, modification time), the SDL_mixer
version, `STEM_CACHE_VERSION` and, for practice at another speed, the speed; a changed stem is
decoded afresh. A mix at another speed is the mix at speed 1.0 (itself through the cache) with
its music and its drums each time-stretched at constant pitch (`game.audio.stretch`): two
stretches however many stems the song has. Only a mix where every stem
decoded is kept (so a bad stem's notice shows every time). Each WAV holds the mix at half level
(headroom: stems may sum past full scale). A damaged entry is decoded again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from game.audio.cache import default_cache_dir
from game.audio.stem_audio import StemAudio, StemError, mix_stems, mixer_ready
from game.audio.stretch import StretchError
from game.audio.stretch_workers import stretch_parts
from game.audio.wavfile import WavError, read_wav, write_wav
from game.base.atomic import write_atomic
from game.base.language import _

log = logging.getLogger(__name__)

STEM_CACHE_VERSION = 1
STRETCH_VERSION = 1
"""Bump when the stretching changes: it is part of the key of every mix at another speed."""
KEEP_SONGS = 8
"""Songs whose stems are kept; the least recently played beyond this are deleted."""
DECODE_SHARE = 0.3
"""The share of the progress a mix at another speed gives the decoding (the rest: stretching)."""
HEADROOM = 0.5
"""The level each mix is stored at (and divided by when read back)."""
_DONE = ".done"  # written last: an entry without it is incomplete


def default_stem_cache_dir() -> Path:
    """Beside the render cache: DRUM_DUET_HOME/cache/stems, or the user cache dir's stems."""
    return default_cache_dir().parent / "stems"


def stems_key(
    music_files: Sequence[Path],
    drum_files: Sequence[Path],
    rate: int | None = None,
    speed: float = 1.0,
) -> str:
    """A hex digest of everything that shapes the mix: the files, their sizes and times, the
    rate (Hz) it is kept at (default: the mixer's) and the speed it plays at (1.0 adds nothing,
    so the mixes cached before practice existed keep their names)."""
    rate = mixer_ready()[0] if rate is None else rate
    import pygame

    h = hashlib.sha256()
    mixer = pygame.mixer.get_sdl_mixer_version(linked=True)
    h.update(repr(("drum-duet stems", STEM_CACHE_VERSION, rate, mixer)).encode())
    if speed != 1.0:
        h.update(repr(("speed", float(speed), STRETCH_VERSION)).encode())
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
    speed: float = 1.0,
    progress: Callable[[float], None] | None = None,
) -> StemAudio:
    """`mix_stems(music_files, drum_files, rate)` through the cache, at `rate` Hz (default: the
    mixer's), played at `speed` (0.25-1.5; other than 1.0: music and drums time-stretched at
    the same pitch, `stretch_stems`): decoded and resampled once per rate, stretched once per
    speed; a cache that cannot be written is skipped (the mix is made again next time).
    `progress(fraction)` is told how far it has come (0-1); anything it raises (a cancel)
    stops it, and nothing is cached."""
    folder = Path(cache_dir) if cache_dir is not None else default_stem_cache_dir()
    rate = mixer_ready()[0] if rate is None else rate
    tell = progress or (lambda fraction: None)
    key = stems_key(music_files, drum_files, rate, speed)
    done = folder / f"{key}{_DONE}"
    if done.exists():
        try:
            return _load(folder, key, rate, drums=done.read_text().strip() == "drums")
        except (OSError, WavError) as exc:
            log.warning("cached stems unreadable, making them again: %s", exc)
    if speed == 1.0:
        audio = mix_stems(music_files, drum_files, rate, tell)
    else:
        decode = DECODE_SHARE
        base = cached_stems(
            music_files, drum_files, folder, rate, progress=lambda f: tell(decode * f)
        )
        audio = stretch_stems(
            base, music_files, drum_files, rate, speed, lambda f: tell(decode + (1 - decode) * f)
        )
    if not audio.notices and not audio.silent:
        try:
            _store(folder, key, audio, rate)
        except OSError as exc:
            log.warning("could not cache the stems (%s); they will be decoded again", exc)
    return audio


def stretch_stems(
    audio: StemAudio,
    music_files: Sequence[Path],
    drum_files: Sequence[Path],
    rate: int,
    speed: float,
    progress: Callable[[float], None] | None = None,
) -> StemAudio:
    """`audio` (mixed from `music_files` and `drum_files` at `rate` Hz) played at `speed`: its
    music and drums each time-stretched at the same pitch, round(n / speed) frames long (side
    by side in worker processes, `stretch_parts`).
    A mix the stretcher cannot take is left out with a notice for each of its stem files naming
    the problem (the other mix still plays). `progress(fraction)` is told how far it has come (0-1);
    anything it raises is passed on."""
    parts = [audio.music] + ([audio.drums] if audio.drums is not None else [])
    notices = list(audio.notices)
    out: list[NDArray[np.float32] | None] = []
    stretched = stretch_parts(parts, rate, speed, progress)
    for result, files in zip(stretched, (music_files, drum_files), strict=False):
        if isinstance(result, StretchError):  # each stem of that mix named, as a decoder's are
            for path in files:
                problem = StemError(path, f"not stretched to {speed:.0%} speed ({result})")
                notices.append(_("Stem left out: {problem}.").format(problem=problem))
                log.warning(notices[-1])
            out.append(None)
        else:
            out.append(result)
    music = out[0] if out[0] is not None else np.zeros((0, 2), np.float32)
    drums = out[1] if len(out) > 1 else None
    return StemAudio(music, drums, tuple(notices))


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
