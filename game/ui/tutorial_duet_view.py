"""The tutorial's duet chapter, drawn: the pictures beside its cards (the two players' keys, a
Sync, the Goodwill meter, Harmony's green pads) and the guide drawn over its guided plays
(drawing only; game.app.tutorial_duet drives it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from game.base.language import N_, _
from game.core.lanes import Lane
from game.ui import text_boxes, theme
from game.ui.text_fit import fit

KEY_LANES = (Lane.KICK, Lane.RED, Lane.YELLOW, Lane.BLUE, Lane.GREEN)
"""The lanes whose keys the chapter's first card shows, in order."""
GOODWILL_RULES = (
    (N_("Sync"), "+4"),
    ("Perfect", "+1"),
    ("Miss", "−3"),  # a judgement, named as the highway and the results name it
    (N_("Extra hit"), "−1"),
)
"""How the Goodwill meter moves, as the Goodwill card lists it: (what, points)."""


def cap_label(key: str) -> str:
    """A key name as short as a small key cap wants it: "Space", "Num 4", "G"."""
    if key.startswith("keypad "):
        key = "Num " + key.removeprefix("keypad ")
    return key[:1].upper() + key[1:] if key else "?"


def _scale(art: pygame.Rect, height: int) -> float:
    """How much smaller than its `height` (pixels) a picture is drawn in `art`."""
    return max(0.4, min(1.25, art.height / height))


