"""One player's drum highway: lanes, beat and bar lines, notes scrolling to the hit line, the HUD.

It reads the engine's state and draws it, nothing else. Toms are rounded pads, cymbals are
domes; accents are larger with a white rim, ghosts smaller and faded; the kick is a bar across.
For a player's first plays the strike line can show each pad's key (`StrikeLabels`): a key cap
over each pad for the tom, an oval one beside it for the cymbal, and the kick's under the line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pygame

from game.base.language import _
from game.core.chart import NoteTrack
from game.core.engine import UNJUDGED, PlayerEngine
from game.core.events import JudgementEvent
from game.core.judgement import Judgement
from game.core.lanes import Dynamics, Lane
from game.core.tempo import TempoMap
from game.ui import theme
from game.ui.text_fit import fit


def _label(words: str, scale: float = 1.0) -> pygame.Surface:
    """A key label's words, rendered `scale` times the labels' size."""
    return theme.text(words, round(LABEL_SIZE * scale), theme.TEXT, True)


PAD_LANES = (Lane.RED, Lane.YELLOW, Lane.BLUE, Lane.GREEN)
POPUP_S = 0.45
FLASH_S = 0.12


HUD_HEIGHT = 62
"""Pixels at the top of a highway kept for the name, score and accuracy."""


@dataclass(frozen=True)
class StrikeLabels:
    """The keys a player plays, as printed on the keys ("F", "Space", "Num 4"): per pad lane
    the tom's (red: the snare's) and the cymbal's ("" when none), and the kick's."""

    pads: dict[Lane, tuple[str, str]]
    kick: str


@dataclass(frozen=True)
class LabelBox:
    """One key label on the strike line: its words, box (pixels), lane, and whether it is a
    cymbal's (drawn oval)."""

    text: str
    box: pygame.Rect
    lane: Lane
    cymbal: bool


LABEL_SIZE = 17
"""The key labels' text size on a highway of `LABEL_HIGHWAY_H` pixels (scaled with it)."""
LABEL_HIGHWAY_H = 496
"""A highway's height (pixels) in a 1280x720 window."""


@dataclass
class Popup:
    """A judgement shown above the hit line until `until_s` (song seconds)."""

    label: str
    detail: str
    colour: tuple[int, int, int]
    until_s: float


