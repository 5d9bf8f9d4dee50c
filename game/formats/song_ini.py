"""song.ini: the standard tags of a Clone Hero / YARG / Phase Shift song folder.

Read with configparser, forgiving as the games are: any section name case, duplicate keys (the
last wins), a missing section header, a byte-order mark, Windows-1252 files. Only a file that
cannot be read at all, is too large, or holds binary data instead of text is an error.
"""

from __future__ import annotations

import configparser
import threading
from dataclasses import dataclass
from pathlib import Path

from game.base.bounded import read_bounded
from game.formats.errors import ChartError
from game.formats.text_decoding import decode_text, decode_text_file

MAX_SONG_INI_BYTES = 256 * 1024

BINARY_CONTROLS = bytes(c for c in range(32) if c not in b"\t\n\r\f\v") + b"\x7f"
"""Bytes that no text song.ini holds (control characters other than tabs and line breaks)."""


@dataclass(frozen=True)
class SongIni:
    """The tags Drum Duet uses; None where the file does not say."""

    name: str | None = None
    artist: str | None = None
    album: str | None = None
    genre: str | None = None
    year: str | None = None
    charter: str | None = None
    song_length_s: float | None = None
    preview_start_s: float | None = None
    diff_drums: int | None = None
    pro_drums: bool | None = None
    five_lane_drums: bool | None = None
    delay_s: float = 0.0


def read_song_ini(path: Path) -> SongIni:
    """Read a song.ini; ChartError naming the file when it is unreadable, too large or binary."""
    data = read_bounded(path, MAX_SONG_INI_BYTES, ChartError)
    if _is_binary(data):
        raise ChartError(path, "not a song.ini: it holds binary data, not lines of text")
    return parse_song_ini(_decode(data), path)


def _is_binary(data: bytes) -> bool:
    """True when `data` is not text in any encoding a song.ini comes in: a NUL byte (outside
    UTF-16) or more than 1 in 20 bytes being control characters other than line breaks and tabs."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in data:
        return True
    controls = sum(data.count(bytes([c])) for c in BINARY_CONTROLS)
    return controls * 20 > len(data)


_parsers = threading.local()


def _parser() -> configparser.ConfigParser:
    """This thread's song.ini parser, emptied (building one costs more than reading a file:
    a library scan reads thousands)."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = configparser.ConfigParser(
            strict=False,
            interpolation=None,
            delimiters=("=",),
            comment_prefixes=(";", "#"),
            inline_comment_prefixes=None,
            default_section="\x00none",
        )
    for section in parser.sections():
        parser.remove_section(section)
    parser.defaults().clear()
    return parser


def parse_song_ini(text: str, path: Path) -> SongIni:
    """SongIni from the text of a song.ini (`path` names it in errors)."""
    parser = _parser()
    if not text.lstrip().startswith("["):
        text = "[song]\n" + text
    try:
        parser.read_string(text, source=str(path))
    except configparser.ParsingError:
        pass  # lines without "=" are skipped, as the games skip them; the rest was read
    except configparser.Error as e:
        raise ChartError(path, f"not a readable song.ini: {e.message.splitlines()[0]}") from None
    section = next((s for s in parser.sections() if s.strip().lower() == "song"), None)
    if section is None:
        raise ChartError(path, "song.ini has no [song] section")
    tags = {k.strip().lower(): v.strip() for k, v in parser.items(section)}

    def text_tag(key: str) -> str | None:
        return tags.get(key) or None

    delay_ms = _number(tags.get("delay"))
    return SongIni(
        name=text_tag("name"),
        artist=text_tag("artist"),
        album=text_tag("album"),
        genre=text_tag("genre"),
        year=text_tag("year"),
        charter=text_tag("charter") or text_tag("frets"),
        song_length_s=_ms_to_s(_number(tags.get("song_length")), positive=True),
        preview_start_s=_ms_to_s(_number(tags.get("preview_start_time")), positive=True),
        diff_drums=_int_or_none(_number(tags.get("diff_drums"))),
        pro_drums=_boolean(tags.get("pro_drums")),
        five_lane_drums=_boolean(tags.get("five_lane_drums")),
        delay_s=(delay_ms or 0.0) / 1000.0 if abs(delay_ms or 0.0) <= 60_000 else 0.0,
    )


def _decode(data: bytes) -> str:
    """UTF-16 with a byte-order mark, else UTF-8 (BOM or not), else Windows-1252."""
    try:
        return decode_text_file(data)
    except UnicodeDecodeError:
        return decode_text(data)  # a broken UTF-16 file: read what can be read


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if abs(number) < 1e12 else None


def _ms_to_s(ms: float | None, positive: bool = False) -> float | None:
    if ms is None or (positive and ms <= 0):
        return None
    return ms / 1000.0


def _int_or_none(value: float | None) -> int | None:
    return None if value is None or value < 0 else int(value)


def _boolean(value: str | None) -> bool | None:
    if value is None:
        return None
    v = value.strip().lower()
    if v in ("true", "1", "yes", "on"):
        return True
    if v in ("false", "0", "no", "off"):
        return False
    return None
