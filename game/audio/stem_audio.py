"""A song folder's audio stems as the stream's audio: each stem file decoded by SDL_mixer (through
pygame.mixer) to float32 stereo at 44100 Hz, the non-drum stems summed into the music and the drum
stems into the drums stem (which the game mutes while a player misses).

SDL_mixer decodes to the mixer's own format, rate and channels (it converts mono to stereo and
resamples, e.g. 48 kHz to 44.1 kHz); what it hands back is converted here from whatever the mixer
was opened with. In pygame-ce 2.5 (SDL_mixer 2.8) it decodes Ogg Vorbis, Opus, MP3, FLAC and WAV.
A stem that cannot be decoded is left out with a notice naming the file and the problem; the
others still play.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from game.audio.dsp import resample
from game.audio.stream import BUFFER_FRAMES, RATE
from game.base.language import _

log = logging.getLogger(__name__)

MAX_STEM_BYTES = 512 * 1024 * 1024
"""The largest stem file decoded (a 25-minute 16-bit WAV is about 265 MB)."""
MAX_STEM_SECONDS = 20 * 60
"""The longest stem played (a bound against corrupt or hostile files): 20 minutes."""


class StemError(ValueError):
    """A stem that cannot be played: names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class StemAudio:
    """A song's stems mixed for the stream: float32 (n, 2) frames at 44100 Hz.

    `music` sums the non-drum stems (empty when there are none); `drums` sums the drum stems, or
    is None when the song has none that plays. `notices` says which stems were left out and why.
    """

    music: NDArray[np.float32]
    drums: NDArray[np.float32] | None
    notices: tuple[str, ...] = ()

    @property
    def silent(self) -> bool:
        """True when no stem plays at all."""
        return len(self.music) == 0 and self.drums is None


def mixer_ready() -> tuple[int, int, int]:
    """The mixer's (rate Hz, sample size in bits, negative for signed, channels); it is opened
    as the game opens it when it is not yet. Raises StemError(the mixer) when that fails."""
    import pygame

    init = pygame.mixer.get_init()
    if init is None:
        try:
            pygame.mixer.init(RATE, 32, 2, BUFFER_FRAMES)
        except pygame.error as e:
            raise StemError("pygame.mixer", f"no audio device to decode with ({e})") from e
        init = pygame.mixer.get_init()
    return init


def decode_stem(path: Path, to_rate: int | None = None) -> NDArray[np.float32]:
    """The stem at `path` as float32 (n, 2) frames at `to_rate` Hz (default: the mixer's rate;
    when the mixer runs in that format, the decoder's own buffer: no copy, kept alive by the
    array).

    Raises StemError naming the file for a missing, empty, oversized, undecodable or overlong one.
    """
    import pygame

    rate, _, _ = mixer_ready()
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise StemError(path, f"cannot be read ({e.strerror or e})") from e
    if size == 0:
        raise StemError(path, "empty file")
    if size > MAX_STEM_BYTES:
        raise StemError(path, f"{size / 2**20:.0f} MB, more than {MAX_STEM_BYTES // 2**20} MB")
    try:
        sound = pygame.mixer.Sound(file=str(path))
    except (pygame.error, OSError) as e:
        raise StemError(path, f"not audio this game can decode ({e})") from e
    seconds = sound.get_length()
    if seconds > MAX_STEM_SECONDS:
        raise StemError(path, f"{seconds:.0f} s long, more than {MAX_STEM_SECONDS} s")
    frames = as_stereo_float(pygame.sndarray.samples(sound), rate, to_rate)
    if len(frames) == 0:
        raise StemError(path, "no audio in it")
    return frames


def as_stereo_float(
    samples: np.ndarray, rate: int, to_rate: int | None = None
) -> NDArray[np.float32]:
    """Mixer samples ((n,) mono or (n, channels), any integer or float format, at `rate` Hz) as
    float32 (n', 2) frames in [-1, 1] at `to_rate` Hz (default: `rate`); beyond two channels,
    front left and right. Samples already in that form come back as they are (not copied)."""
    to_rate = rate if to_rate is None else to_rate
    a = np.asarray(samples)
    if a.ndim == 1:
        a = a[:, None]
    if a.dtype == np.float32 and a.shape[1] == 2 and rate == to_rate and a.flags.c_contiguous:
        return a
    a = a[:, :2]
    if np.issubdtype(a.dtype, np.floating):
        out = a.astype(np.float32)
    else:
        info = np.iinfo(a.dtype)
        half = (int(info.max) + 1 - int(info.min)) / 2  # 32768 for 16-bit, signed or not
        mid = int(info.min) + half  # 0 when signed, 32768 for unsigned 16-bit
        out = ((a.astype(np.float64) - mid) / half).astype(np.float32)
    if out.shape[1] == 1:
        out = np.repeat(out, 2, axis=1)
    if rate != to_rate and len(out):
        out = resample(out, rate, to_rate)
    return np.ascontiguousarray(out)


def mix_stems(
    music_files: Sequence[Path],
    drum_files: Sequence[Path],
    to_rate: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> StemAudio:
    """Decode and sum the music stems and the drum stems, one stem at a time (SDL_mixer holds the
    GIL while it decodes, so threads would not help; one at a time keeps one decoded stem beside
    the sums); a stem that fails is left out with a notice naming the file and the problem.
    The sums are at `to_rate` Hz (default: the mixer's rate). `progress(fraction)` is told after
    each stem (0-1 of the stems); anything it raises stops the decoding and is passed on."""
    to_rate = mixer_ready()[0] if to_rate is None else to_rate
    notices: list[str] = []
    count = max(len(music_files) + len(drum_files), 1)
    done = [0]

    def one_more() -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0] / count)

    music = _sum(music_files, notices, to_rate, one_more)
    drums = _sum(drum_files, notices, to_rate, one_more)
    for notice in notices:
        log.warning(notice)
    silence = np.zeros((0, 2), np.float32)
    return StemAudio(music if music is not None else silence, drums, tuple(notices))


def _sum(
    files: Sequence[Path], notices: list[str], to_rate: int, decoded: Callable[[], None]
) -> NDArray[np.float32] | None:
    """The sum of the stems in `files` that decode (kept in the longest), or None if none does;
    `decoded()` is called after each stem."""
    total: NDArray[np.float32] | None = None
    for path in files:
        try:
            frames = decode_stem(path, to_rate)
        except StemError as e:
            notices.append(_("Stem left out: {problem}.").format(problem=e))
            continue
        finally:
            decoded()
        if total is None:
            total = frames
            continue
        if len(frames) > len(total):
            total, frames = frames, total
        total[: len(frames)] += frames
        del frames  # frees that stem's decoded buffer before the next is decoded
    return total
