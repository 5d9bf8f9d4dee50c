"""The stage: two cartoon drummers in matching blue jackets, behind one kit each, who strike on
their player's hits, wobble on a miss, and glow with the lights during Harmony."""

from __future__ import annotations

import math

import pygame

from game.core.events import JudgementEvent
from game.core.judgement import Judgement
from game.core.lanes import Lane
from game.ui import theme

STRIKE_S = 0.09
WOBBLE_S = 0.35
SKIN = (226, 186, 150)
HAIR = (40, 34, 30)
SHIRT = (245, 245, 250)
DRUM = (200, 60, 60)
CYMBAL = (220, 190, 90)


class Stage:
    """Draws `players` drummers across `rect`; `on_judgement` makes them react."""

    def __init__(self, rect: pygame.Rect, players: int) -> None:
        self.rect = pygame.Rect(rect)
        self.players = max(players, 1)
        self.harmony = False
        self.strike: list[dict[str, float]] = [{"left": -1.0, "right": -1.0} for _ in range(2)]
        self.wobble_until = [-1.0, -1.0]

    def on_judgement(self, event: JudgementEvent) -> None:
        """A hit swings a stick (kick and snare left, cymbals and toms right); a miss wobbles."""
        p = min(event.player, 1)
        if event.judgement.is_hit:
            arm = "left" if event.lane in (Lane.KICK, Lane.RED) else "right"
            self.strike[p][arm] = event.time_s + STRIKE_S
        elif event.judgement is Judgement.MISS:
            self.wobble_until[p] = event.time_s + WOBBLE_S

    def draw(self, surface: pygame.Surface, now_s: float) -> None:
        """Draw the stage at song time `now_s`."""
        r = self.rect
        floor = theme.darker(theme.PANEL, 0.3)
        pygame.draw.rect(surface, floor, r)
        if self.harmony:
            for k in range(5):
                x = r.left + (k + 0.5) * r.width / 5
                beam = [(x - 14, r.top), (x + 14, r.top), (x + 60, r.bottom), (x - 60, r.bottom)]
                pygame.draw.polygon(surface, theme.darker(theme.HARMONY_GLOW, 0.55), beam)
        for p in range(self.players):
            cx = r.left + r.width * (p + 1) / (self.players + 1)
            self._drummer(surface, int(cx), r.bottom - 10, min(r.height - 20, 150), p, now_s)

    def _drummer(self, surface, cx: int, base: int, h: int, p: int, now_s: float) -> None:
        s = h / 150.0
        wobble = 0.0
        if self.wobble_until[p] > now_s:
            left = (self.wobble_until[p] - now_s) / WOBBLE_S
            wobble = math.sin(left * 18) * 6 * s * left
        x = cx + wobble
        # the kit: a drum in front and a cymbal on a stand
        pygame.draw.ellipse(surface, DRUM, (x - 34 * s, base - 46 * s, 68 * s, 40 * s))
        pygame.draw.line(surface, theme.DIM, (x + 52 * s, base), (x + 52 * s, base - 92 * s), 2)
        pygame.draw.ellipse(surface, CYMBAL, (x + 30 * s, base - 100 * s, 46 * s, 12 * s))
        # the drummer: matching blue jacket over a white shirt, behind the kit
        body = pygame.Rect(0, 0, 54 * s, 58 * s)
        body.midbottom = (int(x), int(base - 40 * s))
        pygame.draw.rect(surface, theme.JACKET_BLUE, body, border_radius=int(12 * s))
        pygame.draw.polygon(
            surface, SHIRT, [(x - 8 * s, body.top), (x + 8 * s, body.top), (x, body.top + 22 * s)]
        )
        head = (int(x), int(body.top - 18 * s))
        pygame.draw.circle(surface, SKIN, head, int(16 * s))
        pygame.draw.arc(
            surface,
            HAIR,
            (head[0] - 16 * s, head[1] - 17 * s, 32 * s, 24 * s),
            0.2,
            math.pi - 0.2,
            max(2, int(6 * s)),
        )
        for side, sign in (("left", -1), ("right", 1)):
            down = self.strike[p][side] > now_s
            shoulder = (x + sign * 24 * s, body.top + 10 * s)
            hand = (x + sign * 38 * s, body.top + (44 if down else 22) * s)
            tip = (hand[0] + sign * 14 * s, hand[1] + (18 if down else -16) * s)
            pygame.draw.line(surface, theme.JACKET_DARK, shoulder, hand, max(3, int(9 * s)))
            pygame.draw.line(surface, theme.GOLD, hand, tip, max(2, int(3 * s)))
