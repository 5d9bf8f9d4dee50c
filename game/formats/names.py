"""File and folder names as players read them, and as the song index keeps them.

A name the operating system gives that is not valid UTF-8 (an old Windows or Latin-1 song pack)
reaches Python with its odd bytes as surrogate escapes; such a name cannot go into SQLite or onto
the screen as it is.
"""

from __future__ import annotations

import os
from pathlib import Path

_ESCAPED = range(0xDC80, 0xDD00)
"""The surrogate escapes of the bytes 0x80-0xFF that are not UTF-8 (PEP 383)."""


def readable_name(name: str | os.PathLike[str]) -> str:
    """`name` as text a player can read: its bytes that are not UTF-8 read as Windows-1252
    (the encoding of old Windows packs); bytes it does not define become "\ufffd"."""
    name = os.fspath(name)
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    out: list[str] = []
    raw = bytearray()
    for c in name:
        if ord(c) in _ESCAPED:
            raw.append(ord(c) - 0xDC00)
            continue
        if raw:
            out.append(raw.decode("cp1252", errors="replace"))
            raw.clear()
        out.append("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c)
    if raw:
        out.append(raw.decode("cp1252", errors="replace"))
    return "".join(out)


def path_bytes(path: str | os.PathLike[str]) -> bytes:
    """The exact bytes of `path` as the file system names it (lossless, for the song index)."""
    return os.fsencode(path)


def path_from_bytes(data: bytes | str) -> Path:
    """The path whose file-system bytes are `data` (the inverse of `path_bytes`)."""
    return Path(os.fsdecode(data))
