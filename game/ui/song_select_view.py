"""Song select's drawing: the song list, the highlighted song's details and the players'
setup (game.app.song_select drives it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import pygame

from game.base.language import _
from game.core.devices import DeviceId
from game.core.judgement import WindowPreset
from game.core.lanes import Difficulty, Part
from game.input.keyboard import KEYBOARD
from game.library.index import SongRecord
from game.library.library_view import LibraryView
from game.store.play_record import SavedPart, SongBests
from game.store.song_stats import SongStats
from game.ui import theme
from game.ui.footer import draw_footer
from game.ui.menus import (
    DIFFICULTY_NAMES,
    NOTICE_LINE_H,
    NOTICE_SIZE,
    PAD_HELP,
    PART_NAMES,
    PRESET_NAMES,
    REASON_SIZE,
)
from game.ui.setlist_panel import draw_setlist_panel, row_marks, setlist_split, with_set_keys
from game.ui.song_browse import (
    BAR_GAP,
    BAR_H,
    ROWS,
    browse_tip,
    draw_browse_bar,
    draw_group_marks,
    empty_words,
)
from game.ui.song_details import (  # noqa: F401 - the details' grid, named here as before
    CHOSEN_FILL,
    DifficultyCell,
    chosen_cells,
    difficulty_cells,
    draw_details,
    part_column,
)
from game.ui.text_boxes import dialog, panel
from game.ui.text_fit import fit, fit_lines, wrap


@dataclass
class PlayerPick:
    """One player's choices on song select: part, difficulty, window preset, input device."""

    part: Part
    difficulty: Difficulty = Difficulty.MEDIUM
    """A new player starts at Medium (song select then remembers the choice)."""
    preset: WindowPreset = WindowPreset.STANDARD
    device: DeviceId = KEYBOARD


class Focus(Enum):
    """Where song select's keys go: the song list, or the players' setup panel."""

    SONGS = "songs"
    SETUP = "setup"


class SetupItem(Enum):
    """What a row of the setup panel sets."""

    PLAYERS = "players"
    KEYS = "keys"
    """The two-player keyboard layout (numeric keypad or laptop)."""
    PART = "part"
    DIFFICULTY = "difficulty"
    TIMING = "timing"
    INPUT = "input"
    PARTNER = "partner"
    """Duet with a saved play: the partner, or none (`game.app.partner_pick`)."""
    PRACTICE = "practice"
    """Practise the song (sections, loops, slow-downs: `game.app.practice`)."""
    ONLINE = "online"
    """Host the song as a live duet over the network (`game.app.online`)."""
    START = "start"


ACTIONS = frozenset({SetupItem.START, SetupItem.PRACTICE, SetupItem.ONLINE})
"""The setup rows that start something (the others change a setting)."""
FOOTER_H = 66
"""The height (pixels) of song select's footer (the keys, and how the kit's pads walk the
menus)."""
SONG_ROW_H = 60
"""The height (pixels) of a song's row in the list."""


