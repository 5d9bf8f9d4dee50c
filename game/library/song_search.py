"""Finding a song in a big library: search text that ignores case, accents, kana and width,
the sort orders and filters of song select, and the letter a song is jumped to by.

Pure: no pygame. Each song's search text is worked out once per library (`SearchText`), so a
keystroke over 10,000 songs is a substring test per song.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from game.base.language import N_
from game.library.index import SongRecord
from game.store.song_stats import SongStats

_FINAL_TO_INITIAL = {
    0x11A8: "\u1100",
    0x11A9: "\u1101",
    0x11AA: "\u1100\u1109",
    0x11AB: "\u1102",
    0x11AC: "\u1102\u110c",
    0x11AD: "\u1102\u1112",
    0x11AE: "\u1103",
    0x11AF: "\u1105",
    0x11B0: "\u1105\u1100",
    0x11B1: "\u1105\u1106",
    0x11B2: "\u1105\u1107",
    0x11B3: "\u1105\u1109",
    0x11B4: "\u1105\u1110",
    0x11B5: "\u1105\u1111",
    0x11B6: "\u1105\u1112",
    0x11B7: "\u1106",
    0x11B8: "\u1107",
    0x11B9: "\u1107\u1109",
    0x11BA: "\u1109",
    0x11BB: "\u110a",
    0x11BC: "\u110b",
    0x11BD: "\u110c",
    0x11BE: "\u110e",
    0x11BF: "\u110f",
    0x11C0: "\u1110",
    0x11C1: "\u1111",
    0x11C2: "\u1112",
}
"""A Hangul syllable's final consonant written as the initial(s) it sounds like: while a
Korean IME composes "드럼" it shows "들" for a moment; searched loosely (`loosen`), that still
finds "드럼"."""
_FOLD = str.maketrans({k: chr(k - 0x60) for k in range(0x30A1, 0x30F7)})
"""Katakana as hiragana."""
_INITIALS = range(0x1100, 0x1113)
"""Hangul initial consonants (a compatibility letter such as ㄷ becomes one under NFKC)."""


def normalise(text: str) -> str:
    """`text` as search compares it: width and compatibility forms unified (NFKC), case folded,
    accents dropped (NFKD less combining marks; kana keep their voicing, so が is not か),
    katakana as hiragana, Hangul as letters (jamo)."""
    if text.isascii():
        return text.casefold()
    return "".join(map(_fold_char, unicodedata.normalize("NFKC", text).casefold()))


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """One character (NFKC, case folded) as `normalise` gives it."""
    if "\u3040" <= ch <= "\u30ff":  # kana: composed, katakana as hiragana
        return ch.translate(_FOLD)
    loose = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in loose if not unicodedata.combining(c)).translate(_FOLD)


def hangul_initials(text: str) -> str:
    """The initial consonant of each Hangul syllable of `text` ("드럼 스틱" -> "ᄃᄅ ᄉᄐ"),
    any other character a space: what Korean players type to find a song by its initials."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = ord(ch) - 0xAC00
        out.append(chr(0x1100 + code // 588) if 0 <= code < 11172 else " ")
    return "".join(out)


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def query_tokens(query: str) -> list[str]:
    """The words of a search (normalised): a song matches when it holds every one."""
    return normalise(query).split()


def loosen(token: str) -> str | None:
    """`token` (normalised) whose last letter, a Hangul final consonant, is written as the
    initial it becomes when the next syllable is typed ("들" -> "드ᄅ", which "드럼" holds);
    None when it does not end in a final. For the syllable an input method is composing."""
    last = _FINAL_TO_INITIAL.get(ord(token[-1])) if token else None
    return token[:-1] + last if last else None


def initials_only(token: str) -> bool:
    """True when a search word is made only of Hangul initial consonants (ㄷㄹ)."""
    return bool(token) and all(ord(c) in _INITIALS for c in token)


class SortKey(Enum):
    """The orders of song select's list (F3 steps through them)."""

    TITLE = "title"
    ARTIST = "artist"
    ALBUM = "album"
    GENRE = "genre"
    YEAR = "year"
    LENGTH = "length"
    DIFFICULTY = "difficulty"
    CHARTER = "charter"
    ADDED = "added"
    PLAYS = "plays"


SORT_NAMES = {
    SortKey.TITLE: N_("Title"),
    SortKey.ARTIST: N_("Artist"),
    SortKey.ALBUM: N_("Album"),
    SortKey.GENRE: N_("Genre"),
    SortKey.YEAR: N_("Year"),
    SortKey.LENGTH: N_("Length"),
    SortKey.DIFFICULTY: N_("Drum difficulty"),
    SortKey.CHARTER: N_("Charter"),
    SortKey.ADDED: N_("Date added"),
    SortKey.PLAYS: N_("Play count"),
}
"""Each order's name for the players (translated where it is drawn)."""
NEWEST_FIRST = {SortKey.ADDED, SortKey.PLAYS}
"""Orders whose natural way is the biggest first (the newest songs, the most played)."""


class SongFilter(Enum):
    """Which songs the list shows (F4 steps through them)."""

    ALL = "all"
    DUET = "duet"
    """Songs whose chart has duet parts of its own (any full kit can be split into a duet)."""
    PRO = "pro"
    FAVOURITES = "favourites"
    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


FILTER_NAMES = {
    SongFilter.ALL: N_("All songs"),
    SongFilter.DUET: N_("Charted duet parts"),
    SongFilter.PRO: N_("Pro drums"),
    SongFilter.FAVOURITES: N_("Favourites"),
    SongFilter.SHORT: N_("Under 3 minutes"),
    SongFilter.MEDIUM: N_("3 to 6 minutes"),
    SongFilter.LONG: N_("Over 6 minutes"),
}
"""Each filter's name for the players (translated where it is drawn)."""
LENGTH_RANGES = {
    SongFilter.SHORT: (0.0, 180.0),
    SongFilter.MEDIUM: (180.0, 360.0),
    SongFilter.LONG: (360.0, float("inf")),
}
"""The length filters' ranges (seconds, from inclusive, to exclusive)."""


def folder_group(song: SongRecord) -> str:
    """The group of `song` in the folder view: the name of the folder that holds its folder
    (a pack, or the song root itself)."""
    return song.folder.parent.name or str(song.folder.parent)


def drum_rating(song: SongRecord) -> float | None:
    """The song's drum difficulty for sorting, 0-6: the charter's rating (song.ini), else one
    measured from its density (a tier per 2.5 notes a second, at most 6); None when unknown."""
    if song.difficulty is not None and song.difficulty >= 0:
        return float(song.difficulty)
    if song.density is not None:
        return min(6.0, song.density / 2.5)
    return None


_YEAR = re.compile(r"\d{4}")


def _year(song: SongRecord) -> int | None:
    found = _YEAR.search(song.year)
    return int(found.group()) if found else None


@dataclass(frozen=True, slots=True)
class SearchText:
    """What search compares of one song: its title, artist, album, genre and charter
    normalised (one per line), the Hangul initials of them, and its normalised sort words."""

    text: str
    initials: str
    title: str
    artist: str
    album: str
    genre: str
    charter: str

    @classmethod
    def of(cls, song: SongRecord) -> SearchText:
        """The search text of `song`."""
        fields = [song.title, song.artist, song.album, song.genre, song.charter]
        norm = [normalise(f) for f in fields]
        joined = "\n".join(fields)
        initials = hangul_initials(joined) if _has_hangul(joined) else ""
        return cls("\n".join(norm), initials, *norm)

    def matches(self, tokens: Sequence[str]) -> bool:
        """True when every search word is in the song's text (a word of Hangul initials
        matches the initials too)."""
        for token in tokens:
            if token in self.text:
                continue
            if self.initials and initials_only(token) and token in self.initials:
                continue
            return False
        return True


NUMBERS = re.compile(r"(\d+)")


@lru_cache(maxsize=65536)
def natural(words: str) -> tuple[str | int, ...]:
    """`words` as a key that orders the numbers in it by value: "song 2" before "song 10"
    (the text between numbers compared as text; `re.split` alternates text and numbers)."""
    parts = NUMBERS.split(words)
    return tuple(int(part) if k % 2 else part for k, part in enumerate(parts))


def _text_key(words: str) -> tuple[bool, tuple[str | int, ...]]:
    return (not words, natural(words))  # songs without the tag go last


def _number_key(value: float | None, biggest_first: bool) -> tuple[bool, float]:
    if value is None:
        return (True, 0.0)
    return (False, -value if biggest_first else value)


def sort_key(
    key: SortKey, stats: dict[str, SongStats]
) -> Callable[[tuple[SongRecord, SearchText]], tuple]:
    """The key function of order `key` over (song, its search text) pairs; `stats` give the
    play counts. Ties go by title, then artist, then folder."""

    def tail(pair: tuple[SongRecord, SearchText]) -> tuple:
        song, text = pair
        return (natural(text.title), natural(text.artist), str(song.folder))

    def plays(song: SongRecord) -> float:
        found = stats.get(song.chart_sha256 or "")
        return float(found.plays) if found is not None else 0.0

    first: Callable[[SongRecord, SearchText], tuple] = {
        SortKey.TITLE: lambda s, t: (),
        SortKey.ARTIST: lambda s, t: _text_key(t.artist),
        SortKey.ALBUM: lambda s, t: _text_key(t.album),
        SortKey.GENRE: lambda s, t: _text_key(t.genre),
        SortKey.CHARTER: lambda s, t: _text_key(t.charter),
        SortKey.YEAR: lambda s, t: _number_key(_year(s), False),
        SortKey.LENGTH: lambda s, t: _number_key(s.length_s, False),
        SortKey.DIFFICULTY: lambda s, t: _number_key(drum_rating(s), False),
        SortKey.ADDED: lambda s, t: _number_key(s.added_s, True),
        SortKey.PLAYS: lambda s, t: _number_key(plays(s), True),
    }[key]
    return lambda pair: (*first(*pair), *tail(pair))


def passes(song: SongRecord, chosen: SongFilter, stats: dict[str, SongStats]) -> bool:
    """True when `song` is shown under the filter `chosen`."""
    if chosen == SongFilter.ALL:
        return True
    if chosen == SongFilter.DUET:
        return song.charted_duet
    if chosen == SongFilter.PRO:
        return song.pro_drums
    if chosen == SongFilter.FAVOURITES:
        found = stats.get(song.chart_sha256 or "")
        return found is not None and found.favourite
    low, high = LENGTH_RANGES[chosen]
    return song.length_s is not None and low <= song.length_s < high


def jump_letter(text: SearchText, key: SortKey) -> str:
    """The first letter (normalised) of what the list is sorted by for `key` (the title for
    the orders by number), so Shift+letter jumps to it; "" when there is none."""
    words = {
        SortKey.ARTIST: text.artist,
        SortKey.ALBUM: text.album,
        SortKey.GENRE: text.genre,
        SortKey.CHARTER: text.charter,
    }.get(key, text.title)
    return words.lstrip()[:1]
