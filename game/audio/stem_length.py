"""How long an audio stem lasts, read from its headers without decoding it (for the library).

Ogg Vorbis and Opus: the last page's granule position over the sample rate; FLAC: STREAMINFO's
total samples; WAV: the data chunk's size over the byte rate. MP3 has no reliable length in its
headers, so its length is left unknown (None), as is any file that cannot be read.
"""

from __future__ import annotations

import math
import struct
from pathlib import Path
from typing import BinaryIO

TAIL_BYTES = 64 * 1024
"""How much of an Ogg file's end is searched for its last page (pages are at most 65,307 bytes)."""
HEAD_BYTES = 4096
MAX_LENGTH_S = 3 * 3600.0
"""Longer than this is taken as a broken header (seconds)."""


def stem_length_s(path: Path) -> float | None:
    """The length of the audio file `path` in seconds, from its headers; None when unknown."""
    readers = {".ogg": _ogg, ".opus": _ogg, ".flac": _flac, ".wav": _wav}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        return None
    try:
        with path.open("rb") as f:
            seconds = reader(f)
    except (OSError, struct.error, ValueError):
        return None
    if seconds is None or not math.isfinite(seconds) or not 0 <= seconds <= MAX_LENGTH_S:
        return None
    return seconds


def _ogg(f: BinaryIO) -> float | None:
    head = f.read(HEAD_BYTES)
    vorbis = head.find(b"\x01vorbis")
    opus = head.find(b"OpusHead")
    if vorbis >= 0:
        rate, skip = struct.unpack_from("<I", head, vorbis + 12)[0], 0
    elif opus >= 0:
        rate, skip = 48000, struct.unpack_from("<H", head, opus + 10)[0]  # Opus counts at 48 kHz
    else:
        return None
    size = f.seek(0, 2)
    f.seek(max(0, size - TAIL_BYTES))
    tail = f.read(TAIL_BYTES)
    at = len(tail)
    while (at := tail.rfind(b"OggS", 0, at)) >= 0:
        if at + 14 <= len(tail) and tail[at + 4] == 0:
            granule = struct.unpack_from("<q", tail, at + 6)[0]
            if granule >= 0:  # -1: no packet ends on this page
                return (granule - skip) / rate if rate else None
    return None


def _flac(f: BinaryIO) -> float | None:
    head = f.read(42)
    if head[:4] != b"fLaC" or head[4] & 0x7F != 0:  # STREAMINFO is always the first block
        return None
    packed = int.from_bytes(head[18:26], "big")
    rate = packed >> 44
    total = packed & ((1 << 36) - 1)
    return total / rate if rate and total else None


def _wav(f: BinaryIO) -> float | None:
    head = f.read(12)
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    byte_rate = None
    while len(chunk := f.read(8)) == 8:
        kind, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
        if kind == b"fmt ":
            fmt = f.read(size + (size & 1))
            byte_rate = struct.unpack_from("<I", fmt, 8)[0]
        elif kind == b"data":
            start = f.tell()
            size = min(size, f.seek(0, 2) - start)  # a streamed WAV may claim more than it has
            return size / byte_rate if byte_rate else None
        else:
            f.seek(size + (size & 1), 1)
    return None
