"""The online duet's lobby and the join list (drawing only; game.app.online drives them): the
song, the two players in their blue jackets' colours, where the duet stands, the host's
addresses, the guest's difficulties, and the hosts found on the LAN."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pygame

from game.base.language import _
from game.ui import theme
from game.ui.drummer import Drummer
from game.ui.footer import Help, draw_footer, footer_top
from game.ui.text_boxes import panel as text_panel
from game.ui.text_fit import fit, wrap

ROW_SIZE, ROW_H = 24, 40
"""A list row's text size and height (pixels on the 1280×720 canvas)."""
ROW_H_MIN = 32
"""The least a row is squeezed to (pixels) before rows are left out."""
CARD_H = 96
"""A player's card's height (pixels)."""


@dataclass(frozen=True)
class LobbyPicture:
    """What the lobby shows: hosting or joining, the song, you and the partner (their part and
    difficulty in words), the status, why it failed (or a notice), the host's addresses, and
    the guest's difficulty rows with the one highlighted."""

    hosting: bool
    title: str
    you: str
    partner: str
    status: str
    failed: str | None = None
    addresses: Sequence[str] = ()
    rows: Sequence[str] = ()
    selected: int = 0


def lobby_helps(picture: LobbyPicture) -> list[Help]:
    """The lobby's footer: the keys and pads that work now."""
    if picture.rows:
        return [
            (_("Up/Down: difficulty · Enter: join the duet · Esc: leave"), 22),
            (_("Drum kit: toms choose, green joins, red leaves"), 19),
        ]
    return [(_("Esc: leave the lobby"), 22), (_("Drum kit: red pad leaves"), 19)]


def lobby_boxes(size: tuple[int, int], rows: int = 0) -> dict[str, pygame.Rect]:
    """The lobby's boxes (pixels) on a canvas of `size`: "heading", "song", "you", "partner",
    "status", "detail" (addresses, a failure) and "rows" (the difficulties)."""
    w, h = size
    inner = pygame.Rect(32, 86, w - 64, h - 86)
    card_w = (inner.width - 24) // 2
    you = pygame.Rect(inner.left, inner.top + 60, card_w, CARD_H)
    partner = pygame.Rect(you.right + 24, you.top, card_w, CARD_H)
    status = pygame.Rect(inner.left, you.bottom + 22, inner.width, 40)
    below = status.bottom + 12
    return {
        "heading": pygame.Rect(24, 14, w - 48, 48),
        "song": pygame.Rect(inner.left, inner.top, inner.width, 44),
        "you": you,
        "partner": partner,
        "status": status,
        "rows": pygame.Rect(inner.left, below, min(inner.width, 620), rows * ROW_H),
        "detail": pygame.Rect(inner.left, below + rows * ROW_H, inner.width, 150),
    }


def draw_lobby(surface: pygame.Surface, picture: LobbyPicture) -> dict[str, pygame.Rect]:
    """Draw the lobby over the whole `surface`; returns its boxes."""
    w, h = surface.get_size()
    boxes = lobby_boxes((w, h), len(picture.rows))
    surface.fill(theme.BACKGROUND)
    pygame.draw.rect(surface, theme.JACKET_BLUE, (0, 0, w, 70))
    heading = _("Online duet: hosting") if picture.hosting else _("Online duet: joining")
    surface.blit(theme.text(fit(heading, 40, w - 48, True), 40, theme.TEXT, True), (24, 14))
    song = boxes["song"]
    title = picture.title or _("The host is choosing the song")
    colour = theme.TEXT if picture.title else theme.DIM
    surface.blit(theme.text(fit(title, 34, song.width, True), 34, colour, True), song)
    _card(surface, boxes["you"], _("You"), picture.you or "…")
    _card(surface, boxes["partner"], _("Your partner"), picture.partner or "…")
    status = boxes["status"]
    surface.blit(
        theme.text(fit(picture.status, 28, status.width, True), 28, theme.GOLD, True), status
    )
    top = footer_top((w, h), lobby_helps(picture))
    _rows(surface, boxes["rows"], picture.rows, picture.selected, top - 8)
    detail = boxes["detail"]
    stage = _drummers(surface, pygame.Rect(0, status.bottom, w, top - status.bottom), picture)
    if stage is not None:  # the words keep left of the drummers
        detail.width = max(120, min(detail.width, stage.left - 24 - detail.left))
    room = max(0, top - detail.top - 8)
    lines: list[tuple[str, tuple[int, int, int]]] = []
    if picture.failed:
        lines += [(line, theme.WARN) for line in wrap(picture.failed, 22, detail.width)]
    if picture.addresses:
        lines.append((_("Your partner dials one of these, or finds you on the LAN:"), theme.DIM))
        lines += [(address, theme.TEXT) for address in picture.addresses[:3]]
    y = detail.top
    with text_panel(surface, detail):
        for line, tint in lines:
            if y + 28 > detail.top + room:
                break
            surface.blit(theme.text(fit(line, 22, detail.width), 22, tint), (detail.left, y))
            y += 30
    draw_footer(surface, lobby_helps(picture))
    return boxes


