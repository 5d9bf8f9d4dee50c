"""What an album image is before it is decoded: PNG or JPEG, and its pixel size, read from its
header; and whether the file ends as a whole image does (a truncated one does not).

Decoding a picture of 30,000 × 30,000 pixels takes gigabytes: the size is checked here first,
from a few bytes, so such a file is refused without being decoded.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"
"""A whole PNG ends with its IEND chunk (its type and CRC)."""
JPEG_START, JPEG_END = b"\xff\xd8", b"\xff\xd9"
SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
"""JPEG's start-of-frame markers (baseline, progressive, ...), which carry the picture's size."""


class ImageHeaderError(ValueError):
    """The bytes are not a whole PNG or JPEG image (the reason in words)."""


@dataclass(frozen=True, slots=True)
class ImageHeader:
    """A picture's kind ("png" or "jpeg") and size in pixels."""

    kind: str
    width: int
    height: int


def image_header(data: bytes) -> ImageHeader:
    """The kind and pixel size of the PNG or JPEG image in `data` (the whole file), checking
    that it is not cut short; ImageHeaderError saying why not."""
    if data.startswith(PNG_SIGNATURE):
        if len(data) < 24 or data[12:16] != b"IHDR":
            raise ImageHeaderError("a PNG without its header (cut short?)")
        width, height = struct.unpack(">II", data[16:24])
        if not data.rstrip(b"\0").endswith(PNG_END):
            raise ImageHeaderError("a PNG cut short (no end chunk)")
        return _sized("png", width, height)
    if data.startswith(JPEG_START):
        width, height = _jpeg_size(data)
        if JPEG_END not in data[-64:]:
            raise ImageHeaderError("a JPEG cut short (no end marker)")
        return _sized("jpeg", width, height)
    raise ImageHeaderError("not a PNG or JPEG image")


def _sized(kind: str, width: int, height: int) -> ImageHeader:
    if width <= 0 or height <= 0:
        raise ImageHeaderError(f"a {kind.upper()} of {width} × {height} pixels")
    return ImageHeader(kind, width, height)


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """The width and height from a JPEG's first start-of-frame segment."""
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise ImageHeaderError(f"a JPEG with a broken segment at byte {i}")
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if marker in SOF_MARKERS:
            if i + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        if length < 2:
            raise ImageHeaderError(f"a JPEG with a broken segment at byte {i}")
        i += 2 + length
    raise ImageHeaderError("a JPEG without its size (cut short?)")