def _cap(
    surface: pygame.Surface, rect: pygame.Rect, label: str, colour: tuple[int, int, int]
) -> None:
    """A key cap in `rect` of the lane's `colour`, its key's name on it."""
    pygame.draw.rect(surface, theme.darker(colour, 0.55), rect.move(0, 4), border_radius=8)
    pygame.draw.rect(surface, colour, rect, border_radius=8)
    size = max(12, min(26, rect.height * 5 // 10))
    words = fit(label, size, rect.width - 6, True)
    text = theme.text(words, size, theme.BACKGROUND, True)
    surface.blit(text, text.get_rect(center=rect.center))


def draw_player_keys(
    surface: pygame.Surface, art: pygame.Rect, names: Sequence[str], keys: Sequence[Sequence[str]]
) -> None:
    """Each player's name over a row of key caps, one per lane (kick, snare, toms), coloured as
    the lanes are: `keys[p][i]` is player p's key of `KEY_LANES[i]`."""
    v = _scale(art, 320)
    row_h = art.height // max(1, len(keys))
    for p, row in enumerate(keys):
        top = art.top + p * row_h
        name_size = round(28 * v)
        name = theme.text(fit(names[p], name_size, art.width, True), name_size, theme.GOLD, True)
        surface.blit(name, (art.left, top))
        gap = max(4, art.width // 40)
        cap_w = (art.width - gap * (len(KEY_LANES) - 1)) // len(KEY_LANES)
        cap_h = min(round(64 * v), row_h - name.get_height() - 24)
        for i, lane in enumerate(KEY_LANES):
            key = row[i] if i < len(row) else ""
            rect = pygame.Rect(
                art.left + i * (cap_w + gap), top + name.get_height() + 8, cap_w, cap_h
            )
            _cap(surface, rect, cap_label(key), theme.LANE_COLOURS[lane])


def _lane(surface: pygame.Surface, rect: pygame.Rect, hit_y: int) -> None:
    """One small highway lane in `rect`, its hit line at `hit_y`."""
    pygame.draw.rect(surface, theme.darker(theme.LANE_COLOURS[Lane.RED], 0.75), rect)
    pygame.draw.line(surface, theme.TEXT, (rect.left, hit_y), (rect.right, hit_y), 3)


def draw_sync(surface: pygame.Surface, art: pygame.Rect) -> None:
    """Two highways, one per player, each with a snare note on its hit line: hit together, the
    notes are a Sync, worth 50 points to each player."""
    v = _scale(art, 330)
    lane_w = min(art.width // 4, round(110 * v))
    lane_h = round(240 * v)
    hit_y = art.top + lane_h - round(50 * v)
    gem_h = max(10, round(26 * v))
    for k in (0, 1):
        x = art.left + (art.width // 8 if k == 0 else art.width - art.width // 8 - lane_w)
        rect = pygame.Rect(x, art.top, lane_w, lane_h)
        _lane(surface, rect, hit_y)
        gem = pygame.Rect(0, 0, lane_w - 16, gem_h)
        gem.center = (rect.centerx, hit_y)
        pygame.draw.rect(surface, theme.LANE_COLOURS[Lane.RED], gem, border_radius=9)
        pygame.draw.rect(surface, theme.lighter(theme.GOLD, 0.3), gem, 3, border_radius=9)
        size = round(22 * v)
        who = theme.text(
            fit(_("Player {number}").format(number=k + 1), size, lane_w + 40), size, theme.DIM
        )
        surface.blit(who, (rect.centerx - who.get_width() // 2, rect.bottom + 6))
    middle = art.width - 2 * (art.width // 8 + lane_w) - 12
    size = round(44 * v)
    sync = theme.text(fit(_("SYNC"), size, middle, True), size, theme.GOLD, True)
    surface.blit(sync, (art.centerx - sync.get_width() // 2, hit_y - sync.get_height() - 16))
    size = round(24 * v)
    within = theme.text(fit(_("within 30 ms"), size, middle), size, theme.TEXT)
    surface.blit(within, (art.centerx - within.get_width() // 2, hit_y + 8))
    pygame.draw.line(
        surface,
        theme.GOLD,
        (art.left + art.width // 8 + lane_w + 4, hit_y),
        (art.right - art.width // 8 - lane_w - 4, hit_y),
        2,
    )
    size = round(26 * v)
    points = theme.text(fit(_("+50 points each"), size, art.width, True), size, theme.GOLD, True)
    y = art.top + lane_h + round(44 * v)
    surface.blit(points, (art.centerx - points.get_width() // 2, y))


def _meter(surface: pygame.Surface, rect: pygame.Rect, level: float, ready: bool) -> None:
    """The Goodwill meter in `rect`, filled to `level` (0-1), gold when `ready` (50 or more)."""
    pygame.draw.rect(surface, theme.JACKET_DARK, rect, border_radius=10)
    inner = rect.height - 8
    fill = pygame.Rect(rect.left + 4, rect.bottom - 4 - round(inner * level), rect.width - 8, 0)
    fill.height = round(inner * level)
    colour = theme.HARMONY_GLOW if ready else theme.JACKET_BLUE
    pygame.draw.rect(surface, colour, fill, border_radius=8)
    half = rect.bottom - 4 - inner // 2
    pygame.draw.line(surface, theme.TEXT, (rect.left - 6, half), (rect.right + 6, half), 2)


def draw_goodwill(surface: pygame.Surface, art: pygame.Rect) -> None:
    """The shared Goodwill meter, half full, beside what moves it: a Sync +4, a Perfect +1, a
    miss −3, an extra hit −1."""
    v = _scale(art, 320)
    meter = pygame.Rect(art.left + 10, art.top, round(44 * v), round(280 * v))
    _meter(surface, meter, 0.5, True)
    size = round(20 * v)
    half = theme.text("50", size, theme.TEXT, True)
    surface.blit(half, (meter.right + 10, meter.centery - half.get_height() // 2 - 2))
    rows_left = meter.right + half.get_width() + 28
    row_w = art.right - rows_left
    row_h = round(56 * v)
    y = art.top + round(10 * v)
    for what, points in GOODWILL_RULES:
        row = pygame.Rect(rows_left, y, row_w, row_h - round(10 * v))
        pygame.draw.rect(surface, theme.JACKET_DARK, row, border_radius=10)
        size = round(26 * v)
        good = points.startswith("+")
        pts = theme.text(points, size, theme.GOLD if good else theme.WARN, True)
        surface.blit(pts, (row.right - pts.get_width() - 12, row.centery - pts.get_height() // 2))
        room = row.width - pts.get_width() - 36
        name = theme.text(fit(_(what), size, room), size, theme.TEXT)
        surface.blit(name, (row.left + 12, row.centery - name.get_height() // 2))
        y += row_h
    size = round(22 * v)
    words = fit(_("At 50 the meter turns gold."), size, row_w)
    gold = theme.text(words, size, theme.GOLD)
    surface.blit(gold, (rows_left, y + round(6 * v)))


def draw_harmony(surface: pygame.Surface, art: pygame.Rect, keys: Sequence[str]) -> None:
    """Both players' green keys, hit together (within a tenth of a second) with the meter at 50
    or more: Harmony, every hit ×2 for 8 bars. `keys` are the players' green keys."""
    v = _scale(art, 320)
    meter = pygame.Rect(art.left + 10, art.top, round(44 * v), round(280 * v))
    _meter(surface, meter, 0.62, True)
    left = meter.right + round(30 * v)
    width = art.right - left
    cap_w = min(round(120 * v), (width - 40) // 2)
    cap_h = round(70 * v)
    y = art.top + round(20 * v)
    green = theme.LANE_COLOURS[Lane.GREEN]
    for k in (0, 1):
        cx = left + width * (1 + 2 * k) // 4
        rect = pygame.Rect(0, 0, cap_w, cap_h)
        rect.midtop = (cx, y)
        key = keys[k] if k < len(keys) else ""
        _cap(surface, rect, cap_label(key), green)
        size = round(20 * v)
        who = theme.text(
            fit(_("Player {number}").format(number=k + 1), size, width // 2 - 8), size, theme.DIM
        )
        surface.blit(who, (cx - who.get_width() // 2, rect.bottom + 10))
    size = round(28 * v)
    plus = theme.text("+", size, theme.TEXT, True)
    surface.blit(
        plus, (left + width // 2 - plus.get_width() // 2, y + cap_h // 2 - plus.get_height() // 2)
    )
    y += cap_h + round(50 * v)
    size = round(22 * v)
    within = theme.text(fit(_("together, within 0.1 s"), size, width), size, theme.TEXT)
    surface.blit(within, (left + width // 2 - within.get_width() // 2, y))
    y += within.get_height() + round(24 * v)
    size = round(36 * v)
    words = fit(_("HARMONY x2"), size, width, True)
    harmony = theme.text(words, size, theme.HARMONY_GLOW, True)
    surface.blit(harmony, (left + width // 2 - harmony.get_width() // 2, y))
    y += harmony.get_height() + round(8 * v)
    size = round(22 * v)
    bars = theme.text(fit(_("for 8 bars"), size, width), size, theme.DIM)
    surface.blit(bars, (left + width // 2 - bars.get_width() // 2, y))


@dataclass(frozen=True)
class Guide:
    """What the guide over a guided play says: a title, a line under it, how far the step's
    goal is reached (0-1; None: no bar) and whether the title is the call to act now."""

    title: str
    line: str
    progress: float | None = None
    urgent: bool = False


def draw_guide(surface: pygame.Surface, guide: Guide) -> pygame.Rect:
    """Draw `guide` at the bottom of the play screen, over the stage, where it hides neither
    the notes coming down the highways nor the SYNC pop-up over the meter; returns its box
    (pixels)."""
    w, h = surface.get_size()
    scale = max(1.0, min(w / 1280, h / 720))
    px = lambda n: max(1, round(n * scale))  # noqa: E731 - pixels at the screen's scale
    box = pygame.Rect(0, 0, min(w - px(40), px(760)), px(96))
    box.midbottom = (w // 2, h - px(14))
    text_boxes.dialog(surface)  # over the play screen: its words are checked on their own
    shade = pygame.Surface(box.size, pygame.SRCALPHA)
    shade.fill((*theme.PANEL, 225))
    surface.blit(shade, box.topleft)
    edge = theme.HARMONY_GLOW if guide.urgent else theme.darker(theme.GOLD, 0.35)
    pygame.draw.rect(surface, edge, box, px(3) if guide.urgent else px(2), border_radius=px(14))
    with text_boxes.panel(surface, box):
        _guide_words(surface, guide, box, px)
    if guide.progress is not None:
        bar = pygame.Rect(box.left + px(16), box.bottom - px(12), box.width - px(32), px(5))
        pygame.draw.rect(surface, theme.JACKET_DARK, bar)
        done = bar.copy()
        done.width = round(bar.width * min(1.0, max(0.0, guide.progress)))
        pygame.draw.rect(surface, theme.GOLD, done)
    return box


def _guide_words(surface: pygame.Surface, guide: Guide, box: pygame.Rect, px) -> None:
    """The guide's title and line in `box`; `px` turns 1280×720 pixels into the screen's."""
    room = box.width - px(32)
    title = theme.text(
        fit(guide.title, px(34), room, True, True),
        px(34),
        theme.HARMONY_GLOW if guide.urgent else theme.GOLD,
        True,
        True,
    )
    surface.blit(title, (box.centerx - title.get_width() // 2, box.top + px(8)))
    line = theme.text(fit(guide.line, px(22), room), px(22), theme.TEXT)
    surface.blit(line, (box.centerx - line.get_width() // 2, box.top + px(52)))
