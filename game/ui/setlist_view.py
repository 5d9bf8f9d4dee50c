"""The setlists' pictures: the setlists menu (F8 on song select), the pause between two songs of
a set ("Next: …"), and the one summary at the end of the set (each song's score and accuracy,
the totals, and the team's figures in a duet)."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.base.language import _, ngettext
from game.ui import theme
from game.ui.footer import Help, draw_footer, footer_top
from game.ui.text_boxes import panel
from game.ui.text_fit import fit

ROW_SIZE, ROW_H = 26, 40
"""The menu's rows: text size and height (pixels)."""
SUMMARY_SIZE, SUMMARY_H = 22, 30
"""The summary's lines: text size and height (pixels)."""


@dataclass(frozen=True)
class PlayerFigures:
    """One player's result of one song of the set: name, score and accuracy (0-1)."""

    name: str
    score: int
    accuracy: float


@dataclass(frozen=True)
class SetSong:
    """One song of a set as it went: its title, each player's figures, the team's score and
    Syncs out of unison notes in a duet, or why it was not played (`problem`)."""

    title: str
    players: tuple[PlayerFigures, ...] = ()
    team_score: int | None = None
    syncs: tuple[int, int] | None = None
    problem: str | None = None

    @property
    def played(self) -> bool:
        """True when the song was played to its end."""
        return self.problem is None


@dataclass(frozen=True)
class SetTotals:
    """A set's totals: each player's name, total score and mean accuracy over the songs played;
    the team's total score (a duet); how many songs were played of how many."""

    players: tuple[PlayerFigures, ...]
    team_score: int | None
    played: int
    songs: int
    syncs: tuple[int, int] | None = None
    """The team's Syncs out of unison notes over the songs played (a duet)."""


def set_totals(songs: list[SetSong]) -> SetTotals:
    """The totals of the set's `songs` (songs not played count for nothing)."""
    played = [s for s in songs if s.played and s.players]
    players = []
    for i in range(max((len(s.players) for s in played), default=0)):
        mine = [s.players[i] for s in played if len(s.players) > i]
        players.append(
            PlayerFigures(
                mine[0].name,
                sum(p.score for p in mine),
                sum(p.accuracy for p in mine) / len(mine),
            )
        )
    teams = [s.team_score for s in played if s.team_score is not None]
    syncs = [s.syncs for s in played if s.syncs is not None]
    both = (sum(a for a, _ in syncs), sum(b for _, b in syncs)) if syncs else None
    team = sum(teams) if teams else None
    return SetTotals(tuple(players), team, len(played), len(songs), both)


@dataclass(frozen=True)
class SetlistsMenu:
    """What the setlists menu shows: its rows (words), the highlighted row, the name being
    typed (None when not typing), and a notice line."""

    rows: tuple[str, ...]
    selected: int
    typing: str | None = None
    notice: str | None = None
    help: str = ""