def _drummers(
    surface: pygame.Surface, area: pygame.Rect, picture: LobbyPicture
) -> pygame.Rect | None:
    """The two drummers in their blue jackets at the bottom right of `area` (pixels), the
    partner's faint until they come; None when there is no room. Returns where they stand."""
    drummer_w = min(280, (area.width - 64) // 4)
    drummer_h = drummer_w * 4 // 5
    if drummer_h < 120 or area.height < drummer_h + 16 or picture.rows:
        return None
    stage = pygame.Rect(0, 0, 2 * drummer_w + 16, drummer_h)
    stage.bottomright = (area.right - 32, area.bottom - 8)
    you = Drummer(0, pygame.Rect(stage.left, stage.top, drummer_w, drummer_h))
    you.draw_body(surface)
    you.draw_limbs(surface, 0.0)
    faint = pygame.Surface((drummer_w, drummer_h), pygame.SRCALPHA)
    partner = Drummer(1, pygame.Rect(0, 0, drummer_w, drummer_h), mirrored=True)
    partner.draw_body(faint)
    partner.draw_limbs(faint, 0.0)
    if not picture.partner:
        faint.set_alpha(70)
    surface.blit(faint, (stage.right - drummer_w, stage.top))
    return stage


def _card(surface: pygame.Surface, box: pygame.Rect, who: str, words: str) -> None:
    """A player's card: who (You, Your partner) over their name, part and difficulty."""
    pygame.draw.rect(surface, theme.PANEL, box, border_radius=14)
    pygame.draw.rect(surface, theme.JACKET_BLUE, box, 3, border_radius=14)
    inner = box.inflate(-32, -20)
    surface.blit(theme.text(fit(who, 20, inner.width), 20, theme.DIM), inner.topleft)
    text = theme.text(fit(words, 26, inner.width, True), 26, theme.TEXT, True)
    surface.blit(text, (inner.left, inner.top + 34))


def _rows(
    surface: pygame.Surface, box: pygame.Rect, rows: Sequence[str], selected: int, bottom: int
) -> None:
    """The difficulty rows from `box`'s top down to `bottom` at most (pixels): squeezed a
    little, then only those around the highlighted one."""
    if not rows:
        return
    room = max(ROW_H_MIN, bottom - box.top)
    row_h = max(ROW_H_MIN, min(ROW_H, room // len(rows)))
    fits = max(1, room // row_h)
    first = min(max(0, selected - fits // 2), max(0, len(rows) - fits))
    shown = list(rows)[first : first + fits]
    boxes = [
        pygame.Rect(box.left, box.top + i * row_h, box.width, row_h - 4) for i in range(len(shown))
    ]
    _rows_at(surface, boxes, shown, selected - first)


@dataclass(frozen=True)
class JoinPicture:
    """What the join list shows: the hosts found on the LAN (each a line of words), the
    address being typed, the highlighted row (the last is "type an address"), a notice."""

    hosts: Sequence[str]
    typed: str
    selected: int
    typing: bool = False
    notice: str | None = None
    searching: bool = True
    extra: list[str] = field(default_factory=list)


def join_helps(picture: JoinPicture) -> list[Help]:
    """The join list's footer."""
    if picture.typing:
        return [(_("Type the host's address (host:port) · Enter: dial · Esc: back"), 22)]
    return [
        (_("Up/Down: choose · Enter: join · Esc: back"), 22),
        (_("Drum kit: toms choose, green joins, red goes back"), 19),
    ]


def join_rows(size: tuple[int, int], count: int) -> list[pygame.Rect]:
    """The join list's rows (pixels) on a canvas of `size`."""
    w, _h = size
    return [pygame.Rect(32, 150 + i * ROW_H, min(w - 64, 900), ROW_H - 4) for i in range(count)]


def draw_join(surface: pygame.Surface, picture: JoinPicture) -> list[pygame.Rect]:
    """Draw the join list over the whole `surface`; returns its rows' boxes."""
    w, h = surface.get_size()
    surface.fill(theme.BACKGROUND)
    pygame.draw.rect(surface, theme.JACKET_BLUE, (0, 0, w, 70))
    heading = _("Join an online duet")
    surface.blit(theme.text(fit(heading, 40, w - 48, True), 40, theme.TEXT, True), (24, 14))
    found = _("Duets waiting on your LAN") if picture.hosts else _("Looking for duets on your LAN…")
    surface.blit(theme.text(fit(found, 26, w - 64, True), 26, theme.GOLD, True), (32, 100))
    top = footer_top((w, h), join_helps(picture))
    fits = max(1, (top - 150 - 8) // ROW_H)
    shown = list(picture.hosts)[: fits - 1]
    typed = picture.typed + ("_" if picture.typing else "")
    last = _("Dial an address: {address}").format(address=typed) if typed else _("Dial an address…")
    rows = join_rows((w, h), len(shown) + 1)
    selected = min(picture.selected, len(rows) - 1)
    _rows_at(surface, rows, [*shown, last], selected)
    if picture.notice:
        y = rows[-1].bottom + 16
        for line in wrap(picture.notice, 22, w - 64)[:3]:
            if y + 28 > top:
                break
            surface.blit(theme.text(fit(line, 22, w - 64), 22, theme.WARN), (32, y))
            y += 30
    draw_footer(surface, join_helps(picture))
    return rows


def _rows_at(
    surface: pygame.Surface, rows: list[pygame.Rect], words: list[str], selected: int
) -> None:
    for i, (row, line) in enumerate(zip(rows, words, strict=True)):
        chosen = i == selected
        pygame.draw.rect(
            surface, theme.JACKET_BLUE if chosen else theme.PANEL, row, border_radius=8
        )
        text = theme.text(fit(line, ROW_SIZE, row.width - 32, chosen), ROW_SIZE, theme.TEXT, chosen)
        surface.blit(text, text.get_rect(midleft=(row.left + 16, row.centery)))
