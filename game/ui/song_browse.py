"""Song select's browse bar: the search box, the order and filter in force, how many songs
show; the folder view's marks; what the list says when nothing matches; the browse keys' help.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Hashable

import pygame

from game.base.language import N_, _
from game.library.library_view import LibraryView
from game.library.song_search import FILTER_NAMES, SORT_NAMES, SongFilter
from game.ui import theme
from game.ui.text_fit import fit

BAR_H = 36
"""The height (pixels) of the browse bar over the song list."""
BAR_GAP = 8
"""The room (pixels) between the browse bar and the list."""
BAR_SIZE = 20
"""The text size of the browse bar."""
HINT_SIZE = 16
"""The text size of the search box's "Esc: clear"."""

BROWSE_KEYS = N_("/: search  ·  F3: sort  ·  F4: filter  ·  F6: folders  ·  Shift+letter: jump")
"""The browse keys, added to song select's footer while the songs have the keys."""
TYPING_KEYS = N_(
    "Type to search (title, artist, album, genre, charter)  ·  Up/Down: song  ·  "
    "Enter: done  ·  Esc: clear"
)
"""The footer while the search box takes the keys."""
FOLDER_KEYS = N_("PageUp/PageDown: folder")
"""Added to the footer in the folder view (PageUp/PageDown step a folder there)."""


def bar_boxes(area: pygame.Rect) -> dict[str, pygame.Rect]:
    """The bar's parts in its `area` (pixels): "search" (the box typed into) and "facts" (the
    order, the filter and how many songs show)."""
    search_w = max(120, int(area.width * 0.42))
    search = pygame.Rect(area.left, area.top, search_w, area.height)
    facts = pygame.Rect(search.right + 12, area.top, area.right - search.right - 12, area.height)
    return {"search": search, "facts": facts}


def search_words(view: LibraryView) -> tuple[str, str]:
    """What the search box shows: (the words, in what they are drawn) - the typed words and
    the ones being composed with a caret while typing, else the search in force or a hint."""
    if view.typing:
        return view.query + view.composing + "|", "typing"
    if view.query:
        return view.query, "query"
    return _("/  Search"), "hint"


def facts_words(view: LibraryView, shown: int, total: int, folder: str | None) -> str:
    """The bar's right part: the folder of the highlighted song (folder view), the order (an
    arrow says which way), the filter and how many songs show."""
    arrow = "▼" if view.descending else "▲"
    parts = [f"{_(SORT_NAMES[view.sort])} {arrow}"]
    if view.filter != SongFilter.ALL:
        parts.append(_(FILTER_NAMES[view.filter]))
    if view.narrowed:
        parts.append(_("{shown:,} of {total:,}").format(shown=shown, total=total))
    else:
        parts.append(_("{total:,} songs").format(total=total))
    if view.folders and folder is not None:
        parts.insert(0, _("Folder: {name}").format(name=folder))
    return "  ·  ".join(parts)