@dataclass
class SongSelectState:
    """What the players have chosen on the song-select screen.

    `focus` is on the songs while browsing and on the setup while the players set themselves
    up; `row` is the highlighted setup row (see `setup_rows`).
    """

    songs: list[SongRecord]
    selected: int = 0
    first: int = 0
    """The first song shown in the list (it scrolls to keep `selected` in view)."""
    players: int = 1
    picks: list[PlayerPick] = field(
        default_factory=lambda: [PlayerPick(Part.FULL), PlayerPick(Part.P2)]
    )
    devices: list[DeviceId] = field(default_factory=lambda: [KEYBOARD])
    best: dict[str, SongBests] = field(default_factory=dict)  # by chart sha256
    focus: Focus = Focus.SONGS
    row: int = 0
    notice: str | None = None
    """A message over the list (why the chosen song cannot be played) until the next key."""
    layout: str = "numpad"
    """The two players' keyboard layout: "numpad" or "laptop" (`TWO_PLAYER_LAYOUTS`)."""
    stats: dict[str, SongStats] = field(default_factory=dict)
    """Each song's plays, last play and favourite, by chart sha256."""
    view: LibraryView = field(default_factory=LibraryView)
    """The search, order, filter and folder view: `songs` is the library as they show it."""
    library: list[SongRecord] = None  # type: ignore[assignment]
    """The whole library (`songs` is what the list shows of it); None at first: `songs`."""
    setlist: list[SongRecord] = field(default_factory=list)
    """The setlist being built, in playing order (`game.ui.setlist_panel`)."""
    scan_line: str | None = None
    """The background scan's progress, shown in the header while it runs."""
    partners: list[SavedPart] = field(default_factory=list)
    """The highlighted song's saved plays that can be a duet partner (read as its setup
    opens)."""
    partner: SavedPart | None = None
    """The saved play chosen as player 1's duet partner (one player only), or None."""

    def __post_init__(self) -> None:
        if self.library is None:
            self.library = self.songs

    def set_songs(self, songs: list[SongRecord]) -> None:
        """Take `songs` as the library (a scan found more, or changed some; or the search,
        order or filter changed: `set_songs(state.library)`) and show it as `view` says,
        keeping the highlighted song highlighted when it is still shown."""
        chosen, same = self.song, songs is self.library
        self.library = songs
        self.songs = self.view.shown(songs, self.stats)
        self.selected = next((i for i, s in enumerate(self.songs) if s is chosen), -1)
        if self.selected < 0 and chosen is not None and not same:  # a scan read it anew
            self.selected = next(
                (i for i, s in enumerate(self.songs) if s.folder == chosen.folder), 0
            )
        self.selected = max(0, min(self.selected, len(self.songs) - 1))

    def highlight(self, folder: str) -> None:
        """Highlight the shown song of `folder` (a path as the settings keep it); the first song
        when it is not shown."""
        self.selected = next((i for i, s in enumerate(self.songs) if str(s.folder) == folder), 0)

    @property
    def song(self) -> SongRecord | None:
        """The highlighted song, or None when the library is empty."""
        return self.songs[self.selected] if self.songs else None

    def best_text(self, song: SongRecord) -> str | None:
        """The best score of `song` that applies to what the players have chosen: alone, the
        solo best of that part and difficulty; a duet, the team's best with those picks."""
        bests = self.best.get(song.chart_sha256 or "")
        picks = [(p.part, p.difficulty) for p in self.picks[: self.players]]
        best = bests.best_for(picks) if bests is not None else None
        if not best:
            return None
        if self.players == 2:
            return _("team best {score:,}").format(score=best)
        return _("best {score:,}").format(score=best)

    def setup_rows(self) -> list[tuple[int, SetupItem]]:
        """The setup panel's rows: (player or -1, what): players, the keyboard layout (a duet),
        part, difficulty, timing, input for each player, then the partner (one player, when
        the song has saved plays that can be one), practice (one player) and start."""
        rows = [(-1, SetupItem.PLAYERS)]
        if self.players == 2:
            rows.append((-1, SetupItem.KEYS))
        per_player = (SetupItem.PART, SetupItem.DIFFICULTY, SetupItem.TIMING, SetupItem.INPUT)
        for p in range(self.players):
            rows += [(p, item) for item in per_player]
        if self.players == 1 and self.partners:
            rows.append((0, SetupItem.PARTNER))
        if self.players == 1:  # practice's partner is the bot (a duet's panel has no room)
            rows.append((-1, SetupItem.ONLINE))  # the partner plays on their own machine
            rows.append((-1, SetupItem.PRACTICE))
        return [*rows, (-1, SetupItem.START)]


def note_counts(song: SongRecord, part: Part) -> dict[Difficulty, int]:
    """Notes per difficulty of `part` in `song` (empty when it is not charted)."""
    return {t.difficulty: t.notes for t in song.tracks if t.part == part}