def menu_row_boxes(size: tuple[int, int], rows: int) -> list[pygame.Rect]:
    """The boxes (pixels) of the menu's rows in a surface of `size`, as many as fit."""
    w, h = size
    top, bottom = 150, h - 110
    fits = max(1, (bottom - top) // ROW_H)
    return [
        pygame.Rect(w // 2 - 380, top + i * ROW_H, 760, ROW_H - 6) for i in range(min(rows, fits))
    ]


def draw_setlists_menu(surface: pygame.Surface, menu: SetlistsMenu) -> None:
    """The setlists menu: a heading, the rows (the highlighted one in gold), the name being
    typed, the notice and the keys."""
    w, h = surface.get_size()
    surface.fill(theme.BACKGROUND)
    pygame.draw.rect(surface, theme.JACKET_BLUE, (0, 0, w, 70))
    surface.blit(theme.text(fit(_("Setlists"), 44, w - 48, True), 44, theme.TEXT, True), (24, 16))
    if menu.notice:
        line = fit(menu.notice, 21, w - 48)
        surface.blit(theme.text(line, 21, theme.GOLD), (24, 100))
    boxes = menu_row_boxes((w, h), len(menu.rows))
    first = max(0, min(menu.selected - len(boxes) + 1, len(menu.rows) - len(boxes)))
    for i, box in enumerate(boxes):
        k = first + i
        words = menu.rows[k]
        chosen = k == menu.selected
        if chosen:
            pygame.draw.rect(surface, theme.JACKET_BLUE, box, border_radius=8)
            pygame.draw.rect(surface, theme.GOLD, box, 2, border_radius=8)
        if chosen and menu.typing is not None:
            words = _("Name: {name}").format(name=menu.typing) + "_"
        line = fit(words, ROW_SIZE, box.width - 28, chosen)
        surface.blit(
            theme.text(line, ROW_SIZE, theme.TEXT if chosen else theme.DIM, chosen),
            (box.left + 14, box.top + 4),
        )
    draw_footer(surface, [(menu.help, 21, 2)], margin=12)


NEXT_COVER = 120
"""The side (pixels) of the next song's cover on the pause between songs."""


def draw_next_song(
    surface: pygame.Surface,
    titles: list[str],
    artist: str,
    number: int,
    done: list[SetSong],
    cover: pygame.Surface | None = None,
) -> None:
    """The pause between songs: which song comes next (`number`, 1 first, of the set's
    `titles`), and the set so far: the songs played with their figures, the next one marked,
    those to come; then the keys (Enter or green goes on, Esc or red ends the set)."""
    w, h = surface.get_size()
    surface.fill(theme.BACKGROUND)
    count = len(titles)
    box = pygame.Rect(0, 0, min(w - 80, 900), min(h - 120, 200 + SUMMARY_H * min(count, 8)))
    box.center = (w // 2, h // 2 - 20)
    pygame.draw.rect(surface, theme.PANEL, box, border_radius=16)
    pygame.draw.rect(surface, theme.GOLD, box, 2, border_radius=16)
    with panel(surface, box):
        x, y, width = box.left + 32, box.top + 20, box.width - 64
        below = y  # the set's list starts below the cover
        if cover is not None:  # the next song's cover at the top right, the words beside it
            side = NEXT_COVER
            spot = pygame.Rect(box.right - 32 - side, box.top + 20, side, side)
            surface.blit(cover, cover.get_rect(center=spot.center))
            width -= side + 16
            below = spot.bottom + 16
        step = _("Song {number} of {count}").format(number=number, count=count)
        surface.blit(theme.text(fit(step, 22, width), 22, theme.DIM), (x, y))
        y += 32
        nxt = fit(_("Next: {title}").format(title=titles[number - 1]), 40, width, True)
        surface.blit(theme.text(nxt, 40, theme.TEXT, True), (x, y))
        y += 52
        if artist:
            surface.blit(theme.text(fit(artist, 24, width), 24, theme.DIM), (x, y))
        y = max(y + 44, below)
        width = box.width - 64
        room = max(0, (box.bottom - 12 - y) // SUMMARY_H)
        first = max(0, min(number - 1 - room // 2, count - room))
        lines = (
            summary_lines(done) + [(f"{i}. {t}", "") for i, t in enumerate(titles, 1)][len(done) :]
        )
        for i, (left, right) in enumerate(lines[first : first + room], start=first + 1):
            colour = theme.GOLD if i == number else theme.TEXT if i < number else theme.DIM
            r = theme.text(fit(right, SUMMARY_SIZE, width // 2), SUMMARY_SIZE, theme.GOLD)
            words = fit(
                ("▶ " if i == number else "") + left, SUMMARY_SIZE, width - r.get_width() - 24
            )
            surface.blit(theme.text(words, SUMMARY_SIZE, colour, i == number), (x, y))
            surface.blit(r, (box.right - 32 - r.get_width(), y))
            y += SUMMARY_H
    keys = _("Enter (green pad): play it  ·  Esc (red pad): end the set")
    draw_footer(surface, [(keys, 21, 2)], margin=12)


def summary_lines(songs: list[SetSong]) -> list[tuple[str, str]]:
    """The summary's lines: (left words, right words) for each song, then the totals."""
    lines = []
    for i, song in enumerate(songs, start=1):
        left = f"{i}. {song.title}"
        if not song.played:
            lines.append((left, _("not played")))
            continue
        parts = [
            _("{score:,} ({accuracy:.1f}%)").format(score=p.score, accuracy=p.accuracy * 100)
            for p in song.players
        ]
        right = "  /  ".join(parts)
        if song.team_score is not None:
            right = _("team {score:,}").format(score=song.team_score) + "  ·  " + right
        lines.append((left, right))
    return lines


def summary_total_lines(totals: SetTotals) -> list[str]:
    """The summary's totals in words: songs played, each player's total and mean accuracy,
    the team's total."""
    played = ngettext(
        "{played} of {songs} song played", "{played} of {songs} songs played", totals.songs
    ).format(played=totals.played, songs=totals.songs)
    lines = [played]
    for p in totals.players:
        lines.append(
            _("{name}: {score:,} in all, accuracy {accuracy:.1f}%").format(
                name=p.name, score=p.score, accuracy=p.accuracy * 100
            )
        )
    if totals.team_score is not None:
        team = _("The team: {score:,} in all").format(score=totals.team_score)
        if totals.syncs is not None and totals.syncs[1]:
            team += "  ·  " + _("Syncs {syncs} of {notes}").format(
                syncs=totals.syncs[0], notes=totals.syncs[1]
            )
        lines.append(team)
    return lines


def summary_boxes(
    size: tuple[int, int], songs: int, totals: int = 4, bottom: int | None = None
) -> dict[str, pygame.Rect]:
    """The summary's boxes in a surface of `size` above `bottom` (pixels; default room for a
    line of keys): "songs" (a line per song of `songs`) and "totals" (`totals` lines)."""
    w, h = size
    bottom = h - 60 if bottom is None else bottom
    totals_h = totals * SUMMARY_H + 24
    room = bottom - 10 - 90 - totals_h - 16
    songs_box = pygame.Rect(40, 90, w - 80, max(SUMMARY_H + 20, min(room, songs * SUMMARY_H + 20)))
    totals = pygame.Rect(40, songs_box.bottom + 16, w - 80, totals_h)
    return {"songs": songs_box, "totals": totals}


def draw_set_summary(
    surface: pygame.Surface, songs: list[SetSong], notice: str | None = None
) -> None:
    """The set's one summary: a line per song (score, accuracy; the team's score in a duet),
    then the totals, and `notice` (plays kept for a busy score book) above the keys."""
    w, h = surface.get_size()
    surface.fill(theme.BACKGROUND)
    pygame.draw.rect(surface, theme.JACKET_BLUE, (0, 0, w, 70))
    heading = fit(_("The set is over"), 44, w - 48, True)
    surface.blit(theme.text(heading, 44, theme.TEXT, True), (24, 16))
    totals = summary_total_lines(set_totals(songs))
    helps: list[Help] = [(_("Enter or Esc: back to the songs"), 21, 1)]
    if notice:
        helps.insert(0, (notice, 21, 2))
    boxes = summary_boxes((w, h), len(songs), len(totals), footer_top((w, h), helps, margin=12))
    box = boxes["songs"]
    pygame.draw.rect(surface, theme.PANEL, box, border_radius=12)
    with panel(surface, box):
        lines = summary_lines(songs)
        room = max(1, (box.height - 20) // SUMMARY_H)
        y = box.top + 10
        for (left, right), song in zip(lines[:room], songs, strict=False):
            colour = theme.GOLD if song.played else theme.WARN
            r = theme.text(fit(right, SUMMARY_SIZE, box.width // 2 - 20), SUMMARY_SIZE, colour)
            l_w = box.width - r.get_width() - 48
            surface.blit(theme.text(fit(left, SUMMARY_SIZE, l_w), SUMMARY_SIZE, theme.TEXT),
                         (box.left + 16, y))  # fmt: skip
            surface.blit(r, (box.right - r.get_width() - 16, y))
            y += SUMMARY_H
    box = boxes["totals"]
    pygame.draw.rect(surface, theme.PANEL, box, border_radius=12)
    pygame.draw.rect(surface, theme.GOLD, box, 2, border_radius=12)
    with panel(surface, box):
        y = box.top + 12
        for i, line in enumerate(totals):
            size = SUMMARY_SIZE + (2 if i == 0 else 0)
            words = fit(line, size, box.width - 32, i == 0)
            surface.blit(theme.text(words, size, theme.TEXT, i == 0), (box.left + 16, y))
            y += SUMMARY_H
    draw_footer(surface, helps, theme.GOLD if notice else theme.DIM, margin=12)
