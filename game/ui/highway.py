"""One player's drum highway in perspective: a board receding to a vanishing point as in Clone
Hero, YARG or Rock Band, notes coming down it scaled by depth, beat lines converging, strike-line
pads that light when hit, bursts, the judgement and combo by the strike line.

It reads the engine's state and draws it, nothing else. What does not move (the board, the pads,
the bursts, the glows) is drawn once per size (`highway_board`); gems once per look and size
(`gems`); where a note stands comes from a pure projection (`perspective`). For a player's first
plays the strike line can show each pad's key (`StrikeLabels`).

Lefty flip (`Camera.lefty`) mirrors the chart as YARG and Rock Band 3 do, not the screen: the
notes' lanes are mirrored (the snare's notes come down the rightmost slot, the green crash and
floor tom's the leftmost) while each slot keeps its colour, so the leftmost slot is still red —
and the crash, a cymbal, now comes as a red cymbal. Each gem keeps its own shape (tom or
cymbal), so a cymbal reads as a cymbal in any slot. Inputs are not moved: a kit's snare still
plays the snare's notes, wherever they are drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pygame

from game.base.language import _
from game.core.chart import NoteTrack
from game.core.engine import UNJUDGED, PlayerEngine
from game.core.events import JudgementEvent
from game.core.judgement import Judgement
from game.core.lanes import Dynamics, Lane
from game.core.tempo import TempoMap
from game.store.settings import Settings
from game.ui import highway_hud, theme
from game.ui.gems import STAR_COLOUR, GemSprites, ready
from game.ui.highway_board import BURST_FRAMES, PAD_H, PAD_LANES, SLOT_COLOURS, Board
from game.ui.perspective import Camera, Projection
from game.ui.text_fit import fit

__all__ = ["PAD_LANES", "HighwayView", "LabelBox", "Popup", "StrikeLabels", "cameras_for"]

POPUP_S = 0.45
FLASH_S = 0.12
BURST_S = 0.22
SHAKE_S = 0.2
PARTNER_S = 0.25
HUD_HEIGHT = 62
"""Pixels at the top of a highway kept for the name, score and accuracy."""
FOOT = 0.16
"""The part of the highway's height under the strike line (judgement, combo)."""
LABEL_SIZE = 17
"""The key labels' text size on a highway of `LABEL_HIGHWAY_H` pixels (scaled with it)."""
LABEL_HIGHWAY_H = 496
"""A highway's height (pixels) in a 1280x720 window."""
MISSED = (95, 95, 110)


def _label(words: str, scale: float = 1.0) -> pygame.Surface:
    """A key label's words, rendered `scale` times the labels' size."""
    return theme.text(words, round(LABEL_SIZE * scale), theme.TEXT, True)


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


@dataclass
class Popup:
    """A judgement shown under the strike line until `until_s` (song seconds)."""

    label: str
    detail: str
    colour: tuple[int, int, int]
    until_s: float


def cameras_for(settings: Settings, players: int) -> tuple[Camera, ...]:
    """Each of `players` players' camera and note speed, as their settings say."""
    h, speeds = settings.highway, settings.gameplay.note_speed
    return tuple(
        Camera(h.tilt[p], h.length[p], h.width[p], h.lefty[p], speeds[p]) for p in range(players)
    )


def _cropped(surface: pygame.Surface) -> tuple[pygame.Surface, tuple[int, int]]:
    """The part of `surface` with anything drawn on it, and where that part sits in it."""
    box = surface.get_bounding_rect()
    if box.width == 0 or box.height == 0:
        return pygame.Surface((1, 1), pygame.SRCALPHA), (0, 0)
    return ready(surface.subsurface(box).copy()), box.topleft


ACTIVATION_COLOUR = (255, 200, 40)
"""The colour of a fill's last note while star power can be activated (the meter at least half):
hitting it starts star power."""