def draw_song_select(surface: pygame.Surface, state: SongSelectState) -> None:
    """The library (title, artist, length, best score), the highlighted song's parts and
    difficulties, and each player's setup."""
    w, h = surface.get_size()
    surface.fill(theme.BACKGROUND)
    pygame.draw.rect(surface, theme.JACKET_BLUE, (0, 0, w, 70))
    mode = _("Duet: two players") if state.players == 2 else _("One player")
    m = theme.text(fit(_("{mode}  (Tab)").format(mode=mode), 28, w // 2 - 40), 28, theme.GOLD)
    surface.blit(m, (w - m.get_width() - 24, 24))
    heading = fit(_("Choose a song"), 44, w - m.get_width() - 72, True)
    surface.blit(theme.text(heading, 44, theme.TEXT, True), (24, 16))
    if state.scan_line:
        _draw_scan_line(surface, state.scan_line, w - m.get_width() - 48)
    boxes = song_select_layout((w, h))
    _draw_song_list(surface, state, boxes["songs"])
    groups = state.view.groups() if state.view.folders else []
    folder = groups[state.selected] if state.selected < len(groups) else None
    counts = (len(state.songs), len(state.library))
    draw_browse_bar(surface, state.view, boxes["browse"], counts, folder)
    with panel(surface, boxes["details"]):
        draw_details(surface, state, boxes["details"])
    setup_box, setlist_box = setlist_split(state, boxes["setup"])
    with panel(surface, setup_box):
        _draw_setup(surface, state, setup_box)
    if setlist_box is not None:
        with panel(surface, setlist_box):
            draw_setlist_panel(surface, state, setlist_box)
    tip = setup_tip(state)
    if state.focus == Focus.SONGS:
        tip = browse_tip(state.view, with_set_keys(state, tip))
    draw_footer(surface, [(tip, 21, KEY_LINES), (_(PAD_HELP), 19, 1)], margin=12)
    if state.notice:
        _draw_notice(surface, state.notice)


def _draw_scan_line(surface: pygame.Surface, line: str, right: int) -> None:
    """The scan's progress in the header, right-aligned before the players' mode."""
    text = theme.text(fit(line, 20, max(80, right // 2)), 20, theme.DIM)
    surface.blit(text, (right - text.get_width(), 35 - text.get_height() // 2))


KEY_LINES = 3
"""Lines song select's footer gives its keys: the list's, the search's and the setlist's keys
take three in Korean and Japanese."""


def select_footer_top(size: tuple[int, int]) -> int:
    """The top (pixels) of song select's footer in a window of `size`: room for the keys in
    `KEY_LINES` lines and the kit pads' line (drawn from the bottom up, so a shorter help leaves
    a gap)."""
    keys_h = theme.text("Ag", 21, theme.DIM).get_height()
    pads_h = theme.text("Ag", 19, theme.DIM).get_height()
    return size[1] - 6 - (KEY_LINES * keys_h + 4 + pads_h) - 6


def song_select_layout(size: tuple[int, int]) -> dict[str, pygame.Rect]:
    """The boxes of song select in a window of `size` px: "browse" (the search and order bar),
    "songs" (the list), "details" (the highlighted song) and "setup" (the players' setup)."""
    w = size[0]
    list_w = int(w * 0.56)
    bottom = select_footer_top(size)
    right = pygame.Rect(list_w + 12, 84, w - list_w - 28, bottom - 84)
    details = pygame.Rect(right.left, right.top, right.width, int(right.height * 0.36))
    return {
        "browse": pygame.Rect(16, 84, list_w - 16, BAR_H),
        "songs": pygame.Rect(16, 84 + BAR_H + BAR_GAP, list_w - 16, bottom - 84 - BAR_H - BAR_GAP),
        "details": details,
        "setup": pygame.Rect(
            right.left, details.bottom + 12, right.width, right.bottom - details.bottom - 12
        ),
    }


def song_row_info(song: SongRecord) -> str:
    """The second line of a song's row: artist and length, or why it cannot be played."""
    if not song.playable:
        return _("unplayable — {reason}").format(reason=song.reason)
    info = song.artist or _("Unknown artist")
    return f"{info}  ·  {song.length_text}" if song.length_text else info


def fit_row_info(song: SongRecord, size: int, width: int) -> str:
    """`song_row_info` in `width` pixels at text `size`: a long artist is shortened with "…" so
    the song's length always shows."""
    whole = song_row_info(song)
    if not song.playable or not song.length_text or theme.text_width(whole, size) <= width:
        return fit(whole, size, width)
    tail = f"  ·  {song.length_text}"
    artist = fit(song.artist or "Unknown artist", size, width - theme.text_width(tail, size))
    return f"{artist}{tail}" if artist else fit(song.length_text, size, width)


def reason_lines(song: SongRecord, width: int) -> list[str]:
    """Why `song` cannot be played, the file named by its whole path, in lines of `width` px."""
    return wrap(song.full_reason or "", REASON_SIZE, width)


def notice_box(size: tuple[int, int], notice: str) -> tuple[pygame.Rect, list[str]]:
    """Where song select's notice is drawn in a window of `size` px, and its lines."""
    w, h = size
    box_w = min(w - 48, 900)
    room = max(1, (h - 48 - 36 - 34) // NOTICE_LINE_H)
    lines = fit_lines(notice, NOTICE_SIZE, box_w - 48, room)
    box_h = 36 + NOTICE_LINE_H * len(lines) + 34
    box = pygame.Rect(0, 0, box_w, min(box_h, h - 48))
    box.center = (w // 2, h // 2)
    return box, lines


def _draw_notice(surface: pygame.Surface, notice: str) -> None:
    box, lines = notice_box(surface.get_size(), notice)
    dialog(surface, shade=130)  # the list dims behind the notice
    pygame.draw.rect(surface, theme.PANEL, box, border_radius=12)
    pygame.draw.rect(surface, theme.WARN, box, 2, border_radius=12)
    with panel(surface, box):
        y = box.top + 18
        for line in lines:
            if y + NOTICE_LINE_H > box.bottom - 34:
                break
            surface.blit(theme.text(line, NOTICE_SIZE, theme.TEXT), (box.left + 24, y))
            y += NOTICE_LINE_H
        tip = theme.text(fit(_("Press any key"), 19, box.width - 48), 19, theme.DIM)
        surface.blit(tip, (box.right - tip.get_width() - 24, box.bottom - 30))


def song_rows(state: SongSelectState, area: pygame.Rect) -> list[tuple[int, pygame.Rect]]:
    """The songs shown in the list's `area`: each song's index and its row's box (pixels). The
    list scrolls only as far as keeps the highlighted song in view (`state.first` follows), so
    a click never moves the row under the pointer."""
    visible = max(1, area.height // SONG_ROW_H)
    first = min(max(state.first, state.selected - visible + 1), state.selected)
    first = max(0, min(first, len(state.songs) - visible))
    state.first = first
    return [
        (i, pygame.Rect(area.left, area.top + (i - first) * SONG_ROW_H, area.width, SONG_ROW_H - 8))
        for i in range(first, min(len(state.songs), first + visible))
    ]


def page_size(size: tuple[int, int]) -> int:
    """How many songs a page of the list holds in a window of `size` pixels (PageUp/Down)."""
    return max(1, song_select_layout(size)["songs"].height // SONG_ROW_H)


def setup_row_boxes(state: SongSelectState, area: pygame.Rect) -> list[pygame.Rect]:
    """The boxes (pixels) of the setup panel's rows in its `area`, in `setup_rows` order."""
    rows = state.setup_rows()
    row_h = min(34, max(18, (area.height - 20) // len(rows)))  # the keys are in the footer
    top = area.top + 10
    return [
        pygame.Rect(area.left + 10, top + i * row_h, area.width - 20, row_h - 2)
        for i in range(len(rows))
    ]


def _draw_song_list(surface: pygame.Surface, state: SongSelectState, area: pygame.Rect) -> None:
    rows = song_rows(state, area)
    ROWS.new_frame()
    for i, row in rows:
        song = state.songs[i]
        if not ROWS.ready((id(song), row.width), i == state.selected):
            continue  # drawn in a frame or two: a frame renders only a few new rows
        y = row.top
        if i == state.selected:
            pygame.draw.rect(surface, theme.JACKET_BLUE, row, border_radius=8)
            if state.focus == Focus.SONGS:
                pygame.draw.rect(surface, theme.GOLD, row, 2, border_radius=8)
        colour = theme.TEXT if song.playable else theme.WARN
        best = state.best_text(song)
        b = theme.text(best, 24, theme.GOLD) if best else None
        title_w = row.width - 28 - (b.get_width() + 16 if b is not None else 0)
        title = fit(row_marks(state, song) + song.title, 30, title_w, True)
        title = theme.text(title, 30, colour, True)
        surface.blit(title, (row.left + 14, y + 4))
        info = fit_row_info(song, 21, row.width - 28)
        sub = theme.text(info, 21, theme.DIM if song.playable else theme.WARN)
        surface.blit(sub, (row.left + 14, y + 31))
        if b is not None:
            surface.blit(b, (row.right - b.get_width() - 14, y + 16))
    draw_group_marks(surface, state.view, rows)
    if not state.songs:
        words = empty_words(state.view, len(state.library))
        if not state.library and state.scan_line:  # not "no songs" while the scan looks
            words = _("Scanning…")
        empty = fit(words, 30, area.width - 28)
        surface.blit(theme.text(empty, 30, theme.WARN), (area.left + 14, area.top))


def _draw_setup(surface: pygame.Surface, state: SongSelectState, area: pygame.Rect) -> None:
    pygame.draw.rect(surface, theme.PANEL, area, border_radius=12)
    if state.focus == Focus.SETUP:
        pygame.draw.rect(surface, theme.GOLD, area, 2, border_radius=12)
    rows = state.setup_rows()
    blocked = not highlighted_playable(state)
    for i, ((player, what), row) in enumerate(zip(rows, setup_row_boxes(state, area), strict=True)):
        label, value = _setup_text(state, player, what)
        y, row_h = row.top, row.height + 2
        chosen = state.focus == Focus.SETUP and i == state.row
        if chosen:
            pygame.draw.rect(surface, theme.JACKET_BLUE, row, border_radius=8)
        size = 22 if row_h >= 28 else 19
        colour = theme.TEXT if what in ACTIONS else theme.GOLD
        if what in ACTIONS and blocked:
            value, colour = _("Cannot be played"), theme.WARN
        room = row.width - 20
        value = fit(value, size, room if not label else room * 11 // 20, True)
        v = theme.text(value, size, colour, True)
        label = fit(label, size, room - v.get_width() - 12) if label else ""
        if label:
            words = theme.text(label, size, theme.TEXT if chosen else theme.DIM)
            surface.blit(words, (row.left + 10, y + 3))
        surface.blit(v, (row.right - v.get_width() - 10, y + 3))


def highlighted_playable(state: SongSelectState) -> bool:
    """Whether the highlighted song can be played (True when the list is empty)."""
    return not state.songs or state.songs[state.selected].playable


def setup_tip(state: SongSelectState) -> str:
    """The keys in song select's footer: what Enter does depends on the highlighted song; in a
    duet, A/D set player 2's difficulty."""
    if state.focus == Focus.SETUP:
        return _("Up/Down: row  ·  Left/Right: change  ·  Enter: play  ·  Esc: songs")
    rescan = "  ·  " + _("F5: rescan")
    if not highlighted_playable(state):
        return (
            _("Up/Down: song  ·  Enter: why it cannot be played  ·  Tab: players  ·  Esc: back")
            + rescan
        )
    if state.players == 2:
        return (
            _(
                "Up/Down: song  ·  Left/Right: P1 difficulty  ·  A/D: P2 difficulty  ·  "
                "Enter: set up and play  ·  Tab: players  ·  Esc: back"
            )
            + rescan
        )
    return (
        _(
            "Up/Down: song  ·  Left/Right: difficulty  ·  Enter: set up and play  ·  "
            "Tab: players  ·  Esc: back"
        )
        + rescan
    )


def partner_words(saved: SavedPart | None) -> str:
    """A saved play as the setup panel names it when it is the partner: who, which part at
    which difficulty, their score; "Off" for none."""
    if saved is None:
        return _("Off")
    part, difficulty = _(PART_NAMES[saved.part]), _(DIFFICULTY_NAMES[saved.difficulty])
    return f"{saved.name} · {part} · {difficulty} · {saved.score:,}"


def layout_words(layout: str) -> str:
    """A two-player keyboard layout's name for the players."""
    return _("Laptop (letters only)") if layout == "laptop" else _("Numeric keypad")


def _setup_text(state: SongSelectState, player: int, what: SetupItem) -> tuple[str, str]:
    if what == SetupItem.PLAYERS:
        return _("Players"), _("2 (duet)") if state.players == 2 else "1"
    if what == SetupItem.START:
        return "", _("Start!")
    if what == SetupItem.PRACTICE:
        return "", _("Practice: loops and slow-downs")
    if what == SetupItem.ONLINE:
        return "", _("Host an online duet")
    if what == SetupItem.KEYS:
        return _("Keyboard layout"), layout_words(state.layout)
    pick = state.picks[player]
    n = player + 1
    if what == SetupItem.PARTNER:
        return _("Duet with a saved play"), partner_words(state.partner)
    if what == SetupItem.PART:
        return _("Player {number}  part").format(number=n), _(PART_NAMES[pick.part])
    if what == SetupItem.DIFFICULTY:
        return _("Player {number}  difficulty").format(number=n), _(
            DIFFICULTY_NAMES[pick.difficulty]
        )
    if what == SetupItem.TIMING:
        return _("Player {number}  timing windows").format(number=n), _(PRESET_NAMES[pick.preset])
    return _("Player {number}  input").format(number=n), pick.device.label
