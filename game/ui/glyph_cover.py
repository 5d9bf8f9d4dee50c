"""Which characters a font file has a glyph for, read from its `cmap` table with the standard
library. pygame-ce's `Font.metrics()` cannot tell: for a character the font lacks it answers the
metrics of the missing-glyph box, not None (seen with pygame-ce 2.5.8 and SDL_ttf 2.24)."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

MAX_TABLES = 1000
MAX_CMAP_BYTES = 16 * 1024 * 1024
"""A cmap larger than this is taken as a broken file (the largest real ones are about 1 MB)."""

_FULL_PREFERENCE = ((3, 10), (0, 4), (0, 6))  # format 12 tables: all of Unicode
_BMP_PREFERENCE = ((3, 1), (0, 3), (0, 2), (0, 1), (0, 0))  # format 4 tables: the BMP


class FontFileError(ValueError):
    """A font file whose character map cannot be read (the message names the file and why)."""


def covered(path: Path | str, index: int = 0) -> frozenset[int]:
    """The code points that font `index` of the file at `path` (a .ttf, .otf or .ttc) maps to a
    glyph other than the missing-glyph box. Raises FontFileError for a file it cannot read."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            return _read_cover(file, index)
    except (OSError, struct.error, IndexError) as error:
        raise FontFileError(f"{path}: cannot read the font's character map ({error})") from error
    except FontFileError as error:
        raise FontFileError(f"{path}: {error}") from None


def _read_cover(file: BinaryIO, index: int) -> frozenset[int]:
    start = _font_start(file, index)
    cmap_at, cmap_len = _table(file, start, b"cmap")
    if cmap_len > MAX_CMAP_BYTES:
        raise FontFileError(f"its cmap table is {cmap_len} bytes (at most {MAX_CMAP_BYTES})")
    file.seek(cmap_at)
    cmap = file.read(cmap_len)
    _, count = struct.unpack_from(">HH", cmap, 0)
    subtables: dict[tuple[int, int], int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        subtables.setdefault((platform, encoding), offset)
    for key in (*_FULL_PREFERENCE, *_BMP_PREFERENCE):
        offset = subtables.get(key)
        if offset is None:
            continue
        kind = struct.unpack_from(">H", cmap, offset)[0]
        if kind == 12:
            return _format_12(cmap, offset)
        if kind == 4:
            return _format_4(cmap, offset)
    raise FontFileError("it has no Unicode character map of format 4 or 12")


def _font_start(file: BinaryIO, index: int) -> int:
    """Where font `index`'s table directory starts (0 for a single font)."""
    head = file.read(12)
    if head[:4] != b"ttcf":
        if index != 0:
            raise FontFileError(f"it holds one font, not a collection (font {index} asked)")
        return 0
    count = struct.unpack_from(">I", head, 8)[0]
    if not 0 <= index < count:
        raise FontFileError(f"it holds {count} fonts (font {index} asked)")
    file.seek(12 + 4 * index)
    return struct.unpack(">I", file.read(4))[0]


def _table(file: BinaryIO, start: int, tag: bytes) -> tuple[int, int]:
    """(offset, length) of the table `tag` in the font whose directory is at `start`."""
    file.seek(start)
    version, count = struct.unpack(">4sH", file.read(6))
    if version not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        raise FontFileError("it is not a TrueType or OpenType font")
    if count > MAX_TABLES:
        raise FontFileError(f"it claims {count} tables")
    file.seek(start + 12)
    directory = file.read(16 * count)
    for i in range(count):
        name, _, offset, length = struct.unpack_from(">4sIII", directory, 16 * i)
        if name == tag:
            return offset, length
    raise FontFileError(f"it has no {tag.decode()} table")


def _format_4(cmap: bytes, at: int) -> frozenset[int]:
    """The code points of a format 4 (segment mapping to delta values) subtable."""
    segments = struct.unpack_from(">H", cmap, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", cmap, at + 14)
    starts_at = at + 16 + 2 * segments
    starts = struct.unpack_from(f">{segments}H", cmap, starts_at)
    deltas = struct.unpack_from(f">{segments}H", cmap, starts_at + 2 * segments)
    ranges_at = starts_at + 4 * segments
    range_offsets = struct.unpack_from(f">{segments}H", cmap, ranges_at)
    points: set[int] = set()
    for i in range(segments):
        first, last, delta, range_offset = starts[i], ends[i], deltas[i], range_offsets[i]
        if first > last or first == 0xFFFF:
            continue
        if range_offset == 0:
            codes = range(first, last + 1)
            points.update(codes)
            hole = (-delta) & 0xFFFF  # the one code whose glyph would be 0, if in the segment
            if first <= hole <= last:
                points.discard(hole)
            continue
        ids_at = ranges_at + 2 * i + range_offset
        ids = struct.unpack_from(f">{last - first + 1}H", cmap, ids_at)
        points.update(first + k for k, gid in enumerate(ids) if gid and (gid + delta) & 0xFFFF)
    return frozenset(points)


def _format_12(cmap: bytes, at: int) -> frozenset[int]:
    """The code points of a format 12 (segmented coverage) subtable."""
    groups = struct.unpack_from(">I", cmap, at + 12)[0]
    points: set[int] = set()
    for i in range(groups):
        first, last, glyph = struct.unpack_from(">III", cmap, at + 16 + 12 * i)
        if last < first or last > 0x10FFFF:
            raise FontFileError(f"its cmap group {i} runs from {first:#x} to {last:#x}")
        points.update(range(first + (glyph == 0), last + 1))
    return frozenset(points)