class HighwayView:
    """Draws `engine`'s highway into `rect`; `note_speed_s` is how long a note takes from the
    far end to the strike line (the `camera`'s own note speed, when set, wins)."""

    def __init__(
        self,
        engine: PlayerEngine,
        tempo: TempoMap,
        rect: pygame.Rect,
        note_speed_s: float = 1.4,
        label: str = "Player 1",
        keys: StrikeLabels | None = None,
        scale: float = 1.0,
        camera: Camera | None = None,
    ) -> None:
        """`keys`, when given, are drawn on the strike line (see `StrikeLabels`)."""
        self.engine = engine
        self.keys = keys
        self.scale = scale
        """How much larger than at 1280×720 the highway's words are drawn (1 up to 720 high)."""
        self.camera = camera or Camera()
        self.track: NoteTrack = engine.track
        self.tempo = tempo
        self.rect = pygame.Rect(rect)
        self.note_speed_s = self.camera.note_speed_s or note_speed_s
        self.label = label
        self.popup: Popup | None = None
        self.flashes: dict[Lane, float] = {}
        """Per lane: until when (song seconds) its strike pad is lit."""
        self.bursts: dict[Lane, float] = {}
        """Per lane: when (song seconds) its last hit's burst started."""
        self.partner_hits: dict[Lane, float] = {}
        """Per lane: until when (song seconds) the partner's last hit shows on this highway."""
        self.missed_at = -math.inf
        self._times = self.track.times
        self._lanes = self.track.lanes.tolist()
        self._cymbals = self.track.cymbal.tolist()
        self._dynamics = self.track.dynamics.tolist()
        star = getattr(self.track, "star_phrase", None)  # from the star power branch, if merged
        self._star = None if star is None else np.asarray(star, dtype=bool).tolist()
        double = getattr(self.track, "double_kick", None)
        self._double = None if double is None else np.asarray(double, dtype=bool).tolist()
        fill_end = getattr(self.track, "fill_end", None)
        self._fill_end = None if fill_end is None else np.asarray(fill_end, dtype=bool).tolist()
        end = float(self._times[-1]) + 2 * self.note_speed_s if len(self._times) else 0.0
        beats, bars = tempo.beat_lines(0.0, end)  # once: each frame takes a slice
        self._beats, self._bars = np.asarray(beats, dtype=float), np.asarray(bars, dtype=bool)
        self._layout()

    # layout ------------------------------------------------------------------------------------
    def _px(self, length: float) -> int:
        """`length` (pixels at 1280×720) at this highway's scale."""
        return max(1, round(length * self.scale))

    def _layout(self) -> None:
        r, cam, px = self.rect, self.camera, self._px
        hud = px(HUD_HEIGHT)
        strike_y = r.height - max(px(76), round(r.height * FOOT))
        room = strike_y - hud - px(6)
        far_y = strike_y - room * min(max(cam.length, 0.3), 1.0)
        strike_w = r.width * min(max(cam.width, 0.3), 1.0)
        self.local = Projection(r.width / 2, strike_y, far_y, strike_w, cam.recede, 1.0)
        """The projection in the highway's own pixels (its top left at 0, 0); depth 1 is the
        far end (multiply by the note speed for seconds)."""
        self.projection = replace(
            self.local,
            centre_x=self.local.centre_x + r.left,
            strike_y=strike_y + r.top,
            far_y=far_y + r.top,
        )
        """The projection on the screen."""
        lane_w = strike_w / 4
        near_z = self.local.depth_of_y(strike_y + lane_w * PAD_H * 0.9)
        self.board = Board(r.size, self.local, near_z)
        self.gems = GemSprites(round(lane_w))
        self._hud_shade = pygame.Surface((r.width, hud), pygame.SRCALPHA)
        self._hud_shade.fill((*theme.BACKGROUND, 220))
        self._clip = pygame.Rect(r.left, r.top + hud, r.width, r.height - hud)
        self._overlays = {
            name: _cropped(surf)
            for name, surf in (
                ("harmony", self.board.harmony),
                ("star", self.board.star),
                ("miss", self.board.miss_tint),
            )
        }
        self._pulses = [_cropped(s) for s in self.board.pulses]
        radius = px(20)
        top = r.top + strike_y + round(lane_w * PAD_H / 2) + px(4)
        badge = (r.left + px(8) + radius, top + radius)
        kick_room = px(64) if self.keys is not None and self.keys.kick else px(8)
        left = badge[0] + radius + px(54)
        right = r.right - kick_room
        self.foot = highway_hud.FootLayout(
            badge, radius, badge[0] + radius + px(6), (left + right) // 2, top, right - left
        )

    @property
    def hit_y(self) -> int:
        """The strike line's y (pixels)."""
        return round(self.projection.strike_y)

    def slot_of(self, lane: Lane) -> int:
        """The slot (0 leftmost to 3) where `lane`'s notes come down: mirrored when lefty."""
        i = PAD_LANES.index(lane)
        return 3 - i if self.camera.lefty else i

    def lane_x(self, lane: Lane) -> tuple[int, int]:
        """Left x and width (pixels) of a pad lane's slot at the strike line."""
        w = self.projection.strike_w / 4
        left = self.projection.x(self.slot_of(lane) / 4, 0.0)
        return round(left), round(w)

    def y_of(self, time_s: float, now_s: float) -> float:
        """Screen y of a note at `time_s` when the song is at `now_s`."""
        return float(self.projection.y((time_s - now_s) / self.note_speed_s))

    def label_boxes(self) -> list[LabelBox]:
        """Where each key label is drawn (empty without `keys`): over each pad lane's strike
        pad the tom's key, the cymbal's beside it; the kick's under the line at the right."""
        if self.keys is None:
            return []
        k = self.label_scale
        cap_h, pad = round(24 * k), round(14 * k)
        lane_w = self.projection.strike_w / 4
        boxes: list[LabelBox] = []
        top = self.hit_y - round(lane_w * PAD_H / 2) - round(4 * k) - cap_h
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
            cap_w = min(self.rect.width // 4, _label(self.keys.kick, k).get_width() + pad)
            box = pygame.Rect(0, self.foot.top, cap_w, cap_h)
            box.right = self.rect.right - round(6 * k)
            boxes.append(LabelBox(self.keys.kick, box, Lane.KICK, False))
        return boxes

    @property
    def label_scale(self) -> float:
        """How much larger than at 1280x720 the key labels are drawn (a taller highway)."""
        return max(1.0, self.rect.height / LABEL_HIGHWAY_H)

    # star power (read from the engine when it has it) ---------------------------------------
    def star_level(self, now_s: float) -> float | None:
        """The star meter (0-1) at `now_s`, or None when the engine has no star power or the
        track no star-power phrase (then no meter is drawn)."""
        meter = getattr(self.engine, "star_meter", None)
        if meter is None or not (self._star and any(self._star)):
            return None
        return float(meter(now_s))

    def star_active(self, now_s: float) -> bool:
        """True while the player's star power is active at `now_s`."""
        active = getattr(self.engine, "star_active", None)
        return bool(active(now_s)) if active is not None else False

    # events ------------------------------------------------------------------------------------
    def on_judgement(self, event: JudgementEvent) -> None:
        """Show one of the player's judgements: the pad lights on any hit (an overhit too), a
        hit bursts, a miss shakes the strike line; a pop-up with early/late."""
        j = event.judgement
        if j is Judgement.MISS:
            self.missed_at = event.time_s
        else:
            self.flashes[event.lane] = event.time_s + FLASH_S
        if j.is_hit:
            self.bursts[event.lane] = event.time_s
        if j is Judgement.OVERHIT:
            return
        detail = ""
        if j.is_hit and j is not Judgement.PERFECT:
            ms = event.error_s * 1000
            word = _("early {ms:.0f} ms") if ms < 0 else _("late {ms:.0f} ms")
            detail = word.format(ms=abs(ms))
        self.popup = Popup(j.name, detail, theme.JUDGEMENT_COLOURS[j], event.time_s + POPUP_S)

    def on_partner_judgement(self, event: JudgementEvent) -> None:
        """Show the partner's hit landing on this highway, faintly, at its lane's pad."""
        if event.judgement.is_hit or event.judgement is Judgement.OVERHIT:
            self.partner_hits[event.lane] = event.time_s + PARTNER_S

    # drawing -----------------------------------------------------------------------------------
    def draw(
        self,
        surface: pygame.Surface,
        now_s: float,
        harmony: bool = False,
        pulse: frozenset[Lane] = frozenset(),
    ) -> None:
        """Draw the highway at song time `now_s`; `harmony` glows it gold, `pulse` lanes pulse."""
        r = self.rect
        shake = now_s - self.missed_at
        dx = 0
        if 0 <= shake < SHAKE_S:
            dx = round(self._px(5) * math.sin(shake * 60) * (1 - shake / SHAKE_S))
        p = (
            self.projection
            if not dx
            else replace(self.projection, centre_x=self.projection.centre_x + dx)
        )
        clip = surface.get_clip()
        surface.set_clip(r if clip is None else r.clip(clip))
        surface.blit(self.board.background, (r.left + dx, r.top))
        star = self.star_active(now_s)
        if star:
            self._overlay(surface, "star", dx)
        if harmony:
            self._overlay(surface, "harmony", dx)
        for lane in pulse:
            if lane in PAD_LANES:
                glow, at = self._pulses[self.slot_of(lane)]
                glow.set_alpha(round(150 + 105 * math.sin(now_s * math.tau * 2)))
                surface.blit(glow, (r.left + dx + at[0], r.top + at[1]))
        if 0 <= shake < SHAKE_S:
            self._overlay(surface, "miss", dx)
        self._draw_beats(surface, now_s, p)
        self._draw_pads(surface, now_s, p)
        self._draw_labels(surface, dx)  # under the notes: a note passes over its key
        surface.set_clip(self._clip if clip is None else self._clip.clip(clip))
        self._draw_notes(surface, now_s, p)
        surface.blit(self.board.fade, (r.left, r.top + round(self.local.far_y)))
        surface.set_clip(r if clip is None else r.clip(clip))
        self._draw_bursts(surface, now_s, p)
        surface.set_clip(clip)
        highway_hud.draw_top(self, surface)
        highway_hud.draw_side_meters(self, surface, now_s)
        highway_hud.draw_foot(self, surface, now_s)

    def _overlay(self, surface: pygame.Surface, name: str, dx: int) -> None:
        glow, at = self._overlays[name]
        surface.blit(glow, (self.rect.left + dx + at[0], self.rect.top + at[1]))

    def _draw_beats(self, surface: pygame.Surface, now_s: float, p: Projection) -> None:
        speed = self.note_speed_s
        lo = int(np.searchsorted(self._beats, max(now_s, 0.0)))
        hi = int(np.searchsorted(self._beats, now_s + speed, side="right"))
        if hi <= lo:
            return
        z = (self._beats[lo:hi] - now_s) / speed
        bars = self._bars[lo:hi]
        ys, halves = p.y(z), p.half_width(z)
        for y, half, is_bar in zip(ys.tolist(), halves.tolist(), bars.tolist(), strict=True):
            colour = (120, 130, 165) if is_bar else (62, 70, 100)
            x = p.centre_x
            pygame.draw.line(surface, colour, (x - half, y), (x + half, y), 2 if is_bar else 1)

    def _draw_pads(self, surface: pygame.Surface, now_s: float, p: Projection) -> None:
        board = self.board
        kick_lit = self.flashes.get(Lane.KICK, -math.inf) > now_s
        line = board.lit_kick_line if kick_lit else board.kick_line
        surface.blit(line, (round(p.x(0.0, 0.0)), round(p.strike_y) - line.get_height() // 2))
        for lane in PAD_LANES:
            slot = self.slot_of(lane)
            lit = self.flashes.get(lane, -math.inf) > now_s  # none lit in the lead-in
            pad = (board.lit_pads if lit else board.pads)[slot]
            cx = p.x((slot + 0.5) / 4, 0.0)
            surface.blit(pad, pad.get_rect(center=(round(cx), round(p.strike_y))))

    def _draw_labels(self, surface: pygame.Surface, dx: int) -> None:
        for label in self.label_boxes():
            lane_colour = theme.LANE_COLOURS[label.lane]
            if label.lane is not Lane.KICK:
                lane_colour = SLOT_COLOURS[self.slot_of(label.lane)]
            fill, rim = theme.darker(lane_colour, 0.55), theme.lighter(lane_colour, 0.2)
            box = label.box.move(dx, 0)
            if label.cymbal:
                pygame.draw.ellipse(surface, fill, box)
                pygame.draw.ellipse(surface, rim, box, 2)
            else:
                pygame.draw.rect(surface, fill, box, border_radius=5)
                pygame.draw.rect(surface, rim, box, 2, border_radius=5)
            k = self.label_scale
            words = _label(fit(label.text, round(LABEL_SIZE * k), box.width - 6, True), k)
            surface.blit(words, words.get_rect(center=box.center))

    def _draw_notes(self, surface: pygame.Surface, now_s: float, p: Projection) -> None:
        speed = self.note_speed_s
        t = self._times
        lo = int(np.searchsorted(t, now_s + p.nearest_z * speed))
        hi = int(np.searchsorted(t, now_s + speed, side="right"))
        state_of, lanes, star, double = (
            self.engine.note_state,
            self._lanes,
            self._star,
            self._double,
        )
        gems, board_w = self.gems, p.strike_w
        ready = getattr(self.engine, "star_ready", None)
        fill_end = self._fill_end if ready is not None and ready(now_s) else None
        pads: list[tuple[int, int]] = []
        for i in range(hi - 1, lo - 1, -1):  # far notes first: near ones draw over them
            state = state_of(i)
            if state != UNJUDGED and state != Judgement.MISS:
                continue  # hit: gone from the highway
            if lanes[i] != Lane.KICK:
                pads.append((i, state))
                continue
            z = (float(t[i]) - now_s) / speed  # kicks first: under the pads of their chord
            colour = STAR_COLOUR if star and star[i] else theme.LANE_COLOURS[Lane.KICK]
            colour = ACTIVATION_COLOUR if fill_end and fill_end[i] else colour
            colour = MISSED if state == Judgement.MISS else colour
            bar = gems.kick(
                colour, board_w, Dynamics(self._dynamics[i]), bool(double and double[i]), p.scale(z)
            )
            surface.blit(bar, bar.get_rect(center=(round(p.centre_x), round(p.y(z)))))
        for i, state in pads:
            z = (float(t[i]) - now_s) / speed
            slot = self.slot_of(Lane(lanes[i]))
            colour = STAR_COLOUR if star and star[i] else SLOT_COLOURS[slot]
            activates = bool(fill_end and fill_end[i]) and state != Judgement.MISS
            colour = ACTIVATION_COLOUR if activates else colour
            colour = MISSED if state == Judgement.MISS else colour
            gem = gems.gem(colour, self._cymbals[i], Dynamics(self._dynamics[i]), p.scale(z))
            centre = (round(p.x((slot + 0.5) / 4, z)), round(p.y(z)))
            box = surface.blit(gem, gem.get_rect(center=centre))
            if activates:  # the note that starts star power: ringed, as the fill's end
                ring = box.inflate(box.width // 3, box.height // 2)
                pygame.draw.ellipse(surface, theme.TEXT, ring, max(2, box.height // 10))

    def _draw_bursts(self, surface: pygame.Surface, now_s: float, p: Projection) -> None:
        board = self.board
        for lane, until in self.partner_hits.items():
            if until > now_s and lane in PAD_LANES:
                cx = p.x((self.slot_of(lane) + 0.5) / 4, 0.0)
                ring = board.partner_ring
                surface.blit(ring, ring.get_rect(center=(round(cx), round(p.strike_y))))
        for lane, start in self.bursts.items():
            age = now_s - start
            if not 0 <= age < BURST_S:
                continue
            frame = min(BURST_FRAMES - 1, int(age / BURST_S * BURST_FRAMES))
            if lane is Lane.KICK:
                burst = board.kick_burst[frame]
                surface.blit(burst, burst.get_rect(center=(round(p.centre_x), round(p.strike_y))))
                continue
            slot = self.slot_of(lane)
            burst = board.bursts[slot][frame]
            cx = p.x((slot + 0.5) / 4, 0.0)
            surface.blit(burst, burst.get_rect(center=(round(cx), round(p.strike_y))))
