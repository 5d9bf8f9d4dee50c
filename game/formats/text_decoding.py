"""Text in chart files as the community's tools read it: UTF-8, else Windows-1252.

Charts and song.ini files made on Windows before UTF-8 was common hold Windows-1252 bytes
("Beyoncé", "Don’t"); read as UTF-8 they would turn into replacement marks, and read as Latin-1
the quotes and dashes of 0x80-0x9F would become control characters that draw as nothing.
"""

from __future__ import annotations

import codecs


def _cp1252_table() -> dict[int, str]:
    """Latin-1 code points 0x80-0x9F mapped to their Windows-1252 characters (the five bytes
    Windows-1252 leaves unmapped stay as Latin-1)."""
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_CP1252 = _cp1252_table()


def decode_text(data: bytes) -> str:
    """The text of `data`: UTF-8 (a leading byte-order mark dropped) when it is valid UTF-8,
    else Windows-1252, with Latin-1 for the bytes Windows-1252 does not map."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1").translate(_CP1252)


def decode_text_file(data: bytes) -> str:
    """The text of a whole text file: UTF-16 when it starts with a UTF-16 byte-order mark
    (UnicodeDecodeError when it is not valid UTF-16), else as `decode_text`."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return decode_text(data)
