"""One drummer on the stage: the body and kit are pictures (`stage_art`); the arms, sticks and
kick foot are drawn here each frame, posed by the player's own hits.

Each lane is played on a piece of the kit: red on the snare; yellow on the hi-hat (a cymbal
hit) or the high tom; blue on the ride or the mid tom; green on the crash or the floor tom; the
kick with the right foot. The stick that strikes is the hand on that piece's side, unless that
hand is already busy on another piece at the same instant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum

import pygame

from game.core.lanes import Lane
from game.ui import stage_art

STRIKE_S = 0.16
"""How long (seconds) a stick takes to lift back from the piece it struck."""
KICK_S = 0.14
"""How long (seconds) the kick foot stays down after a kick."""
BUSY_S = 0.05
"""A hand struck less than this long ago (seconds) is busy: a hit with it goes to the other."""


class Piece(Enum):
    """A piece of the kit, by its strike point (art units, see `stage_art`)."""

    SNARE = (270, 203)
    HIHAT = (320, 178)
    HIGH_TOM = (230, 175)
    MID_TOM = (170, 179)
    FLOOR_TOM = (112, 205)
    RIDE = (104, 146)
    CRASH = (290, 114)


PIECE_OF = {
    (Lane.RED, False): Piece.SNARE,
    (Lane.RED, True): Piece.SNARE,
    (Lane.YELLOW, True): Piece.HIHAT,
    (Lane.YELLOW, False): Piece.HIGH_TOM,
    (Lane.BLUE, True): Piece.RIDE,
    (Lane.BLUE, False): Piece.MID_TOM,
    (Lane.GREEN, True): Piece.CRASH,
    (Lane.GREEN, False): Piece.FLOOR_TOM,
}
"""The piece each pad lane plays, tom or cymbal."""

RIGHT, LEFT = 0, 1
"""The drummer's hands (the right hand is on the viewer's left, the drummer facing us)."""
SHOULDERS = ((158, 148), (242, 148))
REST = (((174, 180), (150, 126)), ((230, 184), (258, 132)))
"""Each hand's resting place and its stick's raised tip (art units)."""
STRIKE_HAND = {
    Piece.SNARE: (226, 176),
    Piece.HIHAT: (278, 158),
    Piece.HIGH_TOM: (212, 150),
    Piece.CRASH: (258, 108),
    Piece.MID_TOM: (184, 152),
    Piece.FLOOR_TOM: (144, 180),
    Piece.RIDE: (134, 124),
}
"""Where the hand is when its stick's tip is on each piece (art units)."""
HAND_OF = {p: (RIGHT if p.value[0] < 200 else LEFT) for p in Piece}
"""The hand that plays each piece: the one on its side."""
KICK_CENTRE, KICK_RADIUS = (200, 248), 54

JACKET = (44, 92, 206)
JACKET_EDGE = (20, 42, 110)
STICK = (236, 210, 160)
STICK_TIP = (250, 240, 220)


@dataclass
class Stroke:
    """A hand's last stroke: on `piece` at song time `time_s` (seconds)."""

    piece: Piece
    time_s: float


