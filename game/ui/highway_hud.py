"""The words and meters around a highway: name, score and accuracy above the board; under the
strike line the multiplier badge with the combo, the judgement with early/late (out of the notes'
way), and beside the strike line the combo's progress to the next multiplier (left) and the star
meter (right)."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.ui import theme
from game.ui.gems import STAR_COLOUR
from game.ui.text_fit import fit

COMBO_STEP = 10
"""Notes of combo from one multiplier to the next (SPEC: x2 from 10, x3 from 20, x4 from 30)."""
TOP_MULTIPLIER = 4


@dataclass(frozen=True)
class FootLayout:
    """Where the words under the strike line go (pixels): the multiplier badge's centre and
    radius, the combo's left, the judgement's centre x, and the row's top."""

    badge: tuple[int, int]
    radius: int
    combo_x: int
    judgement_x: int
    top: int
    room: int
    """Width (pixels) the judgement may take without reaching the badge or the kick's key."""


def combo_progress(combo: int) -> float:
    """How far (0-1) `combo` has gone towards the next multiplier; 1 at the top multiplier."""
    if combo >= COMBO_STEP * (TOP_MULTIPLIER - 1):
        return 1.0
    return (combo % COMBO_STEP) / COMBO_STEP


def draw_top(view, surface: pygame.Surface) -> None:
    """The player's name, score and accuracy above the board, on a shade."""
    card = view.engine.card
    r, px = view.rect, view._px
    surface.blit(view._hud_shade, r.topleft)
    score = theme.text(f"{card.score:,}", px(34), theme.TEXT, True)
    surface.blit(score, (r.right - score.get_width() - px(8), r.top + px(6)))
    room = r.width - score.get_width() - px(28)
    label = fit(view.label, px(26), room, True)
    surface.blit(theme.text(label, px(26), theme.TEXT, True), (r.left + px(8), r.top + px(8)))
    acc = theme.text(f"{card.accuracy * 100:.1f}%", px(24), theme.DIM)
    surface.blit(acc, (r.right - acc.get_width() - px(8), r.top + px(36)))


def draw_foot(view, surface: pygame.Surface, now_s: float) -> None:
    """Under the strike line: the multiplier badge and combo, and the judgement pop-up."""
    card = view.engine.card
    px, foot = view._px, view.foot
    star = view.star_active(now_s)
    mult = card.multiplier * (2 if star else 1)
    cx, cy = foot.badge
    ring = STAR_COLOUR if star else (theme.GOLD if card.multiplier > 1 else theme.DIM)
    pygame.draw.circle(surface, theme.PANEL, (cx, cy), foot.radius)
    pygame.draw.circle(surface, ring, (cx, cy), foot.radius, max(2, px(3)))
    words = theme.text(f"x{mult}", px(24), ring, True)
    surface.blit(words, words.get_rect(center=(cx, cy)))
    if card.combo:
        combo = theme.text(f"{card.combo}", px(26), theme.TEXT, True)
        surface.blit(combo, (foot.combo_x, cy - combo.get_height() // 2))
    p = view.popup
    if p is not None and p.until_s > now_s:
        label = theme.text(fit(p.label, px(30), foot.room, True), px(30), p.colour, True)
        surface.blit(label, (foot.judgement_x - label.get_width() // 2, foot.top))
        if p.detail:
            detail = theme.text(fit(p.detail, px(18), foot.room), px(18), p.colour)
            y = foot.top + label.get_height() - px(4)
            surface.blit(detail, (foot.judgement_x - detail.get_width() // 2, y))


def draw_side_meters(view, surface: pygame.Surface, now_s: float) -> None:
    """Beside the strike line: the combo's progress to the next multiplier (ten pips, left)
    and, when the engine has star power, the star meter (right), glowing while active."""
    px, r = view._px, view.rect
    p = view.projection
    bottom = round(p.strike_y) - px(6)
    height = round((p.strike_y - p.far_y) * 0.32)
    bar_w = px(8)
    left = max(r.left + px(3), round(p.x(0.0, 0.0)) - bar_w - px(6))
    done = round(combo_progress(view.engine.card.combo) * 10)
    pip_h = height / 10
    for k in range(10):
        pip = pygame.Rect(
            left, round(bottom - (k + 1) * pip_h) + 1, bar_w, max(2, round(pip_h) - 2)
        )
        colour = theme.GOLD if k < done else theme.PANEL
        pygame.draw.rect(surface, colour, pip, border_radius=2)
    level = view.star_level(now_s)
    if level is None:
        return
    right = min(r.right - px(3) - bar_w, round(p.x(1.0, 0.0)) + px(6))
    frame = pygame.Rect(right, bottom - height, bar_w, height)
    pygame.draw.rect(surface, theme.PANEL, frame, border_radius=3)
    filled = round(height * min(max(level, 0.0), 1.0))
    colour = STAR_COLOUR if view.star_active(now_s) or level >= 0.5 else (120, 150, 200)
    fill = pygame.Rect(right, bottom - filled, bar_w, filled)
    pygame.draw.rect(surface, colour, fill, border_radius=3)
    half = bottom - height // 2
    pygame.draw.line(surface, theme.TEXT, (right - 2, half), (right + bar_w + 1, half), 1)