class HighwayView:
    """Draws `engine`'s highway into `rect`; `note_speed_s` is how long a note takes to fall."""

    def __init__(
        self,
        engine: PlayerEngine,
        tempo: TempoMap,
        rect: pygame.Rect,
        note_speed_s: float = 1.4,
        label: str = "Player 1",
        keys: StrikeLabels | None = None,
        scale: float = 1.0,
    ) -> None:
        """`keys`, when given, are drawn on the strike line (see `StrikeLabels`)."""
        self.engine = engine
        self.keys = keys
        self.scale = scale
        """How much larger than at 1280×720 the highway's words are drawn (1 up to 720 high)."""
        self.track: NoteTrack = engine.track
        self.tempo = tempo
        self.rect = pygame.Rect(rect)
        self.note_speed_s = note_speed_s
        self.label = label
        self.popup: Popup | None = None
        self.flashes: dict[Lane, float] = {}
        self._background = self._draw_background()
        self._hud_shade = pygame.Surface((self.rect.width, self._px(HUD_HEIGHT)), pygame.SRCALPHA)
        self._hud_shade.fill((*theme.BACKGROUND, 200))
        self._times = self.track.times

    # layout ------------------------------------------------------------------------------------
    def _px(self, length: float) -> int:
        """`length` (pixels at 1280×720) at this highway's scale."""
        return max(1, round(length * self.scale))

    @property
    def hit_y(self) -> int:
        """The hit line's y (pixels)."""
        return self.rect.bottom - max(48, self.rect.height // 9)

    def lane_x(self, lane: Lane) -> tuple[int, int]:
        """Left x and width of a pad lane (red, yellow, blue, green)."""
        w = self.rect.width // 4
        return self.rect.left + PAD_LANES.index(lane) * w, w

    def y_of(self, time_s: float, now_s: float) -> float:
        """Screen y of a note at `time_s` when the song is at `now_s`."""
        travel = self.hit_y - self.rect.top
        return self.hit_y - (time_s - now_s) / self.note_speed_s * travel

    def label_boxes(self) -> list[LabelBox]:
        """Where each key label is drawn (empty without `keys`): over each pad lane's strike
        pad the tom's key, the cymbal's beside it; the kick's under the line at the left."""
        if self.keys is None:
            return []
        k = self.label_scale
        cap_h, pad = round(24 * k), round(14 * k)
        boxes: list[LabelBox] = []
        top = self.hit_y - pad - cap_h
        for lane in PAD_LANES:
            tom, cymbal = self.keys.pads.get(lane, ("", ""))
            x, w = self.lane_x(lane)
            shown = [(key, c) for key, c in ((tom, False), (cymbal, True)) if key]
            slot = (w - 8) // max(1, len(shown))
            for i, (key, is_cymbal) in enumerate(shown):
                cap_w = min(slot - 4, _label(key, k).get_width() + pad)
                box = pygame.Rect(0, top, max(cap_w, cap_h * 2 // 3), cap_h)
                box.centerx = x + 4 + slot * i + slot // 2
                boxes.append(LabelBox(key, box, lane, is_cymbal))
        if self.keys.kick:
            cap_w = min(self.rect.width // 3, _label(self.keys.kick, k).get_width() + pad)
            box = pygame.Rect(self.rect.left + 8, self.hit_y + round(12 * k), cap_w, cap_h)
            boxes.append(LabelBox(self.keys.kick, box, Lane.KICK, False))
        return boxes

    @property
    def label_scale(self) -> float:
        """How much larger than at 1280x720 the key labels are drawn (a taller highway)."""
        return max(1.0, self.rect.height / LABEL_HIGHWAY_H)

    # events ------------------------------------------------------------------------------------
    def on_judgement(self, event: JudgementEvent) -> None:
        """Show a judgement: a pop-up with early/late, and a flash on the lane that was hit."""
        j = event.judgement
        if j.is_hit:
            self.flashes[event.lane] = event.time_s + FLASH_S
        if j is Judgement.OVERHIT:
            return
        detail = ""
        if j.is_hit and j is not Judgement.PERFECT:
            ms = event.error_s * 1000
            word = _("early {ms:.0f} ms") if ms < 0 else _("late {ms:.0f} ms")
            detail = word.format(ms=abs(ms))
        self.popup = Popup(j.name, detail, theme.JUDGEMENT_COLOURS[j], event.time_s + POPUP_S)

    # drawing -----------------------------------------------------------------------------------
    def _draw_background(self) -> pygame.Surface:
        surf = pygame.Surface(self.rect.size)
        surf.fill(theme.PANEL)
        for lane in PAD_LANES:
            x, w = self.lane_x(lane)
            strip = pygame.Rect(x - self.rect.left, 0, w, self.rect.height)
            pygame.draw.rect(surf, theme.darker(theme.LANE_COLOURS[lane], 0.82), strip)
            pygame.draw.line(surf, theme.darker(theme.TEXT, 0.7), strip.topleft, strip.bottomleft)
        return surf

    def draw(
        self,
        surface: pygame.Surface,
        now_s: float,
        harmony: bool = False,
        pulse: frozenset[Lane] = frozenset(),
    ) -> None:
        """Draw the highway at song time `now_s`; the lanes in `pulse` glow in time (a cue)."""
        surface.blit(self._background, self.rect)
        for lane in pulse:
            x, w = self.lane_x(lane)
            k = 0.25 + 0.2 * math.sin(now_s * math.tau * 2)
            lift = tuple(round(c * k) for c in theme.LANE_COLOURS[lane])
            surface.fill(lift, (x, self.rect.top, w, self.rect.height), pygame.BLEND_RGB_ADD)
        self._draw_beats(surface, now_s)
        hit_y = self.hit_y
        line_colour = theme.HARMONY_GLOW if harmony else theme.TEXT
        pygame.draw.line(surface, line_colour, (self.rect.left, hit_y), (self.rect.right, hit_y), 3)
        for lane in PAD_LANES:
            x, w = self.lane_x(lane)
            lit = self.flashes.get(lane, -math.inf) > now_s  # none lit in the lead-in
            colour = theme.lighter(theme.LANE_COLOURS[lane], 0.5 if lit else 0.0)
            pygame.draw.rect(
                surface, colour, (x + 6, hit_y - 8, w - 12, 16), 0 if lit else 3, border_radius=8
            )
        self._draw_labels(surface)  # under the notes: a note passes over its key
        clip = surface.get_clip()
        surface.set_clip(self.rect)  # a note coming in is cut at the highway's top edge
        self._draw_notes(surface, now_s)
        surface.set_clip(clip)
        self._draw_hud(surface, now_s)
        if harmony:
            pygame.draw.rect(surface, theme.HARMONY_GLOW, self.rect, 3)

    def _draw_labels(self, surface: pygame.Surface) -> None:
        for label in self.label_boxes():
            lane_colour = theme.LANE_COLOURS[label.lane]
            fill, rim = theme.darker(lane_colour, 0.55), theme.lighter(lane_colour, 0.2)
            if label.cymbal:
                pygame.draw.ellipse(surface, fill, label.box)
                pygame.draw.ellipse(surface, rim, label.box, 2)
            else:
                pygame.draw.rect(surface, fill, label.box, border_radius=5)
                pygame.draw.rect(surface, rim, label.box, 2, border_radius=5)
            k = self.label_scale
            words = _label(fit(label.text, round(LABEL_SIZE * k), label.box.width - 6, True), k)
            surface.blit(words, words.get_rect(center=label.box.center))

    def _draw_beats(self, surface: pygame.Surface, now_s: float) -> None:
        beats, bars = self.tempo.beat_lines(max(now_s, 0.0), now_s + self.note_speed_s)
        for t, is_bar in zip(beats.tolist(), bars.tolist(), strict=True):
            y = self.y_of(t, now_s)
            colour = theme.darker(theme.TEXT, 0.45 if is_bar else 0.75)
            pygame.draw.line(
                surface, colour, (self.rect.left, y), (self.rect.right - 1, y), 2 if is_bar else 1
            )

    def _draw_notes(self, surface: pygame.Surface, now_s: float) -> None:
        t = self._times
        lo = int(np.searchsorted(t, now_s - 0.15))
        hi = int(np.searchsorted(t, now_s + self.note_speed_s, side="right"))
        lanes, cymbals, dyns = self.track.lanes, self.track.cymbal, self.track.dynamics
        for i in range(hi - 1, lo - 1, -1):  # later notes first, so earlier ones draw on top
            state = self.engine.note_state(i)
            if state != UNJUDGED and state != Judgement.MISS:
                continue  # hit: gone from the highway
            y = self.y_of(float(t[i]), now_s)
            lane = Lane(int(lanes[i]))
            colour = theme.LANE_COLOURS[lane]
            if state == Judgement.MISS:
                colour = theme.darker(colour, 0.6)
            dyn = Dynamics(int(dyns[i]))
            if lane is Lane.KICK:
                self._draw_kick(surface, y, colour, dyn)
            else:
                self._draw_pad(surface, lane, y, colour, bool(cymbals[i]), dyn)

    def _draw_kick(self, surface, y: float, colour, dyn: Dynamics) -> None:
        h = 10 if dyn is Dynamics.ACCENT else 7
        bar = pygame.Rect(self.rect.left + 4, int(y) - h // 2, self.rect.width - 8, h)
        pygame.draw.rect(surface, colour, bar, border_radius=4)

    def _draw_pad(self, surface, lane: Lane, y: float, colour, cymbal: bool, dyn: Dynamics) -> None:
        x, w = self.lane_x(lane)
        scale = {Dynamics.ACCENT: 1.15, Dynamics.GHOST: 0.7}.get(dyn, 1.0)
        gw, gh = int((w - 14) * scale), int(22 * scale)
        gem = pygame.Rect(0, 0, gw, gh)
        gem.center = (x + w // 2, int(y))
        if dyn is Dynamics.GHOST:
            colour = theme.darker(colour, 0.35)
        if cymbal:
            pygame.draw.ellipse(surface, colour, gem)
            pygame.draw.ellipse(surface, theme.lighter(colour, 0.6), gem, 3)
        else:
            pygame.draw.rect(surface, colour, gem, border_radius=gh // 3)
            pygame.draw.rect(surface, theme.darker(colour, 0.4), gem, 2, border_radius=gh // 3)
        if dyn is Dynamics.ACCENT:
            pygame.draw.rect(surface, theme.TEXT, gem.inflate(6, 6), 2, border_radius=gh // 2)

    def _draw_hud(self, surface: pygame.Surface, now_s: float) -> None:
        card = self.engine.card
        r = self.rect
        px = self._px
        surface.blit(self._hud_shade, r.topleft)  # notes pass under the score, not over it
        score = theme.text(f"{card.score:,}", px(34), theme.TEXT, True)
        surface.blit(score, (r.right - score.get_width() - px(8), r.top + px(6)))
        room = r.width - score.get_width() - px(28)
        label = fit(self.label, px(26), room, True)
        surface.blit(theme.text(label, px(26), theme.TEXT, True), (r.left + px(8), r.top + px(8)))
        acc = theme.text(f"{card.accuracy * 100:.1f}%", px(24), theme.DIM)
        surface.blit(acc, (r.right - acc.get_width() - px(8), r.top + px(36)))
        if card.combo:
            words = _("{combo} combo  x{multiplier}").format(
                combo=card.combo, multiplier=card.multiplier
            )
            words = fit(words, px(28), r.width - px(16), True)
            combo = theme.text(words, px(28), theme.GOLD, True)
            surface.blit(combo, (r.centerx - combo.get_width() // 2, self.hit_y + px(14)))
        p = self.popup
        if p is not None and p.until_s > now_s:
            label_s = theme.text(
                fit(p.label, px(40), r.width - px(16), True), px(40), p.colour, True
            )
            y = self.hit_y - px(120)
            surface.blit(label_s, (r.centerx - label_s.get_width() // 2, y))
            if p.detail:
                detail = theme.text(fit(p.detail, px(24), r.width - px(16)), px(24), p.colour)
                surface.blit(detail, (r.centerx - detail.get_width() // 2, y + px(36)))