@dataclass
class Drummer:
    """A drummer in `box` (pixels; the art's 400×320 units), mirrored for the stage's right."""

    player: int
    box: pygame.Rect
    mirrored: bool = False
    strokes: list[Stroke | None] = field(default_factory=lambda: [None, None])
    kick_s: float = -math.inf

    def hit(self, lane: Lane, cymbal: bool, time_s: float) -> None:
        """The player hit `lane` (a cymbal or not) at `time_s`: a stick strikes its piece, or
        the foot kicks."""
        if lane is Lane.KICK:
            self.kick_s = time_s
            return
        piece = PIECE_OF[(lane, cymbal)]
        hand = HAND_OF[piece]
        last = self.strokes[hand]
        if last is not None and last.piece is not piece and 0 <= time_s - last.time_s < BUSY_S:
            hand = 1 - hand
        self.strokes[hand] = Stroke(piece, time_s)

    def struck(self, now_s: float) -> list[Piece]:
        """The pieces a stick is on or just leaving at `now_s`."""
        return [s.piece for s in self.strokes if s is not None and 0 <= now_s - s.time_s < STRIKE_S]

    # geometry ----------------------------------------------------------------------------------
    def at(self, point: tuple[float, float]) -> tuple[float, float]:
        """Art units to screen pixels (mirrored for a drummer on the right)."""
        x, y = point
        if self.mirrored:
            x = stage_art.ART_W - x
        k = self.box.width / stage_art.ART_W
        return self.box.left + x * k, self.box.top + y * k

    def hand_pose(self, hand: int, now_s: float) -> tuple[tuple[float, float], tuple[float, float]]:
        """Where `hand` and its stick's tip are at `now_s` (art units): on the struck piece at
        the stroke, lifting back to rest over `STRIKE_S`."""
        rest_hand, rest_tip = REST[hand]
        stroke = self.strokes[hand]
        if stroke is None or not 0 <= now_s - stroke.time_s < STRIKE_S:
            return rest_hand, rest_tip
        down = (1 - (now_s - stroke.time_s) / STRIKE_S) ** 2
        target_hand, target_tip = STRIKE_HAND[stroke.piece], stroke.piece.value
        return _lerp(rest_hand, target_hand, down), _lerp(rest_tip, target_tip, down)

    # drawing -----------------------------------------------------------------------------------
    def draw_body(self, surface: pygame.Surface) -> None:
        """The drummer and the kit (cached pictures)."""
        size = self.box.size
        surface.blit(stage_art.art("drummer", self.player, size, self.mirrored), self.box)
        surface.blit(stage_art.art("kit", self.player, size, self.mirrored), self.box)

    def draw_limbs(self, surface: pygame.Surface, now_s: float) -> None:
        """The kick foot, the struck pieces' shimmer, and both arms with their sticks."""
        k = self.box.width / stage_art.ART_W
        self._draw_kick(surface, now_s, k)
        for piece in self.struck(now_s):
            self._shimmer(surface, piece, k)
        for hand in (RIGHT, LEFT):
            self._draw_arm(surface, hand, now_s, k)

    def _draw_kick(self, surface: pygame.Surface, now_s: float, k: float) -> None:
        """The right foot on the kick pedal, beside the kick: the toe goes down on a kick and
        the kick's head flashes."""
        down = 0 <= now_s - self.kick_s < KICK_S
        drop = 7 if down else 0
        plate = [(124, 316), (126, 310), (168, 304 + drop), (170, 309 + drop)]
        pygame.draw.polygon(surface, (150, 156, 168), [self.at(p) for p in plate])
        cuff = [(128, 282), (150, 282), (150, 300), (128, 302)]
        pygame.draw.polygon(surface, (28, 31, 43), [self.at(p) for p in cuff])
        shoe = [
            (124, 309),
            (126, 296),
            (150, 294 + drop // 2),
            (170, 300 + drop),
            (168, 307 + drop),
        ]
        pygame.draw.polygon(surface, (36, 26, 22), [self.at(p) for p in shoe])
        shine = [(134, 298), (150, 296 + drop // 2)]
        pygame.draw.line(surface, (120, 96, 80), *[self.at(p) for p in shine], max(1, round(2 * k)))
        if down:
            centre = self.at(KICK_CENTRE)
            ring = max(1, round(4 * k))
            pygame.draw.circle(surface, (255, 244, 210), centre, KICK_RADIUS * k, ring)

    def _shimmer(self, surface: pygame.Surface, piece: Piece, k: float) -> None:
        cymbal = piece in (Piece.HIHAT, Piece.RIDE, Piece.CRASH)
        rx, ry = (40, 8) if cymbal else (24, 7)
        x, y = self.at(piece.value)
        box = pygame.Rect(0, 0, max(2, round(2 * rx * k)), max(2, round(2 * ry * k)))
        box.center = (round(x), round(y))
        pygame.draw.ellipse(surface, (255, 250, 225), box, max(1, round(2 * k)))

    def _draw_arm(self, surface: pygame.Surface, hand: int, now_s: float, k: float) -> None:
        hand_at, tip_at = self.hand_pose(hand, now_s)
        shoulder = SHOULDERS[hand]
        outward = -1 if hand == RIGHT else 1
        elbow = (
            (shoulder[0] + hand_at[0]) / 2 + outward * 22,
            max(shoulder[1], hand_at[1]) + 8,
        )
        s, e, h, t = (self.at(p) for p in (shoulder, elbow, hand_at, tip_at))
        sleeve = max(2, round(17 * k))
        for colour, width in ((JACKET_EDGE, sleeve + max(1, round(3 * k))), (JACKET, sleeve)):
            for a, b in ((s, e), (e, h)):
                pygame.draw.line(surface, colour, a, b, width)
            pygame.draw.circle(surface, colour, e, width / 2)
        cuff = max(2, round(6 * k))
        pygame.draw.circle(surface, (243, 243, 246), h, cuff)
        pygame.draw.line(surface, STICK, h, t, max(1, round(4 * k)))
        pygame.draw.circle(surface, STICK_TIP, t, max(1, round(2.5 * k)))
        skin = pygame.Color(stage_art.LOOKS[self.player % len(stage_art.LOOKS)].skin)
        pygame.draw.circle(surface, skin, h, max(2, round(7 * k)))


def _lerp(a: tuple[float, float], b: tuple[float, float], k: float) -> tuple[float, float]:
    return a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k