def draw_browse_bar(
    surface: pygame.Surface,
    view: LibraryView,
    area: pygame.Rect,
    counts: tuple[int, int],
    folder: str | None = None,
) -> pygame.Rect:
    """Draw the bar in `area`: the search box and the facts (`counts`: songs shown, songs in
    the library; `folder`: the highlighted song's folder). Returns the search box (an input
    method puts its candidates under it)."""
    boxes = bar_boxes(area)
    box = boxes["search"]
    pygame.draw.rect(surface, theme.PANEL, box, border_radius=8)
    if view.typing:
        pygame.draw.rect(surface, theme.GOLD, box, 2, border_radius=8)
    words, kind = search_words(view)
    colour = theme.DIM if kind == "hint" else theme.TEXT
    room = box.width - 24
    if kind == "query":  # a search in force: Esc clears it before it leaves song select
        clear = theme.text(fit(_("Esc: clear"), HINT_SIZE, room // 2), HINT_SIZE, theme.DIM)
        if clear.get_width():
            surface.blit(
                clear, (box.right - 12 - clear.get_width(), box.centery - clear.get_height() // 2)
            )
            room -= clear.get_width() + 12
    if kind == "typing" and theme.text_width(words, BAR_SIZE) > room:
        words = "…" + _tail(words, room - theme.text_width("…", BAR_SIZE))  # the end shows
    line = theme.text(fit(words, BAR_SIZE, room), BAR_SIZE, colour)
    top = box.centery - line.get_height() // 2
    surface.blit(line, (box.left + 12, top))
    if kind == "typing" and view.composing:  # the words being composed are underlined
        before = words[: len(words) - len(view.composing) - 1]
        x = box.left + 12 + theme.text_width(before, BAR_SIZE)
        w = theme.text_width(view.composing, BAR_SIZE)
        y = min(box.bottom - 4, top + line.get_height())
        pygame.draw.line(surface, theme.GOLD, (x, y), (min(x + w, box.right - 8), y), 2)
    facts = boxes["facts"]
    said = fit(facts_words(view, *counts, folder), BAR_SIZE, facts.width)
    line = theme.text(said, BAR_SIZE, theme.GOLD if view.narrowed else theme.DIM)
    surface.blit(line, (facts.right - line.get_width(), facts.centery - line.get_height() // 2))
    return box


def _tail(words: str, width: int) -> str:
    """The longest end of `words` that fits `width` pixels at the bar's size."""
    for start in range(len(words)):
        if theme.text_width(words[start:], BAR_SIZE) <= width:
            return words[start:]
    return ""


def empty_words(view: LibraryView, total: int) -> str:
    """What the list says when it shows no song: nothing matches the search, nothing passes
    the filter, or the library is empty."""
    if total == 0:
        return _("No songs found.")
    if view.searching.strip():
        return _("No songs match “{words}”").format(words=view.searching.strip())
    return _("No songs here: {filter}  (F4: filter)").format(filter=_(FILTER_NAMES[view.filter]))


def draw_group_marks(
    surface: pygame.Surface, view: LibraryView, rows: list[tuple[int, pygame.Rect]]
) -> None:
    """In the folder view, a gold mark at the left edge of the first song of each folder."""
    if not view.folders or not rows:
        return
    groups = view.groups()
    for i, row in rows:
        if i < len(groups) and (i == 0 or groups[i - 1] != groups[i]):
            pygame.draw.rect(surface, theme.GOLD, (row.left, row.top + 4, 5, row.height - 8))


def browse_tip(view: LibraryView, keys: str) -> str:
    """Song select's footer while browsing: `keys` (the list's own) and the browse keys; while
    typing a search, how to search instead."""
    if view.typing:
        return _(TYPING_KEYS)
    tip = f"{keys}  ·  {_(BROWSE_KEYS)}"
    return f"{tip}  ·  {_(FOLDER_KEYS)}" if view.folders else tip


class RowWarmth:
    """Which song rows were drawn lately, so a frame spends at most 2 ms on rows
    it never drew: on a fast machine a PageDown's page appears at once; on a slow one the rest
    of the page follows within a frame or two instead of one frame rendering a page of text."""

    def __init__(self, budget_s: float = 0.002, keep: int = 256) -> None:
        """`budget_s` seconds a frame may spend starting new rows; the last `keep` rows drawn
        count as drawn."""
        self.budget_s = budget_s
        self.keep = keep
        self._seen: OrderedDict[Hashable, None] = OrderedDict()
        self._started = time.perf_counter()

    def new_frame(self) -> None:
        """A frame starts: its budget for new rows starts now."""
        self._started = time.perf_counter()

    def ready(self, row: Hashable, must: bool = False) -> bool:
        """True when `row` (a song's row at a width) is drawn this frame: it was drawn lately,
        or this frame's budget is not spent, or it `must` be drawn (the highlighted song)."""
        if row in self._seen:
            self._seen.move_to_end(row)
            return True
        if not must and time.perf_counter() - self._started > self.budget_s:
            return False
        self._seen[row] = None
        while len(self._seen) > self.keep:
            self._seen.popitem(last=False)
        return True


ROWS = RowWarmth()
"""Song select's rows drawn lately (one list is shown at a time)."""
