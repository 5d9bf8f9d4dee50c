"""The play screen: one highway or two side by side, the Goodwill meter, Sync pop-ups, Harmony,
song progress and section, and the stage where two drummers in blue jackets play along.

In a duet the meter shows its value and marks at 50 and 100; from 50 until Harmony starts a cue
on the stage says to hit green together, and both highways' green lanes pulse. Each player's
highway also shows the partner's hits landing (when the highway can: `on_partner_judgement`)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import pygame

from game.base.language import _
from game.core.chart import Chart
from game.core.duet import HARMONY_THRESHOLD, DuetSession
from game.core.engine import PlayerEngine
from game.core.events import HarmonyEvent, JudgementEvent, SyncEvent
from game.core.lanes import Lane
from game.core.session import PlaySession
from game.ui import theme
from game.ui.highway import HighwayView, StrikeLabels
from game.ui.notice import NoticeLayout, draw_notice
from game.ui.perspective import Camera
from game.ui.play_meter import (
    MeterLayout,
    draw_cue,
    draw_harmony_banner,
    draw_meter,
)
from game.ui.stage import Stage
from game.ui.text_fit import fit

SYNC_POPUP_S = 0.6
HIGHWAY_W = 500
"""A highway's width (pixels) in a 1280×720 window, grown with the window's height; narrower
where two do not fit."""
CUE_LANES = frozenset({Lane.GREEN})
"""The lanes that pulse while the Harmony cue shows: both players hit green to start it."""


class PlayScene:
    """Draws a `PlaySession` of `chart`; feed it the session's events with `on_events`."""

    def __init__(
        self,
        chart: Chart,
        session: PlaySession,
        size: tuple[int, int],
        note_speed_s: float = 1.4,
        names: tuple[str, ...] | None = None,
        keys: tuple[StrikeLabels | None, ...] = (),
        cameras: tuple[Camera, ...] = (),
        engines: Sequence[PlayerEngine] | None = None,
    ) -> None:
        """`keys` are each player's keys shown on the strike line (None or none: not shown);
        `cameras` each player's view of their highway (none: the defaults); `engines` what
        each highway draws (none: the session's; a live duet draws your own feel)."""
        self.chart = chart
        self.keys = keys
        self.cameras = cameras
        self.session = session
        self.engines = list(engines) if engines is not None else list(session.engines)
        self.behind_s: tuple[float, ...] = ()
        """How far behind the song time each highway is drawn (seconds; a live duet's partner
        is drawn as their hits arrive); none: not behind."""
        self.duet = isinstance(session, DuetSession)
        self.note_speed_s = note_speed_s
        self.names = names or tuple(_("Player {number}").format(number=n) for n in (1, 2))
        self.sync_from = self.sync_until = -math.inf
        """The song times (seconds) between which the last Sync's pop-up shows; none before
        the first Sync (song time starts negative, in the lead-in)."""
        self.notice: str | None = None
        self.notice_layout: NoticeLayout | None = None
        """Where the notice was last drawn: wrapped on the stage, under the highways."""
        self.layout(size)

    def layout(self, size: tuple[int, int]) -> None:
        """Place the highways, meter and stage for a window of `size` pixels."""
        w, h = size
        self.size = size
        self.scale = max(1.0, min(w / 1280, h / 720))
        """How much larger than at 1280×720 the words are drawn (1 up to that size)."""
        top, stage_h = self._px(70), max(120, h // 5)
        hw_h = h - top - stage_h - 10
        n = len(self.engines)
        meter = MeterLayout(self.scale)
        hw_w = min(round(HIGHWAY_W * max(1.0, h / 720)), (w - 80 - meter.gap) // max(n, 1))
        gap = meter.gap if n == 2 else 0
        left = (w - (n * hw_w + gap)) // 2
        self.highways = []
        for i, engine in enumerate(self.engines):
            x = left + i * (hw_w + gap)
            rect = pygame.Rect(x, top, hw_w, hw_h)
            self.highways.append(
                HighwayView(
                    engine,
                    self.chart.tempo,
                    rect,
                    self.note_speed_s,
                    self.names[i],
                    self.keys[i] if i < len(self.keys) else None,
                    self.scale,
                    self.cameras[i] if i < len(self.cameras) else None,
                )
            )
        # the meter, with room over it for "SYNC" and under it for its label and value
        self.meter = meter
        self.meter_rect = meter.rect(w // 2, top, hw_h)
        tracks = [engine.track for engine in self.engines]
        old = getattr(self, "stage", None)
        self.stage = Stage(pygame.Rect(0, h - stage_h, w, stage_h), n, tracks)
        if old is not None:  # resized: the lights stay as they were
            self.stage.carry_on_from(old)

    def _px(self, length: float) -> int:
        """`length` (pixels at 1280×720) at the screen's scale."""
        return max(1, round(length * self.scale))

    def on_events(self, events: list[object]) -> None:
        """Route the session's events to the highways, the stage and the pop-ups."""
        for e in events:
            if isinstance(e, JudgementEvent):
                for i, hw in enumerate(self.highways):
                    if i == e.player:
                        hw.on_judgement(e)
                    else:  # the partner's hit, shown landing faintly (a highway that can)
                        partner = getattr(hw, "on_partner_judgement", None)
                        if partner is not None:
                            partner(e)
            elif isinstance(e, SyncEvent):  # the only thing that pops "SYNC"
                self.sync_from, self.sync_until = e.time_s, e.time_s + SYNC_POPUP_S
            if isinstance(e, (JudgementEvent, SyncEvent, HarmonyEvent)):
                self.stage.on_event(e)

    def sync_shown(self, now_s: float) -> bool:
        """True when the "SYNC" pop-up shows at song time `now_s` (seconds)."""
        return self.duet and self.sync_from <= now_s < self.sync_until

    def cue_shown(self, now_s: float) -> bool:
        """True when the Harmony cue shows at song time `now_s`: a duet whose Goodwill is 50 or
        more, with no Harmony running."""
        if not self.duet:
            return False
        session: DuetSession = self.session  # type: ignore[assignment]
        ready = session.goodwill_at(now_s) >= HARMONY_THRESHOLD
        return ready and not session.harmony_active(now_s)

    def draw(self, surface: pygame.Surface, now_s: float) -> None:
        """Draw the whole play screen at song time `now_s`."""
        for _part in self.draw_parts(surface, now_s):
            pass

    def draw_parts(self, surface: pygame.Surface, now_s: float) -> Iterator[None]:
        """Draw the play screen at song time `now_s` a part at a time (well under a millisecond
        each), yielding between parts so that the loop can pump input while a frame is drawn."""
        if surface.get_size() != self.size:
            self.layout(surface.get_size())
        surface.fill(theme.BACKGROUND)
        self.stage.draw(surface, now_s)  # first: the meter's label may reach into its rect
        harmony = self.duet and self.session.harmony_active(now_s)  # type: ignore[attr-defined]
        cue = self.cue_shown(now_s)
        pulse = CUE_LANES if cue else frozenset()
        behind = self.behind_s
        for i, hw in enumerate(self.highways):
            yield
            at = now_s - (behind[i] if i < len(behind) else 0.0)
            hw.draw(surface, at, harmony, pulse=pulse)  # Harmony: the board glows
        yield
        notice_area = self.stage.rect
        if self.duet:
            self._draw_meter(surface, now_s)
            words = _("Both hit green together!") if cue else None
            if harmony:
                words = _("HARMONY x2")
            if words is not None:
                drawn = (draw_harmony_banner if harmony else draw_cue)(
                    surface, words, self._centre_stage(), self.scale, now_s
                )
                notice_area = self.stage.rect.clip(
                    pygame.Rect(0, drawn.bottom, self.size[0], self.size[1])
                )
        self._draw_header(surface, now_s)
        self.notice_layout = None
        if self.notice:
            self.notice_layout = draw_notice(
                surface, self.notice, notice_area, size=self._px(22), margin=self._px(16)
            )

    def _centre_stage(self) -> pygame.Rect:
        """The stage between the two drummers (pixels), where the cue and Harmony show."""
        boxes = [d.box for d in self.stage.drummers]
        left = boxes[0].right if len(boxes) == 2 else self.stage.rect.left
        right = boxes[1].left if len(boxes) == 2 else self.stage.rect.right
        r = self.stage.rect
        return pygame.Rect(left, r.top, max(1, right - left), r.height)

    def _draw_meter(self, surface: pygame.Surface, now_s: float) -> None:
        session: DuetSession = self.session  # type: ignore[assignment]
        harmony = session.harmony_active(now_s)
        draw_meter(surface, self.meter, self.meter_rect, session.goodwill_at(now_s), harmony, now_s)
        if self.sync_shown(now_s):
            px = self._px
            r = self.meter_rect
            sync = theme.text(_("SYNC"), px(40), theme.GOLD, True)
            surface.blit(sync, (r.centerx - sync.get_width() // 2, r.top - px(44)))

    def _draw_header(self, surface: pygame.Surface, now_s: float) -> None:
        w = surface.get_width()
        px = self._px
        room = w - px(32)
        if self.duet:
            team = sum(e.card.score for e in self.session.engines)  # settled
            words = _("Team {score:,}").format(score=team)
            score = theme.text(words, px(30), theme.GOLD, True)
            surface.blit(score, (w - score.get_width() - px(16), px(12)))
            room -= score.get_width() + px(24)
        title = theme.text(fit(self.chart.meta.title, px(30), room, True), px(30), theme.TEXT, True)
        surface.blit(title, (px(16), px(12)))
        section = self.chart.section_at(now_s)
        if section is not None:
            sec = theme.text(fit(section.name, px(24), room), px(24), theme.DIM)
            surface.blit(sec, (px(16), px(40)))
        length = max(self.chart.duration_s, 1e-6)
        done = min(max(now_s / length, 0.0), 1.0)
        bar = pygame.Rect(px(16), px(62), w - px(32), px(4))
        pygame.draw.rect(surface, theme.PANEL, bar)
        filled = (bar.left, bar.top, int(bar.width * done), bar.height)
        pygame.draw.rect(surface, theme.JACKET_BLUE, filled)
