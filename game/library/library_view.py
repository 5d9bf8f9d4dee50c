"""The library as song select shows it: searched, filtered, sorted, grouped by folder.

`LibraryView` holds the players' choices (the search words, the order, the filter, the folder
view) and the work that makes a keystroke cheap: each song's search text is kept from one
library to the next, and the sorted order is kept until the order, the library or the play
counts change, so a keystroke only filters (pure: no pygame).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.library.index import SongRecord
from game.library.song_search import (
    NEWEST_FIRST,
    SearchText,
    SongFilter,
    SortKey,
    folder_group,
    initials_only,
    jump_letter,
    loosen,
    normalise,
    passes,
    query_tokens,
    sort_key,
)
from game.store.song_stats import SongStats

_TextKey = tuple[object, ...]


def _text_key(song: SongRecord) -> _TextKey:
    return (song.folder, song.title, song.artist, song.album, song.genre, song.charter)


@dataclass
class LibraryView:
    """What of the library the list shows, and in which order (see the module).

    `query` is the search as typed, `composing` the words an input method is still composing
    (searched too, so the list filters while a Korean or Japanese word is being written);
    `typing` is True while the search box takes the keys."""

    query: str = ""
    composing: str = ""
    typing: bool = False
    sort: SortKey = SortKey.TITLE
    reverse: bool = False
    """True when the order runs the other way (songs without the tag stay last)."""
    filter: SongFilter = SongFilter.ALL
    folders: bool = False
    """True in the folder view: songs grouped by the folder holding them, groups by name."""
    _texts: dict[_TextKey, SearchText] = field(default_factory=dict, repr=False)
    _library: list[SongRecord] | None = field(default=None, repr=False)
    _library_texts: list[SearchText] = field(default_factory=list, repr=False)
    _order_for: tuple[object, ...] | None = field(default=None, repr=False)
    _order: list[int] = field(default_factory=list, repr=False)
    _filtered_for: tuple[object, ...] | None = field(default=None, repr=False)
    _filtered: list[int] = field(default_factory=list, repr=False)
    _hay: list[str] = field(default_factory=list, repr=False)
    """The search text of each song `_filtered` holds, in its order."""
    _searched: tuple[str, list[int], list[str]] = field(default=("", [], []), repr=False)
    """The last search (its words normalised), the songs it found and their search texts: a
    search that adds to it looks only among those."""
    _shown: list[int] = field(default_factory=list, repr=False)
    _chars: dict[str, set[int]] | None = field(default=None, repr=False)
    _position: dict[int, int] = field(default_factory=dict, repr=False)
    """Where each library index stands in `_filtered`."""
    _groups: list[str] | None = field(default=None, repr=False)

    @property
    def searching(self) -> str:
        """The words searched now: what is typed and what is being composed."""
        return self.query + self.composing

    @property
    def narrowed(self) -> bool:
        """True when the list shows less than the whole library (a search or a filter)."""
        return bool(self.searching.strip()) or self.filter != SongFilter.ALL

    def texts(self, library: list[SongRecord]) -> list[SearchText]:
        """Each song's search text, in `library` order (worked out once per song)."""
        if library is not self._library or len(library) != len(self._library_texts):
            old, self._texts = self._texts, {}
            texts = []
            for song in library:
                key = _text_key(song)
                found = old.get(key) or self._texts.get(key) or SearchText.of(song)
                self._texts[key] = found
                texts.append(found)
            self._library, self._library_texts = library, texts
            self._order_for = self._filtered_for = self._chars = None
        return self._library_texts

    def chars(self) -> dict[str, set[int]]:
        """Each character of the library's search texts (and Hangul initials), to the
        library indexes of the songs holding it: a fresh search looks only among the songs
        holding its rarest character (built at the first search after the library changed)."""
        if self._chars is None:
            chars: dict[str, set[int]] = {}
            for i, text in enumerate(self._library_texts):
                for ch in set(text.text + text.initials):
                    found = chars.get(ch)
                    if found is None:
                        chars[ch] = {i}
                    else:
                        found.add(i)
            self._chars = chars
        return self._chars

    def order(self, library: list[SongRecord], stats: dict[str, SongStats]) -> list[int]:
        """The library's indexes in the chosen order (the folder view groups them first)."""
        texts = self.texts(library)
        wanted = (self.sort, self.reverse, self.folders, id(stats), len(stats))
        if wanted == self._order_for:
            return self._order
        key = sort_key(self.sort, stats)
        keys = [key(pair) for pair in zip(library, texts, strict=True)]
        order = sorted(range(len(library)), key=keys.__getitem__)
        if self.reverse:  # the other way, songs without the tag still last
            missing = [i for i in order if keys[i][0] is True]
            order = [i for i in reversed(order) if keys[i][0] is not True] + missing
        if self.folders:  # stable: each folder keeps the chosen order
            groups = [(normalise(folder_group(s)), str(s.folder.parent)) for s in library]
            order.sort(key=groups.__getitem__)
        self._order_for, self._order = wanted, order
        self._filtered_for = None
        return order

    def shown(self, library: list[SongRecord], stats: dict[str, SongStats]) -> list[SongRecord]:
        """The songs the list shows: `library` filtered, searched and in order. A search that
        grows by a letter looks only among the songs the shorter one found."""
        order = self.order(library, stats)
        wanted = (self.filter, self._order_for)
        if wanted != self._filtered_for:
            chosen = self.filter
            self._filtered = [i for i in order if passes(library[i], chosen, stats)]
            self._hay = [self._library_texts[i].text for i in self._filtered]
            self._position = {i: k for k, i in enumerate(self._filtered)}
            self._filtered_for, self._searched = wanted, ("", self._filtered, self._hay)
        tokens = query_tokens(self.searching)
        words = " ".join(tokens)
        loose = loosen(tokens[-1]) if tokens and self.composing else None
        before, found, hay = self._searched
        grows = words.startswith(before) and (loose is None or len(words) > len(before))
        if not (before and grows):  # (a longer search finds only songs the last one found)
            found, hay = self._filtered, self._hay  # a new search: among every song
        if not tokens:
            shown, hay = self._filtered, self._hay
        else:
            shown, hay = self._search(tokens, found, hay, loose)
        self._searched = (words, shown, hay)
        self._shown, self._groups = shown, None
        return [library[i] for i in shown]

    def _search(
        self, tokens: list[str], found: list[int], hay: list[str], loose: str | None = None
    ) -> tuple[list[int], list[str]]:
        """The songs of `found` (search texts `hay`) holding every word of `tokens`, one word
        at a time (each looks among the songs the words before it left); the last word may
        also be found as `loose` (the Hangul syllable being composed, see `loosen`)."""
        texts = self._library_texts
        picked: list[int] | range = range(len(found))
        fresh = len(found) == len(self._filtered)
        sure = [*tokens[:-1], tokens[-1][:-1] if loose else tokens[-1]]
        if fresh and any(sure):  # a fresh search: only among the songs with its rarest letter
            chars = self.chars()
            rarest = min((chars.get(ch, set()) for token in sure for ch in token), key=len)
            at = self._position
            picked = sorted(at[i] for i in rarest if i in at)
        for n, token in enumerate(tokens):
            if len(token) == 1 and len(tokens) == 1 and fresh:
                break  # one letter: the songs holding it are found already
            if loose and n == len(tokens) - 1:
                picked = [k for k in picked if token in hay[k] or loose in hay[k]]
            elif initials_only(token):  # ㄷㄹ: in the words, or the Hangul initials
                picked = [k for k in picked if token in hay[k] or token in texts[found[k]].initials]
            else:
                picked = [k for k in picked if token in hay[k]]
        return [found[k] for k in picked], [hay[k] for k in picked]

    def shown_texts(self) -> list[SearchText]:
        """The search texts of the songs `shown` gave last, in its order."""
        return [self._library_texts[i] for i in self._shown]

    def groups(self) -> list[str]:
        """The folder group of each song `shown` gave last (the folder view's groups)."""
        if self._groups is None:
            library = self._library or []
            self._groups = [folder_group(library[i]) for i in self._shown]
        return self._groups

    def jump(self, selected: int, letter: str) -> int | None:
        """The next shown song after `selected` (wrapping) whose sorted words start with
        `letter` (the folder's name in the folder view); None when no song does."""
        letter = normalise(letter)[:1]
        if not letter or not self._shown:
            return None
        if self.folders:
            firsts = [normalise(g).lstrip()[:1] for g in self.groups()]
        else:
            firsts = [jump_letter(t, self.sort) for t in self.shown_texts()]
        n = len(firsts)
        for step in range(1, n + 1):
            i = (selected + step) % n
            if firsts[i] == letter and (not self.folders or i == 0 or self.group_start(i) == i):
                return i
        return None

    def group_start(self, index: int) -> int:
        """The first shown song of the folder group that the shown song `index` is in."""
        groups = self.groups()
        while index > 0 and groups[index - 1] == groups[index]:
            index -= 1
        return index

    def next_group(self, index: int, step: int) -> int:
        """The first song of the folder group after (`step` 1) or before (-1) the one the
        shown song `index` is in; it stays at the first or last group."""
        groups = self.groups()
        if not groups:
            return 0
        start = self.group_start(index)
        if step < 0:
            return self.group_start(start - 1) if start > 0 else 0
        end = start
        while end < len(groups) and groups[end] == groups[start]:
            end += 1
        return end if end < len(groups) else start

    def step_sort(self, step: int) -> None:
        """The next order (`step` 1) or the one before (-1), each its natural way round."""
        keys = list(SortKey)
        self.sort = keys[(keys.index(self.sort) + step) % len(keys)]
        self.reverse = False

    def step_filter(self, step: int) -> None:
        """The next filter (`step` 1) or the one before (-1)."""
        options = list(SongFilter)
        self.filter = options[(options.index(self.filter) + step) % len(options)]

    @property
    def descending(self) -> bool:
        """True when the order runs biggest (or last letter) first."""
        return (self.sort in NEWEST_FIRST) != self.reverse
